"""The staged run of a spec, in pieces that Monte Carlo code can reuse without re-parsing.

    read_inputs     validate and convert the columns the spec uses (once per table;
                    in :mod:`kraftsamling.index.inputs`)
    prepare         universe -> shrinkage -> imputation -> outliers -> direction ->
                    normalisation -> rounding "normalised"  => Prepared.matrix
    aggregate_tree  the aggregation tree, renormalisation, rounding, rank, class, flags
                    => the output columns, in output order

For a spec where the root score is a fixed linear combination of ``Prepared.matrix``
(:func:`is_linear`), :func:`effective_weights` gives that combination, so many weight
draws can be scored with one matrix product: ``prepared.matrix @ effective_weights(...)``.

Alignment: ``Prepared.matrix`` is oriented along the index's direction. For the usual
``direction = "higher_is_worse"`` index, higher = worse (more vulnerable) in every
column; an indicator whose own direction differs is mirrored (multiplied by -1) before
normalising. :func:`vulnerability_rank` ranks scores with 1 = most vulnerable for
either index direction.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import NDArray

from kraftsamling.core.errors import InvalidInput
from kraftsamling.index.aggregate import (
    aggregate,
    count_flags,
    effective_weights,
    is_linear,
    linear_reason,
)
from kraftsamling.index.classify import classify, flag_values
from kraftsamling.index.impute import impute
from kraftsamling.index.inputs import Inputs, read_inputs
from kraftsamling.index.inputs import as_float as as_float  # re-exported: result.py uses it
from kraftsamling.index.inputs import data_hash as data_hash  # re-exported for callers
from kraftsamling.index.normalise import normalise, normalise_matrix, rank_descending
from kraftsamling.index.outliers import Treatment
from kraftsamling.index.raw_values import (
    indicator_column,
    shrink_columns,
    sibling_groups,
    treat_outliers,
    universe_rows,
)
from kraftsamling.index.rounding import round_values
from kraftsamling.index.spec import ImputeSpec, IndexSpec, NormaliseSpec, OutlierSpec

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]

__all__ = [
    "Inputs",
    "Prepared",
    "aggregate_tree",
    "effective_weights",
    "is_linear",
    "linear_reason",
    "prepare",
    "read_inputs",
    "vulnerability_rank",
]


@dataclass(frozen=True)
class Prepared:
    """Normalised indicator values of every area, ready to aggregate.

    Attributes
    ----------
    ids : ndarray of str
        Area ids in input row order.
    id_column : str
        Name of the id column in the input.
    universe : ndarray of bool
        Rows that are ranked.
    indicator_ids : tuple of str
        Column order of ``matrix``.
    matrix : ndarray, shape (n_areas, n_indicators)
        Normalised values aligned with the index direction (higher = worse for a
        ``higher_is_worse`` index), rounded at stage "normalised"; NaN outside the
        universe and where missing.
    raw : ndarray, shape (n_areas, n_indicators)
        Input values after sentinels, shrinkage, imputation and outlier treatment,
        before alignment and normalisation.
    imputed : ndarray of bool
        Where a value was imputed.
    treatment : dict
        Outlier treatment per indicator id.
    higher_is_worse : bool
        The index direction.
    data_hash : str
        sha256 of the input columns the spec uses (see :func:`data_hash`).
    """

    ids: NDArray[Any]
    id_column: str
    universe: BoolArray
    indicator_ids: tuple[str, ...]
    matrix: FloatArray
    raw: FloatArray
    imputed: BoolArray
    treatment: dict[str, Treatment] = field(default_factory=dict)
    higher_is_worse: bool = True
    data_hash: str = ""

    @property
    def normalised(self) -> dict[str, FloatArray]:
        """The columns of ``matrix`` by indicator id."""
        return {ind: self.matrix[:, j] for j, ind in enumerate(self.indicator_ids)}


# --------------------------------------------------------------------------- prepare


def prepare(
    spec: IndexSpec,
    table: Mapping[str, Any] | Inputs,
    *,
    imputation: ImputeSpec | str | None = None,
    outliers: OutlierSpec | str | None = None,
    normalisation: NormaliseSpec | str | None = None,
) -> Prepared:
    """Run the stages up to the normalised matrix.

    Parameters
    ----------
    spec : IndexSpec
    table : mapping of column -> array-like, or :class:`Inputs` from :func:`read_inputs`
        Passing ``Inputs`` skips validation and conversion (fast for repeated runs).
    imputation, outliers : spec or method name, optional
        Override the spec's [impute] / [outliers] (a name keeps the other settings).
    normalisation : NormaliseSpec or method name, optional
        Override every indicator's normalisation (a name keeps each indicator's ties,
        formula and other settings).

    Returns
    -------
    Prepared

    Examples
    --------
    >>> from kraftsamling.index.spec import parse_spec
    >>> spec = parse_spec({"index": {"id": "t", "id_column": "id"},
    ...                    "indicator": [{"id": "a"}, {"id": "b"}]})
    >>> p = prepare(spec, {"id": ["x", "y", "z"], "a": [1, 2, 3], "b": [3, 1, 2]})
    >>> p.matrix.tolist()
    [[0.0, 1.0], [0.5, 0.0], [1.0, 0.5]]
    """
    inputs = table if isinstance(table, Inputs) else read_inputs(spec, table)
    imp = _impute_spec(spec, imputation)
    out_spec = _outlier_spec(spec, outliers)
    norms = _normalise_specs(spec, normalisation)
    missing = spec.universe.missing_values
    raw = np.column_stack(
        [indicator_column(spec, inputs, j, missing) for j in range(len(spec.indicators))]
    )
    universe = universe_rows(spec, inputs, raw)
    raw = shrink_columns(spec, inputs, raw, universe)
    signs = np.array([1.0 if ind.direction == spec.direction else -1.0 for ind in spec.indicators])
    raw, imputed = impute(
        raw, universe, imp.method, groups=sibling_groups(spec), signs=signs,
        normalise_first=imp.normalise_first,
    )  # fmt: skip
    raw, treatment = treat_outliers(spec, raw, universe, out_spec)
    aligned = raw * signs
    matrix = normalise_matrix(aligned, universe, norms, spec.indicator_ids)
    matrix = _round(spec, "normalised", matrix)
    return Prepared(
        ids=inputs.ids,
        id_column=spec.id_column,
        universe=universe,
        indicator_ids=spec.indicator_ids,
        matrix=matrix,
        raw=raw,
        imputed=imputed,
        treatment=treatment,
        higher_is_worse=spec.direction == "higher_is_worse",
        data_hash=inputs.data_hash,
    )


def _impute_spec(spec: IndexSpec, override: ImputeSpec | str | None) -> ImputeSpec:
    if override is None:
        return spec.impute
    if isinstance(override, str):
        return replace(spec.impute, method=override)
    return override


def _outlier_spec(spec: IndexSpec, override: OutlierSpec | str | None) -> OutlierSpec:
    if override is None:
        return spec.outliers
    if isinstance(override, str):
        return replace(spec.outliers, method=override)
    return override


def _normalise_specs(spec: IndexSpec, override: NormaliseSpec | str | None) -> list[NormaliseSpec]:
    if override is None:
        return [ind.normalise for ind in spec.indicators]
    if isinstance(override, str):
        return [replace(ind.normalise, method=override) for ind in spec.indicators]
    return [override for _ in spec.indicators]


def _round(spec: IndexSpec, stage: str, values: FloatArray) -> FloatArray:
    rule = spec.rounding_for(stage)
    if rule is None:
        return values
    return round_values(values, rule.decimals, rule.mode)


# --------------------------------------------------------------------------- aggregate


def vulnerability_rank(
    scores: FloatArray, universe: BoolArray | None = None, higher_is_worse: bool = True
) -> FloatArray:
    """Ranks with 1 = most vulnerable, ties get the minimum rank, NaN outside/missing.

    Works on one score column or column-wise on (n_areas, n_draws).

    Examples
    --------
    >>> vulnerability_rank(np.array([3.0, 9.0, 3.0, np.nan])).tolist()
    [2.0, 1.0, 2.0, nan]
    """
    values = scores if higher_is_worse else -np.asarray(scores, dtype=np.float64)
    return rank_descending(values, universe)


def aggregate_tree(
    spec: IndexSpec,
    prepared: Prepared,
    weights: Sequence[float] | FloatArray | None = None,
    *,
    group_weights: Mapping[str, float] | None = None,
) -> dict[str, FloatArray]:
    """Aggregate the normalised matrix up the tree and derive every output column.

    Parameters
    ----------
    spec : IndexSpec
    prepared : Prepared
    weights : array-like, shape (n_indicators,), optional
        Indicator weights overriding the spec's (same order as ``prepared.indicator_ids``).
    group_weights : mapping of group id -> weight, optional
        Group weights overriding the spec's.

    Returns
    -------
    dict of str -> ndarray
        ``score``, ``rank``, ``percentile``, ``class``, then ``<group>_score`` and
        ``<group>_percentile`` per group (spec order), then the flag columns.
        A group whose members all weigh zero is left out of its parent and gets NaN.

    Examples
    --------
    >>> from kraftsamling.index.spec import parse_spec
    >>> spec = parse_spec({"index": {"id": "t", "id_column": "id"},
    ...                    "indicator": [{"id": "a"}, {"id": "b"}]})
    >>> p = prepare(spec, {"id": ["x", "y", "z"], "a": [1, 2, 3], "b": [3, 1, 2]})
    >>> out = aggregate_tree(spec, p)
    >>> out["score"].tolist(), out["rank"].tolist()
    ([1.0, 0.5, 1.5], [2.0, 3.0, 1.0])
    """
    ind_w = _indicator_weights(spec, weights)
    grp_w = {g.id: float(g.weight) for g in spec.groups}
    grp_w.update({k: float(v) for k, v in (group_weights or {}).items()})
    uni = prepared.universe
    groups = _aggregate_groups(spec, prepared, ind_w, grp_w)
    value, active = _node(spec, None, prepared.matrix, ind_w, grp_w, groups)
    if not active:
        raise InvalidInput(
            "every member of the root has weight zero; at least one weight must be > 0."
        )
    score = _round(spec, "score", np.where(uni, value, np.nan))
    pct = _round(spec, "percentile", _renormalise(score, uni, spec.aggregate.renormalise, "root"))
    rank = vulnerability_rank(score, uni, prepared.higher_is_worse)
    if spec.classify.on == "percentile":
        on, on_rank = pct, vulnerability_rank(pct, uni, prepared.higher_is_worse)
    else:
        on, on_rank = score, rank
    out: dict[str, FloatArray] = {
        "score": score,
        "rank": rank,
        "percentile": pct,
        "class": classify(spec.classify, on, on_rank, uni),
    }
    for grp in spec.groups:
        out[f"{grp.id}_score"] = groups[grp.id].score
        out[f"{grp.id}_percentile"] = groups[grp.id].percentile
    out.update(_flags(spec, prepared))
    return out


class _Group(NamedTuple):
    score: FloatArray
    percentile: FloatArray
    passed: FloatArray  # what the parent aggregates
    active: bool  # False when every member weighs zero


def _aggregate_groups(
    spec: IndexSpec, prepared: Prepared, ind_w: FloatArray, grp_w: Mapping[str, float]
) -> dict[str, _Group]:
    uni = prepared.universe
    done: dict[str, _Group] = {}
    nan = np.full(uni.shape, np.nan)
    for grp in spec.group_order():  # children before parents
        value, active = _node(spec, grp.id, prepared.matrix, ind_w, grp_w, done)
        if not active:
            done[grp.id] = _Group(nan, nan, value, False)
            continue
        score = _round(spec, "group_score", np.where(uni, value, np.nan))
        pct = _round(spec, "group_percentile", _renormalise(score, uni, grp.renormalise, grp.id))
        done[grp.id] = _Group(score, pct, score if grp.pass_up == "score" else pct, True)
    return done


def _renormalise(score: FloatArray, uni: BoolArray, norm: NormaliseSpec, name: str) -> FloatArray:
    if norm.method == "none":
        return score.copy()
    return normalise(score, uni, norm, name=name)


def _indicator_weights(spec: IndexSpec, weights: Sequence[float] | FloatArray | None) -> FloatArray:
    if weights is None:
        return np.array([ind.weight for ind in spec.indicators], dtype=np.float64)
    w = np.asarray(weights, dtype=np.float64)
    if w.shape != (len(spec.indicators),):
        raise InvalidInput(
            f"weights must have one entry per indicator ({len(spec.indicators)}: "
            f"{', '.join(spec.indicator_ids)}); got shape {w.shape}."
        )
    if (w < 0).any() or not np.isfinite(w).all():
        raise InvalidInput(f"weights must be finite and >= 0; got {w.tolist()}.")
    return w


def _node(
    spec: IndexSpec,
    node: str | None,
    matrix: FloatArray,
    ind_w: FloatArray,
    grp_w: Mapping[str, float],
    groups: Mapping[str, _Group],
) -> tuple[FloatArray, bool]:
    """Aggregate one node's members; (value, active)."""
    inds, grps = spec.children(node)
    cols = [matrix[:, i] for i in inds] + [groups[g.id].passed for g in grps]
    w = np.array(
        [ind_w[i] for i in inds] + [grp_w[g.id] if groups[g.id].active else 0.0 for g in grps]
    )
    values = np.column_stack(cols)
    if w.sum() <= 0:
        # Inactive: value 1.0 is neutral for every aggregation once its weight is 0, and
        # a missing member still makes the parent missing under "propagate".
        return np.where(np.isnan(values).any(axis=1), np.nan, 1.0), False
    method = spec.aggregate.aggregation if node is None else spec.group(node).aggregation
    names = [spec.indicators[i].id for i in inds] + [g.id for g in grps]
    where = "the root" if node is None else f"group {node!r}"
    return aggregate(
        values, w, method, spec.universe.missing_policy, names=names, where=where
    ), True


def _flags(spec: IndexSpec, prepared: Prepared) -> dict[str, FloatArray]:
    if spec.flags is None:
        return {}
    f = flag_values(prepared.matrix, spec.flags.threshold)
    f = np.where(prepared.universe[:, None], f, np.nan)
    policy = spec.flags.missing_policy
    out: dict[str, FloatArray] = {}
    for j, ind in enumerate(spec.indicators):
        if ind.flag:
            out[ind.flag] = f[:, j]
    for grp in spec.groups:
        if grp.flag:
            out[grp.flag] = count_flags(f[:, _subtree_indicators(spec, grp.id)], policy)
    if spec.flags.total:
        out[spec.flags.total] = count_flags(f, policy)
    return out


def _subtree_indicators(spec: IndexSpec, group_id: str) -> list[int]:
    inds, grps = spec.children(group_id)
    found = list(inds)
    for g in grps:
        found += _subtree_indicators(spec, g.id)
    return sorted(found)
