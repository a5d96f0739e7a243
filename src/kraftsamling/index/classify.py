"""Classification of areas and flags.

- ``quantile``: class = ceil(rank * n / N), rank 1 = most vulnerable, N = areas ranked
  (deciles of the English IMD: decile 1 = the 10 % most deprived).
- ``cutoffs``: fixed breaks b_1 < ... < b_m give m + 1 classes; with ``closed = "left"``
  a value equal to a break goes to the class above it (intervals [b_j, b_j+1)).
- ``sd``: breaks at mean + k_j * SD of the values in the universe (SCB/Delmos area types
  use boundaries in SD units around the mean); then as ``cutoffs``.
- ``top_k``: 1 for the k most vulnerable areas (rank <= k, ties included), else 0.

Classes are numbered 1..m+1 from the lowest interval unless ``labels`` are given.
Areas outside the universe (or with a missing value) get NaN.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from kraftsamling.index.spec import ClassifySpec

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]


def quantile_classes(ranks: FloatArray, n: int) -> FloatArray:
    """ceil(rank * n / N) in exact integer arithmetic; N = number of ranked areas.

    Examples
    --------
    >>> quantile_classes(np.array([1.0, 2.0, 3.0, 4.0, 5.0, np.nan]), 2).tolist()
    [1.0, 1.0, 2.0, 2.0, 2.0, nan]
    """
    ranked = ~np.isnan(ranks)
    big_n = int(ranked.sum())
    out = np.full(ranks.shape, np.nan)
    if big_n == 0:
        return out
    r = ranks[ranked].astype(np.int64)
    out[ranked] = -((-r * n) // big_n)  # ceiling division without floating error
    return out


def interval_classes(
    values: FloatArray,
    breaks: tuple[float, ...] | FloatArray,
    labels: tuple[float, ...] = (),
    closed: str = "left",
) -> FloatArray:
    """Class of each value among the intervals cut by ``breaks``.

    Examples
    --------
    >>> interval_classes(np.array([0.5, 1.0, 2.5, np.nan]), (1.0, 2.0)).tolist()
    [1.0, 2.0, 3.0, nan]
    >>> interval_classes(np.array([0.5, 1.0, 2.5]), (1.0, 2.0), closed="right").tolist()
    [1.0, 1.0, 3.0]
    """
    b = np.asarray(breaks, dtype=np.float64)
    present = ~np.isnan(values)
    side = "right" if closed == "left" else "left"
    idx = np.searchsorted(b, np.where(present, values, 0.0), side=side)  # type: ignore[call-overload]
    lab = np.asarray(labels, dtype=np.float64) if labels else np.arange(1.0, b.size + 2.0)
    return np.where(present, lab[idx], np.nan)


def sd_breaks(
    values: FloatArray, mask: BoolArray, k: tuple[float, ...], ddof: int = 1
) -> FloatArray:
    """mean + k * SD over the masked, present values.

    Examples
    --------
    >>> sd_breaks(np.array([1.0, 2.0, 3.0]), np.ones(3, bool), (-1.0, 1.0)).tolist()
    [1.0, 3.0]
    """
    v = values[mask & ~np.isnan(values)]
    if v.size - ddof <= 0:
        return np.full(len(k), np.nan)
    return float(v.mean()) + np.asarray(k, dtype=np.float64) * float(np.std(v, ddof=ddof))


def classify(
    spec: ClassifySpec, values: FloatArray, ranks: FloatArray, universe: BoolArray
) -> FloatArray:
    """Apply a :class:`ClassifySpec`; ``values`` is the column named by ``spec.on``.

    ``ranks`` must be the 1 = most vulnerable ranks of the same column (ties min).
    """
    values = np.where(universe, values, np.nan)
    ranks = np.where(universe, ranks, np.nan)
    if spec.method == "quantile":
        return quantile_classes(ranks, spec.n)
    if spec.method == "top_k":
        return np.where(np.isnan(ranks), np.nan, (ranks <= spec.top_k).astype(np.float64))
    if spec.method == "cutoffs":
        return interval_classes(values, spec.breaks, spec.labels, spec.closed)
    if spec.method == "sd":
        breaks = sd_breaks(values, universe, spec.sd_k, spec.ddof)
        if np.isnan(breaks).any():
            return np.full(values.shape, np.nan)
        return interval_classes(values, breaks, spec.labels, spec.closed)
    return np.full(values.shape, np.nan)


def flag_values(normalised: FloatArray, threshold: float) -> FloatArray:
    """1.0 where normalised >= threshold, 0.0 below, NaN where missing.

    Examples
    --------
    >>> flag_values(np.array([0.95, 0.9, 0.1, np.nan]), 0.9).tolist()
    [1.0, 1.0, 0.0, nan]
    """
    with np.errstate(invalid="ignore"):
        return np.where(np.isnan(normalised), np.nan, (normalised >= threshold).astype(np.float64))
