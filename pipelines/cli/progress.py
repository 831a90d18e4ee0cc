"""Progress and summaries for long CLI work: rich bars on a terminal, plain log lines otherwise.

    from pipelines.cli.progress import Reporter
    with Reporter() as report:                     # Reporter(plain=True) forces log lines
        task = report.task("rvu25d.zip", total=52_000_000, unit="bytes")
        report.advance(task, completed=1_000_000)  # absolute (completed=) or relative (advance=)
        report.done(task, "ok")
        report.say("anything else")
    report.summary("What changed", ["release", "status"], [("RVU25D", "downloaded")])

Plain mode prints one line when a task starts, every ``log_every`` (25 %) of progress, and at the end,
so CI logs and pipes stay short. No command lives here (main.py imports it harmlessly).
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from typing import Any


def _human(n: float, unit: str) -> str:
    if unit != "bytes":
        return f"{n:,.0f}"
    for suffix in ("B", "KB", "MB", "GB"):
        if n < 1024 or suffix == "GB":
            return f"{n:,.1f} {suffix}" if suffix != "B" else f"{n:,.0f} B"
        n /= 1024
    return f"{n:,.1f} GB"


@dataclass
class _Plain:
    label: str
    total: float | None
    unit: str
    completed: float = 0.0
    next_mark: float = 0.25
    started: float = 0.0


def _AmountColumn():
    from rich.progress import DownloadColumn, ProgressColumn, TransferSpeedColumn
    from rich.text import Text

    class AmountColumn(ProgressColumn):
        """Bytes and speed for downloads; "done/total unit" for counted work (runs, documents)."""

        def __init__(self) -> None:
            super().__init__()
            self._bytes, self._speed = DownloadColumn(), TransferSpeedColumn()

        def render(self, task) -> Text:
            unit = task.fields.get("unit", "bytes")
            if unit == "bytes":
                return Text.assemble(self._bytes.render(task), " ", self._speed.render(task))
            total = "?" if task.total is None else f"{task.total:,.0f}"
            return Text(f"{task.completed:,.0f}/{total} {unit}")

    return AmountColumn()


class Reporter:
    """Context manager around a rich Progress (TTY) or plain stderr/stdout lines (not a TTY)."""

    def __init__(self, plain: bool | None = None, stream: Any = None, log_every: float = 0.25):
        self.stream = stream or sys.stdout
        self.plain = (not self.stream.isatty()) if plain is None else plain
        self.log_every = log_every
        self._progress = None
        self._tasks: dict[int, _Plain] = {}
        self._console = None

    def __enter__(self) -> Reporter:
        from rich.console import Console

        self._console = Console(file=self.stream, force_terminal=not self.plain, no_color=self.plain)
        if not self.plain:
            from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

            self._progress = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                _AmountColumn(),
                TimeRemainingColumn(),
                console=self._console,
                transient=False,
            )
            self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()

    def say(self, message: str) -> None:
        if self._progress is not None:
            self._progress.console.print(message)
        else:
            print(message, file=self.stream, flush=True)

    def task(self, label: str, total: float | None = None, unit: str = "bytes") -> int:
        if self._progress is not None:
            return self._progress.add_task(label, total=total, unit=unit)
        task_id = len(self._tasks) + 1
        self._tasks[task_id] = _Plain(label, total, unit, started=time.monotonic())
        size = f" ({_human(total, unit)})" if total else ""
        self.say(f"{label}: started{size}")
        return task_id

    def advance(
        self, task_id: int, *, completed: float | None = None, advance: float = 0, total: float | None = None
    ) -> None:
        if self._progress is not None:
            kwargs = {"total": total} if total is not None else {}
            if completed is not None:
                self._progress.update(task_id, completed=completed, **kwargs)
            else:
                self._progress.update(task_id, advance=advance, **kwargs)
            return
        state = self._tasks[task_id]
        state.total = total if total is not None else state.total
        state.completed = completed if completed is not None else state.completed + advance
        if state.total:
            share = state.completed / state.total
            if share >= state.next_mark and share < 1:
                self.say(f"{state.label}: {share:.0%} ({_human(state.completed, state.unit)})")
                while state.next_mark <= share:
                    state.next_mark += self.log_every

    def done(self, task_id: int, status: str = "done") -> None:
        if self._progress is not None:
            task = next((t for t in self._progress.tasks if t.id == task_id), None)
            if task is not None and task.total is None:
                self._progress.update(task_id, total=task.completed or 1, completed=task.completed or 1)
            self._progress.update(task_id, description=f"{task.description if task else ''} ({status})")
            return
        state = self._tasks[task_id]
        took = time.monotonic() - state.started
        self.say(f"{state.label}: {status} ({_human(state.completed, state.unit)} in {took:.1f} s)")

    def summary(self, title: str, columns: list[str], rows: list[tuple[Any, ...]]) -> None:
        """A short table of what changed: rich table on a TTY, aligned text otherwise."""
        print_summary(title, columns, rows, stream=self.stream, plain=self.plain)


def print_summary(
    title: str, columns: list[str], rows: list[tuple[Any, ...]], stream: Any = None, plain: bool | None = None
) -> None:
    stream = stream or sys.stdout
    plain = (not stream.isatty()) if plain is None else plain
    cells = [[("-" if v is None else str(v)) for v in row] for row in rows]
    if plain:
        widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
        print(title, file=stream)
        print("  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip(), file=stream)
        for row in cells:
            print("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip(), file=stream)
        if not cells:
            print("(nothing)", file=stream)
        stream.flush()
        return
    from rich.console import Console
    from rich.table import Table

    table = Table()
    for column in columns:
        table.add_column(column)
    for row in cells:
        table.add_row(*row)
    console = Console(file=stream)
    console.print(f"[bold]{title}[/bold]")
    console.print(table)
