"""Build an :class:`~kraftsamling.index.spec.IndexSpec` from a parsed TOML mapping.

One parser per section ([index], [universe], [[indicator]], ...); each checks its keys
and values and fills the section's dataclass. Rules that span sections (the group tree,
unique ids, output names) are checked afterwards by :mod:`kraftsamling.index.spec_checks`.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping
from dataclasses import fields
from typing import Any

from kraftsamling.core.errors import SpecError
from kraftsamling.index.spec import (
    AGGREGATIONS,
    CLASSIFY_METHODS,
    CLASSIFY_ON,
    CLOSED,
    DIRECTIONS,
    FORMULAS,
    IMPUTE_METHODS,
    MISSING_POLICIES,
    NORMALISE_METHODS,
    OUTLIER_METHODS,
    PASS_UP,
    REFERENCE_KINDS,
    REFERENCE_WORDS,
    ROUND_MODES,
    STAGES,
    TIES,
    AggregateSpec,
    ClassifySpec,
    FlagsSpec,
    GroupSpec,
    ImputeSpec,
    IndexSpec,
    IndicatorSpec,
    NormaliseSpec,
    OutlierSpec,
    RoundingSpec,
    ShrinkageSpec,
    UniverseSpec,
)
from kraftsamling.index.spec_checks import check_consistency
from kraftsamling.index.spec_table import SpecTable

_ID_RE = re.compile(r"^[a-z0-9_]+$")
_NAME_RE = re.compile(r"^[A-Za-z0-9_.\-]+$")


def build_spec(mapping: Mapping[str, Any]) -> IndexSpec:
    """Validate ``mapping`` (the parsed TOML) and build the spec (behind ``spec.parse_spec``).

    Raises
    ------
    SpecError
        When a key is unknown, a value has the wrong type or range, or sections disagree.
    """
    if not isinstance(mapping, Mapping):
        raise SpecError(f"A spec must be a table (mapping); got {type(mapping).__name__}.")
    top = SpecTable(mapping, "the spec")
    top.check_keys(
        (
            "index", "universe", "impute", "outliers", "normalise", "indicator", "group",
            "aggregate", "rounding", "flags", "classify", "shrinkage",
        )
    )  # fmt: skip
    head = top.table("index", required=True)
    head.check_keys(("id", "name", "description", "source", "source_sv", "id_column", "direction"))
    index_id = head.string("id", required=True)
    if not _ID_RE.match(index_id):
        raise SpecError(f"[index]: id must match [a-z0-9_]+; got {index_id!r}.")
    normalise = _parse_normalise(top.table("normalise"), NormaliseSpec(), "[normalise]")
    indicators = tuple(
        _parse_indicator(t, normalise) for t in top.table_list("indicator", "[[indicator]]")
    )
    if not indicators:
        raise SpecError("The spec has no [[indicator]] tables; at least one is required.")
    groups = tuple(_parse_group(t) for t in top.table_list("group", "[[group]]"))
    spec = IndexSpec(
        id=index_id,
        name=head.string("name"),
        description=head.string("description"),
        source=head.string("source"),
        source_sv=head.string("source_sv"),
        id_column=head.string("id_column", required=True),
        direction=head.choice("direction", DIRECTIONS, "higher_is_worse"),
        universe=_parse_universe(top.table("universe")),
        impute=_parse_impute(top.table("impute")),
        outliers=_parse_outliers(top.table("outliers")),
        normalise=normalise,
        indicators=indicators,
        groups=groups,
        aggregate=_parse_aggregate(top.table("aggregate")),
        rounding=tuple(_parse_rounding(t) for t in top.table_list("rounding", "[[rounding]]")),
        flags=_parse_flags(top.table("flags")) if "flags" in mapping else None,
        classify=_parse_classify(top.table("classify")),
        shrinkage=_parse_shrinkage(top.table("shrinkage")) if "shrinkage" in mapping else None,
    )
    check_consistency(spec)
    return spec


# --------------------------------------------------------------------------- sections


def _keys(cls: type, skip: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The TOML keys of a section: its dataclass's field names."""
    return tuple(f.name for f in fields(cls) if f.name not in skip)


