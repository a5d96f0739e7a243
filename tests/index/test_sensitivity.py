"""Sobol indices and the leave-one-indicator-out table."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kraftsamling.core.errors import InvalidInput
from kraftsamling.index.sensitivity import leave_one_out, sobol_indices, spearman
from kraftsamling.index.spec import IndexSpec, parse_spec


def spec_of(indicators: list[dict[str, Any]], **extra: Any) -> IndexSpec:
    return parse_spec({"index": {"id": "t", "id_column": "id"}, "indicator": indicators, **extra})


SUM_SPEC = spec_of([{"id": "a"}, {"id": "b"}, {"id": "c"}], normalise={"method": "zscore"})


@settings(max_examples=8, deadline=None)
@given(seed=st.integers(0, 10_000), level=st.floats(-5, 5, allow_nan=False))
def test_a_weight_without_effect_has_zero_total_sobol_index(seed: int, level: float) -> None:
    # c is constant, so its z-score is 0 in every area and its weight never moves a rank
    rng = np.random.default_rng(seed)
    n = 40
    table = {
        "id": [f"r{i}" for i in range(n)],
        "a": rng.random(n),
        "b": rng.random(n),
        "c": [level] * n,
    }
    res = sobol_indices(SUM_SPEC, table, n_base=64, seed=seed, vary=["weights"], by="factor")
    assert res.factors == ("weight.a", "weight.b", "weight.c")
    assert res.total[2] == 0.0 and res.first_order[2] == 0.0
    assert res.n_runs == 64 * (3 + 2)
    assert res.total[:2].max() > 0.2  # the ranking does depend on a and b


def test_assumptions_as_wholes_are_the_factors_by_default() -> None:
    rng = np.random.default_rng(1)
    table = {"id": [f"r{i}" for i in range(30)], **{k: rng.random(30) for k in "abc"}}
    res = sobol_indices(SUM_SPEC, table, n_base=32, seed=3)
    assert res.factors == ("weights", "normalisation", "inclusion")
    assert res.n_runs == 32 * (3 + 2)
    assert res.outputs.shape == (res.n_runs,) and (res.outputs >= 0).all()
    assert set(res.table()) == {"factor", "S1", "S1_conf", "ST", "ST_conf"}


def test_top_k_output_counts_membership_changes_and_is_flat_when_nothing_changes() -> None:
    # X dominates: first whatever the weights, so the top 1 never changes
    spec = spec_of([{"id": "a"}, {"id": "b"}], normalise={"method": "none"})
    table = {"id": ["X", "Y", "Z"], "a": [5.0, 1.0, 0.0], "b": [5.0, 0.0, 1.0]}
    res = sobol_indices(
        spec, table, n_base=16, vary=["weights"], by="factor", output="top_k", top_k=1
    )
    assert (res.outputs == 0).all()
    assert res.first_order.tolist() == [0.0, 0.0] and res.total.tolist() == [0.0, 0.0]


def test_rank_output_is_the_mean_absolute_rank_shift() -> None:
    # base: Z (1.1) above Y (1.0); they swap when w_a > w_b: a shift of 1 for two of three areas
    spec = spec_of([{"id": "a"}, {"id": "b", "weight": 1.1}], normalise={"method": "none"})
    table = {"id": ["X", "Y", "Z"], "a": [5.0, 1.0, 0.0], "b": [5.0, 0.0, 1.0]}
    res = sobol_indices(spec, table, n_base=32, vary=["weights"], by="factor", output="rank")
    assert set(np.round(res.outputs, 12)) <= {0.0, round(2 / 3, 12)}
    assert (res.outputs > 0).any() and (res.outputs == 0).any()


def test_sobol_settings_are_validated() -> None:
    table = {"id": ["x", "y"], "a": [1, 2], "b": [2, 1], "c": [0, 0]}
    with pytest.raises(InvalidInput, match="power of 2"):
        sobol_indices(SUM_SPEC, table, n_base=100)
    with pytest.raises(InvalidInput, match="output must be one of"):
        sobol_indices(SUM_SPEC, table, n_base=16, output="score")
    with pytest.raises(InvalidInput, match="at least two factors"):
        sobol_indices(SUM_SPEC, table, n_base=16, vary=["weights"])


def test_leave_one_out_reports_rank_shifts_and_top_k_moves() -> None:
    spec = spec_of([{"id": "a"}, {"id": "b"}, {"id": "c"}], normalise={"method": "none"})
    # base scores: p 3, q 5, r 4, s 0 -> ranks p 3, q 1, r 2, s 4
    table = {"id": ["p", "q", "r", "s"], "a": [3, 0, 2, 0], "b": [0, 5, 1, 0], "c": [0, 0, 1, 0]}
    out = leave_one_out(spec, table, top_k=1)
    assert out["indicator"].tolist() == ["a", "b", "c"]
    # without a: scores 0, 5, 2, 0 -> ranks 3, 1, 2, 3: shifts 0, 0, 0, 1
    # without b: scores 3, 0, 3, 0 -> ranks 1, 3, 1, 3: shifts 2, 2, 1, 1; q leaves, p and r enter
    # without c: scores 3, 5, 3, 0 -> ranks 2, 1, 2, 4: shifts 1, 0, 0, 0
    assert out["mean_abs_shift"].tolist() == [0.25, 1.5, 0.25]
    assert out["max_abs_shift"].tolist() == [1.0, 2.0, 1.0]
    assert out["entering_top_k"].tolist() == [0.0, 2.0, 0.0]
    assert out["leaving_top_k"].tolist() == [0.0, 1.0, 0.0]
    # Spearman of (3,1,2,4) with (3,1,2,3): average ranks (3,1,2,4) and (3.5,1,2,3.5)
    ra, rb = np.array([3, 1, 2, 4]) - 2.5, np.array([3.5, 1, 2, 3.5]) - 2.5
    assert out["spearman"][0] == pytest.approx((ra @ rb) / np.sqrt((ra @ ra) * (rb @ rb)))


def test_leave_one_out_of_the_only_weighted_indicator_is_nan() -> None:
    spec = spec_of([{"id": "a"}, {"id": "b", "weight": 0.0}], normalise={"method": "none"})
    out = leave_one_out(spec, {"id": ["x", "y"], "a": [1, 2], "b": [2, 1]})
    assert np.isnan(out["spearman"][0]) and np.isnan(out["max_abs_shift"][0])
    assert out["max_abs_shift"][1] == 0.0


def test_spearman_by_hand() -> None:
    # d = (0, 0, 1, -1): rho = 1 - 6 * 2 / (4 * 15) = 0.8
    assert spearman(np.array([1, 2, 3, 4]), np.array([10, 20, 40, 30])) == pytest.approx(0.8)
    assert np.isnan(spearman(np.array([1, 2]), np.array([5, 5])))
