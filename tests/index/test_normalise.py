"""Normalisation methods on small arrays computed by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest

from kraftsamling.core.errors import InvalidInput
from kraftsamling.index.normalise import (
    exponential_rank,
    normalise,
    normalise_matrix,
    percentile_rank,
    rank,
    rank_columns,
    rank_descending,
)
from kraftsamling.index.spec import NormaliseSpec

NAN = float("nan")
ALL = np.ones(5, dtype=bool)
X = np.array([5.0, 1.0, 3.0, 3.0, 9.0])


def run(
    method: str, x: np.ndarray = X, mask: np.ndarray | None = None, **kw: object
) -> list[float]:
    m = np.ones(x.shape, dtype=bool) if mask is None else mask
    return normalise(x, m, NormaliseSpec(method, **kw)).tolist()  # type: ignore[arg-type]


def test_rank_tie_rules() -> None:
    # sorted: 1 (pos 1), 3 and 3 (pos 2-3), 5 (pos 4), 9 (pos 5)
    assert rank(X, "min").tolist() == [4, 1, 2, 2, 5]
    assert rank(X, "max").tolist() == [4, 1, 3, 3, 5]
    assert rank(X, "average").tolist() == [4, 1, 2.5, 2.5, 5]


def test_rank_columns_keeps_nan_out_of_the_count() -> None:
    x = np.array([[2.0, NAN], [NAN, 5.0], [1.0, 5.0], [2.0, 4.0]])
    # col 0 present: 2, 1, 2 -> min ranks 2, 1, 2; col 1 present: 5, 5, 4 -> 2, 2, 1
    expected = [[2, NAN], [NAN, 2], [1, 2], [2, 1]]
    np.testing.assert_array_equal(rank_columns(x, "min"), expected)
    with pytest.raises(InvalidInput, match="ties must be one of"):
        rank_columns(x, "dense")


def test_percentile_rank_formulas_and_ties() -> None:
    # N = 5; (r-1)/(N-1) with min ranks 4,1,2,2,5 -> 3/4, 0, 1/4, 1/4, 1
    assert percentile_rank(X).tolist() == [0.75, 0.0, 0.25, 0.25, 1.0]
    # r/N -> 4/5, 1/5, 2/5, 2/5, 5/5
    assert percentile_rank(X, formula="r/N").tolist() == [0.8, 0.2, 0.4, 0.4, 1.0]
    # average ranks 2.5 -> 1.5/4 = 0.375; max ranks 3 -> 2/4 = 0.5
    assert percentile_rank(X, "average").tolist() == [0.75, 0.0, 0.375, 0.375, 1.0]
    assert percentile_rank(X, "max").tolist() == [0.75, 0.0, 0.5, 0.5, 1.0]


def test_percentile_rank_of_a_single_value_is_one() -> None:
    assert run("percentile_rank", np.array([7.0])) == [1.0]


def test_masked_and_missing_values_never_count() -> None:
    x = np.array([1.0, 2.0, 1000.0, NAN, 3.0])
    mask = np.array([True, True, False, True, True])
    # taking part: 1, 2, 3 -> N = 3 -> 0, 0.5, 1
    assert run("percentile_rank", x, mask) == pytest.approx([0.0, 0.5, NAN, NAN, 1.0], nan_ok=True)
    # minmax over 1..3 (1000 is outside the universe)
    assert run("minmax", x, mask) == pytest.approx([0.0, 0.5, NAN, NAN, 1.0], nan_ok=True)


def test_zscore_sample_and_population_sd() -> None:
    x = np.array([2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0])
    # mean 5; squared deviations sum to 32; population sd = sqrt(32/8) = 2
    assert run("zscore", x, ddof=0) == [-1.5, -0.5, -0.5, -0.5, 0.0, 0.0, 1.0, 2.0]
    # sample sd = sqrt(32/7) = 2.13809
    assert run("zscore", x)[-1] == pytest.approx(4 / math.sqrt(32 / 7))
    assert run("zscore", np.array([3.0, 3.0, 3.0])) == [0.0, 0.0, 0.0]


def test_minmax_range_and_constant() -> None:
    x = np.array([1.0, 2.0, 4.0])
    assert run("minmax", x) == pytest.approx([0.0, 1 / 3, 1.0])
    assert run("minmax", x, lower=0.0, upper=100.0) == pytest.approx([0.0, 100 / 3, 100.0])
    assert run("minmax", np.array([2.0, 2.0]), lower=0.0, upper=100.0) == [50.0, 50.0]


def test_distance_to_reference() -> None:
    x = np.array([2.0, 4.0, 6.0])
    assert run("distance_to_reference", x, reference="max") == [-4.0, -2.0, 0.0]
    assert run("distance_to_reference", x, reference=1.0) == [1.0, 3.0, 5.0]
    # ratio to the mean (4)
    ratio = run("distance_to_reference", x, reference="mean", reference_kind="ratio")
    assert ratio == [0.5, 1.0, 1.5]
    with pytest.raises(InvalidInput, match="needs a non-zero reference"):
        run("distance_to_reference", x, reference=0.0, reference_kind="ratio")


def test_exponential_rank_matches_the_iod_formula_by_hand() -> None:
    # N = 4, rank 1 = least deprived -> R = 0.25, 0.5, 0.75, 1.0
    # X = -23 ln(1 - R (1 - e^(-100/23))), e^(-100/23) = 0.0129354:
    #   R=0.25: -23 ln(0.7532338) = 6.5177;  R=0.5: -23 ln(0.5064677) = 15.6468
    #   R=0.75: -23 ln(0.2597015) = 31.0091; R=1: -23 ln(0.0129354) = 100
    out = exponential_rank(np.array([10.0, 20.0, 30.0, 40.0]))
    assert out.tolist() == pytest.approx([6.5177, 15.6468, 31.0091, 100.0], abs=2e-4)
    spec_out = run("exponential_rank", np.array([40.0, 10.0, 30.0, 20.0]))
    assert spec_out == pytest.approx([100.0, 6.5177, 31.0091, 15.6468], abs=2e-4)


def test_none_keeps_values() -> None:
    assert run("none", np.array([3.0, -1.0])) == [3.0, -1.0]


def test_matrix_batches_equal_column_by_column() -> None:
    rng = np.random.default_rng(4)
    x = rng.integers(0, 6, size=(40, 5)).astype(float)
    x[rng.random(x.shape) < 0.1] = NAN
    mask = rng.random(40) < 0.8
    specs = [
        NormaliseSpec(),
        NormaliseSpec(ties="average", formula="r/N"),
        NormaliseSpec("exponential_rank"),
        NormaliseSpec("zscore"),
        NormaliseSpec(),
    ]
    together = normalise_matrix(x, mask, specs)
    for j, spec in enumerate(specs):
        alone = normalise(x[:, j], mask, spec)
        np.testing.assert_allclose(together[:, j], alone, rtol=0, atol=1e-12)
        ranks = rank(np.where(mask, x[:, j], NAN), spec.ties)
        n = np.sum(mask & ~np.isnan(x[:, j]))
        if spec.method == "percentile_rank" and spec.formula == "r/N":
            np.testing.assert_allclose(together[:, j], ranks / n)


def test_rank_descending_for_scores() -> None:
    scores = np.array([0.2, 0.9, NAN, 0.9, 0.5])
    assert rank_descending(scores).tolist() == pytest.approx([4, 1, NAN, 1, 3], nan_ok=True)
    mask = np.array([True, False, True, True, True])
    assert rank_descending(scores, mask).tolist() == pytest.approx([3, NAN, NAN, 1, 2], nan_ok=True)
    draws = np.column_stack([scores, -scores])
    # second column: -0.2 is highest (1), then -0.5 (2), then the tied -0.9s (3)
    assert rank_descending(draws)[:, 1].tolist() == pytest.approx([1, 3, NAN, 3, 2], nan_ok=True)


@pytest.mark.parametrize("ties", ["min", "average", "max"])
def test_matrix_percentile_rank_of_a_single_value_taking_part_is_one(ties: str) -> None:
    # The batched path must agree with percentile_rank for N = 1: 1.0, not (1-1)/(1-1) = NaN.
    x = np.array([[4.0, NAN, 2.0], [NAN, NAN, 3.0], [9.0, 6.0, 1.0]])
    mask = np.array([False, True, True])  # row 0 is outside the universe
    out = normalise_matrix(x, mask, [NormaliseSpec(ties=ties)] * 3)
    # col 0: only 9 takes part; col 1: only 6; col 2: 3 and 1 -> 1.0 and 0.0
    expected = [[NAN, NAN, NAN], [NAN, NAN, 1.0], [1.0, 1.0, 0.0]]
    np.testing.assert_array_equal(out, expected)
    assert normalise(x[:, 0], mask, NormaliseSpec(ties=ties)).tolist()[2] == 1.0


def test_rank_method_through_normalise_keeps_the_tie_rule() -> None:
    # the single-column path, not the batched one
    assert run("rank", ties="max") == [4, 1, 3, 3, 5]
    assert run("rank", ties="average") == [4, 1, 2.5, 2.5, 5]


def test_zscore_of_too_few_values_is_zero_and_two_values_are_not() -> None:
    assert run("zscore", np.array([3.0])) == [0.0]  # one value, sample sd undefined
    assert run("zscore", np.array([3.0]), ddof=0) == [0.0]
    # two values, sample sd = sqrt(2): -1/sqrt(2), 1/sqrt(2)
    assert run("zscore", np.array([1.0, 3.0])) == pytest.approx([-(0.5**0.5), 0.5**0.5])


def test_minmax_to_a_range_that_does_not_start_at_zero() -> None:
    x = np.array([1.0, 2.0, 4.0])
    assert run("minmax", x, lower=10.0, upper=20.0) == pytest.approx([10.0, 10 + 10 / 3, 20.0])
    assert run("minmax", np.array([2.0, 2.0]), lower=10.0, upper=20.0) == [15.0, 15.0]


def test_exponential_rank_uses_the_declared_constant() -> None:
    # N = 2, R = 0.5 and 1: X = -10 ln(1 - R (1 - e^-10)); R = 1 gives 100
    out = run("exponential_rank", np.array([1.0, 2.0]), exponential_constant=10.0)
    assert out == pytest.approx([-10 * math.log(1 - 0.5 * (1 - math.exp(-10))), 100.0])