def _parse_normalise(t: SpecTable, base: NormaliseSpec, where: str) -> NormaliseSpec:
    t = SpecTable(t.data, where)
    t.check_keys(_keys(NormaliseSpec))
    reference: float | str = base.reference
    if "reference" in t.data:
        raw = t.data["reference"]
        if isinstance(raw, str):
            if raw not in REFERENCE_WORDS:
                raise SpecError(
                    f"{where}: reference must be a number or one of "
                    f"{', '.join(repr(w) for w in REFERENCE_WORDS)}; got {raw!r}."
                )
            reference = raw
        else:
            reference = t.number("reference", 0.0)
    spec = NormaliseSpec(
        method=t.choice("method", NORMALISE_METHODS, base.method),
        ties=t.choice("ties", TIES, base.ties),
        formula=t.choice("formula", FORMULAS, base.formula),
        reference=reference,
        reference_kind=t.choice("reference_kind", REFERENCE_KINDS, base.reference_kind),
        exponential_constant=t.number("exponential_constant", base.exponential_constant, low=1e-9),
        ddof=t.integer("ddof", base.ddof, low=0),
        lower=t.number("lower", base.lower),
        upper=t.number("upper", base.upper),
    )
    if spec.upper <= spec.lower:
        raise SpecError(
            f"{where}: upper must be greater than lower; got {spec.lower}, {spec.upper}."
        )
    if spec.method == "exponential_rank" and spec.exponential_constant <= 0:
        raise t.fail("exponential_constant", "> 0", spec.exponential_constant)
    return spec


def _parse_indicator(t: SpecTable, default_normalise: NormaliseSpec) -> IndicatorSpec:
    ind_id = t.string("id", required=True)
    if not _NAME_RE.match(ind_id):
        raise SpecError(
            f"{t.where}: id must contain only letters, digits, '_', '-' and '.'; got {ind_id!r}."
        )
    t.where = f"indicator {ind_id!r}"
    t.check_keys(_keys(IndicatorSpec))
    override = t.table("normalise")
    return IndicatorSpec(
        id=ind_id,
        column=t.string("column") or ind_id,
        name=t.string("name"),
        name_sv=t.string("name_sv"),
        unit=t.string("unit"),
        direction=t.choice("direction", DIRECTIONS, "higher_is_worse"),
        weight=t.number("weight", 1.0, low=0.0),
        group=t.optional_string("group"),
        flag=t.optional_string("flag"),
        numerator_column=t.optional_string("numerator_column"),
        denominator_column=t.optional_string("denominator_column"),
        normalise=_parse_normalise(override, default_normalise, f"indicator {ind_id!r} normalise"),
    )


def _parse_group(t: SpecTable) -> GroupSpec:
    grp_id = t.string("id", required=True)
    if not _NAME_RE.match(grp_id):
        raise SpecError(
            f"{t.where}: id must contain only letters, digits, '_', '-' and '.'; got {grp_id!r}."
        )
    t.where = f"group {grp_id!r}"
    t.check_keys(_keys(GroupSpec))
    return GroupSpec(
        id=grp_id,
        name=t.string("name"),
        name_sv=t.string("name_sv"),
        parent=t.optional_string("parent"),
        weight=t.number("weight", 1.0, low=0.0),
        aggregation=t.choice("aggregation", AGGREGATIONS, "sum"),
        pass_up=t.choice("pass_up", PASS_UP, "score"),
        renormalise=_parse_normalise(
            t.table("renormalise"), NormaliseSpec(), f"group {grp_id!r} renormalise"
        ),
        flag=t.optional_string("flag"),
    )


def _parse_universe(t: SpecTable) -> UniverseSpec:
    t.check_keys(_keys(UniverseSpec))
    return UniverseSpec(
        population_column=t.optional_string("population_column"),
        min_population=t.number("min_population", 1.0),
        missing_values=t.numbers("missing_values"),
        min_share_present=t.number("min_share_present", 0.0, low=0.0, high=1.0),
        missing_policy=t.choice("missing_policy", MISSING_POLICIES, "propagate"),
    )


def _parse_impute(t: SpecTable) -> ImputeSpec:
    t.check_keys(_keys(ImputeSpec))
    return ImputeSpec(
        method=t.choice("method", IMPUTE_METHODS, "none"),
        normalise_first=t.boolean("normalise_first", True),
    )


