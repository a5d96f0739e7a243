"""Monte Carlo uncertainty analysis of an index's ranks, in the manner of COINr.

Every draw re-runs the index with perturbed assumptions, and only assumptions the base
pipeline actually has are perturbed:

- ``weights``: every indicator and group weight is multiplied by its own factor drawn
  uniformly from [1 - s, 1 + s] (default s = 0.25). This is COINr's
  ``get_noisy_weights`` rule (weights "deviate by +/- s of their nominal values"); a
  Dirichlet draw was not chosen because it cannot keep a spec's deliberate unequal
  weights as the centre of the distribution without an extra concentration parameter.
- ``normalisation``: the method is drawn uniformly from the spec's own and the
  alternatives (default z-score, min-max, percentile rank; min-max on [1, 100] and
  percentile rank r/N when the spec has a geometric mean, which needs values > 0).
  Only when some indicator is normalised.
- ``imputation``: drawn from the spec's method and mean / median / group mean; only
  when the spec imputes.
- ``outliers``: the spec's treatment on or off, each with probability 1/2; only when the
  spec treats outliers.
- ``inclusion``: each indicator is left out with probability p (default 0.1). A group
  whose indicators are all left out leaves its parent (the engine's rule for a group
  whose weights are all zero); at least one indicator that carries weight always stays.

Draws are grouped by their discrete choices; :func:`~kraftsamling.index.pipeline.prepare`
runs once per distinct combination. When the spec is linear
(:func:`~kraftsamling.index.aggregate.is_linear`) the scores of a block of draws are one
matrix product and the ranks come from one integer sort per draw of a key that packs a
quantised score above the area's index (scores equal after quantisation are ordered
afterwards by their exact values). Other specs run the engine's ``aggregate_tree`` once
per draw. A draw whose parameters all equal the spec's own takes the engine's ranks, so
zero variation reproduces the base ranks exactly. Ranks follow the engine: 1 = most
vulnerable, ties get the minimum rank.

Rank quantiles are numpy's default "linear" quantiles (R's type 7, as COINr reports
them) over the draws in which the area was ranked.
"""

from __future__ import annotations

import math
import os
import threading
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from numpy.typing import NDArray

from kraftsamling.core.errors import InvalidInput
from kraftsamling.index.aggregate import effective_weights, is_linear
from kraftsamling.index.pipeline import Inputs, Prepared, aggregate_tree, prepare, read_inputs
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
Progress = Callable[[int], None]


# --------------------------------------------------------------------------- assumptions


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


# --------------------------------------------------------------------------- evaluation


