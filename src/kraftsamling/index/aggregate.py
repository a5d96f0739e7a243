"""Aggregation of a node's members (indicators or child groups) into one value per area.

- ``sum``: sum of w_i * x_i (CDC's SVI sums percentile ranks with weight 1).
- ``arithmetic``: sum of w_i * x_i / sum of w_i.
- ``geometric``: prod x_i ** (w_i / sum of w_i); every value taking part must be > 0.

Missing members follow the universe's ``missing_policy``:

- ``propagate``: a missing member makes the result missing (whatever its weight);
- ``available``: the result uses the present members, with weights renormalised over
  them. For ``sum`` the present part is scaled by (total weight / present weight), so a
  sum over fewer members stays on the same scale as a full one. No member present ->
  missing.

The linear path (:func:`is_linear`, :func:`effective_weights`) folds the tree into one
coefficient per indicator, so Monte Carlo code can score many weight draws with one matrix
product. A missing value times a zero coefficient is still NaN, which is exactly
"propagate"; a group whose members all weigh zero drops out of its parent in both paths.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from numpy.typing import NDArray

from kraftsamling.core.errors import InvalidInput
from kraftsamling.index.spec import IndexSpec

FloatArray = NDArray[np.float64]


def aggregate(
    values: FloatArray,
    weights: FloatArray,
    method: str = "sum",
    missing_policy: str = "propagate",
    *,
    names: Sequence[str] = (),
    where: str = "",
) -> FloatArray:
    """Aggregate the columns of ``values`` (areas x members) into one value per area.

    Parameters
    ----------
    values : ndarray, shape (n_areas, n_members)
        Member values; NaN = missing.
    weights : ndarray, shape (n_members,)
        Non-negative weights, not all zero.
    method : {"sum", "arithmetic", "geometric"}
    missing_policy : {"propagate", "available"}
    names, where : used in error messages (member ids, the node's name).

    Examples
    --------
    >>> v = np.array([[0.25, 0.5], [0.5, np.nan]])
    >>> aggregate(v, np.array([1.0, 3.0]), "arithmetic").tolist()
    [0.4375, nan]
    >>> aggregate(v, np.array([1.0, 3.0]), "arithmetic", "available").tolist()
    [0.4375, 0.5]
    """
    values = np.asarray(values, dtype=np.float64)
    w = np.asarray(weights, dtype=np.float64)
    if values.ndim != 2 or values.shape[1] != w.size:
        raise InvalidInput(
            f"{where or 'aggregate'}: expected {w.size} member columns for {w.size} weights; "
            f"got values of shape {values.shape}."
        )
    if (w < 0).any() or not np.isfinite(w).all() or w.sum() <= 0:
        raise InvalidInput(
            f"{where or 'aggregate'}: weights must be finite, >= 0 and not all zero; "
            f"got {w.tolist()}."
        )
    if method == "geometric":
        _check_positive(values, names, where)
    columns = [values[:, j] for j in range(w.size)]
    return combine(columns, [float(x) for x in w], method, missing_policy)


def combine(
    columns: Sequence[FloatArray],
    weights: Sequence[float | FloatArray],
    method: str = "sum",
    missing_policy: str = "propagate",
    *,
    out: FloatArray | None = None,
    scratch: FloatArray | None = None,
) -> FloatArray:
    """Aggregate member columns elementwise, adding the weighted members left to right.

    The engine and the Monte Carlo code share this arithmetic: each member's column may be
    one area vector or a draws x areas block, and each weight a number or a column of
    per-draw weights. Elementwise IEEE operations in a fixed order give bit-identical
    results for every shape, which a matrix product (whose summation order is the BLAS
    library's choice) does not. Weights are not checked here (see :func:`aggregate`).
    ``out`` (of the broadcast shape) receives the result under "propagate" when given, and
    ``scratch`` (the same shape) holds the terms.

    Examples
    --------
    >>> combine([np.array([0.25, 0.5]), np.array([0.5, 1.0])], [1.0, 3.0], "arithmetic").tolist()
    [0.4375, 0.875]
    """
    if method not in ("sum", "arithmetic", "geometric"):
        raise InvalidInput(
            f"aggregation must be 'sum', 'arithmetic' or 'geometric'; got {method!r}."
        )
    if missing_policy not in ("propagate", "available"):
        raise InvalidInput(
            f"missing_policy must be 'propagate' or 'available'; got {missing_policy!r}."
        )
    shape = np.broadcast_shapes(*(np.shape(c) for c in columns), *(np.shape(w) for w in weights))
    total = _left_to_right(weights)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        if missing_policy == "propagate":
            terms = [np.log(c) for c in columns] if method == "geometric" else columns
            acc = _weighted_sum(terms, weights, shape, out, scratch)
            if method == "sum":
                return acc
            np.divide(acc, total, out=acc)
            return acc if method == "arithmetic" else np.exp(acc, out=acc)
        present = [~np.isnan(c) for c in columns]
        if method == "geometric":
            filled = [
                np.where(p, np.log(np.where(p, c, 1.0)), 0.0)
                for p, c in zip(present, columns, strict=True)
            ]
        else:
            filled = [np.where(p, c, 0.0) for p, c in zip(present, columns, strict=True)]
        acc = _weighted_sum(filled, weights, shape)
        w_present = _weighted_sum([p.astype(np.float64) for p in present], weights, shape)
        if method == "sum":
            out = acc * (total / w_present)
        elif method == "arithmetic":
            out = acc / w_present
        else:
            out = np.exp(acc / w_present)
    return np.where(w_present > 0, out, np.nan)


def _weighted_sum(
    columns: Sequence[FloatArray],
    weights: Sequence[float | FloatArray],
    shape: tuple[int, ...],
    out: FloatArray | None = None,
    scratch: FloatArray | None = None,
) -> FloatArray:
    acc = np.empty(shape) if out is None else out
    term = np.empty(shape) if scratch is None else scratch
    np.multiply(columns[0], weights[0], out=acc)
    for col, w in zip(columns[1:], weights[1:], strict=True):
        np.multiply(col, w, out=term)  # rounded, then added: never a fused multiply-add
        acc += term
    return acc


def _left_to_right(weights: Sequence[float | FloatArray]) -> float | FloatArray:
    total = weights[0]
    for w in weights[1:]:
        total = total + w
    return total


def _check_positive(values: FloatArray, names: Sequence[str], where: str) -> None:
    bad = ~np.isnan(values) & (values <= 0)
    if not bad.any():
        return
    row, col = (int(i) for i in np.argwhere(bad)[0])
    member = names[col] if col < len(names) else f"column {col}"
    raise InvalidInput(
        f"{where or 'aggregate'}: the geometric mean needs values > 0, but member {member!r} "
        f"has {float(values[row, col]):g} in row {row + 1} ({int(bad.sum())} such values). "
        "Choose a normalisation with positive output (e.g. percentile_rank with formula 'r/N', "
        "or minmax with lower > 0)."
    )


def count_flags(flags: FloatArray, missing_policy: str) -> FloatArray:
    """Count flags (1/0/NaN) per row; NaN under ``propagate`` when any flag is missing.

    Examples
    --------
    >>> count_flags(np.array([[1.0, 0.0, 1.0], [1.0, np.nan, 0.0]]), "propagate").tolist()
    [2.0, nan]
    """
    if flags.shape[1] == 0:
        return np.full(flags.shape[0], np.nan)
    if missing_policy == "propagate":
        return flags.sum(axis=1)
    present = ~np.isnan(flags)
    return np.where(present.any(axis=1), np.where(present, flags, 0.0).sum(axis=1), np.nan)


# --------------------------------------------------------------------------- linear path


def linear_reason(spec: IndexSpec) -> str | None:
    """Why the root score is not a fixed linear combination of the matrix (None if it is)."""
    nodes = [("the root", spec.aggregate.aggregation)] + [
        (f"group {g.id!r}", g.aggregation) for g in spec.groups
    ]
    for where, agg in nodes:
        if agg == "geometric":
            return f"{where} uses the geometric mean"
    for grp in spec.groups:
        if grp.pass_up != "score":
            return f"group {grp.id!r} passes up its renormalised value"
    for stage in ("group_score", "score"):
        if spec.rounding_for(stage) is not None:
            return f"values are rounded at stage {stage!r}"
    if spec.universe.missing_policy != "propagate":
        return "missing_policy is 'available' (weights change with missing members)"
    return None


def is_linear(spec: IndexSpec) -> bool:
    """True when ``score == prepared.matrix @ effective_weights(spec)`` for every weight choice.

    That holds with only sum/arithmetic aggregation, pass_up = "score" everywhere, no
    rounding at stages "group_score" or "score", and missing_policy "propagate".
    """
    return linear_reason(spec) is None


def effective_weights(
    spec: IndexSpec,
    weights: Sequence[float] | FloatArray | None = None,
    *,
    group_weights: Mapping[str, float | FloatArray] | None = None,
) -> FloatArray:
    """The coefficients c with root score = matrix @ c, for a linear spec.

    Parameters
    ----------
    spec : IndexSpec
        Must satisfy :func:`is_linear`.
    weights : array-like, shape (n_indicators,) or (n_draws, n_indicators), optional
        Indicator weights; several draws at once give one coefficient column per draw.
    group_weights : mapping of group id -> weight or array (n_draws,), optional

    Returns
    -------
    ndarray, shape (n_indicators,) or (n_indicators, n_draws)

    Examples
    --------
    >>> from kraftsamling.index.spec import parse_spec
    >>> spec = parse_spec({"index": {"id": "t", "id_column": "id"},
    ...     "indicator": [{"id": "a", "group": "g"}, {"id": "b", "group": "g", "weight": 3},
    ...                   {"id": "c"}],
    ...     "group": [{"id": "g", "aggregation": "arithmetic"}]})
    >>> effective_weights(spec).tolist()
    [0.25, 0.75, 1.0]
    """
    reason = linear_reason(spec)
    if reason is not None:
        raise InvalidInput(f"spec '{spec.id}' is not linear: {reason}.")
    base = np.array([ind.weight for ind in spec.indicators], dtype=np.float64)
    w = base[None, :] if weights is None else np.atleast_2d(np.asarray(weights, dtype=np.float64))
    single = weights is None or np.asarray(weights).ndim == 1
    if w.shape[1] != base.size:
        raise InvalidInput(
            f"weights must have {base.size} columns (one per indicator); got shape {w.shape}."
        )
    draws = w.shape[0]
    gw = {g.id: np.full(draws, g.weight, dtype=np.float64) for g in spec.groups}
    for key, value in (group_weights or {}).items():
        gw[key] = np.broadcast_to(np.asarray(value, dtype=np.float64), (draws,)).copy()
    coef, total = _coefs(spec, None, w, gw)
    if (total <= 0).any():
        raise InvalidInput("every member of the root has weight zero in at least one draw.")
    return coef[0] if single else coef.T


def _coefs(
    spec: IndexSpec, node: str | None, w: FloatArray, gw: Mapping[str, FloatArray]
) -> tuple[FloatArray, FloatArray]:
    """(draws, n_indicators) coefficients of ``node`` and its total active member weight."""
    inds, grps = spec.children(node)
    coef = np.zeros_like(w)
    coef[:, inds] = w[:, inds]
    total = w[:, inds].sum(axis=1)
    for grp in grps:
        child, child_total = _coefs(spec, grp.id, w, gw)
        g_weight = np.where(child_total > 0, gw[grp.id], 0.0)
        coef += child * g_weight[:, None]
        total = total + g_weight
    agg = spec.aggregate.aggregation if node is None else spec.group(node).aggregation
    if agg == "arithmetic":
        with np.errstate(divide="ignore", invalid="ignore"):
            coef = np.where(total[:, None] > 0, coef / total[:, None], 0.0)
    return coef, total
