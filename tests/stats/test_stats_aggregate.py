"""Aggregation re-adds numerators and denominators; it never averages percentages."""

from __future__ import annotations

import math

import pytest

from kraftsamling.stats.aggregate import Cell, aggregate
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
