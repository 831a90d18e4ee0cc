"""Denial aggregates: publication rules, small-cell suppression, the code profile and its verifier."""
