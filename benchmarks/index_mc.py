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
from benchmarks._synthetic import make_spec, make_svi_table, make_table, svi_spec_path
from kraftsamling.index.pipeline import read_inputs
from kraftsamling.index.spec import load_spec
from kraftsamling.index.uncertainty import MonteCarlo

N_DRAWS = 10_000
PANDAS_DRAWS = 200
SEED = 7
TARGET_SECONDS = 2.0
TARGET_BYTES = 2 * 1024**3


def _fit(spec, inputs, n_draws: int = N_DRAWS, **kwargs):  # type: ignore[no-untyped-def]
    return MonteCarlo(spec, n_draws=n_draws, seed=SEED, **kwargs).fit(inputs)


def _timed(spec, inputs, repeats: int = 3, **kwargs) -> tuple[float, float, int, MonteCarlo]:  # type: ignore[no-untyped-def]
    """Best wall and CPU time of ``repeats`` fits, after a warm-up fit.

    The warm-up is the process's first large allocation, so the growth of its maximum
    resident set over the warm-up is the memory the fit needs (measured before any
    other large work has raised the high-water mark).
    """
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    model = _fit(spec, inputs, **kwargs)  # warm-up: caches, allocator, thread pool
    rss_growth = (
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before
    ) * 1024  # KiB on Linux
    best_wall, best_cpu = float("inf"), float("inf")
    for _ in range(repeats):
        wall, cpu = time.perf_counter(), time.process_time()
        model = _fit(spec, inputs, **kwargs)
        best_wall = min(best_wall, time.perf_counter() - wall)
        best_cpu = min(best_cpu, time.process_time() - cpu)
    return best_wall, best_cpu, rss_growth, model


def _traced_peak(spec, inputs, **kwargs) -> int:  # type: ignore[no-untyped-def]
    tracemalloc.start()
    try:
        _fit(spec, inputs, **kwargs)
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
    svi_rows, svi_problems = _svi_case()
    rows += [("", ""), *svi_rows]
    problems += svi_problems
    label = max(len(r[0]) for r in rows)
    for name, value in rows:
        print(f"{name:<{label}}  {value}")
    return 1 if problems else 0


SVI_ENGINE_DRAWS = 100  # the per-draw engine, the reference the fast path must equal


def _svi_case() -> tuple[list[tuple[str, str]], list[str]]:
    """svi2022.toml on the same 6,160 areas: rounded percentile ranks per theme."""
    spec = load_spec(svi_spec_path())
    table = make_svi_table()
    inputs = read_inputs(spec, table)
    kwargs = {"top_k": 100}
    wall, cpu, _, model = _timed(spec, inputs, **kwargs)
    peak = _traced_peak(spec, inputs, **kwargs)
    small = _fit(spec, inputs, SVI_ENGINE_DRAWS, keep_ranks=True, **kwargs)
    started = time.perf_counter()
    engine = _fit(spec, inputs, SVI_ENGINE_DRAWS, keep_ranks=True, vectorise=False, **kwargs)
    engine_full = (time.perf_counter() - started) * N_DRAWS / SVI_ENGINE_DRAWS
    problems = []
    assert small.ranks_ is not None and engine.ranks_ is not None
    if not np.array_equal(small.ranks_, engine.ranks_):
        diff = int((small.ranks_ != engine.ranks_).sum())
        problems.append(f"SVI: {diff} draw ranks differ from the per-draw engine")
    frame = pd.DataFrame(table).set_index("FIPS")
    shared = _fit(spec, inputs, PANDAS_DRAWS, keep_ranks=True, **kwargs)
    started = time.perf_counter()
    pd_ranks = pandas_reference.svi_monte_carlo(frame, spec, shared.draws_, PANDAS_DRAWS)
    pd_full = (time.perf_counter() - started) * N_DRAWS / PANDAS_DRAWS
    started = time.perf_counter()
    pandas_reference.svi_numpy(frame, spec, model.draws_)
    np_seconds = time.perf_counter() - started
    ours = shared.ranks_
    assert ours is not None
    pd_diff = int((pd_ranks.to_numpy() != ours).sum())
    met = "met" if wall < TARGET_SECONDS else "NOT met"
    rows = [
        ("SVI 2022 spec", f"{len(table['FIPS']):,} x 16, {N_DRAWS:,} draws, top_k 100"),
        ("path", f"{model.path_} (varied: {', '.join(model.steps_)})"),
        ("wall time, best of 3", f"{wall:.3f} s   (target < {TARGET_SECONDS:.0f} s: {met})"),
        ("CPU time (all threads)", f"{cpu:.3f} s"),
        ("peak traced memory", f"{_mib(peak)}   (tracemalloc)"),
        (
            "per-draw engine",
            f"{engine_full:.1f} s for {N_DRAWS:,} (from {SVI_ENGINE_DRAWS}); "
            f"{engine_full / wall:,.0f}x",
        ),
        (
            "pandas loop",
            f"{pd_full:.1f} s for {N_DRAWS:,} (from {PANDAS_DRAWS}); {pd_full / wall:,.1f}x",
        ),
        ("plain numpy", f"{np_seconds:.2f} s for {N_DRAWS:,}; {np_seconds / wall:,.1f}x"),
        (
            "agreement",
            "; ".join(problems)
            or f"all ranks of {SVI_ENGINE_DRAWS} draws equal the per-draw engine's",
        ),
        (
            "pandas/numpy rounding",
            f"{pd_diff} of {ours.size} ranks differ from pandas' Series.round "
            "(binary, not decimal, half rounding)",
        ),
    ]
    return rows, problems


if __name__ == "__main__":
    sys.exit(main())
