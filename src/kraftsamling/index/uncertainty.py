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
afterwards by their exact values). Other specs (rounding or re-ranking between levels,
geometric means, "available" missing values) take the staged path of
:mod:`kraftsamling.index.mc_staged`: the aggregation tree on whole blocks of draws, with
the engine's own arithmetic, equal to the engine draw by draw; a root rounded to d
decimals is ranked as whole numbers by one sort per draw. A draw whose parameters all
equal the spec's own takes the engine's ranks, so zero variation reproduces the base
ranks exactly. Ranks follow the engine: 1 = most vulnerable, ties get the minimum rank.

Rank quantiles are numpy's default "linear" quantiles (R's type 7, as COINr reports
them) over the draws in which the area was ranked.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from kraftsamling.core.errors import InvalidInput
from kraftsamling.index.mc_draws import (
    DEFAULT_IMPUTATIONS,
    DEFAULT_NORMALISATIONS,
    GEOMETRIC_NORMALISATIONS,
    STEPS,
    Assumptions,
    Draws,
    build_assumptions,
    draws_table,
)
from kraftsamling.index.mc_evaluator import Progress, RankEvaluator
from kraftsamling.index.mc_ranks import count_at_most, rank_rows, row_quantiles, sort_rows
from kraftsamling.index.pipeline import Inputs, read_inputs
from kraftsamling.index.rounding import round_values
from kraftsamling.index.spec import IndexSpec, NormaliseSpec

# the estimator lives here; the names of its parts stay importable from this module
__all__ = [
    "DEFAULT_IMPUTATIONS",
    "DEFAULT_NORMALISATIONS",
    "GEOMETRIC_NORMALISATIONS",
    "STEPS",
    "Assumptions",
    "Draws",
    "MonteCarlo",
    "Progress",
    "RankEvaluator",
    "build_assumptions",
    "count_at_most",
    "draws_table",
    "rank_rows",
    "row_quantiles",
    "sort_rows",
]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


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
        Rank whole blocks of draws at once (False runs the engine once per draw, the
        reference the fast paths are tested against).
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
    path_ : str
        How the draws were ranked: ``linear`` (one matrix product per block of draws),
        ``staged`` (the aggregation tree on whole blocks of draws) or ``per-draw`` (the
        engine once per draw, with ``vectorise=False``). All three give the same ranks.
    per_draw_steps_ : list of str
        Steps that the staged path computed draw by draw (see
        :func:`~kraftsamling.index.mc_staged.per_draw_steps`).

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
        self.path_ = ev.path
        self.per_draw_steps_ = ev.per_draw_steps
        self.draws_ = draws_table(assumptions, draws)
        self.ranks_: NDArray[Any] | None = None
        if collected.ranks is not None:
            ranks = np.zeros((n_rows, draws.n), dtype=collected.ranks.dtype)
            ranks[rows] = collected.ranks
            self.ranks_ = ranks

    def uncertainty_columns(self) -> dict[str, FloatArray]:
        """The per-area output columns ``rank_median``, ``rank_p05``, ``rank_p95``, ``p_top_k``.

        The rank quantiles are written with ``RANK_QUANTILE_DECIMALS`` (1) decimal, rounded
        half up: interpolated between two draws' whole-number ranks they fall on tenths
        only by rounding (4841.1, not 4841.0999999999985), and a whole number prints
        without decimals. The attributes keep the unrounded values.
        """
        return {
            "rank_median": _rank_quantile(self.rank_median_),
            "rank_p05": _rank_quantile(self.rank_p05_),
            "rank_p95": _rank_quantile(self.rank_p95_),
            "p_top_k": self.p_top_k_,
        }


RANK_QUANTILE_DECIMALS = 1


def _rank_quantile(values: FloatArray) -> FloatArray:
    return round_values(values, RANK_QUANTILE_DECIMALS, "half_up")


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
