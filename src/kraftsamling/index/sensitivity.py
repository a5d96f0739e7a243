"""Which assumptions drive the ranks: Sobol indices and a leave-one-indicator-out table.

:func:`sobol_indices` estimates first-order (S1) and total (ST) Sobol indices with
SALib: Saltelli's design on a scrambled Sobol' sequence (``SALib.sample.sobol``) and the
estimators of Saltelli et al. (2010) (``SALib.analyze.sobol``), as COINr's
``get_sensitivity`` does. The assumptions are those of the Monte Carlo analysis
(:mod:`kraftsamling.index.uncertainty`), each mapped from the unit interval: a weight
factor 1 + s * (2u - 1), a discrete choice floor(u * options), an indicator left out when
u < p. Factors are either the assumptions as wholes (``by="assumption"``: all weights
together, the normalisation, ..., the inclusion of all indicators) or each single
parameter (``by="factor"``: every weight, every indicator's inclusion).

The analysed output is one number per run:

- ``output="rank"``: the mean absolute rank shift from the base ranks, over the areas
  ranked in both (how far the ranking as a whole moves);
- ``output="top_k"``: the number of areas whose membership of the top k differs from the
  base run (entries plus exits; how much the target list changes).

The model runs number n_base * (factors + 2). S1 near 0 and ST near 0 mean the assumption
does not matter for that output; ST - S1 is its share through interactions.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.stats import rankdata

from kraftsamling.core.errors import InvalidInput
from kraftsamling.index.pipeline import Inputs, read_inputs
from kraftsamling.index.spec import IndexSpec, NormaliseSpec
from kraftsamling.index.uncertainty import (
    Draws,
    RankEvaluator,
    build_assumptions,
)

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
OUTPUTS = ("rank", "top_k")


@dataclass(frozen=True)
class SobolResult:
    """First-order and total Sobol indices of each factor on one scalar output."""

    factors: tuple[str, ...]
    first_order: FloatArray
    total: FloatArray
    first_order_conf: FloatArray
    total_conf: FloatArray
    output: str
    top_k: int
    n_runs: int
    outputs: FloatArray

    def table(self) -> dict[str, Any]:
        """The indices as columns: factor, S1, S1_conf, ST, ST_conf."""
        return {
            "factor": list(self.factors),
            "S1": self.first_order.copy(),
            "S1_conf": self.first_order_conf.copy(),
            "ST": self.total.copy(),
            "ST_conf": self.total_conf.copy(),
        }


def sobol_indices(
    spec: IndexSpec,
    table: Mapping[str, Any] | Inputs,
    n_base: int = 256,
    seed: int = 0,
    vary: Sequence[str] | None = None,
    output: str = "rank",
    top_k: int | None = None,
    *,
    by: str = "assumption",
    weight_spread: float = 0.25,
    leave_out_probability: float = 0.1,
    normalisations: Sequence[str | NormaliseSpec] | None = None,
    imputations: Sequence[str] | None = None,
    vectorise: bool = True,
    n_jobs: int | None = None,
) -> SobolResult:
    """First-order and total Sobol indices of the index's assumptions on its ranks.

    Parameters
    ----------
    spec : IndexSpec
    table : mapping of column -> array-like, or Inputs
    n_base : int
        Base sample size N, a power of 2 (the Sobol' sequence's balance needs it).
    seed : int
        Seed of the scrambled Sobol' sequence and of the bootstrap intervals.
    vary : sequence of str, optional
        Steps to vary (default: every step the spec has), as in ``MonteCarlo``.
    output : {"rank", "top_k"}
        The scalar analysed (see the module docstring).
    top_k : int, optional
        k for ``output="top_k"``; default as in ``MonteCarlo``.
    by : {"assumption", "factor"}
        Whole assumptions or single parameters as factors.

    Returns
    -------
    SobolResult

    Examples
    --------
    >>> from kraftsamling.index.spec import parse_spec
    >>> spec = parse_spec({"index": {"id": "t", "id_column": "id"},
    ...                    "indicator": [{"id": "a"}, {"id": "b"}]})
    >>> table = {"id": list("pqrstu"), "a": [1, 2, 3, 4, 5, 6], "b": [6, 1, 5, 2, 4, 3]}
    >>> res = sobol_indices(spec, table, n_base=16, vary=["weights"], by="factor")
    >>> res.factors
    ('weight.a', 'weight.b')
    """
    from SALib.analyze import sobol as sobol_analyze
    from SALib.sample import sobol as sobol_sample

    if n_base < 2 or n_base & (n_base - 1):
        raise InvalidInput(f"n_base must be a power of 2 (e.g. 256, 512, 1024); got {n_base}.")
    if output not in OUTPUTS:
        raise InvalidInput(f"output must be one of {', '.join(OUTPUTS)}; got {output!r}.")
    if by not in ("assumption", "factor"):
        raise InvalidInput(f"by must be 'assumption' or 'factor'; got {by!r}.")
    assumptions = build_assumptions(
        spec, vary, weight_spread=weight_spread, leave_out_probability=leave_out_probability,
        normalisations=normalisations, imputations=imputations,
    )  # fmt: skip
    factors = assumptions.factors()
    if not factors:
        raise InvalidInput("nothing varies: every step in vary has a single option.")
    names = [name for name, _ in factors]
    groups = [group for _, group in factors] if by == "assumption" else names
    labels = tuple(dict.fromkeys(groups))
    if len(labels) < 2:
        raise InvalidInput(
            f"Sobol indices need at least two factors; only {labels[0]!r} varies. Vary more steps "
            f"or use by='factor'."
        )
    problem: dict[str, Any] = {
        "num_vars": len(names),
        "names": names,
        "bounds": [[0.0, 1.0]] * len(names),
    }
    if by == "assumption":
        problem["groups"] = groups
    unit = sobol_sample.sample(problem, n_base, calc_second_order=False, seed=seed)
    inputs = table if isinstance(table, Inputs) else read_inputs(spec, table)
    evaluator = RankEvaluator(assumptions, inputs, vectorise=vectorise, n_jobs=n_jobs)
    draws = assumptions.draws_from_unit(np.clip(unit, 0.0, np.nextafter(1.0, 0.0)))
    k = _top_k(spec, evaluator, top_k)
    y = run_outputs(evaluator, draws, output, k)
    if np.ptp(y) == 0:
        zeros = np.zeros(len(labels))
        return SobolResult(
            labels, zeros, zeros.copy(), zeros.copy(), zeros.copy(), output, k, y.size, y
        )
    # SALib reseeds its bootstrap only for a non-zero seed
    si = sobol_analyze.analyze(problem, y, calc_second_order=False, seed=seed + 1)
    return SobolResult(
        factors=labels,
        first_order=np.asarray(si["S1"], dtype=np.float64),
        total=np.asarray(si["ST"], dtype=np.float64),
        first_order_conf=np.asarray(si["S1_conf"], dtype=np.float64),
        total_conf=np.asarray(si["ST_conf"], dtype=np.float64),
        output=output,
        top_k=k,
        n_runs=int(y.size),
        outputs=y,
    )


def _top_k(spec: IndexSpec, evaluator: RankEvaluator, top_k: int | None) -> int:
    if top_k is not None:
        if int(top_k) < 1:
            raise InvalidInput(f"top_k must be a positive integer; got {top_k!r}.")
        return int(top_k)
    if spec.classify.method == "top_k":
        return int(spec.classify.top_k)
    return max(1, math.ceil(int((evaluator.base_rank > 0).sum()) / 10))


def run_outputs(evaluator: RankEvaluator, draws: Draws, output: str, k: int) -> FloatArray:
    """The scalar ``output`` of every draw (see the module docstring)."""
    base = evaluator.base_rank
    y = np.empty(draws.n)
    base_top = (base > 0) & (base <= k)

    def consume(pos: int, idx: IntArray, ranks: NDArray[Any]) -> None:
        r = ranks.astype(np.int64)
        if output == "rank":
            both = (r > 0) & (base > 0)
            shift = np.where(both, np.abs(r - base), 0).sum(axis=1)
            with np.errstate(invalid="ignore", divide="ignore"):
                y[idx] = np.where(both.any(axis=1), shift / np.maximum(both.sum(axis=1), 1), 0.0)
        else:
            top = (r > 0) & (r <= k)
            y[idx] = (top != base_top).sum(axis=1)

    evaluator.run(draws, consume)
    return y


def leave_one_out(
    spec: IndexSpec, table: Mapping[str, Any] | Inputs, top_k: int | None = None
) -> dict[str, NDArray[Any]]:
    """Rank changes when each indicator in turn is left out (run by the engine itself).

    Returns
    -------
    dict of column -> ndarray, one row per indicator
        ``indicator``; ``spearman``: rank correlation with the base ranks; ``mean_abs_shift``
        and ``max_abs_shift`` of the ranks; ``entering_top_k`` and ``leaving_top_k``: areas
        that enter / leave the top k. A row is NaN when leaving the indicator out leaves
        nothing with weight to rank by.

    Examples
    --------
    >>> from kraftsamling.index.spec import parse_spec
    >>> spec = parse_spec({"index": {"id": "t", "id_column": "id"}, "normalise": {"method": "none"},
    ...                    "indicator": [{"id": "a"}, {"id": "b"}]})
    >>> out = leave_one_out(spec, {"id": ["x", "y", "z"], "a": [1, 2, 3], "b": [0, 0, 9]}, top_k=1)
    >>> out["max_abs_shift"].tolist(), out["spearman"].round(4).tolist()
    ([1.0, 0.0], [0.866, 1.0])
    """
    assumptions = build_assumptions(spec, ())
    inputs = table if isinstance(table, Inputs) else read_inputs(spec, table)
    evaluator = RankEvaluator(assumptions, inputs, vectorise=False)
    k = _top_k(spec, evaluator, top_k)
    m = len(spec.indicators)
    base_w = np.array([ind.weight for ind in spec.indicators], dtype=np.float64)
    base_g = np.array([g.weight for g in spec.groups], dtype=np.float64)
    columns: dict[str, NDArray[Any]] = {
        "indicator": np.asarray(spec.indicator_ids, dtype=object),
        **{name: np.full(m, np.nan) for name in _LOO_COLUMNS},
    }
    carries = np.array([_still_weighted(spec, j) for j in range(m)])
    for j in np.flatnonzero(carries):
        included = np.ones((1, m), dtype=bool)
        included[0, j] = False
        draw = Draws(
            indicator_weights=base_w[None, :] * included,
            group_weights=base_g[None, :],
            included=included,
            normalisation=np.zeros(1, dtype=np.int64),
            imputation=np.zeros(1, dtype=np.int64),
            outliers=np.zeros(1, dtype=np.int64),
        )
        found = _first_ranks(evaluator, draw)
        for name, value in _compare(evaluator.base_rank, found, k).items():
            columns[name][j] = value
    return columns


def _first_ranks(evaluator: RankEvaluator, draws: Draws) -> IntArray:
    """The ranks of the first draw (the universe's areas, 0 = not ranked)."""
    found: list[IntArray] = []

    def keep(pos: int, idx: IntArray, ranks: NDArray[Any]) -> None:
        found.append(ranks[0].astype(np.int64))

    evaluator.run(draws, keep)
    return found[0]


_LOO_COLUMNS = ("spearman", "mean_abs_shift", "max_abs_shift", "entering_top_k", "leaving_top_k")


def _still_weighted(spec: IndexSpec, left_out: int) -> bool:
    """Whether something with weight remains at the root when ``left_out`` goes."""
    weight = {g.id: g.weight for g in spec.groups}
    parent = {g.id: g.parent for g in spec.groups}
    for j, ind in enumerate(spec.indicators):
        if j == left_out:
            continue
        ok, node = ind.weight > 0, ind.group
        while ok and node is not None:
            ok, node = weight[node] > 0, parent[node]
        if ok:
            return True
    return False


def _compare(base: IntArray, other: IntArray, k: int) -> dict[str, float]:
    both = (base > 0) & (other > 0)
    shift = np.abs(base[both] - other[both])
    in_base = (base > 0) & (base <= k)
    in_other = (other > 0) & (other <= k)
    return {
        "spearman": spearman(base[both], other[both]),
        "mean_abs_shift": float(shift.mean()) if shift.size else float("nan"),
        "max_abs_shift": float(shift.max()) if shift.size else float("nan"),
        "entering_top_k": float((in_other & ~in_base).sum()),
        "leaving_top_k": float((in_base & ~in_other).sum()),
    }


def spearman(a: NDArray[Any], b: NDArray[Any]) -> float:
    """Spearman's rank correlation (average ties); NaN when either side is constant.

    Examples
    --------
    >>> spearman(np.array([1, 2, 3, 4]), np.array([10, 20, 40, 30]))
    0.8
    """
    if a.size < 2:
        return float("nan")
    ra = rankdata(a, method="average") - (a.size + 1) / 2.0
    rb = rankdata(b, method="average") - (b.size + 1) / 2.0
    denom = math.sqrt(float((ra**2).sum()) * float((rb**2).sum()))
    if denom == 0.0:
        return float("nan")
    return round(float((ra * rb).sum()) / denom, 15)
