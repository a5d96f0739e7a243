"""Rounding to a declared number of decimals, exact on the decimal value people see.

Published indices round at every stage (CDC's SVI keeps four decimals of every
percentile rank), and ties created by that rounding change later ranks. A binary float
rarely holds a decimal like 0.285 exactly (it is 0.28499999999999998...), so naive
``floor(x * 100 + 0.5)`` rounds it down. We round the *shortest decimal representation*
of each float (the digits ``repr`` prints), which is what a spreadsheet or SAS user sees:

1. Scale: ``y = x * 10**d`` and round ``y`` the fast way in numpy.
2. Any ``y`` within a few ulps of a rounding boundary (``k + 0.5`` for the half modes,
   an integer for truncation) is ambiguous: those few values are re-rounded exactly
   with :mod:`decimal` from ``repr(x)``. Everything else is unambiguous, so the fast
   result is already exact.
3. The integer result is divided by ``10**d``; IEEE division returns the float nearest
   to the decimal result.

``half_up`` rounds halves away from zero (Excel's ROUND, SAS's ROUND, Python's
``decimal.ROUND_HALF_UP``); ``half_even`` rounds halves to the even digit; ``truncate``
drops digits toward zero. NaN stays NaN.
"""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

import numpy as np
from numpy.typing import NDArray

from kraftsamling.core.errors import InvalidInput

_DECIMAL_MODES = {"half_up": ROUND_HALF_UP, "half_even": ROUND_HALF_EVEN, "truncate": ROUND_DOWN}
# Relative width of the "too close to call" band around a boundary, in units of |y|.
_BAND = 1e-11


def round_values(
    values: NDArray[np.float64], decimals: int, mode: str = "half_up"
) -> NDArray[np.float64]:
    """Round every value to ``decimals`` decimals, exactly on its shortest decimal form.

    Parameters
    ----------
    values : ndarray of float
        Any shape; NaN is kept.
    decimals : int
        Number of decimals, 0-15.
    mode : {"half_up", "half_even", "truncate"}
        Rounding rule; see the module docstring.

    Returns
    -------
    ndarray of float
        A new array of the same shape.

    Examples
    --------
    >>> round_values(np.array([0.285, 0.12345, -0.5, 2.5]), 2).tolist()
    [0.29, 0.12, -0.5, 2.5]
    >>> round_values(np.array([2.5, 3.5]), 0, "half_even").tolist()
    [2.0, 4.0]
    """
    if mode not in _DECIMAL_MODES:
        raise InvalidInput(
            f"rounding mode must be one of 'half_up', 'half_even', 'truncate'; got {mode!r}."
        )
    if not 0 <= decimals <= 15:
        raise InvalidInput(f"decimals must be between 0 and 15; got {decimals}.")
    x = np.asarray(values, dtype=np.float64)
    scale = 10.0**decimals
    with np.errstate(invalid="ignore", over="ignore"):
        y = x * scale
        a = np.abs(y)
        if mode == "truncate":
            r = np.trunc(y)
            dist = np.abs(a - np.round(a))  # distance to the nearest integer boundary
        else:
            fl = np.floor(a)
            frac = a - fl
            # half_up rounds the magnitude, so halves go away from zero
            r = np.copysign(fl + (frac >= 0.5), y) if mode == "half_up" else np.round(y)
            dist = np.abs(frac - 0.5)
        close = dist <= _BAND * np.maximum(a, 1.0)  # NaN and inf compare False
    if close.any():
        quantum = Decimal(1).scaleb(-decimals)
        rule = _DECIMAL_MODES[mode]
        idx = np.flatnonzero(close)
        flat = x.reshape(-1)
        exact = [
            float(Decimal(repr(float(flat[i]))).quantize(quantum, rounding=rule).scaleb(decimals))
            for i in idx
        ]
        r = r.reshape(-1).copy()
        r[idx] = exact
        r = r.reshape(x.shape)
    out = r / scale
    # keep values that cannot be rounded (inf, or beyond float precision) as they were
    with np.errstate(invalid="ignore"):
        keep = a >= 2.0**52
    if keep.any():
        out = np.where(keep, x, out)
    return np.asarray(out + 0.0, dtype=np.float64)  # + 0.0 turns -0.0 into 0.0


def round_scaled(
    y: NDArray[np.float64],
    decimals: int,
    mode: str,
    *,
    slack: NDArray[np.float64] | float = 0.0,
    bound: NDArray[np.float64] | None = None,
    out: NDArray[np.float64] | None = None,
    whole: bool = False,
) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
    """Round values already scaled by ``10**decimals``, and say where the result is unsure.

    ``y`` (draws x areas) approximates ``x * 10**decimals`` to within ``slack`` (one
    bound per row, or 0 when ``y`` is exactly that product); ``bound`` bounds each row's
    ``|x * 10**decimals|`` (computed when not given). Where the returned mask is False
    the first result equals ``round_values(x, decimals, mode)`` bit for bit; where it is
    True (values within the slack or :func:`round_values`' own band of a rounding
    boundary, or too large to round), the caller must compute the exact ``x`` and round
    it with :func:`round_values`. This is the Monte Carlo path's rounding: a few cheap
    passes over a block of draws instead of :func:`round_values`' many.

    ``y`` is overwritten; ``out`` (shaped like ``y``) receives the result when given.
    ``whole=True`` returns the rounded values still scaled (whole numbers), for ranking.

    Examples
    --------
    >>> x = np.array([[0.285, 0.12345]])  # 0.285 is 0.28499999999999998 in binary
    >>> out, unsure = round_scaled(x * 100.0, 2, "half_up")
    >>> out[~unsure].tolist(), round_values(x[unsure], 2).tolist()
    ([0.12], [0.29])
    """
    if mode not in _DECIMAL_MODES:
        raise InvalidInput(
            f"rounding mode must be one of 'half_up', 'half_even', 'truncate'; got {mode!r}."
        )
    scale = 10.0**decimals
    slack_rows = np.broadcast_to(np.asarray(slack, dtype=np.float64), (y.shape[0],))
    r = (np.trunc if mode == "truncate" else np.rint)(y, out=out)
    with np.errstate(invalid="ignore"):
        if bound is None:
            bound = np.fmax.reduce(np.abs(y), axis=1) + slack_rows
        # round_values re-rounds values within _BAND * max(|y|, 1) of a boundary exactly
        band = slack_rows + 1.01 * _BAND * np.maximum(bound + slack_rows, 1.0)
        band[~(bound < 2.0**51)] = np.inf  # too large to round here (or inf): all unsure
        np.subtract(y, r, out=y)
        np.abs(y, out=y)
        col = band[:, None]
        # |y - trunc(y)| is the distance past an integer boundary; |y - rint(y)| the
        # distance from the nearest integer, whose boundaries are at 0.5
        unsure = ((y <= col) | (y >= 1.0 - col)) if mode == "truncate" else (y >= 0.5 - col)
    if not whole:
        r /= scale
        r += 0.0  # -0.0 -> 0.0, as round_values does
    return r, unsure
