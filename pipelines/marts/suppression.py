"""Small-cell suppression of one breakdown (pure): which cells a published code may show.

Rule (docs/adr/*-small-cell-suppression.md): a cell under ``min_cell`` is suppressed (primary);
then the next-smallest cells are suppressed too (complementary) until the suppressed cells are at
least two, hold at least ``min_cell`` reports together, and are not all ones. Because every listed
cell holds at least one report, that leaves each suppressed cell at least two possible values
however the total, the other counts and the shares are combined. Where even suppressing every cell
cannot reach that, the breakdown is withheld (listed empty). In a partition the attacker may also
know this algorithm: suppression goes on until no suppressed cell is pinned even when the attacker
knows which ones are primary (``unpinned``). For a multi-valued breakdown (reasons,
modifiers: one report can count in several cells) a cell is also primary when the reports WITHOUT
it are 1..min_cell-1, since that number is the total minus the cell.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import Any, NamedTuple

NO_EXTRA: Mapping[str, Any] = MappingProxyType({})


class Cell(NamedTuple):
    """One cell of a breakdown (a tuple: hundreds of thousands are built on a full rebuild)."""

    key: str
    count: int
    label: str | None = None
    extra: Mapping[str, Any] = NO_EXTRA


def protected(suppressed: Iterable[int], min_cell: int) -> bool:
    """True when no suppressed count can be pinned down by arithmetic on what is shown."""
    counts = list(suppressed)
    if not counts:
        return True
    total = sum(counts)
    return len(counts) >= 2 and total >= min_cell and total > len(counts)


def unpinned(primary: Iterable[int], complementary: Iterable[int], min_cell: int, cap: int | None) -> bool:
    """True when no suppressed cell of a partition is pinned to one value by an attacker who knows
    this algorithm and even which suppressed cells are primary: a primary cell is 1..min_cell-1, a
    complementary one min_cell..``cap`` (the smallest shown count: complements are taken smallest
    first; None when nothing is shown), and together they sum to the total minus the shown cells.
    Without this, two primaries of 4 beside a shown 5 (min_cell 5) are both pinned to 4: a
    complement would have been a cell of at most 5, so both must be under 5 and sum to 8."""
    cells = list(primary), list(complementary)
    residual = sum(cells[0]) + sum(cells[1])
    upper = residual if cap is None else cap
    boxes = [(1, min_cell - 1)] * len(cells[0]) + [(min_cell, upper)] * len(cells[1])
    low_sum, high_sum = sum(b[0] for b in boxes), sum(b[1] for b in boxes)
    for low, high in boxes:
        # the exact range of one cell given its box, the others' boxes and the residual
        if min(high, residual - (low_sum - low)) <= max(low, residual - (high_sum - high)):
            return False
    return True


def suppressed_keys(
    counts: Mapping[str, int], total: int, min_cell: int, multi_valued: bool = False
) -> set[str] | None:
    """Keys to suppress; None when the breakdown must be withheld as a whole. Zero cells are shown."""
    live = {k: n for k, n in counts.items() if n > 0}
    primary = {k for k, n in live.items() if n < min_cell or (multi_valued and 0 < total - n < min_cell)}
    if not primary:
        return set()
    chosen = set(primary)
    # complementary cells: smallest first, ties by key, so the choice is deterministic
    rest = sorted((n, k) for k, n in live.items() if k not in chosen)

    def safe() -> bool:
        if not protected((live[k] for k in chosen), min_cell):
            return False
        if multi_valued:  # no sum ties these cells together
            return True
        cap = rest[0][0] if rest else None
        return unpinned((live[k] for k in primary), (live[k] for k in chosen - primary), min_cell, cap)

    while not safe():
        if not rest:
            return None
        _, key = rest.pop(0)
        chosen.add(key)
    return chosen


def breakdown(
    cells: Sequence[Cell],
    total: int | None,
    min_cell: int,
    *,
    multi_valued: bool = False,
    fixed: Sequence[str] = (),
    order: str = "count",
) -> list[dict[str, Any]]:
    """code_page.v2 ``count_cell`` list of one breakdown, suppressed.

    ``total`` is what shares are taken of (None: the parent is suppressed, nothing is shown).
    ``fixed`` keys are always listed, in that order (zero when absent). Otherwise shown cells come
    by count (``order="count"``) or by key (``order="key"``); suppressed cells always by key, so
    their order says nothing about their size.
    """
    if total is None:
        return []
    by_key = {c.key: c for c in cells}
    for key in fixed:
        if key not in by_key:
            by_key[key] = Cell(key, 0)
    hidden = suppressed_keys({k: c.count for k, c in by_key.items()}, total, min_cell, multi_valued)
    if hidden is None and fixed and total > len(by_key):
        # fixed keys are known to everyone: an empty list would say "unprotectable", which for
        # three appeal states and 12 reports means 4 + 4 + 4; every cell suppressed says less
        hidden = set(by_key)
    if hidden is None:
        return []

    def render(cell: Cell) -> dict[str, Any]:
        out: dict[str, Any] = {"key": cell.key}
        if cell.label:
            out["label"] = cell.label
        if cell.extra:
            out.update(cell.extra)
        if cell.key in hidden:
            out["count"] = out["share"] = None
            out["suppressed"] = True
        else:
            out["count"] = cell.count
            out["share"] = round(cell.count / total, 4) if total > 0 else 0.0
            out["suppressed"] = False
        return out

    if fixed:
        ordered = [by_key[k] for k in fixed] + sorted(
            (c for k, c in by_key.items() if k not in fixed), key=lambda c: c.key
        )
        return [render(c) for c in ordered]
    if order == "key":
        return [render(by_key[k]) for k in sorted(by_key)]
    shown = sorted((c for c in by_key.values() if c.key not in hidden), key=lambda c: (-c.count, c.key))
    return [render(c) for c in shown] + [render(by_key[k]) for k in sorted(hidden)]
