"""The raw indicator matrix of a run, before alignment and normalisation.

Sentinel values become NaN, rates are formed from numerator and denominator columns,
the universe (the rows that are ranked) is chosen, rates are shrunk toward the parent
area, and outliers are treated. :func:`kraftsamling.index.pipeline.prepare` runs these
steps in that order, with imputation between shrinkage and outlier treatment.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from kraftsamling.index.inputs import Inputs
from kraftsamling.index.outliers import Treatment, coinr_treat, winsorise_quantiles
from kraftsamling.index.shrinkage import shrink_rates
from kraftsamling.index.spec import IndexSpec, OutlierSpec

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]


def indicator_column(
    spec: IndexSpec, inputs: Inputs, j: int, missing: tuple[float, ...]
) -> FloatArray:
    """One indicator's raw column: sentinels as NaN; a rate for a shrunk indicator."""
    ind = spec.indicators[j]
    if spec.shrinkage is not None and ind.id in spec.shrinkage.indicators:
        num = _clean(inputs.columns[str(ind.numerator_column)], missing)
        den = _clean(inputs.columns[str(ind.denominator_column)], missing)
        with np.errstate(divide="ignore", invalid="ignore"):
            rate = np.where(den > 0, num / den, np.nan) * spec.shrinkage.scale
        return np.asarray(rate, dtype=np.float64)
    return _clean(inputs.columns[ind.column], missing)


def _clean(values: FloatArray, missing: tuple[float, ...]) -> FloatArray:
    if not missing:
        return values.copy()
    return np.where(np.isin(values, missing), np.nan, values)


def universe_rows(spec: IndexSpec, inputs: Inputs, raw: FloatArray) -> BoolArray:
    """Rows that are ranked: enough population and enough indicators present."""
    u = spec.universe
    inside = np.ones(raw.shape[0], dtype=bool)
    if u.population_column:
        pop = inputs.columns[u.population_column]
        with np.errstate(invalid="ignore"):
            inside &= ~np.isnan(pop) & (pop >= u.min_population)
    if u.min_share_present > 0:
        share = (~np.isnan(raw)).mean(axis=1)
        inside &= share >= u.min_share_present
    return inside


def shrink_columns(
    spec: IndexSpec, inputs: Inputs, raw: FloatArray, universe: BoolArray
) -> FloatArray:
    """Replace each shrunk indicator's rate by its empirical-Bayes estimate."""
    if spec.shrinkage is None:
        return raw
    raw = raw.copy()
    missing = spec.universe.missing_values
    parent = inputs.text[spec.shrinkage.parent_column]
    for j, ind in enumerate(spec.indicators):
        if ind.id in spec.shrinkage.indicators:
            raw[:, j] = shrink_rates(
                _clean(inputs.columns[str(ind.numerator_column)], missing),
                _clean(inputs.columns[str(ind.denominator_column)], missing),
                parent, universe, scale=spec.shrinkage.scale, name=ind.id,
            )  # fmt: skip
    return raw


def sibling_groups(spec: IndexSpec) -> list[list[int]]:
    """Indicator positions per tree node (the groups that group-mean imputation uses)."""
    nodes = [None, *(g.id for g in spec.groups)]
    return [inds for inds in (spec.children(n)[0] for n in nodes) if inds]


def treat_outliers(
    spec: IndexSpec, raw: FloatArray, universe: BoolArray, out_spec: OutlierSpec
) -> tuple[FloatArray, dict[str, Treatment]]:
    """Apply the outlier treatment to the chosen indicators; the treatment per indicator."""
    treatment = {ind.id: Treatment("none") for ind in spec.indicators}
    if out_spec.method == "none":
        return raw, treatment
    chosen = (
        set(out_spec.indicators) if out_spec.indicators is not None else set(spec.indicator_ids)
    )
    raw = raw.copy()
    for j, ind in enumerate(spec.indicators):
        if ind.id not in chosen:
            continue
        if out_spec.method == "winsorise":
            raw[:, j], treatment[ind.id] = winsorise_quantiles(
                raw[:, j], universe, out_spec.lower_quantile, out_spec.upper_quantile
            )
        else:
            raw[:, j], treatment[ind.id] = coinr_treat(
                raw[:, j], universe, out_spec.max_winsorised, out_spec.skew_threshold,
                out_spec.kurtosis_threshold,
            )  # fmt: skip
    return raw, treatment
