"""Imputation by column mean/median and by the area's group mean (COINr's row-wise rule)."""

from __future__ import annotations

import numpy as np
import pytest

from kraftsamling.core.errors import InvalidInput
from kraftsamling.index.impute import impute

NAN = float("nan")


def test_mean_and_median_fill_by_column() -> None:
    raw = np.array([[1.0, 10.0], [NAN, 20.0], [3.0, NAN], [8.0, 12.0]])
    uni = np.ones(4, dtype=bool)
    filled, where = impute(raw, uni, "mean")
    # column means: (1 + 3 + 8) / 3 = 4, (10 + 20 + 12) / 3 = 14
    assert filled[:, 0].tolist() == [1.0, 4.0, 3.0, 8.0]
    assert filled[:, 1].tolist() == [10.0, 20.0, 14.0, 12.0]
    assert where.tolist() == [[False, False], [True, False], [False, True], [False, False]]
    filled, _ = impute(raw, uni, "median")
    assert filled[1, 0] == 3.0 and filled[2, 1] == 12.0  # medians of {1,3,8} and {10,20,12}


def test_values_outside_the_universe_are_not_used_nor_filled() -> None:
    raw = np.array([[1.0], [NAN], [3.0], [1000.0], [NAN]])
    uni = np.array([True, True, True, False, False])
    filled, where = impute(raw, uni, "mean")
    assert filled[1, 0] == 2.0  # mean of 1 and 3, not of 1000
    assert np.isnan(filled[4, 0]) and not where[4, 0]


def test_an_all_missing_column_stays_missing() -> None:
    raw = np.array([[NAN, 1.0], [NAN, 2.0]])
    filled, where = impute(raw, np.ones(2, dtype=bool), "mean")
    assert np.isnan(filled[:, 0]).all() and not where[:, 0].any()


def test_group_mean_scales_to_min_max_then_back() -> None:
    # group {a, b, c}; area 3 lacks b.
    # a: 0, 10, 5 -> scaled (5 - 0) / 10 = 0.5
    # c (higher_is_better): aligned -1, -3, -1.5 -> scaled (-1.5 + 3) / 2 = 0.75
    # mean 0.625 -> b's range 0..100 -> 62.5
    raw = np.array([[0.0, 0.0, 1.0], [10.0, 100.0, 3.0], [5.0, NAN, 1.5]])
    signs = np.array([1.0, 1.0, -1.0])
    filled, where = impute(
        raw, np.ones(3, dtype=bool), "group_mean", groups=[[0, 1, 2]], signs=signs
    )
    assert filled[2, 1] == pytest.approx(62.5)
    assert where[2, 1] and where.sum() == 1
    # with c as higher_is_worse: scaled (1.5 - 1) / 2 = 0.25 -> mean 0.375 -> 37.5
    filled, _ = impute(raw, np.ones(3, dtype=bool), "group_mean", groups=[[0, 1, 2]])
    assert filled[2, 1] == pytest.approx(37.5)


def test_group_mean_fills_a_higher_is_better_member_in_its_own_direction() -> None:
    # b is higher_is_better with range 0..100; the others say area 3 sits at 0.25 of "worse"
    # -> aligned b = -100 + 0.25 * 100 = -75 -> raw b = 75
    raw = np.array([[0.0, 0.0], [10.0, 100.0], [2.5, NAN]])
    signs = np.array([1.0, -1.0])
    filled, _ = impute(raw, np.ones(3, dtype=bool), "group_mean", groups=[[0, 1]], signs=signs)
    assert filled[2, 1] == pytest.approx(75.0)


def test_group_mean_without_scaling_averages_raw_values() -> None:
    raw = np.array([[0.0, 0.0, 1.0], [10.0, 100.0, 3.0], [5.0, NAN, 1.5]])
    filled, _ = impute(
        raw, np.ones(3, dtype=bool), "group_mean", groups=[[0, 1, 2]], normalise_first=False
    )
    assert filled[2, 1] == pytest.approx((5.0 + 1.5) / 2)


def test_group_mean_only_uses_the_same_group_and_may_leave_gaps() -> None:
    raw = np.array([[1.0, NAN, 7.0], [2.0, 4.0, 9.0], [3.0, 6.0, NAN]])
    filled, where = impute(raw, np.ones(3, dtype=bool), "group_mean", groups=[[0, 1], [2]])
    # b in area 1: a scaled (1 - 1) / 2 = 0 -> b = 4 + 0 * 2 = 4
    assert filled[0, 1] == pytest.approx(4.0)
    assert np.isnan(filled[2, 2]) and not where[2, 2]  # c is alone in its group


def test_none_and_unknown_method() -> None:
    raw = np.array([[NAN]])
    filled, where = impute(raw, np.ones(1, dtype=bool), "none")
    assert np.isnan(filled[0, 0]) and not where.any()
    with pytest.raises(InvalidInput, match="impute method must be one of"):
        impute(raw, np.ones(1, dtype=bool), "knn")
