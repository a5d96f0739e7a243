"""The uncertain assumptions of a Monte Carlo run and the draws sampled from them.

:func:`build_assumptions` checks which steps of the base pipeline can vary and lists
each step's options; :meth:`Assumptions.draws_from_unit` maps a sample of the unit cube
to every draw's weights, inclusion and discrete choices (the rules are set out in
:mod:`kraftsamling.index.uncertainty`). The same mapping serves the Sobol sample of
:mod:`kraftsamling.index.sensitivity`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from numpy.typing import NDArray

from kraftsamling.core.errors import InvalidInput
from kraftsamling.index.pipeline import Inputs, Prepared, prepare
from kraftsamling.index.spec import IMPUTE_METHODS, NORMALISE_METHODS, IndexSpec, NormaliseSpec

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]
IntArray = NDArray[np.int64]

STEPS = ("weights", "normalisation", "imputation", "outliers", "inclusion")
DEFAULT_NORMALISATIONS: tuple[str | NormaliseSpec, ...] = ("zscore", "minmax", "percentile_rank")
GEOMETRIC_NORMALISATIONS: tuple[str | NormaliseSpec, ...] = (
    NormaliseSpec("minmax", lower=1.0, upper=100.0),
    NormaliseSpec("percentile_rank", formula="r/N"),
)
DEFAULT_IMPUTATIONS = ("mean", "median", "group_mean")


@dataclass(frozen=True)
class Assumptions:
    """The uncertain assumptions of one spec: which steps vary and their options.

    Option 0 of every discrete step is the spec's own choice (None = as in the spec).
    """

    spec: IndexSpec
    steps: tuple[str, ...]
    weight_spread: float
    leave_out_probability: float
    normalisations: tuple[str | NormaliseSpec | None, ...]
    imputations: tuple[str | None, ...]
    outliers: tuple[str | None, ...]
    labels: Mapping[str, tuple[str, ...]]

    @property
    def group_ids(self) -> tuple[str, ...]:
        """Group ids in spec order."""
        return tuple(g.id for g in self.spec.groups)

    def factors(self) -> list[tuple[str, str]]:
        """(factor name, assumption) per column of a unit-cube sample, in column order."""
        out: list[tuple[str, str]] = []
        if "weights" in self.steps:
            out += [(f"weight.{i}", "weights") for i in self.spec.indicator_ids]
            out += [(f"weight.{g}", "weights") for g in self.group_ids]
        for step, options in (
            ("normalisation", self.normalisations),
            ("imputation", self.imputations),
            ("outliers", self.outliers),
        ):
            if step in self.steps and len(options) > 1:
                out.append((step, step))
        if "inclusion" in self.steps:
            out += [(f"include.{i}", "inclusion") for i in self.spec.indicator_ids]
        return out

    def draws_from_unit(self, unit: FloatArray) -> Draws:
        """Map a sample of the unit cube (draws x factors) to draws of the assumptions."""
        spec = self.spec
        names = [name for name, _ in self.factors()]
        unit = np.asarray(unit, dtype=np.float64)
        if unit.ndim != 2 or unit.shape[1] != len(names):
            raise InvalidInput(
                f"expected a sample with {len(names)} columns ({', '.join(names)}); "
                f"got shape {unit.shape}."
            )
        col = {name: unit[:, j] for j, name in enumerate(names)}
        n = unit.shape[0]
        base_w = np.array([ind.weight for ind in spec.indicators], dtype=np.float64)
        base_g = np.array([g.weight for g in spec.groups], dtype=np.float64)
        ind_w = np.tile(base_w, (n, 1))
        grp_w = np.tile(base_g, (n, 1))
        if "weights" in self.steps:
            s = self.weight_spread
            for j, ind_id in enumerate(spec.indicator_ids):
                ind_w[:, j] *= 1.0 + s * (2.0 * col[f"weight.{ind_id}"] - 1.0)
            for j, grp_id in enumerate(self.group_ids):
                grp_w[:, j] *= 1.0 + s * (2.0 * col[f"weight.{grp_id}"] - 1.0)
        included = np.ones((n, len(base_w)), dtype=bool)
        if "inclusion" in self.steps:
            u = np.column_stack([col[f"include.{i}"] for i in spec.indicator_ids])
            included = u >= self.leave_out_probability
            _keep_one(included, u, _carries_weight(spec))
        ind_w *= included

        def pick(step: str, options: tuple[Any, ...]) -> IntArray:
            if step not in col:
                return np.zeros(n, dtype=np.int64)
            return np.minimum((col[step] * len(options)).astype(np.int64), len(options) - 1)

        return Draws(
            indicator_weights=ind_w,
            group_weights=grp_w,
            included=included,
            normalisation=pick("normalisation", self.normalisations),
            imputation=pick("imputation", self.imputations),
            outliers=pick("outliers", self.outliers),
        )

    def prepare_combo(self, inputs: Inputs, combo: tuple[int, int, int]) -> Prepared:
        """Run :func:`prepare` with the discrete choices ``combo``."""
        n, i, o = combo
        return prepare(
            self.spec,
            inputs,
            normalisation=self.normalisations[n],
            imputation=self.imputations[i],
            outliers=self.outliers[o],
        )


@dataclass(frozen=True)
class Draws:
    """The parameters of every draw (rows = draws)."""

    indicator_weights: FloatArray  # (draws, indicators), 0 where left out
    group_weights: FloatArray  # (draws, groups)
    included: BoolArray  # (draws, indicators)
    normalisation: IntArray  # option index per draw
    imputation: IntArray
    outliers: IntArray

    @property
    def n(self) -> int:
        """Number of draws."""
        return int(self.included.shape[0])

    def combos(self) -> IntArray:
        """(draws, 3) discrete choices: normalisation, imputation, outliers."""
        return np.column_stack([self.normalisation, self.imputation, self.outliers])

    def is_base(self, spec: IndexSpec) -> BoolArray:
        """Draws whose every parameter equals the spec's own."""
        base_w = np.array([ind.weight for ind in spec.indicators], dtype=np.float64)
        base_g = np.array([g.weight for g in spec.groups], dtype=np.float64)
        same = (self.indicator_weights == base_w).all(axis=1) & self.included.all(axis=1)
        same &= (self.group_weights == base_g).all(axis=1)
        return np.asarray(same & (self.combos() == 0).all(axis=1))


