"""Empirical-Bayes shrinkage toward the parent area (English IoD 2019, Appendix D)."""

from __future__ import annotations

import numpy as np
import pytest

from kraftsamling.core.errors import InvalidInput
from kraftsamling.index import CompositeIndex, parse_spec
from kraftsamling.index.shrinkage import shrink_rates

NAN = float("nan")


def test_two_small_areas_by_hand() -> None:
    # Parent "a": 1 of 10 and 9 of 10.
    # z1 = ln(1.5 / 9.5) = -1.845827, z2 = +1.845827; s^2 = 1/1.5 + 1/9.5 = 0.771930
    # parent: R = 10, N = 20 -> Z = ln(10.5 / 10.5) = 0
    # t^2 = ((-1.845827)^2 + 1.845827^2) / 2 = 3.407076
    # w = (1 / 0.771930) / (1 / 0.771930 + 1 / 3.407076) = 0.815284
    # z1* = 0.815284 * -1.845827 = -1.504873 -> p1* = 1 / (1 + e^1.504873) = 0.181700
    p = shrink_rates(
        np.array([1.0, 9.0]), np.array([10.0, 10.0]), np.array(["a", "a"]), np.ones(2, bool)
    )
    assert p.tolist() == pytest.approx([0.181700, 0.818300], abs=1e-6)


def test_shrinkage_pulls_small_areas_more_than_large_ones() -> None:
    num = np.array([1.0, 100.0, 5.0, 500.0])
    den = np.array([10.0, 1000.0, 10.0, 1000.0])
    p = shrink_rates(num, den, np.array(["k"] * 4), np.ones(4, bool))
    raw = num / den
    # the two areas of 10 people move further from their raw rates than the areas of 1000
    assert abs(p[0] - raw[0]) > abs(p[1] - raw[1])
    assert abs(p[2] - raw[2]) > abs(p[3] - raw[3])


def test_homogeneous_parent_gives_the_parent_rate() -> None:
    # identical logits -> t^2 = 0 -> w = 0 -> every area gets the parent's rate 10/20
    p = shrink_rates(
        np.array([5.0, 5.0]), np.array([10.0, 10.0]), np.array(["a", "a"]), np.ones(2, bool),
        scale=100.0,
    )  # fmt: skip
    assert p.tolist() == [50.0, 50.0]


def test_areas_outside_the_universe_do_not_move_the_parent() -> None:
    num = np.array([1.0, 9.0, 1000.0, 3.0])
    den = np.array([10.0, 10.0, 1000.0, 0.0])
    mask = np.array([True, True, False, True])
    p = shrink_rates(num, den, np.array(["a", "a", "a", "a"]), mask)
    assert p[:2].tolist() == pytest.approx([0.181700, 0.818300], abs=1e-6)
    assert np.isnan(p[2]) and np.isnan(p[3])  # outside; and a zero denominator


def test_impossible_counts_are_rejected_with_the_row() -> None:
    with pytest.raises(InvalidInput) as info:
        shrink_rates(np.array([3.0, 12.0]), np.array([10.0, 10.0]), np.array(["a", "a"]),
                     np.ones(2, bool), name="EMP")  # fmt: skip
    assert str(info.value) == (
        "indicator 'EMP': shrinkage needs 0 <= numerator <= denominator; row 2 has numerator 12 "
        "and denominator 10."
    )


def test_the_engine_shrinks_declared_indicators_from_their_counts() -> None:
    spec = parse_spec(
        {
            "index": {"id": "s", "id_column": "lsoa"},
            "indicator": [
                {"id": "rate", "numerator_column": "n", "denominator_column": "d"},
                {"id": "other"},
            ],
            "normalise": {"method": "none"},
            "shrinkage": {"parent_column": "msoa", "indicators": ["rate"], "scale": 100.0},
        }
    )
    table = {
        "lsoa": ["x1", "x2", "y1"],
        "msoa": ["X", "X", "Y"],
        "n": [1, 9, 3],
        "d": [10, 10, 10],
        "other": [0.0, 0.0, 0.0],  # the column named "rate" does not have to exist
    }
    model = CompositeIndex(spec).fit(table)
    # y1 is alone in Y: z = ln(3.5/7.5) = -0.762140, Z = ln(3/7) = -0.847298,
    # t^2 = 0.085158^2 = 0.007252, s^2 = 0.419048 -> w = 0.017013 -> z* = -0.845849
    # -> 100 / (1 + e^0.845849) = 30.03: almost the parent's own rate
    assert model.normalised_["rate"].tolist() == pytest.approx([18.17, 81.83, 30.03], abs=1e-2)
