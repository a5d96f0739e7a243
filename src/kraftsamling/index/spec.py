"""The index spec: frozen dataclasses and the TOML parser that validates them.

A spec declares the whole pipeline of a composite index (universe, imputation, outlier
treatment, normalisation, aggregation tree, rounding, flags, classification, shrinkage).
``parse_spec`` checks everything it can before any data is seen, so that a run never
fails half-way on a typo. The format is documented in ``docs/index-spec.md``.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, is_dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from kraftsamling.core.errors import NotFound, SpecError

DIRECTIONS = ("higher_is_worse", "higher_is_better")
NORMALISE_METHODS = (
    "zscore",
    "minmax",
    "rank",
    "percentile_rank",
    "distance_to_reference",
    "exponential_rank",
    "none",
)
TIES = ("min", "average", "max")
FORMULAS = ("(r-1)/(N-1)", "r/N")
REFERENCE_WORDS = ("max", "min", "mean")
REFERENCE_KINDS = ("difference", "ratio")
IMPUTE_METHODS = ("none", "mean", "median", "group_mean")
OUTLIER_METHODS = ("none", "winsorise", "coinr")
AGGREGATIONS = ("sum", "arithmetic", "geometric")
PASS_UP = ("score", "normalised")
MISSING_POLICIES = ("propagate", "available")
STAGES = ("normalised", "group_score", "group_percentile", "score", "percentile")
ROUND_MODES = ("half_up", "half_even", "truncate")
CLASSIFY_METHODS = ("quantile", "cutoffs", "sd", "top_k", "none")
CLASSIFY_ON = ("score", "percentile")
CLOSED = ("left", "right")
RESERVED_COLUMNS = ("score", "rank", "percentile", "class")

_ID_RE = re.compile(r"^[a-z0-9_]+$")
_NAME_RE = re.compile(r"^[A-Za-z0-9_.\-]+$")


@dataclass(frozen=True)
class NormaliseSpec:
    """How one indicator (or a group result) is put on a common scale."""

    method: str = "percentile_rank"
    ties: str = "min"
    formula: str = "(r-1)/(N-1)"
    reference: float | str = 0.0
    reference_kind: str = "difference"
    exponential_constant: float = 23.0
    ddof: int = 1
    lower: float = 0.0
    upper: float = 1.0


@dataclass(frozen=True)
class UniverseSpec:
    """Which rows are ranked, and how missing members are treated when aggregating."""

    population_column: str | None = None
    min_population: float = 1.0
    missing_values: tuple[float, ...] = ()
    min_share_present: float = 0.0
    missing_policy: str = "propagate"


@dataclass(frozen=True)
class ImputeSpec:
    """Imputation of missing indicator values inside the universe."""

    method: str = "none"
    normalise_first: bool = True


@dataclass(frozen=True)
class OutlierSpec:
    """Outlier treatment applied to raw indicator values before normalisation."""

    method: str = "none"
    lower_quantile: float = 0.0
    upper_quantile: float = 0.99
    max_winsorised: int = 5
    skew_threshold: float = 2.0
    kurtosis_threshold: float = 3.5
    indicators: tuple[str, ...] | None = None


@dataclass(frozen=True)
class IndicatorSpec:
    """One indicator: where its values come from and how they enter the index."""

    id: str
    column: str
    name: str = ""
    name_sv: str = ""
    unit: str = ""
    direction: str = "higher_is_worse"
    weight: float = 1.0
    group: str | None = None
    flag: str | None = None
    numerator_column: str | None = None
    denominator_column: str | None = None
    normalise: NormaliseSpec = field(default_factory=NormaliseSpec)


@dataclass(frozen=True)
class GroupSpec:
    """A node of the aggregation tree (a theme, a domain, a sub-index)."""

    id: str
    name: str = ""
    name_sv: str = ""
    parent: str | None = None
    weight: float = 1.0
    aggregation: str = "sum"
    pass_up: str = "score"
    renormalise: NormaliseSpec = field(default_factory=NormaliseSpec)
    flag: str | None = None


@dataclass(frozen=True)
class AggregateSpec:
    """The root of the aggregation tree: gives ``score`` and ``percentile``."""

    aggregation: str = "sum"
    renormalise: NormaliseSpec = field(default_factory=NormaliseSpec)


@dataclass(frozen=True)
class RoundingSpec:
    """Round the values of one stage to a number of decimals."""

    stage: str
    decimals: int
    mode: str = "half_up"


@dataclass(frozen=True)
class FlagsSpec:
    """Flag an indicator when its normalised value is at or above ``threshold``."""

    threshold: float = 0.9
    total: str | None = None
    missing_policy: str = "available"


@dataclass(frozen=True)
class ClassifySpec:
    """How areas are put into classes (deciles, area types, a target list)."""

    method: str = "none"
    n: int = 10
    on: str = "score"
    breaks: tuple[float, ...] = ()
    labels: tuple[float, ...] = ()
    sd_k: tuple[float, ...] = ()
    top_k: int = 0
    ddof: int = 1
    closed: str = "left"


@dataclass(frozen=True)
class ShrinkageSpec:
    """Empirical-Bayes shrinkage of rates toward the parent area (English IoD 2019, App. D)."""

    parent_column: str
    indicators: tuple[str, ...]
    scale: float = 1.0


@dataclass(frozen=True)
class IndexSpec:
    """A whole composite index. Build with :func:`load_spec` or :func:`parse_spec`."""

    id: str
    id_column: str
    indicators: tuple[IndicatorSpec, ...]
    name: str = ""
    description: str = ""
    source: str = ""
    direction: str = "higher_is_worse"
    universe: UniverseSpec = field(default_factory=UniverseSpec)
    impute: ImputeSpec = field(default_factory=ImputeSpec)
    outliers: OutlierSpec = field(default_factory=OutlierSpec)
    normalise: NormaliseSpec = field(default_factory=NormaliseSpec)
    groups: tuple[GroupSpec, ...] = ()
    aggregate: AggregateSpec = field(default_factory=AggregateSpec)
    rounding: tuple[RoundingSpec, ...] = ()
    flags: FlagsSpec | None = None
    classify: ClassifySpec = field(default_factory=ClassifySpec)
    shrinkage: ShrinkageSpec | None = None

    @property
    def indicator_ids(self) -> tuple[str, ...]:
        """Indicator ids in spec order (the column order of every matrix)."""
        return tuple(ind.id for ind in self.indicators)

    def indicator(self, indicator_id: str) -> IndicatorSpec:
        """The indicator called ``indicator_id``; NotFound names the known ones."""
        for ind in self.indicators:
            if ind.id == indicator_id:
                return ind
        raise NotFound(
            f"Spec '{self.id}' has no indicator '{indicator_id}'; "
            f"indicators: {', '.join(self.indicator_ids)}."
        )

    def group(self, group_id: str) -> GroupSpec:
        """The group called ``group_id``; NotFound names the known ones."""
        for grp in self.groups:
            if grp.id == group_id:
                return grp
        known = ", ".join(g.id for g in self.groups) or "(none)"
        raise NotFound(f"Spec '{self.id}' has no group '{group_id}'; groups: {known}.")

    def children(self, group_id: str | None) -> tuple[list[int], list[GroupSpec]]:
        """Indicator positions and child groups directly under ``group_id`` (None = root)."""
        inds = [i for i, ind in enumerate(self.indicators) if ind.group == group_id]
        grps = [g for g in self.groups if g.parent == group_id]
        return inds, grps

    def group_order(self) -> tuple[GroupSpec, ...]:
        """Groups ordered children-first, so each group is computed after its members."""
        ordered: list[GroupSpec] = []

        def visit(parent: str | None) -> None:
            for grp in self.groups:
                if grp.parent == parent:
                    visit(grp.id)
                    ordered.append(grp)

        visit(None)
        return tuple(ordered)

    def rounding_for(self, stage: str) -> RoundingSpec | None:
        """The rounding declared for ``stage``, if any (the last one declared wins)."""
        found = None
        for rnd in self.rounding:
            if rnd.stage == stage:
                found = rnd
        return found

    def required_columns(self) -> tuple[str, ...]:
        """Every input column a run reads, in a stable order, without duplicates."""
        cols = [self.id_column]
        if self.universe.population_column:
            cols.append(self.universe.population_column)
        shrunk = set(self.shrinkage.indicators) if self.shrinkage else set()
        for ind in self.indicators:
            if ind.id in shrunk:
                cols += [str(ind.numerator_column), str(ind.denominator_column)]
            else:
                cols.append(ind.column)
        if self.shrinkage:
            cols.append(self.shrinkage.parent_column)
        return tuple(dict.fromkeys(cols))

    def to_dict(self) -> dict[str, Any]:
        """A plain mapping in the TOML layout; ``parse_spec(spec.to_dict()) == spec``."""
        return _spec_to_dict(self)

    @cached_property
    def spec_hash(self) -> str:
        """sha256 of the canonical JSON of :meth:`to_dict`: equal specs hash equally."""
        text = json.dumps(self.to_dict(), sort_keys=True, separators=(",", ":"), default=str)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


# --------------------------------------------------------------------------- loading


def load_spec(path: str | Path) -> IndexSpec:
    """Read and validate a TOML spec file.

    Parameters
    ----------
    path : str or Path
        The ``.toml`` file.

    Returns
    -------
    IndexSpec

    Raises
    ------
    NotFound
        When the file does not exist.
    SpecError
        When the TOML is malformed or the spec breaks a rule; the message names the file.

    Examples
    --------
    >>> spec = load_spec("examples/index/svi2020.toml")  # doctest: +SKIP
    """
    path = Path(path)
    if not path.exists():
        raise NotFound(f"Spec file '{path}' does not exist.")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise SpecError(f"Spec file '{path}' is not valid TOML: {exc}") from exc
    try:
        return parse_spec(data)
    except SpecError as exc:
        raise SpecError(f"Spec file '{path}': {exc}") from exc


def parse_spec(mapping: Mapping[str, Any]) -> IndexSpec:
    """Validate a spec given as a mapping (the parsed TOML) and build an :class:`IndexSpec`.

    Examples
    --------
    >>> spec = parse_spec({
    ...     "index": {"id": "demo", "id_column": "area"},
    ...     "indicator": [{"id": "a"}, {"id": "b", "direction": "higher_is_better"}],
    ... })
    >>> spec.indicator_ids
    ('a', 'b')
    """
    if not isinstance(mapping, Mapping):
        raise SpecError(f"A spec must be a table (mapping); got {type(mapping).__name__}.")
    top = _Table(mapping, "the spec")
    top.check_keys(
        (
            "index", "universe", "impute", "outliers", "normalise", "indicator", "group",
            "aggregate", "rounding", "flags", "classify", "shrinkage",
        )
    )  # fmt: skip
    head = top.table("index", required=True)
    head.check_keys(("id", "name", "description", "source", "id_column", "direction"))
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
    _check_consistency(spec)
    return spec


# --------------------------------------------------------------------------- table reader


class _Table:
    """A TOML table plus its name, with typed getters that raise SpecError naming both."""

    def __init__(self, data: Mapping[str, Any], where: str) -> None:
        self.data = data
        self.where = where

    def check_keys(self, allowed: tuple[str, ...]) -> None:
        unknown = [k for k in self.data if k not in allowed]
        if unknown:
            raise SpecError(
                f"{self.where}: unknown key {unknown[0]!r}; allowed keys are "
                f"{', '.join(repr(a) for a in allowed)}."
            )

    def fail(self, key: str, expected: str, value: Any) -> SpecError:
        return SpecError(f"{self.where}: {key} must be {expected}; got {value!r}.")

    def table(self, key: str, required: bool = False) -> _Table:
        value = self.data.get(key)
        if value is None:
            if required:
                raise SpecError(f"{self.where}: the [{key}] table is required but missing.")
            return _Table({}, f"[{key}]")
        if not isinstance(value, Mapping):
            raise self.fail(key, "a table", value)
        return _Table(value, f"[{key}]")

    def table_list(self, key: str, where: str) -> list[_Table]:
        value = self.data.get(key, [])
        if isinstance(value, Mapping):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, Mapping) for v in value):
            raise self.fail(key, f"an array of tables ({where})", value)
        return [_Table(v, f"{where} #{n + 1}") for n, v in enumerate(value)]

    def string(self, key: str, default: str = "", required: bool = False) -> str:
        if key not in self.data:
            if required:
                raise SpecError(f"{self.where}: key {key!r} is required but missing.")
            return default
        value = self.data[key]
        if not isinstance(value, str):
            raise self.fail(key, "a string", value)
        if required and not value:
            raise self.fail(key, "a non-empty string", value)
        return value

    def optional_string(self, key: str) -> str | None:
        value = self.string(key)
        return value or None

    def choice(self, key: str, allowed: tuple[str, ...], default: str) -> str:
        value = self.data.get(key, default)
        if value not in allowed:
            raise SpecError(
                f"{self.where}: {key} must be one of "
                f"{', '.join(repr(a) for a in allowed)}; got {value!r}."
            )
        return str(value)

    def number(self, key: str, default: float, *, low: float | None = None,
               high: float | None = None) -> float:  # fmt: skip
        value = self.data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(key, "a number", value)
        if value != value:
            raise self.fail(key, "a number (not NaN)", value)
        if low is not None and value < low:
            raise self.fail(key, f">= {low:g}", value)
        if high is not None and value > high:
            raise self.fail(key, f"<= {high:g}", value)
        return float(value)

    def integer(self, key: str, default: int, *, low: int | None = None) -> int:
        value = self.data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(key, "an integer", value)
        if low is not None and value < low:
            raise self.fail(key, f"an integer >= {low}", value)
        return int(value)

    def boolean(self, key: str, default: bool) -> bool:
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            raise self.fail(key, "true or false", value)
        return value

    def numbers(self, key: str) -> tuple[float, ...]:
        value = self.data.get(key, [])
        if not isinstance(value, list) or any(
            isinstance(v, bool) or not isinstance(v, int | float) for v in value
        ):
            raise self.fail(key, "an array of numbers", value)
        return tuple(float(v) for v in value)

    def strings(self, key: str) -> tuple[str, ...]:
        value = self.data.get(key, [])
        if not isinstance(value, list) or any(not isinstance(v, str) for v in value):
            raise self.fail(key, "an array of strings", value)
        return tuple(value)


# --------------------------------------------------------------------------- sections


def _keys(cls: type, skip: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The TOML keys of a section: its dataclass's field names."""
    return tuple(f.name for f in fields(cls) if f.name not in skip)


