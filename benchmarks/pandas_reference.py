"""A straightforward pandas implementation of the benchmark's Monte Carlo, for comparison.

Written the way an analyst would write it: one loop over the draws, each draw
normalising the indicators with DataFrame arithmetic, taking weighted means per group
and over the groups, and ranking with ``Series.rank``. It covers what the benchmark spec
uses (arithmetic means, z-score / min-max / percentile-rank normalisation, indicator
directions, weights and left-out indicators), nothing more.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from kraftsamling.index.spec import IndexSpec


def normalise(data: pd.DataFrame, method: str) -> pd.DataFrame:
    """Normalise every column the plain pandas way (same formulas as the engine)."""
    if method == "zscore":
        return (data - data.mean()) / data.std()
    if method == "minmax":
        return (data - data.min()) / (data.max() - data.min())
    if method == "percentile_rank":
        return (data.rank(method="min") - 1) / (len(data) - 1)
    raise ValueError(f"unsupported normalisation {method!r}")


def one_draw(
    frame: pd.DataFrame,
    spec: IndexSpec,
    weights: Mapping[str, float],
    included: Mapping[str, bool],
    method: str,
) -> pd.Series:
    """Ranks (1 = most vulnerable, ties min) of one draw."""
    data = frame[[ind.column for ind in spec.indicators]].copy()
    data.columns = list(spec.indicator_ids)
    for ind in spec.indicators:
        if ind.direction != spec.direction:
            data[ind.id] = -data[ind.id]
    norm = normalise(data, method)
    group_scores = {}
    group_weights = {}
    for grp in spec.groups:
        members = [i.id for i in spec.indicators if i.group == grp.id and included[i.id]]
        if not members:
            continue
        w = pd.Series({m: weights[m] for m in members})
        group_scores[grp.id] = (norm[members] * w).sum(axis=1) / w.sum()
        group_weights[grp.id] = weights[grp.id]
    gw = pd.Series(group_weights)
    score = (pd.DataFrame(group_scores) * gw).sum(axis=1) / gw.sum()
    return score.rank(ascending=False, method="min")


def monte_carlo(
    frame: pd.DataFrame,
    spec: IndexSpec,
    draws: Mapping[str, Sequence[Any]],
    n_draws: int,
    top_k: int,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per-draw ranks and the per-area summary (median, 5th/95th percentile, P(top k))."""
    ranks = {}
    for d in range(n_draws):
        weights = {
            k.split(".", 1)[1]: float(v[d]) for k, v in draws.items() if k.startswith("weight.")
        }
        included = {
            k.split(".", 1)[1]: bool(v[d]) for k, v in draws.items() if k.startswith("included.")
        }
        ranks[d] = one_draw(frame, spec, weights, included, str(draws["normalisation"][d]))
    table = pd.DataFrame(ranks)
    summary = pd.DataFrame(
        {
            "rank_median": table.quantile(0.5, axis=1),
            "rank_p05": table.quantile(0.05, axis=1),
            "rank_p95": table.quantile(0.95, axis=1),
            "p_top_k": (table <= top_k).mean(axis=1),
        }
    )
    return table, summary


def base_ranks(frame: pd.DataFrame, spec: IndexSpec) -> np.ndarray:
    """Ranks with the spec's own weights and normalisation."""
    weights = {ind.id: ind.weight for ind in spec.indicators}
    weights.update({g.id: g.weight for g in spec.groups})
    included = {ind.id: True for ind in spec.indicators}
    method = spec.indicators[0].normalise.method
    return one_draw(frame, spec, weights, included, method).to_numpy()


def svi_one_draw(
    frame: pd.DataFrame,
    spec: IndexSpec,
    weights: Mapping[str, float],
    included: Mapping[str, bool],
    method: str,
) -> pd.Series:
    """Ranks of one draw of the SVI method: rounded percentile ranks summed per theme,
    the sums rounded, summed over the themes and rounded again (Series.round)."""
    data = frame[[ind.column for ind in spec.indicators]].copy()
    data.columns = list(spec.indicator_ids)
    norm = normalise(data, method).round(4)
    themes = {}
    for grp in spec.groups:
        members = [i.id for i in spec.indicators if i.group == grp.id and included[i.id]]
        if members:
            w = pd.Series({m: weights[m] for m in members})
            themes[grp.id] = ((norm[members] * w).sum(axis=1).round(4), weights[grp.id])
    score = sum(values * w for values, w in themes.values()).round(4)
    return score.rank(ascending=False, method="min")


def svi_monte_carlo(
    frame: pd.DataFrame, spec: IndexSpec, draws: Mapping[str, Sequence[Any]], n_draws: int
) -> pd.DataFrame:
    """Per-draw ranks of the SVI method, one pandas pass per draw."""
    ranks = {}
    for d in range(n_draws):
        weights = {
            k.split(".", 1)[1]: float(v[d]) for k, v in draws.items() if k.startswith("weight.")
        }
        included = {
            k.split(".", 1)[1]: bool(v[d]) for k, v in draws.items() if k.startswith("included.")
        }
        ranks[d] = svi_one_draw(frame, spec, weights, included, str(draws["normalisation"][d]))
    return pd.DataFrame(ranks)


def svi_numpy(frame: pd.DataFrame, spec: IndexSpec, draws: Mapping[str, Any]) -> np.ndarray:
    """The same method as a plain vectorised numpy version: matrix products per theme for
    blocks of draws, np.round at each stage, ranks by argsort. (draws, areas) ranks."""
    data = frame[[ind.column for ind in spec.indicators]].to_numpy(dtype=np.float64)
    n = data.shape[0]
    ids = list(spec.indicator_ids)
    w = np.column_stack([draws[f"weight.{i}"] for i in ids])
    gw = {g.id: np.asarray(draws[f"weight.{g.id}"]) for g in spec.groups}
    methods = np.asarray(draws["normalisation"])
    out = np.empty((w.shape[0], n), dtype=np.int32)
    for method in np.unique(methods):
        norm = np.round(normalise(pd.DataFrame(data), str(method)).to_numpy(), 4)
        for start in range(0, w.shape[0], 256):
            idx = np.flatnonzero(methods == method)[start : start + 256]
            if idx.size == 0:
                break
            score = np.zeros((idx.size, n))
            for grp in spec.groups:
                cols = [j for j, ind in enumerate(spec.indicators) if ind.group == grp.id]
                theme = np.round(w[idx][:, cols] @ norm[:, cols].T, 4)
                active = (w[idx][:, cols] > 0).any(axis=1)
                score += theme * np.where(active, gw[grp.id][idx], 0.0)[:, None]
            score = np.round(score, 4)
            order = np.argsort(-score, axis=1, kind="stable")
            srt = np.take_along_axis(score, order, axis=1)
            first = np.ones(srt.shape, dtype=bool)
            first[:, 1:] = srt[:, 1:] != srt[:, :-1]
            pos = np.maximum.accumulate(np.where(first, np.arange(n), 0), axis=1) + 1
            ranks = np.empty_like(pos)
            np.put_along_axis(ranks, order, pos, axis=1)
            out[idx] = ranks
    return out
