"""The Finding type, the identifier kinds, overlap resolution and masking."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

KINDS: tuple[str, ...] = (
    "NAME", "ADDRESS", "PLACE", "ZIP", "DATE", "AGE", "PHONE", "FAX", "EMAIL", "SSN", "MBI", "MRN",
    "MEMBER_ID", "ACCOUNT", "CLAIM_NUMBER", "LICENSE", "VEHICLE", "DEVICE", "URL", "IP", "BIOMETRIC", "PHOTO",
)  # fmt: skip

# Structured identifiers: the floor for these is 100 % recall.
STRUCTURED_KINDS = frozenset(
    {
        "SSN",
        "MBI",
        "PHONE",
        "FAX",
        "EMAIL",
        "DATE",
        "ZIP",
        "IP",
        "URL",
        "MRN",
        "MEMBER_ID",
        "ACCOUNT",
        "CLAIM_NUMBER",
    }
)

# A span claimed by ALLOW (an NPI, a tax ID, a payer's name ...) hides every other candidate overlapping it.
ALLOW = "ALLOW"


@dataclass(frozen=True)
class Finding:
    """One identifier found in a text: its kind, its character span and the rule that fired (never the text)."""

    kind: str
    start: int
    end: int
    rule: str


@dataclass(frozen=True)
class Candidate:
    """A recognizer's proposal; the higher ``priority`` wins when two candidates overlap."""

    kind: str
    start: int
    end: int
    rule: str
    priority: int


def resolve(candidates: list[Candidate]) -> list[Finding]:
    """Keep non-overlapping candidates, best first (priority, then length, then position); drop ALLOW spans."""
    if not candidates:
        return []
    ordered = sorted(candidates, key=lambda c: (-c.priority, c.start - c.end, c.start))
    starts: list[int] = []
    kept: list[Candidate] = []
    for cand in ordered:
        i = bisect_left(starts, cand.start)
        if i > 0 and kept[i - 1].end > cand.start:
            continue
        if i < len(kept) and kept[i].start < cand.end:
            continue
        starts.insert(i, cand.start)
        kept.insert(i, cand)
    return [Finding(c.kind, c.start, c.end, c.rule) for c in kept if c.kind != ALLOW]


def mask(text: str, findings: list[Finding]) -> str:
    """Replace each finding's span with ``[KIND]``; findings must not overlap (``screen`` guarantees it)."""
    parts: list[str] = []
    pos = 0
    for f in sorted(findings, key=lambda f: f.start):
        if f.start < pos:
            raise ValueError(f"overlapping findings at {f.start}")
        parts.append(text[pos : f.start])
        parts.append(f"[{f.kind}]")
        pos = f.end
    parts.append(text[pos:])
    return "".join(parts)
