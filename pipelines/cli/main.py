"""`medpay` entry point: imports every command module in pipelines/cli/ and runs the app."""

from __future__ import annotations

import importlib
import pkgutil
import sys
import traceback

import typer

import pipelines.cli
from pipelines.cli.app import EXIT_ERROR, EXIT_OK, app, state


def _register_commands() -> None:
    for module in pkgutil.iter_modules(pipelines.cli.__path__):
        if module.name not in {"app", "main"} and not module.name.startswith("_"):
            importlib.import_module(f"pipelines.cli.{module.name}")


def main(argv: list[str] | None = None) -> int:
    _register_commands()
    state["verbose"] = "--verbose" in (argv or sys.argv) or "-v" in (argv or sys.argv)
    try:
        result = app(args=argv, standalone_mode=False)  # a typer.Exit(n) (e.g. --help) comes back as n
    except typer.TyperException as err:  # CliError and Typer's usage errors (exit 2): their own lines
        err.show()
        return err.exit_code
    except typer.Abort:
        return EXIT_ERROR
    except Exception as exc:
        if state["verbose"]:
            traceback.print_exc()
        print(f"error: {type(exc).__name__}: {exc}", file=sys.stderr)
        print("hint: rerun with --verbose for the full traceback", file=sys.stderr)
        return EXIT_ERROR
    return result if isinstance(result, int) else EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