def _parse_normalise(t: _Table, base: NormaliseSpec, where: str) -> NormaliseSpec:
    t = _Table(t.data, where)
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


def _parse_indicator(t: _Table, default_normalise: NormaliseSpec) -> IndicatorSpec:
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


def _parse_group(t: _Table) -> GroupSpec:
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


def _parse_universe(t: _Table) -> UniverseSpec:
    t.check_keys(_keys(UniverseSpec))
    return UniverseSpec(
        population_column=t.optional_string("population_column"),
        min_population=t.number("min_population", 1.0),
        missing_values=t.numbers("missing_values"),
        min_share_present=t.number("min_share_present", 0.0, low=0.0, high=1.0),
        missing_policy=t.choice("missing_policy", MISSING_POLICIES, "propagate"),
    )


def _parse_impute(t: _Table) -> ImputeSpec:
    t.check_keys(_keys(ImputeSpec))
    return ImputeSpec(
        method=t.choice("method", IMPUTE_METHODS, "none"),
        normalise_first=t.boolean("normalise_first", True),
    )


def _parse_outliers(t: _Table) -> OutlierSpec:
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


def _parse_aggregate(t: _Table) -> AggregateSpec:
    t.check_keys(_keys(AggregateSpec))
    return AggregateSpec(
        aggregation=t.choice("aggregation", AGGREGATIONS, "sum"),
        renormalise=_parse_normalise(
            t.table("renormalise"), NormaliseSpec(), "[aggregate] renormalise"
        ),
    )


