"""The `medpay` command line: one module per command, discovered by main.py."""
