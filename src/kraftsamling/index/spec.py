"""The index spec: frozen dataclasses and the TOML parser that validates them.

A spec declares the whole pipeline of a composite index (universe, imputation, outlier
treatment, normalisation, aggregation tree, rounding, flags, classification, shrinkage).
``parse_spec`` checks everything it can before any data is seen, so that a run never
fails half-way on a typo. The format is documented in ``docs/index-spec.md``.

The parsing itself lives in :mod:`kraftsamling.index.spec_parse` (section parsers),
:mod:`kraftsamling.index.spec_table` (typed TOML getters) and
:mod:`kraftsamling.index.spec_checks` (rules that span sections).
"""

from __future__ import annotations

import hashlib
import json
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
# output column <indicator>_<suffix> holds each indicator's normalised value
NORMALISED_SUFFIX = {
    "percentile_rank": "percentile",
    "zscore": "zscore",
    "minmax": "minmax",
    "rank": "rank",
    "exponential_rank": "exponential",
    "distance_to_reference": "distance",
    "none": "value",
}


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
    source_sv: str = ""  # the source in Swedish, for Swedish pages; ``source`` when empty
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
    >>> spec = load_spec("src/kraftsamling/index/specs/svi2020.toml")  # doctest: +SKIP
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
    # The section parsers build the dataclasses above, so spec_parse imports this module;
    # importing it at call time keeps the two from forming an import cycle.
    from kraftsamling.index.spec_parse import build_spec

    return build_spec(mapping)


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
    head = ("id", "name", "description", "source", "source_sv", "id_column", "direction")
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
