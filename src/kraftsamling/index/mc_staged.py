"""Root scores of a block of Monte Carlo draws for specs that are not linear.

:class:`StagedScorer` runs the engine's aggregation tree
(:func:`~kraftsamling.index.pipeline.aggregate_tree`) for a block of draws at once, each
node's members being draws x areas matrices. The scores equal the engine's draw by draw,
bit for bit, because every step either repeats the engine's arithmetic or proves that a
faster one gives the same result:

- aggregation uses :func:`~kraftsamling.index.aggregate.combine`, the engine's own
  elementwise arithmetic in the engine's member order (weights, left-out indicators and
  groups whose members all weigh zero as the engine treats them);
- rounding uses :func:`~kraftsamling.index.rounding.round_scaled` and re-rounds the few
  unsure values with :func:`~kraftsamling.index.rounding.round_values`;
- a node whose members are all indicators, aggregated by a sum or an arithmetic mean
  under "propagate" and rounded right after (CDC's SVI themes), is scored by one matrix
  product per block. The product's rounding error is bounded (|error| <= about
  2 k u sum |w x| for k members, in any summation order), and values within that bound
  of a rounding boundary are recomputed with the engine's arithmetic before rounding;
- rank-based renormalisation (rank, percentile rank, exponential rank) ranks every draw
  by one column sort of the block;
- other renormalisations that a group passes up to its parent (z-score, min-max,
  distance to a reference) call the engine's ``normalise`` once per draw;
  :func:`per_draw_steps` names them, and ``index explain`` says so.

What cannot be scored here (a root whose members all weigh zero in a draw, a geometric
mean over a value <= 0) raises :class:`NeedsEngine`; the caller then runs the engine on
that block, which raises the engine's own error.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

from kraftsamling.index.aggregate import combine
from kraftsamling.index.normalise import normalise, rank_columns
from kraftsamling.index.pipeline import Prepared
from kraftsamling.index.rounding import round_scaled, round_values
from kraftsamling.index.spec import IndexSpec, NormaliseSpec, RoundingSpec

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]
IntArray = NDArray[np.int64]

RANK_METHODS = ("rank", "percentile_rank", "exponential_rank")
_U = 2.0**-53  # unit roundoff of float64


class NeedsEngine(Exception):
    """A block of draws the staged path does not score; run the engine on it instead."""


@dataclass(frozen=True)
class Block:
    """The parameters of a block of draws (rows = draws)."""

    indicator_weights: FloatArray  # (draws, indicators), 0 where left out
    group_weights: FloatArray  # (draws, groups)
    included: BoolArray  # (draws, indicators)


class Buffers:
    """Per-thread draws x areas buffers, reused across blocks: fresh large arrays cost
    page faults (glibc returns them to the system), which would cost more than the work."""

    def __init__(self, rows: int, n: int) -> None:
        self.rows, self.n = rows, n
        self._arrays: dict[str, FloatArray] = {}
        # keys for rank_whole_rows: 32-bit ones sort about twice as fast when they suffice
        self.keys32 = np.empty((rows, n), dtype=np.uint32)
        self.keys64 = np.empty((rows, n), dtype=np.uint64)

    def get(self, name: str, c: int) -> FloatArray:
        """The buffer called ``name``, its first ``c`` rows."""
        if name not in self._arrays:
            self._arrays[name] = np.empty((self.rows, self.n))
        return self._arrays[name][:c]


class _Node(NamedTuple):
    passed: FloatArray  # (draws, areas): what the parent aggregates
    active: BoolArray  # (draws,): False where every member weighs zero


class _Product(NamedTuple):
    xt: FloatArray  # (members, areas), gaps as 0
    gaps: FloatArray | None  # (members, areas) 1.0 at gaps
    max_abs: FloatArray  # (members,) largest |value|


def per_draw_steps(spec: IndexSpec) -> list[str]:
    """The steps of ``spec`` that the Monte Carlo path computes draw by draw (English)."""
    return [
        f"group {grp.id!r} passes up its {grp.renormalise.method} renormalisation"
        for grp in spec.groups
        if grp.pass_up != "score" and grp.renormalise.method not in (*RANK_METHODS, "none")
    ]


class StagedScorer:
    """Root scores of blocks of draws on one prepared matrix, equal to the engine's.

    Parameters
    ----------
    spec : IndexSpec
    prepared : Prepared
        The matrix of one combination of discrete choices.
    rows : ndarray of int
        The universe's rows (the only ones the engine ranks).
    """

    def __init__(self, spec: IndexSpec, prepared: Prepared, rows: IntArray) -> None:
        self.spec = spec
        x = prepared.matrix[rows]
        self.x = x
        self.columns = [np.ascontiguousarray(x[:, j]) for j in range(x.shape[1])]
        present = ~np.isnan(x)
        self.finite = bool(np.isfinite(x[present]).all())
        self.gaps = ~present
        self.group_pos = {g.id: j for j, g in enumerate(spec.groups)}
        self._products: dict[str | None, _Product] = {}
        # fill the cache now: blocks are scored in threads
        for node in [None, *(g.id for g in spec.groups)]:
            inds, grps = spec.children(node)
            if inds and not grps:
                self._products[node] = self._product_data(inds)

    def scores(
        self, block: Block, buffers: Buffers | None = None, *, whole: bool = False
    ) -> tuple[FloatArray, bool]:
        """(draws, areas) root scores, rounded at stage "score" as the engine rounds them.

        With ``whole=True`` a root rounded to d decimals comes back as whole numbers (the
        scores times 10**d: the same order and ties), and the second result says so. The
        scores may be one of ``buffers``' arrays (valid until their next use).
        """
        buf = buffers or Buffers(block.included.shape[0], self.x.shape[0])
        done: dict[str, _Node] = {}
        for grp in self.spec.group_order():
            value, active = self._value(grp.id, block, done, buf)
            passed = value
            if grp.pass_up != "score":
                passed = self._renormalise(value, grp.renormalise, grp.id)
                rule = self.spec.rounding_for("group_percentile")
                passed = self._round(passed, rule, buf, f"{grp.id}.percentile")
            if not active.all():
                passed[~active] = self._inactive(grp.id, block, done, ~active)
            done[grp.id] = _Node(passed, active)
        rule = self.spec.rounding_for("score")
        whole = whole and rule is not None and rule.decimals <= 15
        value, active = self._value(None, block, done, buf, whole=whole)
        if not active.all():
            raise NeedsEngine("every member of the root weighs zero in some draw")
        return value, whole

    # ----------------------------------------------------------------------- nodes

    def _value(
        self,
        node: str | None,
        block: Block,
        done: Mapping[str, _Node],
        buf: Buffers,
        *,
        whole: bool = False,
    ) -> tuple[FloatArray, BoolArray]:
        """A node's value in every draw, rounded at its stage, and where it is active."""
        spec = self.spec
        inds, grps = spec.children(node)
        weights = [block.indicator_weights[:, i] for i in inds] + [
            np.where(done[g.id].active, block.group_weights[:, self.group_pos[g.id]], 0.0)
            for g in grps
        ]
        active = np.zeros(block.included.shape[0], dtype=bool)
        for w in weights:
            active |= w > 0
        method = spec.aggregate.aggregation if node is None else spec.group(node).aggregation
        policy = spec.universe.missing_policy
        rule = spec.rounding_for("score" if node is None else "group_score")
        fast = node in self._products and self.finite and policy == "propagate"
        if fast and rule is not None and method != "geometric":
            value = self._product_rounded(node, inds, block, method, rule, buf, whole=whole)
            return value, active
        members = [self._member(i, block) for i in inds] + [done[g.id].passed for g in grps]
        if method == "geometric":
            _check_positive(members, active)
        c = block.included.shape[0]
        value = combine(
            members, [w[:, None] for w in weights], method, policy,
            out=buf.get(f"{node}.value", c), scratch=buf.get("scratch", c),
        )  # fmt: skip
        return self._round(value, rule, buf, f"{node}.score", whole=whole), active

    def _inactive(
        self, node: str, block: Block, done: Mapping[str, _Node], draws: BoolArray
    ) -> FloatArray:
        """The engine's value of a node whose members all weigh zero: 1.0, NaN at gaps."""
        inds, grps = self.spec.children(node)
        gap = np.zeros((int(draws.sum()), self.x.shape[0]), dtype=bool)
        for i in inds:
            gap |= np.isnan(self.columns[i]) & block.included[draws, i][:, None]
        for g in grps:
            gap |= np.isnan(done[g.id].passed[draws])
        return np.where(gap, np.nan, 1.0)

    def _member(self, i: int, block: Block) -> FloatArray:
        """Indicator i's values; 1.0 in the draws that leave it out, as the engine does."""
        inc = block.included[:, i]
        if inc.all():
            return self.columns[i]
        return np.where(inc[:, None], self.columns[i][None, :], 1.0)

    # ----------------------------------------------------------------------- rounding

    def _round(
        self,
        value: FloatArray,
        rule: RoundingSpec | None,
        buf: Buffers,
        name: str,
        *,
        whole: bool = False,
    ) -> FloatArray:
        if rule is None:
            return value
        c = value.shape[0]
        y = np.multiply(value, 10.0**rule.decimals, out=buf.get("scaled", c))
        r, unsure = round_scaled(y, rule.decimals, rule.mode, out=buf.get(name, c), whole=whole)
        if unsure.any():
            r[unsure] = _exact_round(value[unsure], rule, whole)
        return r

    def _product_data(self, inds: list[int]) -> _Product:
        x = self.x[:, inds]
        gaps = np.isnan(x)
        # Gaps count as 0, so a column missing for every area has 0 and warns of nothing.
        max_abs = np.where(gaps, 0.0, np.abs(x)).max(axis=0) if x.size else x[0]
        return _Product(
            xt=np.ascontiguousarray(np.where(gaps, 0.0, x).T),
            gaps=np.ascontiguousarray(gaps.T.astype(np.float64)) if gaps.any() else None,
            max_abs=np.asarray(max_abs, dtype=np.float64),
        )

    def _product_rounded(
        self,
        node: str | None,
        inds: list[int],
        block: Block,
        method: str,
        rule: RoundingSpec,
        buf: Buffers,
        *,
        whole: bool = False,
    ) -> FloatArray:
        """Sum or mean of indicators by one matrix product, rounded exactly as the engine."""
        data = self._products[node]
        w = block.indicator_weights[:, inds]
        scale = 10.0**rule.decimals
        if method == "arithmetic":
            total = w[:, 0].copy()
            for j in range(1, w.shape[1]):
                total += w[:, j]  # left to right, as the engine adds weights
            with np.errstate(divide="ignore", invalid="ignore"):
                factor = np.where(total > 0, scale / total, 0.0)
        else:
            factor = np.full(w.shape[0], scale)
        scaled = w * factor[:, None]
        c = w.shape[0]
        y = buf.get("scaled", c)
        product(scaled, data.xt, y)
        bound = np.abs(scaled) @ data.max_abs
        # both the engine's left-to-right sum and the product are within gamma_k * sum|w x|
        # of the exact value; 4 (k + 4) u covers the two and the scaling of the weights
        slack = 4.0 * (len(inds) + 4) * _U * bound + 1e-300
        r, unsure = round_scaled(
            y, rule.decimals, rule.mode, slack=slack, bound=bound,
            out=buf.get(f"{node}.score", c), whole=whole,
        )  # fmt: skip
        if data.gaps is not None:
            # under "propagate" a gap in an indicator the draw includes leaves the area out
            gaps = buf.get("scaled", c)
            product(block.included[:, inds].astype(np.float64), data.gaps, gaps)
            missing = gaps > 0
            r[missing] = np.nan
            unsure &= ~missing
        if unsure.any():
            d, a = np.nonzero(unsure)
            inc = block.included[d][:, inds]
            members = [np.where(inc[:, j], self.x[a, i], 1.0) for j, i in enumerate(inds)]
            exact = combine(members, [block.indicator_weights[d, i] for i in inds], method)
            r[d, a] = _exact_round(exact, rule, whole)
        return r

    # ----------------------------------------------------------------------- renormalise

    def _renormalise(self, score: FloatArray, norm: NormaliseSpec, name: str) -> FloatArray:
        """The engine's renormalisation of every draw's row of group scores."""
        if norm.method == "none":
            return score.copy()
        if norm.method not in RANK_METHODS:
            every = np.ones(score.shape[1], dtype=bool)
            return np.vstack([normalise(row, every, norm, name=name) for row in score])
        r = rank_columns(score.T, norm.ties).T
        n = (~np.isnan(score)).sum(axis=1).astype(np.float64)[:, None]
        with np.errstate(invalid="ignore", divide="ignore"):
            if norm.method == "rank":
                return np.ascontiguousarray(r)
            if norm.method == "exponential_rank":
                c = norm.exponential_constant
                big_r = r / n
                return np.asarray(-c * np.log1p(-big_r * (1.0 - np.exp(-100.0 / c))))
            if norm.formula == "r/N":
                return np.asarray(r / n)
            # N = 1 gives 1.0, as the engine (and Excel's PERCENTRANK.INC) does
            return np.where(n > 1, (r - 1.0) / (n - 1.0), np.where(np.isnan(r), np.nan, 1.0))


def _exact_round(values: FloatArray, rule: RoundingSpec, whole: bool) -> FloatArray:
    """The engine's rounding; ``whole`` gives the rounded values times 10**decimals."""
    rounded = round_values(values, rule.decimals, rule.mode)
    if not whole:
        return rounded
    scaled = np.rint(rounded * 10.0**rule.decimals)
    if not (np.abs(scaled) < 2.0**50).all():  # round_values left it unrounded
        raise NeedsEngine("a score too large to rank as a whole number")
    return scaled


def _check_positive(members: list[FloatArray], active: BoolArray) -> None:
    for m in members:
        rows = m[active] if m.ndim == 2 else m
        with np.errstate(invalid="ignore"):
            if (rows <= 0).any():
                raise NeedsEngine("a geometric mean over a value <= 0")


def product(left: FloatArray, right: FloatArray, out: FloatArray) -> None:
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
