"""Outlier treatment: quantile winsorisation and COINr's skew/kurtosis rule."""

from __future__ import annotations

import math

import numpy as np
import pytest

from kraftsamling.index.outliers import (
    coinr_treat,
    fails,
    kurtosis,
    skew,
    winsorise_quantiles,
)

NAN = float("nan")


def test_skew_and_kurtosis_by_hand() -> None:
    # x = 1, 2, 3, 10: mean 4, deviations -3 -2 -1 6
    # m2 = 50, m3 = 180, m4 = 1394, n = 4
    # g1 = sqrt(4) * 180 / 50^1.5 = 1.018234; skew = g1 * sqrt(4 * 3) / 2 = 1.763633
    # r = 4 * 1394 / 50^2 = 2.2304; kurt = ((5)(r - 3) + 6) * 3 / (2 * 1) = 3.228
    x = np.array([1.0, 2.0, 3.0, 10.0])
    assert skew(x) == pytest.approx(1.763633, abs=1e-6)
    assert kurtosis(x) == pytest.approx(3.228)
    assert math.isnan(skew(np.array([1.0, 2.0])))
    assert math.isnan(kurtosis(np.array([1.0, 1.0, 1.0, 1.0])))


def test_fail_rule_needs_both_skew_and_kurtosis() -> None:
    x = np.array([1.0, 2.0, 3.0, 10.0])  # skew 1.76, kurtosis 3.23
    assert not fails(x, 2.0, 3.5)
    assert fails(x, 1.5, 3.0)
    assert not fails(x, 1.5, 3.5)  # skew fails, kurtosis passes


def test_quantile_winsorisation_by_hand() -> None:
    x = np.array([1.0, 2.0, 3.0, 4.0, 100.0])
    # linear quantiles of 5 values: q0.25 at position 1 -> 2, q0.75 at position 3 -> 4
    y, t = winsorise_quantiles(x, np.ones(5, dtype=bool), 0.25, 0.75)
    assert y.tolist() == [2.0, 2.0, 3.0, 4.0, 4.0]
    assert (t.action, t.n_low, t.n_high, t.low_bound, t.high_bound) == ("winsorised", 1, 1, 2, 4)


def test_quantile_winsorisation_ignores_and_keeps_values_outside_the_universe() -> None:
    x = np.array([1.0, 2.0, 3.0, 4.0, 100.0, 1000.0, NAN])
    mask = np.array([True, True, True, True, True, False, True])
    y, t = winsorise_quantiles(x, mask, 0.0, 0.75)
    assert y[:5].tolist() == [1.0, 2.0, 3.0, 4.0, 4.0]
    assert y[5] == 1000.0 and math.isnan(y[6])
    assert t.low_bound is None and t.n_low == 0


def test_coinr_leaves_a_passing_indicator_alone() -> None:
    x = np.arange(1.0, 13.0)
    y, t = coinr_treat(x, np.ones(12, dtype=bool))
    assert t.action == "none" and y.tolist() == x.tolist()


def test_coinr_winsorises_the_high_point_toward_the_next_value() -> None:
    # COINr's own vignette example: 1..10 plus 30 and 100 fails (skew 3.06, kurtosis 9.74);
    # the maximum 100 is reassigned the next value 30, after which it passes (1.71, 1.82)
    x = np.array([1.0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 30, 100])
    y, t = coinr_treat(x, np.ones(12, dtype=bool))
    assert y.tolist() == [1.0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 30, 30]
    assert (t.action, t.n_high, t.n_low, t.high_bound) == ("winsorised", 1, 0, 30.0)
    assert t.skew_before == pytest.approx(3.06324, abs=1e-5)
    assert t.skew_after is not None and abs(t.skew_after) < 2


def test_coinr_winsorises_the_low_side_for_negative_skew() -> None:
    x = -np.array([1.0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 30, 100])
    y, t = coinr_treat(x, np.ones(12, dtype=bool))
    assert y[-1] == -30.0 and (t.n_low, t.n_high) == (1, 0)


def test_coinr_counts_tied_extremes_together() -> None:
    # 2^0 .. 2^19: the top point moves to 2^18, then both tied points move to 2^17
    x = 2.0 ** np.arange(20)
    y, t = coinr_treat(x, np.ones(20, dtype=bool))
    assert t.action == "winsorised" and t.n_high == 2
    assert y[-2:].tolist() == [2.0**17, 2.0**17]


def test_coinr_falls_back_to_the_log_transform() -> None:
    # ten large values: five winsorised points cannot fix the skew, so the original values
    # are log-transformed: log(x - min + a), a = 0.01 * (max - min) = 0.01 * 1899 = 18.99
    x = np.concatenate([np.arange(1.0, 201.0), 1000.0 + 100 * np.arange(10.0)])
    y, t = coinr_treat(x, np.ones(x.size, dtype=bool))
    assert t.action == "log"
    assert y[0] == pytest.approx(math.log(18.99))
    assert y[-1] == pytest.approx(math.log(1899 + 18.99))


def test_coinr_log_for_negative_skew_keeps_the_order() -> None:
    x = -np.concatenate([np.arange(1.0, 201.0), 1000.0 + 100 * np.arange(10.0)])
    y, t = coinr_treat(x, np.ones(x.size, dtype=bool))
    # -log(max + a - x) with max = -1, a = 18.99
    assert t.action == "log"
    assert y[0] == pytest.approx(-math.log(18.99))
    assert np.all(np.diff(y[:200]) < 0)  # still decreasing like x


def test_coinr_with_no_winsorising_allowed_logs_at_once() -> None:
    x = np.array([1.0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 30, 100])
    y, t = coinr_treat(x, np.ones(12, dtype=bool), max_winsorised=0)
    assert t.action == "log"
    assert y[0] == pytest.approx(math.log(0.99))  # 1 - 1 + 0.01 * 99
    assert t.to_dict()["action"] == "log"