class RankEvaluator:
    """Ranks of the universe's areas under many draws, fast when the spec is linear.

    Parameters
    ----------
    assumptions : Assumptions
    inputs : Inputs
        From :func:`read_inputs` (validated once).
    vectorise : bool
        Use the matrix-product path when the spec is linear.
    n_jobs : int, optional
        Threads for the linear path (numpy releases the GIL in sorts and products).
    chunk_size : int
        Draws per block; blocks stay small enough to be reused by the allocator.
    """

    def __init__(
        self,
        assumptions: Assumptions,
        inputs: Inputs,
        *,
        vectorise: bool = True,
        n_jobs: int | None = None,
        chunk_size: int = 128,
    ) -> None:
        self.assumptions = assumptions
        self.spec = assumptions.spec
        self.inputs = inputs
        base = prepare(self.spec, inputs)
        self.base_prepared = base
        self.base_output = aggregate_tree(self.spec, base)
        self.universe = base.universe
        self.rows = np.flatnonzero(base.universe)
        self.n = int(self.rows.size)
        rank = self.base_output["rank"][self.rows]
        self.base_rank = np.where(np.isnan(rank), 0, rank).astype(np.int64)
        self.linear = vectorise and is_linear(self.spec)
        self.n_jobs = max(1, n_jobs if n_jobs is not None else _cpu_count())
        self.chunk_size = max(1, int(chunk_size))
        self.rank_dtype = np.int16 if self.n < np.iinfo(np.int16).max else np.int32
        self._cache: dict[tuple[int, int, int], Prepared] = {(0, 0, 0): base}
        self._matrices: dict[tuple[int, int, int], tuple[FloatArray, FloatArray | None, bool]] = {}

    def prepared(self, combo: tuple[int, int, int]) -> Prepared:
        """The prepared matrix for a combination of discrete choices (cached)."""
        if combo not in self._cache:
            p = self.assumptions.prepare_combo(self.inputs, combo)
            if not np.array_equal(p.universe, self.universe):
                raise InvalidInput("the ranking universe changed between pipeline variants.")
            self._cache[combo] = p
        return self._cache[combo]

    def plan(self, draws: Draws) -> list[tuple[tuple[int, int, int], IntArray]]:
        """Draw indices grouped by combination, in blocks of ``chunk_size``."""
        combos = draws.combos()
        blocks: list[tuple[tuple[int, int, int], IntArray]] = []
        for combo in np.unique(combos, axis=0):
            idx = np.flatnonzero((combos == combo).all(axis=1))
            key = (int(combo[0]), int(combo[1]), int(combo[2]))
            blocks += [
                (key, idx[s : s + self.chunk_size]) for s in range(0, idx.size, self.chunk_size)
            ]
        return blocks

    def run(
        self,
        draws: Draws,
        consume: Callable[[int, IntArray, NDArray[Any]], None],
        progress: Progress | None = None,
    ) -> None:
        """Compute the ranks of every draw and hand them over block by block.

        ``consume(position, draw_indices, ranks)`` gets ``ranks`` of shape
        (len(draw_indices), n_universe) with 0 = not ranked; ``position`` is where the
        block starts in evaluation order (blocks are grouped by combination). It may be
        called from worker threads, never twice for the same draws.
        """
        blocks = self.plan(draws)
        positions = np.cumsum([0] + [idx.size for _, idx in blocks[:-1]]).tolist()
        is_base = draws.is_base(self.spec)
        for combo, _ in blocks:  # prepare outside the threads
            self.prepared(combo)
            if self.linear:
                self._matrix(combo)
        done = 0
        if self.linear:
            coef = self._coefficients(draws)
            local = threading.local()

            def task(k: int) -> int:
                combo, idx = blocks[k]
                ws = getattr(local, "ws", None)
                if ws is None:
                    ws = local.ws = _Workspace(self.chunk_size, self.n, self.rank_dtype)
                if self._matrix(combo)[2]:
                    ranks = self._linear_block(ws, combo, idx, coef, draws)
                else:  # infinite values: only the engine's own arithmetic ranks them right
                    ranks = self._loop_block(combo, idx, draws)
                ranks[is_base[idx]] = self.base_rank
                consume(positions[k], idx, ranks)
                return int(idx.size)

            with ThreadPoolExecutor(self.n_jobs) as pool:
                for size in pool.map(task, range(len(blocks))):
                    done += size
                    if progress is not None:
                        progress(done)
            return
        for k, (combo, idx) in enumerate(blocks):
            ranks = self._loop_block(combo, idx, draws)
            ranks[is_base[idx]] = self.base_rank
            consume(positions[k], idx, ranks)
            done += int(idx.size)
            if progress is not None:
                progress(done)

    def _coefficients(self, draws: Draws) -> FloatArray:
        """(draws, indicators) coefficients, sign-flipped so higher = more vulnerable."""
        gw = {g: draws.group_weights[:, j] for j, g in enumerate(self.assumptions.group_ids)}
        coef = effective_weights(self.spec, draws.indicator_weights, group_weights=gw).T
        sign = 1.0 if self.base_prepared.higher_is_worse else -1.0
        return np.ascontiguousarray(coef * sign)

    def _linear_block(
        self,
        ws: _Workspace,
        combo: tuple[int, int, int],
        idx: IntArray,
        coef: FloatArray,
        draws: Draws,
    ) -> NDArray[Any]:
        xt, missing, _ = self._matrix(combo)
        c = idx.size
        scores = ws.scores[:c]
        _product(coef[idx], xt, scores)
        miss = None
        if missing is not None:
            # under "propagate" a gap in any indicator still in the index leaves the area unranked
            miss = (draws.included[idx].astype(np.float64) @ missing) > 0
        return rank_rows(scores, ws, miss)

    def _matrix(self, combo: tuple[int, int, int]) -> tuple[FloatArray, FloatArray | None, bool]:
        """The universe's matrix transposed with gaps as 0, the gap mask, and finiteness."""
        if combo not in self._matrices:
            x = self.prepared(combo).matrix[self.rows]
            gaps = np.isnan(x)
            missing = gaps.T.astype(np.float64) if gaps.any() else None
            finite = bool(np.isfinite(x[~gaps]).all())
            self._matrices[combo] = (
                np.ascontiguousarray(np.where(gaps, 0.0, x).T),
                missing,
                finite,
            )
        return self._matrices[combo]

    def _loop_block(self, combo: tuple[int, int, int], idx: IntArray, draws: Draws) -> NDArray[Any]:
        prepared = self.prepared(combo)
        out = np.zeros((idx.size, self.n), dtype=self.rank_dtype)
        group_ids = self.assumptions.group_ids
        for r, d in enumerate(idx):
            left_out = ~draws.included[d]
            p = prepared
            if left_out.any():
                # 1.0 is neutral for every aggregation at weight 0, and a left-out
                # indicator's gaps must not leave areas unranked
                matrix = prepared.matrix.copy()
                matrix[:, left_out] = np.where(prepared.universe[:, None], 1.0, np.nan)
                p = replace(prepared, matrix=matrix)
            gw = {g: float(draws.group_weights[d, j]) for j, g in enumerate(group_ids)}
            rank = aggregate_tree(self.spec, p, draws.indicator_weights[d], group_weights=gw)[
                "rank"
            ]
            rank = rank[self.rows]
            out[r] = np.where(np.isnan(rank), 0, rank)
        return out


