"""Imputation of missing indicator values inside the ranking universe.

- ``mean`` / ``median``: the indicator's mean / median over the universe (column-wise).
- ``group_mean``: the mean of the *same area's* other indicators in the same aggregation
  group (row-wise within the group), as COINr's ``Impute(..., impute_by = "row",
  group_level = ...)`` does ("impute by the mean of the other indicators in the same
  aggregation group for that unit"). Indicators have different units, so by default
  (``normalise_first = true``, as COINr's ``normalise_first`` option) each indicator is
  first min-max scaled to [0, 1] over the universe with its direction applied, the
  group mean is taken on that scale, and the result is scaled back to the missing
  indicator's own range and direction. With ``normalise_first = false`` the raw values
  are averaged. Indicators placed directly under the root form one group together. An
  area with no other value in the group keeps its gap.

Values outside the universe are never used and never filled.
Source: Becker W. et al., COINr documentation, "Imputation" vignette (COINr 1.x).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from kraftsamling.core.errors import InvalidInput

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]


def impute(
    raw: FloatArray,
    universe: BoolArray,
    method: str,
    *,
    groups: Sequence[Sequence[int]] = (),
    signs: FloatArray | None = None,
    normalise_first: bool = True,
) -> tuple[FloatArray, BoolArray]:
    """Fill gaps in ``raw`` (areas x indicators) inside ``universe``.

    Parameters
    ----------
    raw : ndarray, shape (n_areas, n_indicators)
    universe : ndarray of bool, shape (n_areas,)
    method : {"none", "mean", "median", "group_mean"}
    groups : column positions of the indicators sharing a group (``group_mean``)
    signs : +1 / -1 per indicator (direction; ``group_mean`` with ``normalise_first``)
    normalise_first : see the module docstring.

    Returns
    -------
    filled : ndarray
        A copy of ``raw`` with gaps filled where possible.
    imputed : ndarray of bool
        Where a value was filled.

    Examples
    --------
    >>> raw = np.array([[1.0, 10.0], [np.nan, 20.0], [3.0, np.nan]])
    >>> filled, where = impute(raw, np.ones(3, bool), "mean")
    >>> filled.tolist()
    [[1.0, 10.0], [2.0, 20.0], [3.0, 15.0]]
    """
    filled = raw.copy()
    gaps = np.isnan(raw) & universe[:, None]
    if method == "none" or not gaps.any():
        return filled, np.zeros(raw.shape, dtype=bool)
    inside = np.where(universe[:, None], raw, np.nan)
    if method in ("mean", "median"):
        counts = (~np.isnan(inside)).sum(axis=0)
        safe = np.where(counts > 0, 1.0, np.nan)  # all-missing columns stay missing
        fill = _column_stat(inside, method) * safe
        filled = np.where(gaps, fill[None, :], raw)
    elif method == "group_mean":
        filled = _group_mean(raw, inside, gaps, groups, signs, normalise_first)
    else:
        raise InvalidInput(
            f"impute method must be one of 'none', 'mean', 'median', 'group_mean'; got {method!r}."
        )
    imputed = gaps & ~np.isnan(filled)
    return filled, imputed


def _column_stat(inside: FloatArray, method: str) -> FloatArray:
    out = np.full(inside.shape[1], np.nan)
    for j in range(inside.shape[1]):
        v = inside[:, j]
        v = v[~np.isnan(v)]
        if v.size:
            out[j] = v.mean() if method == "mean" else np.median(v)
    return out


def _group_mean(
    raw: FloatArray,
    inside: FloatArray,
    gaps: BoolArray,
    groups: Sequence[Sequence[int]],
    signs: FloatArray | None,
    normalise_first: bool,
) -> FloatArray:
    n_ind = raw.shape[1]
    sign = np.ones(n_ind) if signs is None else np.asarray(signs, dtype=np.float64)
    aligned = inside * sign
    if normalise_first:
        lo = np.array([_nan_or(np.nanmin, aligned[:, j]) for j in range(n_ind)])
        hi = np.array([_nan_or(np.nanmax, aligned[:, j]) for j in range(n_ind)])
        span = np.where(hi > lo, hi - lo, 1.0)
        scaled = (aligned - lo) / span
    else:
        lo, span, scaled = np.zeros(n_ind), np.ones(n_ind), inside
    filled = raw.copy()
    for cols in groups:
        idx = np.asarray(cols, dtype=np.intp)
        block = scaled[:, idx]
        present = ~np.isnan(block)
        count = present.sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            row_mean = np.where(present, block, 0.0).sum(axis=1) / count
        row_mean = np.where(count > 0, row_mean, np.nan)
        for j in idx:
            target = gaps[:, j]
            if not target.any():
                continue
            # back to the indicator's own scale and sign
            value = (lo[j] + row_mean * span[j]) * sign[j] if normalise_first else row_mean
            filled[target, j] = value[target]
    return filled


def _nan_or(func: object, v: FloatArray) -> float:
    present = v[~np.isnan(v)]
    if present.size == 0:
        return float("nan")
    return float(func(present))  # type: ignore[operator]