def _carries_weight(spec: IndexSpec) -> BoolArray:
    """Indicators whose own weight and every ancestor group's weight are > 0."""
    weight = {g.id: g.weight for g in spec.groups}
    parent = {g.id: g.parent for g in spec.groups}
    out = np.zeros(len(spec.indicators), dtype=bool)
    for j, ind in enumerate(spec.indicators):
        ok, node = ind.weight > 0, ind.group
        while ok and node is not None:
            ok, node = weight[node] > 0, parent[node]
        out[j] = ok
    return out


def _keep_one(included: BoolArray, u: FloatArray, carries: BoolArray) -> None:
    """Where a draw leaves out every weighted indicator, keep the one with the largest u."""
    if not carries.any():
        return
    empty = ~(included & carries).any(axis=1)
    if empty.any():
        masked = np.where(carries, u, -1.0)[empty]
        included[np.flatnonzero(empty), masked.argmax(axis=1)] = True


def build_assumptions(
    spec: IndexSpec,
    vary: Sequence[str] | None = None,
    *,
    weight_spread: float = 0.25,
    leave_out_probability: float = 0.1,
    normalisations: Sequence[str | NormaliseSpec] | None = None,
    imputations: Sequence[str] | None = None,
) -> Assumptions:
    """Validate the variation settings against ``spec`` and list each step's options.

    ``vary=None`` varies every step the base pipeline has; naming a step the spec lacks
    (e.g. ``"imputation"`` when ``[impute] method = "none"``) raises InvalidInput.

    Examples
    --------
    >>> from kraftsamling.index.spec import parse_spec
    >>> spec = parse_spec({"index": {"id": "t", "id_column": "id"},
    ...                    "indicator": [{"id": "a"}, {"id": "b"}]})
    >>> build_assumptions(spec).steps
    ('weights', 'normalisation', 'inclusion')
    """
    present = _present_steps(spec)
    if vary is None:
        steps = tuple(s for s in STEPS if present[s] is None)
    else:
        steps = tuple(dict.fromkeys(vary))
        for step in steps:
            if step not in STEPS:
                raise InvalidInput(
                    f"vary: unknown step {step!r}; expected some of {', '.join(STEPS)}."
                )
            if present[step] is not None:
                raise InvalidInput(f"vary: cannot vary {step!r}: {present[step]}.")
    if not (0.0 <= weight_spread < 1.0):
        raise InvalidInput(
            f"weight_spread must be in [0, 1) so weights stay > 0; got {weight_spread}."
        )
    if not (0.0 <= leave_out_probability < 1.0):
        raise InvalidInput(f"leave_out_probability must be in [0, 1); got {leave_out_probability}.")
    norms = _normalisation_options(spec, normalisations)
    imps = _imputation_options(spec, imputations)
    outs: tuple[str | None, ...] = (None, "none")
    labels = {
        "normalisation": tuple(_norm_label(spec, o) for o in norms),
        "imputation": (spec.impute.method, *(str(o) for o in imps[1:])),
        "outliers": (spec.outliers.method, "none"),
    }
    return Assumptions(
        spec=spec,
        steps=steps,
        weight_spread=float(weight_spread),
        leave_out_probability=float(leave_out_probability),
        normalisations=norms if "normalisation" in steps else (None,),
        imputations=imps if "imputation" in steps else (None,),
        outliers=outs if "outliers" in steps else (None,),
        labels=labels,
    )


