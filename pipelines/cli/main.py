"""`medpay` entry point: imports every command module in pipelines/cli/ and runs the app."""

from __future__ import annotations

import importlib
import pkgutil
import sys
import traceback

import pipelines.cli
from pipelines.cli.app import EXIT_ERROR, CliError, app, state


def _register_commands() -> None:
    for module in pkgutil.iter_modules(pipelines.cli.__path__):
        if module.name not in {"app", "main"} and not module.name.startswith("_"):
            importlib.import_module(f"pipelines.cli.{module.name}")


def _click_kind(exc: Exception) -> str | None:
    """'Exit', 'ClickException' or 'Abort' for click's exceptions. Typer >= 0.2x vendors click as
    ``typer._click``, whose classes are not ``click``'s, so match on the class names and modules."""
    for cls in type(exc).__mro__:
        if cls.__module__ in ("click.exceptions", "typer._click.exceptions") and cls.__name__ in (
            "Exit",
            "ClickException",
            "Abort",
        ):
            return cls.__name__
    return None


def main(argv: list[str] | None = None) -> int:
    _register_commands()
    state["verbose"] = "--verbose" in (argv or sys.argv) or "-v" in (argv or sys.argv)
    try:
        app(args=argv, standalone_mode=False)
    except CliError as err:
        if state["verbose"]:
            traceback.print_exc()
        print(f"error: {err.message}", file=sys.stderr)
        if err.hint:
            print(f"hint: {err.hint}", file=sys.stderr)
        return err.exit_code
    except SystemExit as exc:
        return int(exc.code or 0)
    except Exception as exc:
        kind = _click_kind(exc)
        if kind == "Exit":
            return exc.exit_code
        if kind == "ClickException":  # usage errors: click's own one-line message, exit code 2
            exc.show()
            return exc.exit_code
        if kind == "Abort":
            return EXIT_ERROR
        if state["verbose"]:
            traceback.print_exc()
        print(f"error: {type(exc).__name__}: {exc}", file=sys.stderr)
        print("hint: rerun with --verbose for the full traceback", file=sys.stderr)
        return EXIT_ERROR
    return 0


if __name__ == "__main__":
    sys.exit(main())