def _parse_rounding(t: _Table) -> RoundingSpec:
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


def _parse_flags(t: _Table) -> FlagsSpec:
    t.check_keys(_keys(FlagsSpec))
    return FlagsSpec(
        threshold=t.number("threshold", 0.9),
        total=t.optional_string("total"),
        missing_policy=t.choice("missing_policy", MISSING_POLICIES, "available"),
    )


def _parse_classify(t: _Table) -> ClassifySpec:
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


def _parse_shrinkage(t: _Table) -> ShrinkageSpec:
    t.check_keys(_keys(ShrinkageSpec))
    indicators = t.strings("indicators")
    if not indicators:
        raise SpecError("[shrinkage]: indicators must list at least one indicator id.")
    return ShrinkageSpec(
        parent_column=t.string("parent_column", required=True),
        indicators=indicators,
        scale=t.number("scale", 1.0, low=1e-300),
    )


# --------------------------------------------------------------------------- consistency


def _check_consistency(spec: IndexSpec) -> None:
    ind_ids = spec.indicator_ids
    grp_ids = tuple(g.id for g in spec.groups)
    _check_unique(ind_ids, "indicator id")
    _check_unique(grp_ids, "group id")
    both = set(ind_ids) & set(grp_ids)
    if both:
        raise SpecError(f"id {sorted(both)[0]!r} is used by both an indicator and a group.")
    for ind in spec.indicators:
        if ind.group is not None and ind.group not in grp_ids:
            raise SpecError(
                f"indicator {ind.id!r}: group {ind.group!r} does not exist; groups: "
                f"{', '.join(repr(g) for g in grp_ids) or '(none declared)'}."
            )
    for grp in spec.groups:
        if grp.parent is not None and grp.parent not in grp_ids:
            raise SpecError(
                f"group {grp.id!r}: parent {grp.parent!r} does not exist; groups: "
                f"{', '.join(repr(g) for g in grp_ids)}."
            )
    _check_cycles(spec)
    _check_nodes(spec)
    _check_outputs(spec)
    _check_references(spec)