def _present_steps(spec: IndexSpec) -> dict[str, str | None]:
    """None when the step exists in the base pipeline, else why it cannot vary."""
    methods = {ind.normalise.method for ind in spec.indicators}
    return {
        "weights": None,
        "normalisation": "no indicator is normalised (every method is 'none')"
        if methods == {"none"}
        else None,
        "imputation": "the spec does not impute ([impute] method = 'none')"
        if spec.impute.method == "none"
        else None,
        "outliers": "the spec does not treat outliers ([outliers] method = 'none')"
        if spec.outliers.method == "none"
        else None,
        "inclusion": "the spec has a single indicator" if len(spec.indicators) < 2 else None,
    }


def _has_geometric(spec: IndexSpec) -> bool:
    return spec.aggregate.aggregation == "geometric" or any(
        g.aggregation == "geometric" for g in spec.groups
    )


def _normalisation_options(
    spec: IndexSpec, given: Sequence[str | NormaliseSpec] | None
) -> tuple[str | NormaliseSpec | None, ...]:
    if given is None:
        given = GEOMETRIC_NORMALISATIONS if _has_geometric(spec) else DEFAULT_NORMALISATIONS
    own = [ind.normalise for ind in spec.indicators]
    seen = [own]
    options: list[str | NormaliseSpec | None] = [None]
    for option in given:
        if isinstance(option, str) and (option not in NORMALISE_METHODS or option == "none"):
            raise InvalidInput(f"normalisations: unknown method {option!r}.")
        result = [replace(n, method=option) if isinstance(option, str) else option for n in own]
        if result not in seen:  # an alternative equal to the spec's own adds nothing
            seen.append(result)
            options.append(option)
    return tuple(options)


def _imputation_options(spec: IndexSpec, given: Sequence[str] | None) -> tuple[str | None, ...]:
    options: list[str | None] = [None]
    for method in DEFAULT_IMPUTATIONS if given is None else given:
        if method not in IMPUTE_METHODS or method == "none":
            raise InvalidInput(
                f"imputations: expected some of {', '.join(DEFAULT_IMPUTATIONS)}; got {method!r}."
            )
        if method != spec.impute.method and method not in options:
            options.append(method)
    return tuple(options)


def _norm_label(spec: IndexSpec, option: str | NormaliseSpec | None) -> str:
    if option is None:
        methods = sorted({ind.normalise.method for ind in spec.indicators})
        return methods[0] if len(methods) == 1 else "spec"
    if isinstance(option, str):
        return option
    if option.method == "minmax":
        return f"minmax[{option.lower:g},{option.upper:g}]"
    if option.method == "percentile_rank":
        return f"percentile_rank {option.formula}"
    return option.method


def draws_table(assumptions: Assumptions, draws: Draws) -> dict[str, NDArray[Any]]:
    """Every draw's parameters as named columns (see ``MonteCarlo.draws_``)."""
    spec = assumptions.spec
    out: dict[str, NDArray[Any]] = {}
    for j, ind_id in enumerate(spec.indicator_ids):
        out[f"weight.{ind_id}"] = draws.indicator_weights[:, j].copy()
    for j, grp_id in enumerate(assumptions.group_ids):
        out[f"weight.{grp_id}"] = draws.group_weights[:, j].copy()
    for j, ind_id in enumerate(spec.indicator_ids):
        out[f"included.{ind_id}"] = draws.included[:, j].copy()
    for step, chosen in (
        ("normalisation", draws.normalisation),
        ("imputation", draws.imputation),
        ("outliers", draws.outliers),
    ):
        labels = np.asarray(assumptions.labels[step], dtype=object)
        out[step] = labels[chosen]
    return out
