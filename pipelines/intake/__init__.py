"""Denial report intake: contract and reference validation, the PHI gate, outcomes and error reports."""
