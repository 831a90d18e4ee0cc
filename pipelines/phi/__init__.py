"""PHI firewall: find HIPAA Safe Harbor identifiers in biller-typed text (pure Python, no model, no network)."""

from pipelines.phi.findings import KINDS, STRUCTURED_KINDS, Finding, mask
from pipelines.phi.screen import SYSTEM_FIELDS, screen, screen_many, screen_record

__all__ = [
    "KINDS",
    "STRUCTURED_KINDS",
    "SYSTEM_FIELDS",
    "Finding",
    "mask",
    "screen",
    "screen_many",
    "screen_record",
]