def _parse_outliers(t: SpecTable) -> OutlierSpec:
    t.check_keys(_keys(OutlierSpec))
    spec = OutlierSpec(
        method=t.choice("method", OUTLIER_METHODS, "none"),
        lower_quantile=t.number("lower_quantile", 0.0, low=0.0, high=1.0),
        upper_quantile=t.number("upper_quantile", 0.99, low=0.0, high=1.0),
        max_winsorised=t.integer("max_winsorised", 5, low=0),
        skew_threshold=t.number("skew_threshold", 2.0, low=0.0),
        kurtosis_threshold=t.number("kurtosis_threshold", 3.5),
        indicators=t.strings("indicators") if "indicators" in t.data else None,
    )
    if spec.lower_quantile >= spec.upper_quantile:
        raise SpecError(
            f"[outliers]: lower_quantile must be below upper_quantile; got "
            f"{spec.lower_quantile} and {spec.upper_quantile}."
        )
    return spec


def _parse_aggregate(t: SpecTable) -> AggregateSpec:
    t.check_keys(_keys(AggregateSpec))
    return AggregateSpec(
        aggregation=t.choice("aggregation", AGGREGATIONS, "sum"),
        renormalise=_parse_normalise(
            t.table("renormalise"), NormaliseSpec(), "[aggregate] renormalise"
        ),
    )


def _parse_rounding(t: SpecTable) -> RoundingSpec:
    t.check_keys(_keys(RoundingSpec))
    if "decimals" not in t.data:
        raise SpecError(f"{t.where}: key 'decimals' is required but missing.")
    decimals = t.integer("decimals", 0, low=0)
    if decimals > 15:
        raise t.fail(
            "decimals", "at most 15 (beyond that a float carries no more digits)", decimals
        )
    if "stage" not in t.data:
        raise SpecError(f"{t.where}: key 'stage' is required but missing.")
    return RoundingSpec(
        stage=t.choice("stage", STAGES, "normalised"),
        decimals=decimals,
        mode=t.choice("mode", ROUND_MODES, "half_up"),
    )


def _parse_flags(t: SpecTable) -> FlagsSpec:
    t.check_keys(_keys(FlagsSpec))
    return FlagsSpec(
        threshold=t.number("threshold", 0.9),
        total=t.optional_string("total"),
        missing_policy=t.choice("missing_policy", MISSING_POLICIES, "available"),
    )


def _parse_classify(t: SpecTable) -> ClassifySpec:
    t.check_keys((*_keys(ClassifySpec, skip=("sd_k", "top_k")), "k"))
    method = t.choice("method", CLASSIFY_METHODS, "none")
    sd_k: tuple[float, ...] = ()
    top_k = 0
    if method == "sd":
        sd_k = t.numbers("k")
        if not sd_k:
            raise SpecError("[classify]: method 'sd' needs k, an array of boundaries in SD units.")
    elif method == "top_k":
        top_k = t.integer("k", 0, low=1)
    breaks = t.numbers("breaks")
    if method == "cutoffs" and not breaks:
        raise SpecError("[classify]: method 'cutoffs' needs breaks, an array of numbers.")
    bounds = breaks if method == "cutoffs" else sd_k
    if any(b >= c for b, c in itertools.pairwise(bounds)):
        key = "breaks" if method == "cutoffs" else "k"
        raise t.fail(key, "strictly increasing", list(bounds))
    labels = t.numbers("labels")
    if method in ("cutoffs", "sd") and labels and len(labels) != len(bounds) + 1:
        raise SpecError(
            f"[classify]: labels must have one more entry than the {len(bounds)} boundaries "
            f"(one label per class); got {len(labels)} labels."
        )
    return ClassifySpec(
        method=method,
        n=t.integer("n", 10, low=1),
        on=t.choice("on", CLASSIFY_ON, "score"),
        breaks=breaks,
        labels=labels,
        sd_k=sd_k,
        top_k=top_k,
        ddof=t.integer("ddof", 1, low=0),
        closed=t.choice("closed", CLOSED, "left"),
    )


def _parse_shrinkage(t: SpecTable) -> ShrinkageSpec:
    t.check_keys(_keys(ShrinkageSpec))
    indicators = t.strings("indicators")
    if not indicators:
        raise SpecError("[shrinkage]: indicators must list at least one indicator id.")
    return ShrinkageSpec(
        parent_column=t.string("parent_column", required=True),
        indicators=indicators,
        scale=t.number("scale", 1.0, low=1e-300),
    )
