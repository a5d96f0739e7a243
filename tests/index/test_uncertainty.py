"""Monte Carlo uncertainty: the rank kernel, the draws, and the estimator."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import rankdata

from kraftsamling.core.errors import InvalidInput
from kraftsamling.index.mc_evaluator import RankEvaluator
from kraftsamling.index.pipeline import read_inputs
from kraftsamling.index.spec import IndexSpec, parse_spec
from kraftsamling.index.uncertainty import (
    MonteCarlo,
    build_assumptions,
    count_at_most,
    rank_rows,
    row_quantiles,
)


def spec_of(indicators: list[dict[str, Any]], **extra: Any) -> IndexSpec:
    return parse_spec({"index": {"id": "t", "id_column": "id"}, "indicator": indicators, **extra})


# Three areas: X is worst on a, Y on b, Z on neither. With raw values summed,
# score(X) = w_a, score(Y) = w_b, score(Z) = 0.
XYZ = {"id": ["X", "Y", "Z"], "a": [1.0, 0.0, 0.0], "b": [0.0, 1.0, 0.0]}
XYZ_SPEC = spec_of([{"id": "a"}, {"id": "b"}], normalise={"method": "none"})


# --------------------------------------------------------------------------- kernel


def test_rank_rows_gives_rank_one_to_the_highest_and_min_rank_to_ties() -> None:
    scores = np.array([[0.5, 2.0, 0.5, 1.0], [3.0, 3.0, 3.0, -1.0]])
    assert rank_rows(scores).tolist() == [[3, 1, 3, 2], [1, 1, 1, 4]]


def test_rank_rows_leaves_missing_entries_unranked_without_moving_the_others() -> None:
    scores = np.array([[3.0, 1.0, 99.0, 2.0]])
    missing = np.array([[False, False, True, False]])
    assert rank_rows(scores, missing=missing).tolist() == [[1, 3, 0, 2]]


def test_rank_rows_separates_scores_closer_than_the_quantisation_step() -> None:
    # 1e-12 apart: the same quantised key, so the exact values must decide
    scores = np.array([[0.0, 1.0, 0.5, 0.5 + 1e-12, 0.5 - 1e-12]])
    assert rank_rows(scores).tolist() == [[5, 1, 3, 2, 4]]


@settings(max_examples=60, deadline=None)
@given(
    st.integers(1, 4).flatmap(
        lambda rows: st.integers(1, 25).flatmap(
            lambda cols: st.lists(
                st.lists(
                    st.sampled_from([-2.0, -0.5, 0.0, 0.5, 1e-13, 3.0, 1e300]),
                    min_size=cols,
                    max_size=cols,
                ),
                min_size=rows,
                max_size=rows,
            )
        )
    )
)
def test_rank_rows_matches_scipy_min_ranks_of_the_negated_scores(rows: list[list[float]]) -> None:
    scores = np.array(rows)
    expected = rankdata(-scores, method="min", axis=1)
    assert rank_rows(scores.copy()).tolist() == expected.tolist()


def test_rank_rows_uses_wide_keys_for_many_areas() -> None:
    rng = np.random.default_rng(3)
    scores = np.round(rng.standard_normal((2, 20_000)), 3)  # many exact ties
    assert np.array_equal(rank_rows(scores.copy()), rankdata(-scores, method="min", axis=1))


def test_row_quantiles_interpolate_linearly_over_the_ranked_draws() -> None:
    # row 0: draws ranked 1, 2, 4 (one unranked 0): median 2, p05 = 1 + 0.1 * 1 = 1.1
    rows = np.array([[0, 1, 2, 4], [5, 5, 6, 9]])
    valid = np.array([3, 4])
    assert row_quantiles(rows, valid, 0.5).tolist() == [2.0, 5.5]
    assert np.allclose(row_quantiles(rows, valid, 0.05), [1.1, 5.0])
    assert np.allclose(row_quantiles(rows, valid, 0.95), [3.8, 8.55])
    assert np.isnan(row_quantiles(np.array([[0, 0]]), np.array([0]), 0.5)[0])


def test_count_at_most_counts_per_sorted_row() -> None:
    rows = np.array([[0, 0, 1, 3, 3], [2, 2, 2, 2, 2], [1, 4, 5, 6, 7]])
    assert count_at_most(rows, 0).tolist() == [2, 0, 0]
    assert count_at_most(rows, 3).tolist() == [5, 5, 1]


# --------------------------------------------------------------------------- assumptions


def test_only_steps_that_exist_in_the_base_pipeline_vary_by_default() -> None:
    assert build_assumptions(XYZ_SPEC).steps == ("weights", "inclusion")
    full = spec_of(
        [{"id": "a"}, {"id": "b"}], impute={"method": "mean"}, outliers={"method": "winsorise"}
    )
    assert build_assumptions(full).steps == (
        "weights",
        "normalisation",
        "imputation",
        "outliers",
        "inclusion",
    )


@pytest.mark.parametrize(
    ("step", "reason"),
    [
        ("normalisation", "no indicator is normalised"),
        ("imputation", "does not impute"),
        ("outliers", "outliers"),
    ],
)
def test_varying_a_step_the_spec_lacks_is_refused(step: str, reason: str) -> None:
    with pytest.raises(InvalidInput, match=reason):
        MonteCarlo(XYZ_SPEC, n_draws=10, vary=[step]).fit(XYZ)


def test_alternatives_equal_to_the_spec_method_are_dropped() -> None:
    spec = spec_of([{"id": "a"}, {"id": "b"}], normalise={"method": "zscore"})
    a = build_assumptions(spec, ["normalisation"], normalisations=["zscore", "minmax"])
    assert a.normalisations == (None, "minmax")
    assert a.labels["normalisation"] == ("zscore", "minmax")


def test_bad_settings_are_refused_with_the_value() -> None:
    with pytest.raises(InvalidInput, match=r"weight_spread must be in \[0, 1\).*1.5"):
        build_assumptions(XYZ_SPEC, weight_spread=1.5)
    with pytest.raises(InvalidInput, match="unknown step 'colour'"):
        build_assumptions(XYZ_SPEC, ["colour"])
    with pytest.raises(InvalidInput, match="n_draws must be a positive integer"):
        MonteCarlo(XYZ_SPEC, n_draws=0).fit(XYZ)


# --------------------------------------------------------------------------- estimator


def test_weight_noise_on_two_symmetric_areas_splits_the_top_place_evenly() -> None:
    # P(w_a > w_b) = 1/2 for independent U(0.75, 1.25) factors; Z always scores 0
    mc = MonteCarlo(XYZ_SPEC, n_draws=4000, seed=1, top_k=1, vary=["weights"]).fit(XYZ)
    assert abs(mc.p_top_k_[0] - 0.5) < 0.04 and abs(mc.p_top_k_[1] - 0.5) < 0.04
    assert mc.p_top_k_[2] == 0.0
    assert mc.rank_p05_.tolist() == [1.0, 1.0, 3.0]
    assert mc.rank_p95_.tolist() == [2.0, 2.0, 3.0]
    assert mc.rank_median_[2] == 3.0
    assert mc.draws_["weight.a"].min() >= 0.75 and mc.draws_["weight.a"].max() <= 1.25


def test_a_left_out_indicator_no_longer_counts() -> None:
    mc = MonteCarlo(
        XYZ_SPEC,
        n_draws=400,
        seed=2,
        vary=["inclusion"],
        leave_out_probability=0.4,
        keep_ranks=True,
    ).fit(XYZ)
    inc_a, inc_b = mc.draws_["included.a"], mc.draws_["included.b"]
    assert (inc_a | inc_b).all()  # never both out
    assert 0 < (~inc_a).sum() < 400
    assert mc.ranks_ is not None
    # without a: X scores 0 like Z, Y is first
    assert (mc.ranks_[:, ~inc_a] == np.array([[2], [1], [2]])).all()
    assert (mc.ranks_[:, inc_a & inc_b] == np.array([[1], [1], [3]])).all()
    assert (mc.draws_["weight.a"][~inc_a] == 0).all()


def test_the_same_seed_gives_the_same_draws_and_another_seed_other_draws() -> None:
    one = MonteCarlo(XYZ_SPEC, n_draws=50, seed=9).fit(XYZ)
    two = MonteCarlo(XYZ_SPEC, n_draws=50, seed=9).fit(XYZ)
    three = MonteCarlo(XYZ_SPEC, n_draws=50, seed=10).fit(XYZ)
    assert np.array_equal(one.draws_["weight.a"], two.draws_["weight.a"])
    assert not np.array_equal(one.draws_["weight.a"], three.draws_["weight.a"])


def test_normalisation_and_outlier_choices_are_drawn_and_recorded() -> None:
    spec = spec_of(
        [{"id": "a"}, {"id": "b"}], normalise={"method": "zscore"}, outliers={"method": "winsorise"}
    )
    rng = np.random.default_rng(0)
    table = {"id": [f"r{i}" for i in range(30)], "a": rng.random(30), "b": rng.random(30)}
    mc = MonteCarlo(spec, n_draws=300, vary=["normalisation", "outliers"]).fit(table)
    assert set(mc.draws_["normalisation"]) == {"zscore", "minmax", "percentile_rank"}
    assert set(mc.draws_["outliers"]) == {"winsorise", "none"}
    assert mc.steps_ == ("normalisation", "outliers")


def _mixed_spec() -> IndexSpec:
    return parse_spec(
        {
            "index": {"id": "mix", "id_column": "id", "direction": "higher_is_worse"},
            "universe": {"population_column": "pop", "min_population": 10},
            "impute": {"method": "mean"},
            "outliers": {"method": "winsorise", "upper_quantile": 0.95},
            "normalise": {"method": "zscore"},
            "indicator": [
                {"id": "a", "group": "g1", "weight": 2.0},
                {"id": "b", "group": "g1", "direction": "higher_is_better"},
                {"id": "c", "group": "g2"},
                {"id": "d", "group": "inner", "weight": 0.5},
                {"id": "e", "group": "inner"},
                {"id": "f"},
            ],
            "group": [
                {"id": "g1", "aggregation": "arithmetic", "weight": 1.5},
                {"id": "g2", "aggregation": "sum"},
                {"id": "inner", "parent": "g2", "aggregation": "arithmetic"},
            ],
            "aggregate": {"aggregation": "arithmetic"},
        }
    )


def _mixed_table(n: int = 60, seed: int = 4) -> dict[str, Any]:
    rng = np.random.default_rng(seed)
    table: dict[str, Any] = {"id": [f"r{i}" for i in range(n)], "pop": rng.integers(0, 100, n)}
    for col in "abcdef":
        values = rng.lognormal(0.0, 0.8, n)
        values[rng.random(n) < 0.05] = np.nan
        values[10:20] = values[:10]  # identical areas must tie in every draw
        table[col] = values
    return table


def test_the_vectorised_path_gives_exactly_the_engines_ranks() -> None:
    spec, table = _mixed_spec(), _mixed_table()
    kwargs: dict[str, Any] = {
        "n_draws": 150,
        "seed": 5,
        "keep_ranks": True,
        "leave_out_probability": 0.3,
    }
    fast = MonteCarlo(spec, **kwargs).fit(table)
    slow = MonteCarlo(spec, vectorise=False, **kwargs).fit(table)
    assert fast.linear_ and not slow.linear_
    assert fast.ranks_ is not None and slow.ranks_ is not None
    assert np.array_equal(fast.ranks_, slow.ranks_)
    assert np.array_equal(fast.rank_median_, slow.rank_median_, equal_nan=True)
    outside = np.asarray(table["pop"]) < 10
    assert np.isnan(fast.rank_median_[outside]).all() and (fast.ranks_[outside] == 0).all()
    twins = ~outside[:10] & ~outside[10:20]
    assert np.array_equal(fast.ranks_[:10][twins], fast.ranks_[10:20][twins])


def test_gaps_leave_areas_unranked_only_in_draws_that_use_the_indicator() -> None:
    spec = parse_spec(
        {
            "index": {"id": "gap", "id_column": "id"},
            "normalise": {"method": "none"},
            "indicator": [{"id": "a"}, {"id": "b"}, {"id": "c"}],
        }
    )
    table = {
        "id": ["p", "q", "r", "s"],
        "a": [1, 2, 3, 4],
        "b": [4, np.nan, 2, 1],
        "c": [0, 0, 1, 0],
    }
    kwargs: dict[str, Any] = {
        "n_draws": 200,
        "seed": 1,
        "keep_ranks": True,
        "leave_out_probability": 0.5,
    }
    fast = MonteCarlo(spec, **kwargs).fit(table)
    slow = MonteCarlo(spec, vectorise=False, **kwargs).fit(table)
    assert fast.ranks_ is not None and slow.ranks_ is not None
    assert np.array_equal(fast.ranks_, slow.ranks_)
    uses_b = fast.draws_["included.b"]
    assert (fast.ranks_[1, uses_b] == 0).all() and (fast.ranks_[1, ~uses_b] > 0).all()
    # q is ranked only in draws without b: its share in the top 2 counts those draws only
    ranked = (~uses_b).sum()
    assert fast.p_top_k_[1] == pytest.approx(
        (fast.ranks_[1, ~uses_b] <= fast.top_k_).sum() / ranked
    )


def test_a_higher_is_better_index_ranks_its_lowest_score_first_in_every_draw() -> None:
    spec = spec_of(
        [
            {"id": "a", "direction": "higher_is_better"},
            {"id": "b", "direction": "higher_is_better"},
        ],
        index={"id": "hib", "id_column": "id", "direction": "higher_is_better"},
        normalise={"method": "none"},
    )
    mc = MonteCarlo(spec, n_draws=200, seed=0, vary=["weights"], keep_ranks=True).fit(XYZ)
    assert mc.base_rank_.tolist() == [2.0, 2.0, 1.0]
    assert mc.ranks_ is not None and (mc.ranks_[2] == 1).all()
    slow = MonteCarlo(
        spec, n_draws=200, seed=0, vary=["weights"], keep_ranks=True, vectorise=False
    ).fit(XYZ)
    assert np.array_equal(mc.ranks_, slow.ranks_)


def test_progress_is_reported_up_to_the_number_of_draws() -> None:
    seen: list[int] = []
    MonteCarlo(XYZ_SPEC, n_draws=300).fit(XYZ, progress=seen.append)
    assert seen == sorted(seen) and seen[-1] == 300


def test_uncertainty_columns_are_per_input_row() -> None:
    mc = MonteCarlo(XYZ_SPEC, n_draws=20).fit(XYZ)
    cols = mc.uncertainty_columns()
    assert list(cols) == ["rank_median", "rank_p05", "rank_p95", "p_top_k"]
    assert all(v.shape == (3,) for v in cols.values())
    assert mc.top_k_ == 1  # ceil(3 / 10)


# --------------------------------------------------------------------------- zero variation


@st.composite
def tables(draw: st.DrawFn) -> dict[str, Any]:
    n = draw(st.integers(2, 25))
    values = st.lists(st.sampled_from([0.0, 1.0, 2.0, 2.5, 7.0, -3.0]), min_size=n, max_size=n)
    return {
        "id": [f"r{i}" for i in range(n)],
        "a": draw(values),
        "b": draw(values),
        "c": draw(values),
    }


ZERO_SPECS = {
    "linear": spec_of(
        [
            {"id": "a", "group": "g"},
            {"id": "b", "group": "g", "weight": 3.0},
            {"id": "c", "weight": 0.5},
        ],
        group=[{"id": "g", "aggregation": "arithmetic"}],
        normalise={"method": "zscore"},
    ),
    "geometric": spec_of(
        [{"id": "a"}, {"id": "b", "weight": 2.0}, {"id": "c"}],
        normalise={"method": "percentile_rank", "formula": "r/N"},
        aggregate={"aggregation": "geometric"},
    ),
}


@pytest.mark.parametrize("kind", sorted(ZERO_SPECS))
@settings(max_examples=25, deadline=None)
@given(table=tables())
def test_monte_carlo_with_zero_variation_reproduces_the_base_ranks(
    kind: str, table: dict[str, Any]
) -> None:
    spec = ZERO_SPECS[kind]
    mc = MonteCarlo(
        spec,
        n_draws=20,
        vary=["weights", "inclusion"],
        weight_spread=0.0,
        leave_out_probability=0.0,
    ).fit(table)
    assert mc.rank_median_.tolist() == mc.base_rank_.tolist()
    assert mc.rank_p05_.tolist() == mc.base_rank_.tolist()
    assert mc.rank_p95_.tolist() == mc.base_rank_.tolist()
    expected_top = (mc.base_rank_ <= mc.top_k_).astype(float)
    assert mc.p_top_k_.tolist() == expected_top.tolist()


def test_infinite_values_are_ranked_by_the_engine_itself() -> None:
    table = {"id": ["X", "Y", "Z"], "a": [np.inf, 0.0, 1.0], "b": [0.0, 1.0, 2.0]}
    mc = MonteCarlo(XYZ_SPEC, n_draws=40, vary=["weights"], keep_ranks=True).fit(table)
    assert mc.linear_
    assert mc.ranks_ is not None and (mc.ranks_[0] == 1).all() and (mc.ranks_[2] == 2).all()


@pytest.mark.parametrize("kind", sorted(ZERO_SPECS))
@pytest.mark.parametrize("vectorise", [True, False])
@settings(max_examples=25, deadline=None)
@given(table=tables())
def test_zero_variation_recomputed_draw_by_draw_gives_the_base_ranks(
    kind: str, vectorise: bool, table: dict[str, Any]
) -> None:
    # The estimator hands base-configuration draws the engine's own ranks; here every draw
    # is recomputed (matrix product or engine loop), so the computation itself is checked.
    spec = ZERO_SPECS[kind]
    assumptions = build_assumptions(
        spec, ["weights", "inclusion"], weight_spread=0.0, leave_out_probability=0.0
    )
    evaluator = RankEvaluator(
        assumptions, read_inputs(spec, table), vectorise=vectorise, reuse_base=False
    )
    draws = assumptions.draws_from_unit(
        np.random.default_rng(1).random((20, len(assumptions.factors())))
    )
    seen: list[np.ndarray] = []
    evaluator.run(draws, lambda _pos, _idx, ranks: seen.append(np.array(ranks)))
    ranks = np.vstack(seen)
    assert ranks.shape == (20, evaluator.n)
    assert (ranks == evaluator.base_rank).all()
