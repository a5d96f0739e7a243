"""Outlier treatment of raw indicator values, with a record of what was done.

- ``winsorise``: clip to the ``lower_quantile`` / ``upper_quantile`` of the values in the
  universe (quantiles by linear interpolation, R's type 7 and numpy's default). A
  quantile of 0 or 1 means no clipping on that side.
- ``coinr``: the default rule of COINr's ``Treat()`` / ``qTreat()`` (COINr 1.x
  documentation, "Outlier Treatment" vignette and ``winsorise()``):

  1. An indicator *fails* when |skew| > ``skew_threshold`` AND kurtosis >
     ``kurtosis_threshold``. Skew and kurtosis are the sample-adjusted versions COINr
     uses (e1071 type 2, the same as Excel's SKEW and KURT; kurtosis is excess).
  2. While it fails and fewer than ``max_winsorised`` points are treated, the most
     extreme point on the side of the skew (highest if skew >= 0, else lowest) is
     reassigned the next value inward; tied extremes move together and all count.
  3. If it still fails, winsorising is undone and the original values are
     log-transformed: log(x - min + a) with a = 0.01 * (max - min) for positive skew
     (COINr's ``log_CT``), and -log(max + a - x) for negative skew (``log_CT_plus``),
     so the transform keeps the indicator's order.

Every treatment is recorded per indicator in a :class:`Treatment`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]


@dataclass(frozen=True)
class Treatment:
    """What outlier treatment did to one indicator."""

    action: str  # "none", "winsorised", "log"
    n_low: int = 0
    n_high: int = 0
    low_bound: float | None = None
    high_bound: float | None = None
    skew_before: float | None = None
    kurtosis_before: float | None = None
    skew_after: float | None = None
    kurtosis_after: float | None = None

    def to_dict(self) -> dict[str, Any]:
        """Plain mapping for JSON output."""
        return asdict(self)


def skew(v: FloatArray) -> float:
    """Sample skewness, bias-adjusted (Excel SKEW, e1071 type 2); NaN for n < 3 or constant.

    Examples
    --------
    >>> round(skew(np.array([1.0, 2.0, 3.0, 10.0])), 4)
    1.7636
    """
    n = v.size
    if n < 3:
        return float("nan")
    d = v - v.mean()
    m2 = float((d**2).sum())
    if m2 == 0.0:
        return float("nan")
    g1 = np.sqrt(n) * float((d**3).sum()) / m2**1.5
    return float(g1 * np.sqrt(n * (n - 1)) / (n - 2))


def kurtosis(v: FloatArray) -> float:
    """Sample excess kurtosis, bias-adjusted (Excel KURT, e1071 type 2); NaN for n < 4.

    Examples
    --------
    >>> round(kurtosis(np.array([1.0, 2.0, 3.0, 10.0])), 4)
    3.228
    """
    n = v.size
    if n < 4:
        return float("nan")
    d = v - v.mean()
    m2 = float((d**2).sum())
    if m2 == 0.0:
        return float("nan")
    r = n * float((d**4).sum()) / m2**2
    return float(((n + 1) * (r - 3) + 6) * (n - 1) / ((n - 2) * (n - 3)))


def fails(v: FloatArray, skew_threshold: float, kurtosis_threshold: float) -> bool:
    """True when |skew| > threshold and kurtosis > threshold (NaN statistics pass)."""
    s, k = skew(v), kurtosis(v)
    return bool(abs(s) > skew_threshold and k > kurtosis_threshold)


def winsorise_quantiles(
    x: FloatArray, mask: BoolArray, lower_q: float, upper_q: float
) -> tuple[FloatArray, Treatment]:
    """Clip the masked values to their quantiles.

    Examples
    --------
    >>> x = np.array([1.0, 2.0, 3.0, 4.0, 100.0])
    >>> y, t = winsorise_quantiles(x, np.ones(5, bool), 0.0, 0.75)
    >>> y.tolist(), t.n_high
    ([1.0, 2.0, 3.0, 4.0, 4.0], 1)
    """
    m = mask & ~np.isnan(x)
    v = x[m]
    if v.size == 0:
        return x.copy(), Treatment("none")
    lo = float(np.quantile(v, lower_q)) if lower_q > 0 else -np.inf
    hi = float(np.quantile(v, upper_q)) if upper_q < 1 else np.inf
    out = x.copy()
    out[m] = np.clip(v, lo, hi)
    n_low, n_high = int((v < lo).sum()), int((v > hi).sum())
    action = "winsorised" if n_low or n_high else "none"
    return out, Treatment(
        action,
        n_low=n_low,
        n_high=n_high,
        low_bound=lo if np.isfinite(lo) else None,
        high_bound=hi if np.isfinite(hi) else None,
    )


def coinr_treat(
    x: FloatArray,
    mask: BoolArray,
    max_winsorised: int = 5,
    skew_threshold: float = 2.0,
    kurtosis_threshold: float = 3.5,
) -> tuple[FloatArray, Treatment]:
    """COINr's default treatment of one indicator (see the module docstring).

    Examples
    --------
    >>> x = np.array([1.0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 30, 100])
    >>> y, t = coinr_treat(x, np.ones(12, bool), max_winsorised=2)
    >>> t.action, t.n_high, y[-2:].tolist()  # 100 -> 30 is enough
    ('winsorised', 1, [30.0, 30.0])
    """
    m = mask & ~np.isnan(x)
    v0 = x[m]
    s0, k0 = skew(v0), kurtosis(v0)
    if not fails(v0, skew_threshold, kurtosis_threshold):
        return x.copy(), Treatment("none", skew_before=_f(s0), kurtosis_before=_f(k0))
    v = v0.copy()
    low: set[int] = set()
    high: set[int] = set()
    while fails(v, skew_threshold, kurtosis_threshold) and len(low) + len(high) < max_winsorised:
        if skew(v) >= 0:
            top = v.max()
            at = np.flatnonzero(v == top)
            rest = v[v < top]
            if rest.size == 0:
                break
            v[at] = rest.max()
            high.update(at.tolist())
        else:
            bottom = v.min()
            at = np.flatnonzero(v == bottom)
            rest = v[v > bottom]
            if rest.size == 0:
                break
            v[at] = rest.min()
            low.update(at.tolist())
    out = x.copy()
    if not fails(v, skew_threshold, kurtosis_threshold):
        out[m] = v
        return out, Treatment(
            "winsorised", n_low=len(low), n_high=len(high),
            low_bound=float(v.min()) if low else None,
            high_bound=float(v.max()) if high else None,
            skew_before=_f(s0), kurtosis_before=_f(k0),
            skew_after=_f(skew(v)), kurtosis_after=_f(kurtosis(v)),
        )  # fmt: skip
    lo, hi = float(v0.min()), float(v0.max())
    a = 0.01 * (hi - lo)
    logged = np.log(v0 - lo + a) if s0 > 0 else -np.log(hi + a - v0)
    out[m] = logged
    return out, Treatment(
        "log", skew_before=_f(s0), kurtosis_before=_f(k0),
        skew_after=_f(skew(logged)), kurtosis_after=_f(kurtosis(logged)),
    )  # fmt: skip


def _f(value: float) -> float | None:
    return None if value != value else float(value)