def _product(left: FloatArray, right: FloatArray, out: FloatArray) -> None:
    """out = left @ right in tiles of at most 2**18 multiply-adds.

    OpenBLAS splits larger products over its own threads, which then spin against the
    threads that sort; below its threshold (65536 * 4) it stays on the calling thread.
    """
    rows, inner = left.shape
    tile_rows = min(rows, 16)
    cols = max(1, (1 << 18) // max(1, tile_rows * inner))
    for r in range(0, rows, tile_rows):
        for c in range(0, right.shape[1], cols):
            np.matmul(
                left[r : r + tile_rows],
                right[:, c : c + cols],
                out=out[r : r + tile_rows, c : c + cols],
            )


def _cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


# --------------------------------------------------------------------------- rank kernel


class _Workspace:
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
    scores: FloatArray, ws: _Workspace | None = None, missing: BoolArray | None = None
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
        ws = _Workspace(c, n, np.int16 if n < np.iinfo(np.int16).max else np.int32)
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


def _sorted_keys(scores: FloatArray, lo: FloatArray, hi: FloatArray, ws: _Workspace) -> None:
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


def _fix_equal_keys(scores: FloatArray, ws: _Workspace, c: int, n: int) -> None:
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


# --------------------------------------------------------------------------- estimator


class MonteCarlo:
    """Monte Carlo uncertainty of every area's rank (scikit-learn's estimator contract).

    Parameters
    ----------
    spec : IndexSpec
    n_draws : int
        Number of draws.
    seed : int
        Seed of numpy's default generator; the same seed gives the same draws.
    top_k : int, optional
        k for ``p_top_k_``; default the spec's ``[classify] k`` when its method is
        ``top_k``, else the top tenth (ceil(N / 10) of the N ranked areas).
    vary : sequence of str, optional
        Steps to vary, some of ``STEPS``; default every step the spec has.
    weight_spread : float
        s in the weight factor U(1 - s, 1 + s).
    leave_out_probability : float
        Probability that a draw leaves an indicator out.
    normalisations, imputations : sequence, optional
        Alternatives to the spec's own method (see the module docstring for defaults).
    keep_ranks : bool
        Keep every draw's ranks in ``ranks_`` (areas x draws; 2 bytes per value when
        fewer than 32,767 areas are ranked).
    vectorise : bool
        Use the matrix-product path for linear specs (False always runs the engine).
    n_jobs : int, optional
        Threads; default every available core.

    Attributes
    ----------
    rank_median_, rank_p05_, rank_p95_ : ndarray
        Per input row (NaN outside the universe): median and 5th / 95th percentile rank.
    p_top_k_ : ndarray
        Share of draws with rank <= ``top_k_``.
    base_rank_ : ndarray
        The engine's rank with the spec as written.
    draws_ : dict of str -> ndarray
        Every draw's parameters: ``weight.<id>`` (indicators and groups, 0 when left
        out), ``included.<indicator>``, ``normalisation``, ``imputation``, ``outliers``.
    ranks_ : ndarray or None
        (n_rows, n_draws) ranks, 0 = not ranked; only with ``keep_ranks``.
    steps_ : tuple of str
        The steps that were varied.

    Examples
    --------
    >>> from kraftsamling.index.spec import parse_spec
    >>> spec = parse_spec({"index": {"id": "t", "id_column": "id"},
    ...                    "indicator": [{"id": "a"}, {"id": "b"}]})
    >>> table = {"id": ["x", "y", "z"], "a": [1, 2, 3], "b": [3, 1, 2]}
    >>> mc = MonteCarlo(spec, n_draws=50, vary=["weights"], weight_spread=0.0).fit(table)
    >>> mc.rank_median_.tolist() == mc.base_rank_.tolist()
    True
    """

    def __init__(
        self,
        spec: IndexSpec,
        n_draws: int = 1000,
        seed: int = 0,
        top_k: int | None = None,
        vary: Sequence[str] | None = None,
        *,
        weight_spread: float = 0.25,
        leave_out_probability: float = 0.1,
        normalisations: Sequence[str | NormaliseSpec] | None = None,
        imputations: Sequence[str] | None = None,
        keep_ranks: bool = False,
        vectorise: bool = True,
        n_jobs: int | None = None,
    ) -> None:
        self.spec = spec
        self.n_draws = n_draws
        self.seed = seed
        self.top_k = top_k
        self.vary = vary
        self.weight_spread = weight_spread
        self.leave_out_probability = leave_out_probability
        self.normalisations = normalisations
        self.imputations = imputations
        self.keep_ranks = keep_ranks
        self.vectorise = vectorise
        self.n_jobs = n_jobs

    def fit(
        self, table: Mapping[str, Any] | Inputs, progress: Progress | None = None
    ) -> MonteCarlo:
        """Run the draws on ``table``; ``progress(done)`` is told how many draws are done."""
        if not isinstance(self.n_draws, int | np.integer) or self.n_draws < 1:
            raise InvalidInput(f"n_draws must be a positive integer; got {self.n_draws!r}.")
        assumptions = build_assumptions(
            self.spec, self.vary, weight_spread=self.weight_spread,
            leave_out_probability=self.leave_out_probability,
            normalisations=self.normalisations, imputations=self.imputations,
        )  # fmt: skip
        inputs = table if isinstance(table, Inputs) else read_inputs(self.spec, table)
        evaluator = RankEvaluator(assumptions, inputs, vectorise=self.vectorise, n_jobs=self.n_jobs)
        rng = np.random.default_rng(self.seed)
        draws = assumptions.draws_from_unit(
            rng.random((int(self.n_draws), len(assumptions.factors())))
        )
        k = self._resolve_top_k(evaluator)
        collected = _collect(evaluator, draws, k, keep=self.keep_ranks, progress=progress)
        self._store(evaluator, assumptions, draws, collected, k)
        return self

    def _resolve_top_k(self, evaluator: RankEvaluator) -> int:
        if self.top_k is not None:
            if int(self.top_k) < 1:
                raise InvalidInput(f"top_k must be a positive integer; got {self.top_k!r}.")
            return int(self.top_k)
        if self.spec.classify.method == "top_k":
            return int(self.spec.classify.top_k)
        return max(1, math.ceil(int((evaluator.base_rank > 0).sum()) / 10))

    def _store(
        self,
        ev: RankEvaluator,
        assumptions: Assumptions,
        draws: Draws,
        collected: _Collected,
        k: int,
    ) -> None:
        rows, n_rows = ev.rows, ev.universe.shape[0]

        def full(values: FloatArray) -> FloatArray:
            out = np.full(n_rows, np.nan)
            out[rows] = values
            return out

        valid = collected.valid
        self.rank_median_ = full(row_quantiles(collected.sorted_ranks, valid, 0.5))
        self.rank_p05_ = full(row_quantiles(collected.sorted_ranks, valid, 0.05))
        self.rank_p95_ = full(row_quantiles(collected.sorted_ranks, valid, 0.95))
        with np.errstate(invalid="ignore", divide="ignore"):
            self.p_top_k_ = full(np.where(valid > 0, collected.top / np.maximum(valid, 1), np.nan))
        self.base_rank_ = ev.base_output["rank"].copy()
        self.top_k_ = k
        self.ids_ = ev.base_prepared.ids
        self.steps_ = assumptions.steps
        self.linear_ = ev.linear
        self.draws_ = draws_table(assumptions, draws)
        self.ranks_: NDArray[Any] | None = None
        if collected.ranks is not None:
            ranks = np.zeros((n_rows, draws.n), dtype=collected.ranks.dtype)
            ranks[rows] = collected.ranks
            self.ranks_ = ranks

    def uncertainty_columns(self) -> dict[str, FloatArray]:
        """The per-area output columns ``rank_median``, ``rank_p05``, ``rank_p95``, ``p_top_k``."""
        return {
            "rank_median": self.rank_median_,
            "rank_p05": self.rank_p05_,
            "rank_p95": self.rank_p95_,
            "p_top_k": self.p_top_k_,
        }


@dataclass
class _Collected:
    sorted_ranks: NDArray[Any]  # (n_universe, draws), each row sorted
    valid: IntArray  # draws in which each area was ranked
    top: IntArray  # draws with 1 <= rank <= k
    ranks: NDArray[Any] | None  # (n_universe, draws) in draw order, when kept


def _collect(
    ev: RankEvaluator, draws: Draws, k: int, *, keep: bool, progress: Progress | None
) -> _Collected:
    """Stream the rank blocks into an areas x draws matrix, sort each area's row, count."""
    n_draws = draws.n
    table = np.empty((ev.n, n_draws), dtype=ev.rank_dtype)
    order = np.empty(n_draws, dtype=np.int64)

    def consume(pos: int, idx: IntArray, ranks: NDArray[Any]) -> None:
        table[:, pos : pos + idx.size] = ranks.T
        order[pos : pos + idx.size] = idx

    ev.run(draws, consume, progress)
    kept = None
    if keep:
        kept = np.empty_like(table)
        kept[:, order] = table
    sort_rows(table, ev.n_jobs)
    unranked = count_at_most(table, 0)
    return _Collected(
        sorted_ranks=table,
        valid=n_draws - unranked,
        top=count_at_most(table, k) - unranked,
        ranks=kept,
    )


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
