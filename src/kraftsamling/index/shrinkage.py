"""Empirical-Bayes shrinkage of small-area rates toward the parent area.

The English Indices of Deprivation 2019 (Technical Report, MHCLG 2019, Appendix D,
following Noble et al.'s method used since the IoD 2000 and the Scottish Indices of
Deprivation 2003, Appendix 1) replace an unreliable small-area rate by a weighted
combination of the area's own rate and the rate of the larger area it lies in, with
more weight on the area's own rate the more precisely it is measured. Our exact
formula, for area j with r_j events out of n_j in parent area k:

    z_j   = ln((r_j + 0.5) / (n_j - r_j + 0.5))          empirical logit of the area
    s_j^2 = 1 / (r_j + 0.5) + 1 / (n_j - r_j + 0.5)      its sampling variance
    Z_k   = ln(R_k / (N_k - R_k))                        logit of the parent, R_k = sum r_j,
                                                         N_k = sum n_j over its areas (with
                                                         the 0.5 correction only when R_k is
                                                         0 or N_k)
    t_k^2 = (1 / m_k) * sum_j (z_j - Z_k)^2              between-area variance in the parent
                                                         (m_k areas)
    w_j   = (1 / s_j^2) / (1 / s_j^2 + 1 / t_k^2)        weight of the area's own rate
    z*_j  = w_j * z_j + (1 - w_j) * Z_k                  shrunk logit
    p*_j  = exp(z*_j) / (1 + exp(z*_j))                  shrunk rate (anti-logit)

When t_k^2 = 0 (one area in the parent, or identical logits) w_j = 0 and the area takes
the parent's rate. Only areas inside the universe with n_j > 0 take part; others get NaN.
The output is p*_j times ``scale`` (e.g. 100 for percent).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from kraftsamling.core.errors import InvalidInput

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]


def shrink_rates(
    numerator: FloatArray,
    denominator: FloatArray,
    parent: NDArray[np.object_] | NDArray[np.str_],
    mask: BoolArray,
    *,
    scale: float = 1.0,
    name: str = "",
) -> FloatArray:
    """Shrunk rates per area (see the module docstring for the formula).

    Parameters
    ----------
    numerator, denominator : ndarray of float
        Event counts and population at risk per area.
    parent : ndarray
        The parent-area code of each area.
    mask : ndarray of bool
        Areas taking part (the universe).
    scale : float
        Multiplier of the output rate.
    name : str
        Indicator id for error messages.

    Examples
    --------
    >>> num = np.array([1.0, 9.0, 50.0, 50.0])
    >>> den = np.array([10.0, 10.0, 100.0, 100.0])
    >>> p = shrink_rates(num, den, np.array(["a", "a", "b", "b"]), np.ones(4, bool))
    >>> bool(0.1 < p[0] < 0.5 < p[1] < 0.9), p[2:].tolist()
    (True, [0.5, 0.5])
    """
    num = np.asarray(numerator, dtype=np.float64)
    den = np.asarray(denominator, dtype=np.float64)
    ok = mask & ~np.isnan(num) & ~np.isnan(den) & (den > 0)
    _check_counts(num, den, ok, name)
    out = np.full(num.shape, np.nan)
    if not ok.any():
        return out
    codes, parent_idx = np.unique(np.asarray(parent, dtype=str)[ok], return_inverse=True)
    r, n = num[ok], den[ok]
    z = np.log((r + 0.5) / (n - r + 0.5))
    s2 = 1.0 / (r + 0.5) + 1.0 / (n - r + 0.5)
    big_r = np.bincount(parent_idx, weights=r, minlength=codes.size)
    big_n = np.bincount(parent_idx, weights=n, minlength=codes.size)
    inner = (big_r > 0) & (big_r < big_n)
    with np.errstate(divide="ignore"):
        big_z = np.where(
            inner,
            np.log(np.where(inner, big_r, 1.0) / np.where(inner, big_n - big_r, 1.0)),
            np.log((big_r + 0.5) / (big_n - big_r + 0.5)),
        )
    m = np.bincount(parent_idx, minlength=codes.size)
    t2 = np.bincount(parent_idx, weights=(z - big_z[parent_idx]) ** 2, minlength=codes.size) / m
    t2j = t2[parent_idx]
    with np.errstate(divide="ignore", invalid="ignore"):
        w = np.where(t2j > 0, (1.0 / s2) / (1.0 / s2 + 1.0 / t2j), 0.0)
    z_star = w * z + (1.0 - w) * big_z[parent_idx]
    out[ok] = scale / (1.0 + np.exp(-z_star))
    return out


def _check_counts(num: FloatArray, den: FloatArray, ok: BoolArray, name: str) -> None:
    bad = ok & ((num < 0) | (num > den))
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        raise InvalidInput(
            f"indicator {name!r}: shrinkage needs 0 <= numerator <= denominator; row {row + 1} "
            f"has numerator {num[row]:g} and denominator {den[row]:g}."
        )
