"""Normalisation: put one indicator (or a group result) on a common scale.

Every function takes a 1-D array ``x`` of values already aligned so that higher means
worse, and a boolean ``mask`` of the values that take part (inside the universe and not
missing). Values outside the mask never influence the result and come back as NaN.

Methods and their sources:

- ``zscore``: (x - mean) / sd, sd with ``ddof`` (default 1, the sample SD that R's
  ``sd()`` and COINr's ``n_zscore`` use). A constant indicator gives 0 everywhere.
- ``minmax``: lower + (x - min) / (max - min) * (upper - lower); constant -> midpoint.
- ``rank``: rank 1 = lowest value (least vulnerable), ties by ``ties``.
- ``percentile_rank``: ``(r-1)/(N-1)`` (Excel's PERCENTRANK.INC, used by CDC's SVI with
  ties "min") or ``r/N``. N is the number of values taking part; N = 1 gives 1.0 (as
  PERCENTRANK.INC does).
- ``distance_to_reference``: x - ref ("difference") or x / ref ("ratio"); ref is a
  number or the max/min/mean of the values taking part.
- ``exponential_rank``: the exponential transformation of the English Indices of
  Deprivation 2019 (Technical Report, section 3.8): R = rank/N with rank 1 = least
  deprived, X = -c * ln(1 - R * (1 - exp(-100/c))) with c = 23, so X runs from about 0
  (least deprived) to 100 (most deprived).
- ``none``: values unchanged.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from kraftsamling.core.errors import InvalidInput
from kraftsamling.index.spec import NormaliseSpec

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]


def rank(values: FloatArray, ties: str = "min") -> FloatArray:
    """Ascending ranks (1 = lowest) of a 1-D array; NaN stays NaN and is not counted.

    Examples
    --------
    >>> rank(np.array([10.0, 30.0, 20.0, 30.0]), "min").tolist()
    [1.0, 3.0, 2.0, 3.0]
    >>> rank(np.array([10.0, 30.0, 20.0, 30.0]), "average").tolist()
    [1.0, 3.5, 2.0, 3.5]
    """
    return rank_columns(np.asarray(values, dtype=np.float64).reshape(-1, 1), ties)[:, 0]


def rank_columns(x: FloatArray, ties: str = "min") -> FloatArray:
    """Ascending ranks of every column of a 2-D array, NaN excluded (and kept as NaN).

    One ``argsort`` for all columns; tied runs get their first ("min"), last ("max")
    or mean ("average") position.

    Examples
    --------
    >>> rank_columns(np.array([[3.0, np.nan], [1.0, 2.0], [3.0, 1.0]]), "max").tolist()
    [[3.0, nan], [1.0, 2.0], [3.0, 1.0]]
    """
    if ties not in ("min", "max", "average"):
        raise InvalidInput(f"ties must be one of 'min', 'average', 'max'; got {ties!r}.")
    n = x.shape[0]
    missing = np.isnan(x)
    n_valid = n - missing.sum(axis=0)
    # numpy sorts much faster without NaN; +inf also sorts last (unless real +inf exists)
    keys = np.where(missing, np.inf, x) if missing.any() and not np.isposinf(x).any() else x
    order = np.argsort(keys, axis=0)
    s = np.take_along_axis(keys, order, axis=0)
    pos = np.arange(n, dtype=np.float64)[:, None]
    valid = pos < n_valid  # missing values sort to the end of each column
    differs = s[1:] != s[:-1]  # NaN differs from everything, so each NaN is its own run
    if ties == "max":
        r = _run_end(differs, pos, n)
    else:
        first = np.ones(s.shape, dtype=bool)
        first[1:] = differs
        start = np.maximum.accumulate(np.where(first, pos, 0.0), axis=0)
        r = start if ties == "min" else (start + _run_end(differs, pos, n)) / 2.0
    ranks = np.where(valid, r + 1.0, np.nan)
    out = np.empty_like(ranks)
    np.put_along_axis(out, order, ranks, axis=0)
    return out


def _run_end(differs: NDArray[np.bool_], pos: FloatArray, n: int) -> FloatArray:
    last = np.ones((n, differs.shape[1]), dtype=bool)
    last[:-1] = differs
    flipped = np.where(last, pos, float(n))[::-1]
    return np.minimum.accumulate(flipped, axis=0)[::-1]


def percentile_rank(
    values: FloatArray, ties: str = "min", formula: str = "(r-1)/(N-1)"
) -> FloatArray:
    """Percentile ranks in [0, 1] of a 1-D array without NaN.

    Examples
    --------
    >>> percentile_rank(np.array([5.0, 1.0, 3.0, 3.0, 9.0])).tolist()
    [0.75, 0.0, 0.25, 0.25, 1.0]
    """
    n = values.size
    r = rank(values, ties)
    if formula == "r/N":
        return r / n
    if n == 1:
        return np.ones(1)
    return (r - 1.0) / (n - 1.0)


def exponential_rank(values: FloatArray, ties: str = "min", constant: float = 23.0) -> FloatArray:
    """The English IoD exponential transformation of ranks (rank 1 = least deprived).

    Examples
    --------
    >>> np.round(exponential_rank(np.array([1.0, 2.0])), 6).tolist()  # R = 0.5, 1.0
    [15.64679, 100.0]
    """
    big_r = rank(values, ties) / values.size
    return -constant * np.log1p(-big_r * (1.0 - np.exp(-100.0 / constant)))


def normalise(x: FloatArray, mask: BoolArray, spec: NormaliseSpec, *, name: str = "") -> FloatArray:
    """Normalise the masked values of ``x`` by ``spec``; NaN elsewhere.

    Parameters
    ----------
    x : ndarray of float
        Values aligned so that higher = worse.
    mask : ndarray of bool
        Values that take part (inside the universe and present).
    spec : NormaliseSpec
        The method and its parameters.
    name : str
        Indicator or group id, used in error messages.

    Examples
    --------
    >>> x = np.array([1.0, 2.0, np.nan, 4.0])
    >>> normalise(x, ~np.isnan(x), NormaliseSpec("minmax")).tolist()
    [0.0, 0.3333333333333333, nan, 1.0]
    """
    out = np.full(x.shape, np.nan)
    mask = mask & ~np.isnan(x)
    v = x[mask]
    if v.size == 0:
        return out
    out[mask] = _normalise_present(v, spec, name)
    return out


def normalise_matrix(
    x: FloatArray,
    mask: BoolArray,
    specs: list[NormaliseSpec],
    names: tuple[str, ...] | list[str] = (),
) -> FloatArray:
    """Normalise every column of ``x`` by its own spec; rank methods share one sort.

    Parameters
    ----------
    x : ndarray, shape (n_areas, n_columns)
        Aligned values (higher = worse).
    mask : ndarray of bool, shape (n_areas,)
        Rows taking part (the universe); missing values are excluded per column.
    specs : list of NormaliseSpec, one per column
    names : column names for error messages

    Examples
    --------
    >>> x = np.array([[1.0, 5.0], [2.0, np.nan], [3.0, 1.0]])
    >>> normalise_matrix(x, np.ones(3, bool), [NormaliseSpec(), NormaliseSpec("rank")]).tolist()
    [[0.0, 2.0], [0.5, nan], [1.0, 1.0]]
    """
    out = np.full(x.shape, np.nan)
    inside = np.where(mask[:, None], x, np.nan)
    batches: dict[NormaliseSpec, list[int]] = {}
    for j, spec in enumerate(specs):
        batches.setdefault(spec, []).append(j)
    for spec, cols in batches.items():
        if spec.method in _RANK_METHODS:
            out[:, cols] = _rank_block(inside[:, cols], spec)
        else:
            for j in cols:
                name = names[j] if j < len(names) else f"column {j}"
                out[:, j] = normalise(x[:, j], mask, spec, name=name)
    return out


_RANK_METHODS = ("rank", "percentile_rank", "exponential_rank")


def _rank_block(block: FloatArray, spec: NormaliseSpec) -> FloatArray:
    r = rank_columns(block, spec.ties)
    n = (~np.isnan(block)).sum(axis=0).astype(np.float64)
    if spec.method == "rank":
        return r
    if spec.method == "exponential_rank":
        with np.errstate(invalid="ignore", divide="ignore"):
            big_r = r / n
        c = spec.exponential_constant
        return -c * np.log1p(-big_r * (1.0 - np.exp(-100.0 / c)))
    with np.errstate(invalid="ignore", divide="ignore"):
        if spec.formula == "r/N":
            return r / n
        # N = 1 gives 1.0, as Excel's PERCENTRANK.INC does for a single value
        return np.where(n > 1, (r - 1.0) / (n - 1.0), np.where(np.isnan(r), np.nan, 1.0))


def _normalise_present(v: FloatArray, spec: NormaliseSpec, name: str) -> FloatArray:
    method = spec.method
    if method == "percentile_rank":
        return percentile_rank(v, spec.ties, spec.formula)
    if method == "rank":
        return rank(v, spec.ties)
    if method == "exponential_rank":
        return exponential_rank(v, spec.ties, spec.exponential_constant)
    if method == "zscore":
        if v.size - spec.ddof <= 0:
            return np.zeros_like(v)
        sd = float(np.std(v, ddof=spec.ddof))
        return np.zeros_like(v) if sd == 0.0 else (v - v.mean()) / sd
    if method == "minmax":
        lo, hi = float(v.min()), float(v.max())
        if hi == lo:
            return np.full_like(v, (spec.lower + spec.upper) / 2.0)
        return spec.lower + (v - lo) / (hi - lo) * (spec.upper - spec.lower)
    if method == "distance_to_reference":
        return _distance(v, spec, name)
    if method == "none":
        return v.copy()
    raise InvalidInput(f"{name}: unknown normalisation method {method!r}.")


def _distance(v: FloatArray, spec: NormaliseSpec, name: str) -> FloatArray:
    ref_word = spec.reference
    if isinstance(ref_word, str):
        ref = float(v.max() if ref_word == "max" else v.min() if ref_word == "min" else v.mean())
    else:
        ref = float(ref_word)
    if spec.reference_kind == "ratio":
        if ref == 0.0:
            raise InvalidInput(
                f"{name}: distance_to_reference with reference_kind 'ratio' needs a non-zero "
                f"reference; got {spec.reference!r} = 0."
            )
        return v / ref
    return v - ref


def rank_descending(values: FloatArray, mask: BoolArray | None = None) -> FloatArray:
    """Ranks with 1 = highest value, ties get the minimum rank; NaN/masked-out -> NaN.

    Works on a 1-D array or column-wise on a 2-D array (areas x draws).

    Examples
    --------
    >>> rank_descending(np.array([0.2, 0.9, np.nan, 0.9])).tolist()
    [3.0, 1.0, nan, 1.0]
    """
    x = np.asarray(values, dtype=np.float64)
    neg = -x
    if mask is not None:
        neg = np.where(mask if x.ndim == 1 else mask[:, None], neg, np.nan)
    if x.ndim == 1:
        return rank_columns(neg.reshape(-1, 1), "min")[:, 0]
    return rank_columns(neg, "min")
