"""Ranks of the universe's areas under many draws of the assumptions.

:class:`RankEvaluator` groups draws by their discrete choices, runs
:func:`~kraftsamling.index.pipeline.prepare` once per combination, and ranks blocks of
draws by one of three paths (``RankEvaluator.path``):

- ``linear``: one matrix product per block, for specs whose score is a fixed linear
  combination of the matrix (:func:`~kraftsamling.index.aggregate.is_linear`);
- ``staged``: every other spec, the aggregation tree run on the whole block at once by
  :class:`~kraftsamling.index.mc_staged.StagedScorer`, equal to the engine draw by draw;
- ``per-draw``: the engine's ``aggregate_tree`` once per draw (``vectorise=False``, the
  reference the other two are tested against).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from typing import Any

import numpy as np
from numpy.typing import NDArray

from kraftsamling.core.errors import InvalidInput
from kraftsamling.index.aggregate import effective_weights, is_linear
from kraftsamling.index.mc_draws import Assumptions, Draws
from kraftsamling.index.mc_ranks import RankWorkspace, rank_rows, rank_whole_rows
from kraftsamling.index.mc_staged import (
    Block,
    Buffers,
    NeedsEngine,
    StagedScorer,
    per_draw_steps,
    product,
)
from kraftsamling.index.pipeline import Inputs, Prepared, aggregate_tree, prepare

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
Progress = Callable[[int], None]


class RankEvaluator:
    """Ranks of the universe's areas under many draws, fast when the spec is linear.

    Parameters
    ----------
    assumptions : Assumptions
    inputs : Inputs
        From :func:`read_inputs` (validated once).
    vectorise : bool
        Score whole blocks of draws at once (the linear or the staged path); False runs
        the engine once per draw.
    n_jobs : int, optional
        Threads for the vectorised paths (numpy releases the GIL in sorts and products).
    chunk_size : int, optional
        Draws per block; blocks stay small enough to be reused by the allocator (default
        128 on the linear path, 16 on the staged one, whose blocks of draws x areas
        matrices should stay in the cores' caches).
    reuse_base : bool
        Give draws whose parameters all equal the spec's own the engine's ranks instead of
        recomputing them (the two can split exact ties differently, by ~1e-12 in the sums).
        False recomputes them, which is how tests check the fast path on its own.
    """

    def __init__(
        self,
        assumptions: Assumptions,
        inputs: Inputs,
        *,
        vectorise: bool = True,
        n_jobs: int | None = None,
        chunk_size: int | None = None,
        reuse_base: bool = True,
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
        self.staged = vectorise and not self.linear
        self.n_jobs = max(1, n_jobs if n_jobs is not None else _cpu_count())
        default_chunk = 128 if self.linear else 16
        self.chunk_size = max(1, int(chunk_size if chunk_size is not None else default_chunk))
        self.reuse_base = reuse_base
        self.rank_dtype = np.int16 if self.n < np.iinfo(np.int16).max else np.int32
        self._cache: dict[tuple[int, int, int], Prepared] = {(0, 0, 0): base}
        self._matrices: dict[tuple[int, int, int], tuple[FloatArray, FloatArray | None, bool]] = {}
        self._scorers: dict[tuple[int, int, int], StagedScorer] = {}

    @property
    def path(self) -> str:
        """``linear``, ``staged`` or ``per-draw``: how blocks of draws are ranked."""
        return "linear" if self.linear else "staged" if self.staged else "per-draw"

    @property
    def per_draw_steps(self) -> list[str]:
        """Steps that the staged path still computes draw by draw (empty otherwise)."""
        return per_draw_steps(self.spec) if self.staged else []

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
        is_base = draws.is_base(self.spec) & self.reuse_base
        for combo, _ in blocks:  # prepare outside the threads
            self.prepared(combo)
            if self.linear:
                self._matrix(combo)
            if self.staged:
                self._scorer(combo)
        done = 0
        if self.linear or self.staged:
            coef = self._coefficients(draws) if self.linear else None
            local = threading.local()

            def task(k: int) -> int:
                combo, idx = blocks[k]
                ws = getattr(local, "ws", None)
                if ws is None:
                    ws = local.ws = RankWorkspace(self.chunk_size, self.n, self.rank_dtype)
                    local.buffers = Buffers(self.chunk_size, self.n)
                if coef is None:
                    ranks = self._staged_block(ws, local.buffers, combo, idx, draws)
                elif self._matrix(combo)[2]:
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
        ws: RankWorkspace,
        combo: tuple[int, int, int],
        idx: IntArray,
        coef: FloatArray,
        draws: Draws,
    ) -> NDArray[Any]:
        xt, missing, _ = self._matrix(combo)
        c = idx.size
        scores = ws.scores[:c]
        product(coef[idx], xt, scores)
        miss = None
        if missing is not None:
            # under "propagate" a gap in any indicator still in the index leaves the area unranked
            miss = (draws.included[idx].astype(np.float64) @ missing) > 0
        return rank_rows(scores, ws, miss)

    def _scorer(self, combo: tuple[int, int, int]) -> StagedScorer:
        if combo not in self._scorers:
            self._scorers[combo] = StagedScorer(self.spec, self.prepared(combo), self.rows)
        return self._scorers[combo]

    def _staged_block(
        self,
        ws: RankWorkspace,
        buffers: Buffers,
        combo: tuple[int, int, int],
        idx: IntArray,
        draws: Draws,
    ) -> NDArray[Any]:
        block = Block(
            indicator_weights=draws.indicator_weights[idx],
            group_weights=draws.group_weights[idx],
            included=draws.included[idx],
        )
        try:
            scores, whole = self._scorer(combo).scores(block, buffers, whole=True)
        except NeedsEngine:  # the engine scores the block, or raises its own error
            return self._loop_block(combo, idx, draws)
        if not self.base_prepared.higher_is_worse:
            scores = np.negative(scores, out=scores)
        missing = np.isnan(scores)
        gaps = missing if missing.any() else None
        c = idx.size
        if whole:
            for keys in (buffers.keys32, buffers.keys64):
                ranks = rank_whole_rows(scores, gaps, keys[:c], ws.ranks[:c])
                if ranks is not None:
                    return ranks
            scores, _ = self._scorer(combo).scores(block, buffers)  # too wide for the keys
        return rank_rows(scores, ws, gaps)

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


def _cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1