def _check_unique(ids: tuple[str, ...], what: str) -> None:
    seen: set[str] = set()
    for x in ids:
        if x in seen:
            raise SpecError(f"{what} {x!r} is declared more than once; ids must be unique.")
        seen.add(x)


def _check_cycles(spec: IndexSpec) -> None:
    parent = {g.id: g.parent for g in spec.groups}
    for start in parent:
        path = [start]
        node = parent[start]
        while node is not None:
            if node in path:
                cycle = " -> ".join([*path[path.index(node) :], node])
                raise SpecError(f"groups form a cycle: {cycle}; parents must lead to the root.")
            path.append(node)
            node = parent[node]


def _check_nodes(spec: IndexSpec) -> None:
    """Every node has members, and its members' weights are not all zero."""
    for node in [None, *(g.id for g in spec.groups)]:
        inds, grps = spec.children(node)
        label = "the root [aggregate]" if node is None else f"group {node!r}"
        weights = [spec.indicators[i].weight for i in inds] + [g.weight for g in grps]
        if not weights:
            raise SpecError(f"{label} has no members (no indicator or group points to it).")
        if all(w == 0 for w in weights):
            raise SpecError(
                f"{label}: the weights of its members are all zero; at least one must be > 0."
            )
    for grp in spec.groups:
        if grp.pass_up == "normalised" and grp.renormalise.method == "none":
            raise SpecError(
                f"group {grp.id!r}: pass_up 'normalised' needs a renormalise method "
                "other than 'none'."
            )


