"""Billing guidance: the rule library (data) applied to each code's CMS facts and published crowd cells."""
