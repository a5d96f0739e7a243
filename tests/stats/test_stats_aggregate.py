"""Aggregation re-adds numerators and denominators; it never averages percentages."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kraftsamling.stats.aggregate import Cell, CellArrays, aggregate, aggregate_arrays
from kraftsamling.stats.kinds import Kind


def test_shares_re_add_numerators_and_denominators() -> None:
    cells = [Cell("a", 50.0, 10, 20), Cell("b", 75.0, 30, 40)]
    result = aggregate(cells, {"a": "X", "b": "X"}, Kind.SHARE)["X"]
    # 40 / 60 = 66.67 %; the mean of the two percentages would be 62.5 %.
    assert result.value == pytest.approx(200 / 3)
    assert result.value != pytest.approx(62.5)
    assert (result.numerator, result.denominator) == (40.0, 60.0)
    assert result.members == ("a", "b")
    assert result.ok


def test_counts_sum() -> None:
    cells = [Cell("a", 5000), Cell("b", 150), Cell("c", 7000)]
    result = aggregate(cells, {"a": "X", "b": "X", "c": "Y"}, Kind.COUNT)
    assert result["X"].value == 5150
    assert result["Y"].value == 7000


def test_share_without_counts_cannot_be_aggregated() -> None:
    cells = [Cell("a", 50.0, 10, 20), Cell("b", 75.0)]
    result = aggregate(cells, {"a": "X", "b": "X"}, Kind.SHARE)["X"]
    assert math.isnan(result.value)
    assert result.reason == "missing_counts"
    assert "b" in result.detail


def test_a_missing_member_makes_the_aggregate_incomplete() -> None:
    # c belongs to X but has no observation: a sum of a and b alone would undercount X.
    cells = [Cell("a", 10), Cell("b", 20)]
    result = aggregate(cells, {"a": "X", "b": "X", "c": "X"}, Kind.COUNT)["X"]
    assert math.isnan(result.value)
    assert result.reason == "missing_members"
    assert "c" in result.detail


def test_medians_are_not_additive() -> None:
    result = aggregate([Cell("a", 300_000)], {"a": "X"}, Kind.OTHER)["X"]
    assert math.isnan(result.value)
    assert result.reason == "not_additive"


def test_zero_denominator_and_empty_targets() -> None:
    cells = [Cell("a", None, 0, 0), Cell("b", None, 0, 0)]
    result = aggregate(cells, {"a": "X", "b": "X"}, Kind.SHARE, targets=["Y"])
    assert result["X"].reason == "zero_denominator"
    assert result["Y"].reason == "no_members"
    assert list(result) == ["X", "Y"]


# ------------------------------------------------------------- many indicator-years at once

MAYBE = st.one_of(
    st.none(),
    st.integers(-3, 60).map(float),
    st.sampled_from([0.0, -0.0, 0.1, 2.5, 1e16, -1e16, 3.0000000000000004, float("nan")]),
)


@st.composite
def grids(draw: st.DrawFn) -> tuple[list[list[Cell | None]], list[int], int]:
    """Rows of small-area cells (None: no observation), and each small area's large area."""
    n_small, n_large = draw(st.integers(1, 7)), draw(st.integers(1, 4))
    member_of = [draw(st.integers(-1, n_large - 1)) for _ in range(n_small)]
    rows = [
        [None if draw(st.integers(0, 6)) == 0 else
         Cell(f"s{i}", draw(MAYBE), draw(MAYBE), draw(MAYBE)) for i in range(n_small)]
        for _ in range(draw(st.integers(1, 4)))
    ]  # fmt: skip
    return rows, member_of, n_large


def same(a: float | None, b: float) -> bool:
    """Equal as stored: NaN is NaN and -0.0 is not 0.0."""
    if a is None or math.isnan(a):
        return math.isnan(b)
    return a == b and math.copysign(1, a) == math.copysign(1, b)


@settings(max_examples=200, deadline=None)
@given(grids(), st.sampled_from(list(Kind)))
def test_arrays_give_the_numbers_aggregate_gives(
    grid: tuple[list[list[Cell | None]], list[int], int], kind: Kind
) -> None:
    rows, member_of, n_large = grid

    def column(name: str) -> tuple[np.ndarray, np.ndarray]:
        raw = [[getattr(c, name) if c else None for c in row] for row in rows]
        values = np.array([[math.nan if v is None else v for v in row] for row in raw])
        return values, np.array([[v is not None for v in row] for row in raw], dtype=bool)

    (value, has_value), (num, has_num), (den, has_den) = map(
        column, ("value", "numerator", "denominator")
    )
    cells = CellArrays(value, num, den, has_value, has_num, has_den)
    result = aggregate_arrays(cells, np.array(member_of, dtype=np.intp), n_large, kind)
    membership = {f"s{i}": f"L{g}" for i, g in enumerate(member_of) if g >= 0}
    for r, row in enumerate(rows):
        expected = aggregate([c for c in row if c], membership, kind,
                             targets=[f"L{g}" for g in range(n_large)])  # fmt: skip
        for g in range(n_large):
            agg = expected[f"L{g}"]
            assert bool(result.ok[r, g]) == agg.ok, (r, g, agg)
            assert same(agg.value, result.value[r, g]), (r, g, agg)
            if agg.ok and kind is Kind.SHARE:
                assert same(agg.numerator, result.numerator[r, g])
                assert same(agg.denominator, result.denominator[r, g])


@pytest.mark.parametrize(
    ("values", "total"),
    [
        ([1e16, 1.0, -1e16], 1.0),  # large: a running sum would lose the 1
        ([0.1] * 3 + [0.7], 1.0),  # fractions: 0.7 + 0.1 + 0.1 + 0.1 is 0.9999999999999999
        ([-0.0, -0.0], 0.0),  # a stored -0.0 counts as 0.0
    ],
)
def test_counts_are_added_as_fsum_adds_them(values: list[float], total: float) -> None:
    n = len(values)
    row = np.array([values])
    cells = CellArrays(row, row, row, *(np.ones((3, 1, n), bool)))
    result = aggregate_arrays(cells, np.zeros(n, dtype=np.intp), 1, Kind.COUNT)
    cells_one_by_one = [Cell(f"s{i}", v) for i, v in enumerate(values)]
    expected = aggregate(cells_one_by_one, {f"s{i}": "X" for i in range(n)}, Kind.COUNT)["X"]
    assert same(expected.value, result.value[0, 0]) and same(total, result.value[0, 0])
