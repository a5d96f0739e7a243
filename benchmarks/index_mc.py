"""Monte Carlo uncertainty at national scale: 6,160 areas x 16 indicators x 10,000 draws.

Prints wall time (best of 3 after a warm-up run), CPU time, peak memory (tracemalloc's
peak of traced allocations, and the growth of the process's maximum resident set in a
fresh process), and the ratio against a plain pandas implementation of the same draws
(run for a few hundred draws and extrapolated linearly). Checks that the pandas
reference and the engine agree on the base ranks and on every rank of the draws both
ran, and exits non-zero if they do not. Target: under 2 s and under 2 GB.
"""

from __future__ import annotations

import os
import resource
import sys
import time
import tracemalloc

import numpy as np
import pandas as pd

from benchmarks import pandas_reference
from benchmarks._synthetic import make_spec, make_table
from kraftsamling.index.pipeline import read_inputs
from kraftsamling.index.uncertainty import MonteCarlo

N_DRAWS = 10_000
PANDAS_DRAWS = 200
SEED = 7
TARGET_SECONDS = 2.0
TARGET_BYTES = 2 * 1024**3


def _fit(spec, inputs, n_draws: int = N_DRAWS, **kwargs):  # type: ignore[no-untyped-def]
    return MonteCarlo(spec, n_draws=n_draws, seed=SEED, **kwargs).fit(inputs)


def _timed(spec, inputs, repeats: int = 3) -> tuple[float, float, int, MonteCarlo]:  # type: ignore[no-untyped-def]
    """Best wall and CPU time of ``repeats`` fits, after a warm-up fit.

    The warm-up is the process's first large allocation, so the growth of its maximum
    resident set over the warm-up is the memory the fit needs (measured before any
    other large work has raised the high-water mark).
    """
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    model = _fit(spec, inputs)  # warm-up: caches, allocator, thread pool
    rss_growth = (
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before
    ) * 1024  # KiB on Linux
    best_wall, best_cpu = float("inf"), float("inf")
    for _ in range(repeats):
        wall, cpu = time.perf_counter(), time.process_time()
        model = _fit(spec, inputs)
        best_wall = min(best_wall, time.perf_counter() - wall)
        best_cpu = min(best_cpu, time.process_time() - cpu)
    return best_wall, best_cpu, rss_growth, model


def _traced_peak(spec, inputs) -> int:  # type: ignore[no-untyped-def]
    tracemalloc.start()
    try:
        _fit(spec, inputs)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _pandas(spec, table, model_small: MonteCarlo) -> tuple[float, pd.DataFrame, pd.DataFrame]:  # type: ignore[no-untyped-def]
    frame = pd.DataFrame(table).set_index("area")
    started = time.perf_counter()
    ranks, summary = pandas_reference.monte_carlo(
        frame, spec, model_small.draws_, PANDAS_DRAWS, model_small.top_k_
    )
    return time.perf_counter() - started, ranks, summary


def _check(
    spec, table, model_small: MonteCarlo, pandas_ranks: pd.DataFrame, summary: pd.DataFrame
) -> list[str]:  # type: ignore[no-untyped-def]
    problems = []
    frame = pd.DataFrame(table).set_index("area")
    base = pandas_reference.base_ranks(frame, spec)
    if not np.array_equal(base, model_small.base_rank_):
        problems.append(
            f"base ranks differ for {int((base != model_small.base_rank_).sum())} areas"
        )
    assert model_small.ranks_ is not None
    diff = int((pandas_ranks.to_numpy() != model_small.ranks_).sum())
    if diff:
        problems.append(
            f"{diff} of {model_small.ranks_.size} draw ranks differ from the pandas reference"
        )
    for name in ("rank_median", "rank_p05", "rank_p95", "p_top_k"):
        ours = getattr(model_small, name + "_")
        if not np.allclose(summary[name].to_numpy(), ours, rtol=0, atol=1e-9):
            problems.append(f"{name} differs from the pandas reference")
    return problems


def _mib(n: float) -> str:
    return f"{n / 1024**2:,.0f} MiB"


def main() -> int:
    """Run the benchmark, print the table; 1 if the engine and pandas disagree."""
    spec = make_spec("zscore")
    table = make_table()
    inputs = read_inputs(spec, table)
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    wall, cpu, rss_growth, model = _timed(spec, inputs)
    peak = _traced_peak(spec, inputs)
    small = _fit(spec, inputs, PANDAS_DRAWS, keep_ranks=True)
    pd_seconds, pd_ranks, pd_summary = _pandas(spec, table, small)
    pd_full = pd_seconds * N_DRAWS / PANDAS_DRAWS
    problems = _check(spec, table, small, pd_ranks, pd_summary)
    same_draws = _fit(spec, inputs, PANDAS_DRAWS)
    if not np.array_equal(same_draws.rank_median_, small.rank_median_):
        problems.append("the same seed gave different results")
    width = np.nanmedian(model.rank_p95_ - model.rank_p05_)
    met = "met" if wall < TARGET_SECONDS else "NOT met"
    agreement = "; ".join(problems) or "base ranks and all ranks of the shared draws equal"
    rows = [
        ("areas x indicators", f"{len(table['area']):,} x {len(spec.indicators)}"),
        ("draws", f"{N_DRAWS:,} (varied: {', '.join(model.steps_)})"),
        ("threads", f"{os.cpu_count()} cores; vectorised linear path: {model.linear_}"),
        ("wall time, best of 3", f"{wall:.3f} s   (target < {TARGET_SECONDS:.0f} s: {met})"),
        ("CPU time (all threads)", f"{cpu:.3f} s"),
        ("peak traced memory", f"{_mib(peak)}   (tracemalloc)"),
        ("max RSS growth", f"{_mib(rss_growth)}   (getrusage, first fit; {_mib(baseline)} before)"),
        ("memory target < 2 GiB", "met" if max(peak, rss_growth) < TARGET_BYTES else "NOT met"),
        (
            "pandas reference",
            f"{pd_seconds:.2f} s for {PANDAS_DRAWS} draws -> {pd_full:.1f} s for {N_DRAWS:,} "
            f"(extrapolated linearly)",
        ),
        ("speed-up vs pandas", f"{pd_full / wall:,.0f}x"),
        ("median 90% rank interval", f"{width:.0f} ranks"),
        ("agreement with pandas", agreement),
    ]
    label = max(len(r[0]) for r in rows)
    for name, value in rows:
        print(f"{name:<{label}}  {value}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
