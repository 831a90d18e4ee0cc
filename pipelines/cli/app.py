"""The Typer app and the error convention every command follows.

Commands raise ``CliError`` (a ``typer.TyperException``, shown like Typer's own usage errors) for
expected failures: one readable line plus a hint; the traceback is shown only with ``--verbose``.
Exit codes: 0 ok, 1 unexpected error, 2 usage / bad input, 3 not found (code, release, locality,
warehouse), 4 a run or check failed.
"""

from __future__ import annotations

import sys
import traceback
from datetime import date
from typing import IO, Any

import typer

app = typer.Typer(
    name="medpay",
    help="Medicare fee schedule, NCCI edits and denial analytics: load, validate, price, publish.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_NOT_FOUND, EXIT_FAILED = 0, 1, 2, 3, 4


class CliError(typer.TyperException):
    """An expected failure: ``error: <message>`` and ``hint: <hint>`` on stderr, exit ``exit_code``."""

    def __init__(self, message: str, hint: str | None = None, exit_code: int = EXIT_USAGE):
        super().__init__(message)
        self.hint, self.exit_code = hint, exit_code

    def show(self, file: IO[Any] | None = None) -> None:
        file = file or sys.stderr
        if state["verbose"]:
            traceback.print_exception(self, file=file)
        print(f"error: {self.message}", file=file)
        if self.hint:
            print(f"hint: {self.hint}", file=file)


state = {"verbose": False}


def settings() -> dict:
    """The configuration resources of every command: the same objects the Dagster definitions bind
    (pipelines/resources.py), their fields read from the environment (MEDPAY_*)."""
    from pipelines.resources import resources

    return resources()


def date_option(value: str | None) -> date | None:
    """A --date option's value (YYYY-MM-DD), or a usage error naming it."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as err:
        raise CliError(f"--date {value!r} is not a date", "use YYYY-MM-DD, e.g. 2025-11-03") from err


@app.callback()
def _global(verbose: bool = typer.Option(False, "--verbose", "-v", help="Show full tracebacks.")) -> None:
    state["verbose"] = verbose
