"""Diagnostics: correlations, Cronbach's alpha and PCA, checked against hand calculations."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from kraftsamling.core.errors import InvalidInput
from kraftsamling.index.diagnostics import (
    correlation_matrix,
    cronbach_alpha,
    diagnose,
    pca_variance,
)
from kraftsamling.index.spec import parse_spec

HAND = np.array([[1, 2, 3], [2, 3, 3], [3, 3, 4], [4, 5, 5]], dtype=float)


def test_cronbach_alpha_of_a_4x3_matrix_by_hand() -> None:
    # item variances 5/3, 4.75/3, 2.75/3 (sum 12.5/3); row sums 6, 8, 10, 14 have variance 35/3
    # alpha = 3/2 * (1 - 12.5/35) = 27/28
    assert cronbach_alpha(HAND) == pytest.approx(27 / 28)


def test_cronbach_alpha_uses_complete_rows_only() -> None:
    with_gap = np.vstack([HAND, [np.nan, 100.0, -100.0]])
    assert cronbach_alpha(with_gap) == pytest.approx(27 / 28)
    assert np.isnan(cronbach_alpha(HAND[:, :1]))


def test_pca_of_perfectly_correlated_columns_puts_all_variance_in_one_component() -> None:
    x = np.column_stack([np.arange(6.0), 2 * np.arange(6.0) + 1, -3 * np.arange(6.0)])
    explained, eigen, components = pca_variance(x)
    assert explained == pytest.approx([1.0, 0.0, 0.0], abs=1e-12)
    assert eigen[0] == pytest.approx(3.0)  # the sum of three unit variances
    assert np.abs(components[0]) == pytest.approx(np.full(3, 1 / np.sqrt(3)))


def test_pca_of_uncorrelated_columns_splits_the_variance_evenly() -> None:
    # standardised, Z'Z = diag(3, 3): two components with variance 1 each
    x = np.array([[1.0, 1.0], [1.0, -1.0], [-1.0, 1.0], [-1.0, -1.0]])
    explained, eigen, _ = pca_variance(x)
    assert explained == pytest.approx([0.5, 0.5])
    assert eigen == pytest.approx([1.0, 1.0])


def test_pca_ignores_a_constant_column() -> None:
    x = np.array([[1.0, 7.0, 2.0], [2.0, 7.0, 4.0], [3.0, 7.0, 6.1]])
    explained, _, _ = pca_variance(x)
    assert explained[0] > 0.99 and explained[2] == pytest.approx(0.0, abs=1e-15)


def test_pearson_and_spearman_by_hand() -> None:
    # Pearson of (1,2,3) with (1,3,2): covariance 0.5, variances 1 -> 0.5
    x = np.array([[1.0, 1.0, 10.0], [2.0, 3.0, 20.0], [3.0, 2.0, 400.0]])
    pearson = correlation_matrix(x, "pearson")
    assert pearson[0, 1] == pytest.approx(0.5)
    assert pearson[0, 2] < 0.9  # 400 pulls the linear fit away
    spearman = correlation_matrix(x, "spearman")
    assert spearman[0, 2] == pytest.approx(1.0)  # monotone
    assert spearman[0, 1] == pytest.approx(0.5)
    assert np.diag(spearman).tolist() == [1.0, 1.0, 1.0]


def test_spearman_with_ties_uses_average_ranks() -> None:
    # (1,2,2,3) ranks (1, 2.5, 2.5, 4); (1,2,3,4): rho = 4.5 / sqrt(4.5 * 5)
    x = np.array([[1.0, 1.0], [2.0, 2.0], [2.0, 3.0], [3.0, 4.0]])
    assert correlation_matrix(x, "spearman")[0, 1] == pytest.approx(4.5 / np.sqrt(4.5 * 5))


def test_correlations_are_pairwise_complete_and_nan_for_a_constant_column() -> None:
    x = np.array([[1.0, 2.0, 5.0], [2.0, np.nan, 5.0], [3.0, 6.0, 5.0], [4.0, 8.0, 5.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        corr = correlation_matrix(x, "pearson")
    # rows 1, 3, 4 of columns 0 and 1: (1,3,4) and (2,6,8) are exactly linear
    assert corr[0, 1] == pytest.approx(1.0)
    assert np.isnan(corr[0, 2]) and np.isnan(corr[2, 1])
    with pytest.raises(InvalidInput, match="'pearson' or 'spearman'"):
        correlation_matrix(x, "kendall")


def test_diagnose_uses_the_universe_and_the_groups() -> None:
    spec = parse_spec(
        {
            "index": {"id": "d", "id_column": "id"},
            "universe": {"population_column": "pop", "min_population": 1},
            "normalise": {"method": "none"},
            "indicator": [
                {"id": "a", "group": "g"},
                {"id": "b", "group": "g"},
                {"id": "c", "group": "sub"},
                {"id": "e", "group": "solo"},
            ],
            "group": [{"id": "g"}, {"id": "sub", "parent": "g"}, {"id": "solo"}],
        }
    )
    # the fifth row is outside the universe (population 0) and must not count
    table = {
        "id": ["p", "q", "r", "s", "out"],
        "pop": [10, 10, 10, 10, 0],
        "a": [1, 2, 3, 4, 100],
        "b": [2, 3, 3, 5, -100],
        "c": [3, 3, 4, 5, 100],
        "e": [1, 0, 1, 0, 100],
    }
    d = diagnose(spec, table)
    assert d.n_areas == 4
    assert d.alpha["g"] == pytest.approx(27 / 28)  # a, b and (via sub) c: the hand matrix
    assert np.isnan(d.alpha["sub"]) and np.isnan(d.alpha["solo"])  # a single indicator
    # a - mean = (-1.5, -0.5, 0.5, 1.5), e - mean = (0.5, -0.5, 0.5, -0.5): r = -1 / sqrt(5 * 1)
    assert d.pearson.shape == (4, 4) and d.pearson[0, 3] == pytest.approx(-1 / np.sqrt(5))
    assert d.pca_explained.sum() == pytest.approx(1.0)
    assert d.correlation_table("spearman")["indicator"] == ["a", "b", "c", "e"]


def test_diagnose_applies_the_directions() -> None:
    spec = parse_spec(
        {
            "index": {"id": "d", "id_column": "id"},
            "normalise": {"method": "none"},
            "indicator": [{"id": "a"}, {"id": "b", "direction": "higher_is_better"}],
        }
    )
    d = diagnose(spec, {"id": ["x", "y", "z"], "a": [1, 2, 3], "b": [1, 2, 3]})
    assert d.pearson[0, 1] == pytest.approx(-1.0)
