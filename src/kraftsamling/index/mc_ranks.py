"""The rank kernel of the Monte Carlo run and the per-area rank summaries.

:func:`rank_rows` ranks many draws' scores at once by one integer sort per draw of a key
that packs a quantised score above the area's index; scores equal after quantisation
are then ordered by their exact values. :func:`sort_rows`, :func:`row_quantiles` and
:func:`count_at_most` turn an areas x draws rank matrix into quantiles and counts.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]
IntArray = NDArray[np.int64]


class RankWorkspace:
    """Per-thread buffers, reused across blocks: fresh large arrays cost page faults."""

    def __init__(self, rows: int, n: int, rank_dtype: Any) -> None:
        self.index_bits = max(1, (n - 1).bit_length())
        wide = self.index_bits > 14  # fewer than 18 bits left for the score in 32
        self.key_dtype = np.uint64 if wide else np.uint32
        total_bits = 64 if wide else 32
        self.score_bits = min(total_bits - self.index_bits, 52)
        self.scores = np.empty((rows, n))
        self.temp = np.empty((rows, n))
        self.keys = np.empty((rows, n), dtype=self.key_dtype)
        self.xor = np.empty((rows, max(n - 1, 1)), dtype=self.key_dtype)
        self.equal = np.empty((rows, max(n - 1, 1)), dtype=bool)
        self.order = np.empty((rows, n), dtype=np.intp)
        self.ranks = np.empty((rows, n), dtype=rank_dtype)
        self.template = np.ascontiguousarray(
            np.broadcast_to(np.arange(1, n + 1, dtype=rank_dtype), (rows, n))
        )
        self.area = np.arange(n, dtype=self.key_dtype)
        self.offsets = (np.arange(rows, dtype=np.intp) * n)[:, None]


def rank_rows(
    scores: FloatArray, ws: RankWorkspace | None = None, missing: BoolArray | None = None
) -> NDArray[Any]:
    """Rank every row of ``scores``: 1 = highest, ties get the minimum rank.

    ``missing`` marks entries that are not ranked (rank 0); ``scores`` is overwritten
    there. The result is a view of the workspace's buffer when ``ws`` is given (copy it
    before the next call).

    Examples
    --------
    >>> rank_rows(np.array([[0.5, 2.0, 0.5, 1.0]])).tolist()
    [[3, 1, 3, 2]]
    """
    c, n = scores.shape
    if ws is None:
        ws = RankWorkspace(c, n, np.int16 if n < np.iinfo(np.int16).max else np.int32)
    ranks = ws.ranks[:c]
    if n == 0 or c == 0:
        return ranks
    if missing is not None:
        np.copyto(scores, np.inf, where=missing)
        lo = scores.min(axis=1)
        np.copyto(scores, -np.inf, where=missing)
        hi = scores.max(axis=1)
        empty = ~np.isfinite(lo)
        lo[empty] = hi[empty] = 0.0
        # the lowest score: ties with real areas but never counts as higher than one
        np.copyto(scores, np.broadcast_to(lo[:, None], scores.shape), where=missing)
    else:
        lo, hi = scores.min(axis=1), scores.max(axis=1)
    _sorted_keys(scores, lo, hi, ws)
    keys = ws.keys[:c]
    order = ws.order[:c]
    np.bitwise_and(keys, ws.key_dtype((1 << ws.index_bits) - 1), out=order, casting="unsafe")
    order += ws.offsets[:c]
    ranks.reshape(-1)[order.reshape(-1)] = ws.template[:c].reshape(-1)
    if n > 1:
        _fix_equal_keys(scores, ws, c, n)
    if missing is not None:
        ranks[missing] = 0
    return ranks


def _sorted_keys(scores: FloatArray, lo: FloatArray, hi: FloatArray, ws: RankWorkspace) -> None:
    """keys = (quantised distance below the row maximum) << index_bits | area, sorted."""
    c = scores.shape[0]
    top = float((1 << ws.score_bits) - 1)
    span = hi - lo
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        scale = np.where(span > 0, top / span, 0.0)
    scale[~np.isfinite(scale)] = 0.0
    temp = ws.temp[:c]
    # floating subtraction and multiplication are monotone, so a higher score never
    # gets a larger key; equal keys are settled by _fix_equal_keys
    np.subtract(hi[:, None], scores, out=temp)
    temp *= scale[:, None]
    np.minimum(temp, top, out=temp)
    keys = ws.keys[:c]
    np.copyto(keys, temp, casting="unsafe")
    keys <<= ws.key_dtype(ws.index_bits)
    keys |= ws.area
    keys.sort(axis=1)


def _fix_equal_keys(scores: FloatArray, ws: RankWorkspace, c: int, n: int) -> None:
    """Reorder runs of equal quantised scores by their exact values; ties share a rank."""
    keys, xor, equal = ws.keys[:c], ws.xor[:c, : n - 1], ws.equal[:c, : n - 1]
    np.bitwise_xor(keys[:, 1:], keys[:, :-1], out=xor)
    np.less(xor, ws.key_dtype(1 << ws.index_bits), out=equal)
    pairs = np.flatnonzero(equal)
    if pairs.size == 0:
        return
    # flat positions (in the c x n sorted keys) whose successor has the same quantised score;
    # consecutive ones chain into one run, which ends one position after its last start
    starts = (pairs // (n - 1)) * n + pairs % (n - 1)
    new_run = np.ones(starts.size, dtype=bool)
    new_run[1:] = starts[1:] != starts[:-1] + 1
    last = np.ones(starts.size, dtype=bool)
    last[:-1] = new_run[1:]
    run_of_start = np.cumsum(new_run) - 1
    first = starts[new_run]
    length = np.diff(np.append(np.flatnonzero(new_run), starts.size)) + 1
    pos = np.concatenate((starts, starts[last] + 1))
    run = np.concatenate((run_of_start, run_of_start[last]))
    order = ws.order[:c].reshape(-1)
    flat_area = order[pos]
    values = scores.reshape(-1)[flat_area]
    # complex numbers sort by real part, then imaginary part: by run, then by score descending
    perm = np.argsort(run + 1j * -values)
    flat_area, values, run = flat_area[perm], values[perm], run[perm]
    within = np.arange(pos.size) - (np.cumsum(length) - length)[run]
    rank = (first[run] + within) % n + 1
    tie = np.zeros(pos.size, dtype=bool)
    tie[1:] = (run[1:] == run[:-1]) & (values[1:] == values[:-1])
    lead = np.where(tie, 0, np.arange(pos.size))
    np.maximum.accumulate(lead, out=lead)
    ws.ranks[:c].reshape(-1)[flat_area] = rank[lead]


# --------------------------------------------------------------------------- summaries


def sort_rows(matrix: NDArray[Any], n_jobs: int = 1, block: int = 256) -> None:
    """Sort each row in place, in parallel blocks (radix sort for 16-bit integers)."""
    kind: Any = "stable" if matrix.dtype.itemsize <= 2 else None
    starts = range(0, matrix.shape[0], block)

    def work(s: int) -> None:
        matrix[s : s + block].sort(axis=1, kind=kind)

    if n_jobs > 1 and matrix.shape[0] > block:
        with ThreadPoolExecutor(n_jobs) as pool:
            list(pool.map(work, starts))
    else:
        for s in starts:
            work(s)


def row_quantiles(sorted_rows: NDArray[Any], valid: IntArray, q: float) -> FloatArray:
    """Linear-interpolation quantile (R type 7) of each row's last ``valid`` entries.

    Examples
    --------
    >>> row_quantiles(np.array([[0, 1, 2, 4], [1, 2, 3, 4]]), np.array([3, 4]), 0.5).tolist()
    [2.0, 2.5]
    """
    d = sorted_rows.shape[1]
    valid = np.asarray(valid, dtype=np.int64)
    h = (np.maximum(valid, 1) - 1) * q
    lo = np.floor(h).astype(np.int64)
    hi = np.minimum(lo + 1, np.maximum(valid - 1, 0))
    skip = d - valid
    x_lo = np.take_along_axis(sorted_rows, np.clip(skip + lo, 0, d - 1)[:, None], axis=1)[:, 0]
    x_hi = np.take_along_axis(sorted_rows, np.clip(skip + hi, 0, d - 1)[:, None], axis=1)[:, 0]
    out = x_lo + (h - lo) * (x_hi.astype(np.float64) - x_lo)
    return np.where(valid > 0, out, np.nan)


def count_at_most(sorted_rows: NDArray[Any], value: int) -> IntArray:
    """Entries <= value in each sorted row: a binary search run on all rows at once.

    Examples
    --------
    >>> count_at_most(np.array([[0, 1, 1, 5], [2, 3, 4, 4]]), 1).tolist()
    [3, 0]
    """
    n, d = sorted_rows.shape
    lo = np.zeros(n, dtype=np.int64)  # invariant: the first lo entries are <= value
    hi = np.full(n, d, dtype=np.int64)  # entries from hi on are > value
    rows = np.arange(n)
    while (lo < hi).any():
        mid = (lo + hi) // 2
        at = sorted_rows[rows, np.minimum(mid, d - 1)]
        below = (at <= value) & (lo < hi)
        lo = np.where(below, mid + 1, lo)
        hi = np.where(~below & (lo < hi), mid, hi)
    return lo


def rank_whole_rows(
    values: FloatArray, missing: BoolArray | None, keys: NDArray[Any], ranks: NDArray[Any]
) -> NDArray[Any] | None:
    """Rank every row of whole-number ``values`` (1 = highest, ties min, 0 = missing).

    Scores rounded to d decimals are whole numbers once scaled by 10**d, so one sort of
    keys that pack (row maximum - value) above the area's index ranks them, ties and
    all, without the exact-value pass of :func:`rank_rows`. ``keys`` (uint32 or uint64)
    and ``ranks`` are buffers shaped like ``values``; ``values`` is overwritten. Returns
    None when the values span too many integers for the keys (use :func:`rank_rows`).

    Examples
    --------
    >>> v = np.array([[5.0, 9.0, 5.0, 7.0]])
    >>> rank_whole_rows(v, None, np.empty((1, 4), np.uint32), np.empty((1, 4), np.int16))
    array([[3, 1, 3, 2]], dtype=int16)
    """
    c, n = values.shape
    if c == 0 or n == 0:
        return ranks
    index_bits = max(1, (n - 1).bit_length())
    if missing is not None:
        np.copyto(values, -np.inf, where=missing)
    hi = values.max(axis=1, keepdims=True)
    if missing is not None:
        np.copyto(values, np.inf, where=missing)
    lo = values.min(axis=1, keepdims=True)
    if missing is not None:
        np.copyto(values, np.nan, where=missing)
    empty = ~np.isfinite(hi)
    hi[empty] = lo[empty] = 0.0
    span = float((hi - lo).max()) + 1.0  # + 1: the missing entries go last
    if not span < 2.0 ** (keys.dtype.itemsize * 8 - index_bits) or not span < 2.0**52:
        return None  # values are left as they were, but for the missing ones
    if missing is not None:
        np.copyto(values, lo - 1.0, where=missing)
    np.subtract(hi, values, out=values)
    values *= float(1 << index_bits)
    values += np.arange(n, dtype=np.float64)  # exact: every key stays below 2**53
    np.copyto(keys, values, casting="unsafe")
    keys.sort(axis=1)
    order = np.bitwise_and(keys, keys.dtype.type((1 << index_bits) - 1)).astype(np.intp)
    keys >>= keys.dtype.type(index_bits)
    first = np.ones((c, n), dtype=bool)
    np.not_equal(keys[:, 1:], keys[:, :-1], out=first[:, 1:])
    start = np.where(first, np.arange(1, n + 1, dtype=ranks.dtype), ranks.dtype.type(0))
    np.maximum.accumulate(start, axis=1, out=start)
    np.put_along_axis(ranks, order, start, axis=1)
    if missing is not None:
        ranks[missing] = 0
    return ranks
