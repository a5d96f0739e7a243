"""Rounding is exact on the decimal a person reads, not on the binary float underneath."""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

import numpy as np
import pytest

from kraftsamling.core.errors import InvalidInput
from kraftsamling.index.rounding import round_values

NAN = float("nan")


def r(values: list[float], decimals: int, mode: str = "half_up") -> list[float]:
    return round_values(np.array(values), decimals, mode).tolist()


def test_half_up_on_decimal_halves_that_floats_store_below_the_half() -> None:
    # 0.285 is stored as 0.28499999999999998, 1.005 as 1.00499999999999989,
    # 2.675 as 2.67499999999999982: naive rounding gives 0.28, 1.0, 2.67.
    assert r([0.285, 1.005, 2.675], 2) == [0.29, 1.01, 2.68]
    assert r([0.12345], 4) == [0.1235]
    assert r([0.5, 1.5, 2.5, -2.5], 0) == [1.0, 2.0, 3.0, -3.0]
    assert r([-0.285], 2) == [-0.29]  # away from zero, like Excel's ROUND


def test_half_even() -> None:
    assert r([0.5, 1.5, 2.5, 3.5], 0, "half_even") == [0.0, 2.0, 2.0, 4.0]
    assert r([0.125, 0.375, 2.675], 2, "half_even") == [0.12, 0.38, 2.68]


def test_truncate_is_exact_on_values_stored_just_below_the_digit() -> None:
    # 0.29 is stored as 0.28999999999999998; 0.29 * 100 = 28.999999999999996
    assert r([0.29, 1.999, -1.999, 0.5799], 2, "truncate") == [0.29, 1.99, -1.99, 0.57]


def test_ordinary_values_nan_and_shape() -> None:
    assert r([1 / 3, 2 / 3, NAN], 4) == pytest.approx([0.3333, 0.6667, NAN], nan_ok=True)
    matrix = round_values(np.array([[0.11115, 0.2], [NAN, 7.0]]), 4)
    assert matrix.shape == (2, 2)
    assert matrix[0].tolist() == [0.1112, 0.2]
    assert r([-0.0001], 2) == [0.0]  # no negative zero


def test_matches_decimal_on_many_values() -> None:
    rng = np.random.default_rng(7)
    values = np.concatenate(
        [
            rng.integers(0, 100_000, 3000) / 10_000 + 0.00005,  # exact decimal halves
            rng.random(3000),
            rng.integers(0, 1000, 1000) / 1000,
        ]
    )
    rules = {"half_up": ROUND_HALF_UP, "half_even": ROUND_HALF_EVEN, "truncate": ROUND_DOWN}
    for mode, rule in rules.items():
        got = round_values(values, 4, mode)
        want = [float(Decimal(repr(float(v))).quantize(Decimal("0.0001"), rule)) for v in values]
        assert got.tolist() == want, mode


def test_bad_arguments() -> None:
    with pytest.raises(InvalidInput, match="decimals must be between 0 and 15; got 16"):
        round_values(np.array([1.0]), 16)
    with pytest.raises(InvalidInput, match="rounding mode must be one of"):
        round_values(np.array([1.0]), 2, "ceiling")
