"""The pure suppression rule, unit and property tests: no shown small cell, nothing recoverable."""

from __future__ import annotations

import itertools
import json
from collections import defaultdict

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipelines.marts.suppression import Cell, breakdown, protected, suppressed_keys, unpinned


def feasible(counts: list[int], upper: int | None, residual: int) -> list[tuple[int, int]]:
    """The attacker's best interval for each suppressed cell: cells are >= 1 and at most the smallest
    shown count (complements are taken smallest first), and they sum to the residual."""
    k = len(counts)
    cap = upper if upper is not None else residual
    return [(max(1, residual - (k - 1) * cap), min(cap, residual - (k - 1))) for _ in counts]


def test_one_small_cell_takes_the_next_smallest_with_it() -> None:
    assert suppressed_keys({"TX": 40, "CA": 7, "WY": 2, "NY": 9}, 58, 5) == {"WY", "CA"}


def test_two_ones_are_not_enough_protection() -> None:
    # 1 + 1 = 2 would pin both cells to exactly one report: keep suppressing
    assert suppressed_keys({"A": 1, "B": 1, "C": 6, "D": 30}, 38, 5) == {"A", "B", "C"}


def test_all_ones_withhold_the_breakdown() -> None:
    assert suppressed_keys({"A": 1, "B": 1, "C": 1, "D": 1, "E": 1}, 5, 5) is None
    assert breakdown([Cell(k, 1) for k in "ABCDE"], 5, 5) == []


def test_multi_valued_cell_whose_complement_is_small_is_suppressed() -> None:
    # 10 of 12 reports carry CO-97: "2 without CO-97" would be a small cell
    hidden = suppressed_keys({"CO-97": 10, "CO-16": 6, "CO-50": 6}, 12, 5, multi_valued=True)
    assert hidden is not None and "CO-97" in hidden and len(hidden) >= 2


def test_suppressed_cells_hide_share_and_come_last_by_key() -> None:
    cells = breakdown([Cell("b", 3), Cell("a", 20), Cell("c", 9), Cell("d", 30)], 62, 5)
    assert [c["key"] for c in cells] == ["d", "a", "b", "c"]
    assert cells[2] == {"key": "b", "count": None, "share": None, "suppressed": True}
    assert cells[0]["share"] == round(30 / 62, 4)


def test_fixed_categories_show_zero_and_keep_their_order() -> None:
    cells = breakdown([Cell("lost", 12)], 12, 5, fixed=("won", "lost"))
    assert [(c["key"], c["count"]) for c in cells] == [("won", 0), ("lost", 12)]


def test_parent_suppressed_shows_nothing() -> None:
    assert breakdown([Cell("won", 7)], None, 5) == []


@settings(max_examples=300, deadline=None)
@given(
    counts=st.lists(st.integers(min_value=1, max_value=40), min_size=1, max_size=12),
    min_cell=st.integers(min_value=2, max_value=11),
)
def test_partition_never_leaks(counts: list[int], min_cell: int) -> None:
    total = sum(counts)
    cells = breakdown([Cell(f"k{i:02d}", n) for i, n in enumerate(counts)], total, min_cell)
    if not cells:  # withheld: only when even suppressing every cell is not safe
        small = [n for n in counts if n < min_cell]
        large = [n for n in counts if n >= min_cell]
        assert not protected(counts, min_cell) or not unpinned(small, large, min_cell, None)
        return
    shown = [c["count"] for c in cells if c["count"] is not None]
    hidden = [c for c in cells if c["count"] is None]
    assert all(n >= min_cell for n in shown)
    assert len(hidden) != 1
    assert all(c["share"] is None for c in hidden)
    if hidden:
        residual = total - sum(shown)  # the "total minus the others" attack
        truth = {f"k{i:02d}": n for i, n in enumerate(counts)}
        for (low, high), cell in zip(
            feasible(hidden, min(shown, default=None), residual), hidden, strict=True
        ):
            assert low <= truth[cell["key"]] <= high
            assert high > low, "a suppressed cell is pinned to one value"
    for cell in cells:  # the shares x total attack only returns shown counts
        if cell["share"] is not None:
            assert round(cell["share"] * total) == cell["count"]


def compositions(total: int, parts: int) -> list[tuple[int, ...]]:
    """Every way to split ``total`` reports into ``parts`` non-empty cells."""
    return [
        tuple(b - a for a, b in zip((0, *cuts), (*cuts, total), strict=True))
        for cuts in itertools.combinations(range(1, total), parts - 1)
    ]


@pytest.mark.parametrize(("min_cell", "max_total", "max_keys"), [(5, 22, 4), (11, 36, 3)])
def test_an_attacker_who_knows_the_algorithm_pins_no_small_cell(
    min_cell: int, max_total: int, max_keys: int
) -> None:
    # every composition of a breakdown, grouped by the page it gives: a suppressed cell with one
    # possible value across a group is recovered (e.g. a shown 5 beside two suppressed cells of 13
    # reports: complements are the smallest cells, so both must be under 5, i.e. 4 and 4)
    for keys in range(2, max_keys + 1):
        names = [f"k{i}" for i in range(keys)]
        for total in range(min_cell, max_total + 1):
            pages: dict[str, list[tuple[int, ...]]] = defaultdict(list)
            for counts in compositions(total, keys):
                page = breakdown([Cell(k, n) for k, n in zip(names, counts, strict=True)], total, min_cell)
                pages[json.dumps(page)].append(counts)
            for page, candidates in pages.items():
                for i, cell in enumerate(json.loads(page)):
                    if cell["count"] is None:
                        values = {c[names.index(cell["key"])] for c in candidates}
                        assert len(values) > 1 or min(values) >= min_cell, (total, page, i)
