"""Classes (quantile, cut-offs, SD bands, top-k) and flags, by hand."""

from __future__ import annotations

import numpy as np
import pytest

from kraftsamling.index.classify import (
    classify,
    flag_values,
    interval_classes,
    quantile_classes,
    sd_breaks,
)
from kraftsamling.index.spec import ClassifySpec

NAN = float("nan")


def test_quantile_classes_ceil_rank_times_n_over_n() -> None:
    ranks = np.arange(1.0, 11.0)
    # ceil(r * 4 / 10): 0.4 0.8 1.2 1.6 2.0 2.4 2.8 3.2 3.6 4.0
    assert quantile_classes(ranks, 4).tolist() == [1, 1, 2, 2, 2, 3, 3, 4, 4, 4]


def test_imd_decile_boundary_is_exact() -> None:
    # 32,844 LSOAs in England: rank 3,284 -> ceil(0.99988) = 1, rank 3,285 -> ceil(1.00018) = 2,
    # and rank 32,844 -> exactly 10 (no floating error at the boundary)
    ranks = np.full(32_844, NAN)
    ranks[:3] = [3284, 3285, 32844]
    ranks[3:] = np.arange(4.0, 32_845.0)[: 32_844 - 3]
    out = quantile_classes(ranks, 10)
    assert out[:3].tolist() == [1, 2, 10]


def test_ties_share_a_class_and_nan_stays_out() -> None:
    assert quantile_classes(np.array([1.0, 1.0, 3.0, NAN]), 3).tolist() == pytest.approx(
        [1, 1, 3, NAN], nan_ok=True
    )


def test_interval_classes_left_and_right_closed() -> None:
    v = np.array([0.5, 1.0, 1.5, 2.0, 2.5, NAN])
    assert interval_classes(v, (1.0, 2.0)).tolist() == pytest.approx(
        [1, 2, 2, 3, 3, NAN], nan_ok=True
    )
    assert interval_classes(v, (1.0, 2.0), closed="right").tolist() == pytest.approx(
        [1, 1, 2, 2, 3, NAN], nan_ok=True
    )
    labelled = interval_classes(v, (1.0, 2.0), labels=(5.0, 4.0, 3.0))
    assert labelled[:5].tolist() == [5, 4, 4, 3, 3]


def test_sd_bands_around_the_mean() -> None:
    v = np.array([1.0, 2.0, 3.0, 4.0, 5.0])
    # mean 3, sample sd = sqrt(10 / 4) = 1.581139 -> breaks 1.418861 and 4.581139
    breaks = sd_breaks(v, np.ones(5, bool), (-1.0, 1.0))
    assert breaks.tolist() == pytest.approx([1.418861, 4.581139], abs=1e-6)
    spec = ClassifySpec(method="sd", sd_k=(-1.0, 1.0), labels=(3.0, 2.0, 1.0))
    out = classify(spec, v, np.full(5, NAN), np.ones(5, bool))
    assert out.tolist() == [3, 2, 2, 2, 1]


def test_sd_bands_ignore_areas_outside_the_universe() -> None:
    v = np.array([1.0, 2.0, 3.0, 4.0, 5.0, 1000.0])
    uni = np.array([True] * 5 + [False])
    spec = ClassifySpec(method="sd", sd_k=(-1.0, 1.0))
    out = classify(spec, v, np.full(6, NAN), uni)
    assert out.tolist() == pytest.approx([1, 2, 2, 2, 3, NAN], nan_ok=True)


def test_top_k_includes_ties() -> None:
    spec = ClassifySpec(method="top_k", top_k=2)
    ranks = np.array([1.0, 2.0, 2.0, 4.0, NAN])
    assert classify(spec, np.zeros(5), ranks, np.ones(5, bool)).tolist() == pytest.approx(
        [1, 1, 1, 0, NAN], nan_ok=True
    )


def test_quantile_and_none_through_classify() -> None:
    ranks = np.array([2.0, 1.0, 3.0, 4.0])
    uni = np.array([True, True, True, False])
    # N = 3 ranked inside the universe: ceil(2*2/3) = 2, ceil(2/3) = 1, ceil(6/3) = 2
    out = classify(ClassifySpec(method="quantile", n=2), np.zeros(4), ranks, uni)
    assert out.tolist() == pytest.approx([2, 1, 2, NAN], nan_ok=True)
    assert np.isnan(classify(ClassifySpec(), np.zeros(4), ranks, uni)).all()


def test_flags_at_or_above_the_threshold() -> None:
    assert flag_values(np.array([0.95, 0.9, 0.8999, NAN]), 0.9).tolist() == pytest.approx(
        [1, 1, 0, NAN], nan_ok=True
    )