def _check_outputs(spec: IndexSpec) -> None:
    names = [spec.id_column, *RESERVED_COLUMNS]
    for grp in spec.groups:
        names += [f"{grp.id}_score", f"{grp.id}_percentile"]
    flags = [ind.flag for ind in spec.indicators if ind.flag]
    flags += [g.flag for g in spec.groups if g.flag]
    if spec.flags is not None and spec.flags.total:
        flags.append(spec.flags.total)
    for name in flags:
        if name in names:
            raise SpecError(f"flag column {name!r} clashes with another output column; rename it.")
        names.append(name)
    if flags and spec.flags is None:
        raise SpecError("flag columns are declared but the [flags] table (threshold) is missing.")


def _check_references(spec: IndexSpec) -> None:
    ind_ids = spec.indicator_ids
    if spec.outliers.indicators is not None:
        for x in spec.outliers.indicators:
            if x not in ind_ids:
                raise SpecError(
                    f"[outliers]: indicators lists {x!r}, which is not an indicator; "
                    f"indicators: {', '.join(ind_ids)}."
                )
    if spec.shrinkage is not None:
        for x in spec.shrinkage.indicators:
            if x not in ind_ids:
                raise SpecError(
                    f"[shrinkage]: indicators lists {x!r}, which is not an indicator; "
                    f"indicators: {', '.join(ind_ids)}."
                )
            ind = spec.indicator(x)
            if not ind.numerator_column or not ind.denominator_column:
                raise SpecError(
                    f"indicator {x!r}: shrinkage needs numerator_column and denominator_column."
                )
    if spec.classify.method == "top_k" and spec.classify.top_k < 1:
        raise SpecError("[classify]: method 'top_k' needs k, a positive integer.")


# --------------------------------------------------------------------------- to_dict


def _plain(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    return value


def _section(obj: Any, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """A dataclass as a TOML table: None values left out (TOML has no null)."""
    out = {f.name: _plain(getattr(obj, f.name)) for f in fields(obj) if f.name not in skip}
    return {k: v for k, v in out.items() if v is not None}


def _spec_to_dict(s: IndexSpec) -> dict[str, Any]:
    head = ("id", "name", "description", "source", "id_column", "direction")
    classify = _section(s.classify, skip=("sd_k", "top_k"))
    if s.classify.method == "sd":
        classify["k"] = list(s.classify.sd_k)
    elif s.classify.method == "top_k":
        classify["k"] = s.classify.top_k
    out: dict[str, Any] = {
        "index": {k: getattr(s, k) for k in head},
        "universe": _section(s.universe),
        "impute": _section(s.impute),
        "outliers": _section(s.outliers),
        "normalise": _section(s.normalise),
        "indicator": [_section(i) for i in s.indicators],
        "group": [_section(g) for g in s.groups],
        "aggregate": _section(s.aggregate),
        "rounding": [_section(r) for r in s.rounding],
        "classify": classify,
    }
    if s.flags is not None:
        out["flags"] = _section(s.flags)
    if s.shrinkage is not None:
        out["shrinkage"] = _section(s.shrinkage)
    return out
