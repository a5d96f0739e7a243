"""``kraftsamling index``: run, explain and compare composite indices from the command line."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

if TYPE_CHECKING:
    from kraftsamling.index import IndexSpec, MonteCarlo

app = typer.Typer(no_args_is_help=True)
console = Console()

WRITABLE = {".csv", ".parquet", ".json"}


@app.command("run")
def run(
    spec: Annotated[Path, typer.Argument(help="Index spec (TOML).")],
    data: Annotated[Path, typer.Option("--data", help="CSV, XLSX or Parquet, one row per area.")],
    out: Annotated[Path, typer.Option("--out", help="Result file: .csv, .parquet or .json.")],
    mc: Annotated[int, typer.Option("--mc", min=0, help="Monte Carlo draws (0 = none).")] = 0,
    seed: Annotated[int, typer.Option("--seed", help="Random seed for Monte Carlo.")] = 0,
    top_k: Annotated[
        int | None,
        typer.Option("--top-k", min=1, help="k for the probability of being in the top k."),
    ] = None,
    sheet: Annotated[
        str, typer.Option("--sheet", help="XLSX sheet name or 0-based position.")
    ] = "0",
    columns: Annotated[
        str | None,
        typer.Option(
            "--columns",
            help="Columns to write, comma-separated: names, or the sets core, groups, "
            "indicators, flags, uncertainty (default: all).",
        ),
    ] = None,
) -> None:
    """Run SPEC on a table and write one row per area."""
    from kraftsamling.core.errors import InvalidInput
    from kraftsamling.index import CompositeIndex, load_spec
    from kraftsamling.index.io import as_columns, read_table

    if out.suffix.lower() not in WRITABLE:
        raise InvalidInput(
            f"--out '{out}' has suffix '{out.suffix}'; "
            f"expected one of {', '.join(sorted(WRITABLE))}."
        )
    index_spec = load_spec(spec)
    sheet_ref: str | int = int(sheet) if sheet.isdigit() else sheet
    table = as_columns(read_table(data, index_spec.id_column, sheet=sheet_ref))
    result = CompositeIndex(index_spec).fit(table).result_
    if mc:
        result = result.with_uncertainty(_monte_carlo(index_spec, table, mc, seed, top_k))
    written = result.select(columns) if columns is not None else result
    written.write(out)
    in_universe = int((result.columns["rank"] == result.columns["rank"]).sum())
    console.print(
        f"Wrote {len(result.ids)} areas ({in_universe} ranked) to {out}"
        + (f", with {mc} Monte Carlo draws" if mc else "")
        + "."
    )


def _monte_carlo(
    spec: IndexSpec, table: Mapping[str, Any], draws: int, seed: int, top_k: int | None
) -> MonteCarlo:
    from kraftsamling.index.uncertainty import MonteCarlo

    with Progress(
        TextColumn("Monte Carlo ({task.fields[path]})"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task("mc", total=draws, path=_path_words(spec))
        model = MonteCarlo(spec, n_draws=draws, seed=seed, top_k=top_k)
        model.fit(table, progress=lambda done: progress.update(task, completed=done))
    return model


def _path_words(spec: IndexSpec) -> str:
    """How the draws will be ranked, for the progress line."""
    from kraftsamling.index.aggregate import is_linear
    from kraftsamling.index.mc_staged import per_draw_steps

    if is_linear(spec):
        return "vectorised: one matrix product per block of draws"
    slow = per_draw_steps(spec)
    return "vectorised by stage" + (f"; draw by draw: {'; '.join(slow)}" if slow else "")


@app.command("explain")
def explain(
    spec: Annotated[Path, typer.Argument(help="Index spec (TOML).")],
    lang: Annotated[str, typer.Option("--lang", help="sv or en.")] = "sv",
) -> None:
    """Describe SPEC's method in plain words."""
    from kraftsamling.index import explain as explain_spec
    from kraftsamling.index import load_spec

    typer.echo(explain_spec(load_spec(spec), lang=lang))


@app.command("compare")
def compare(
    a: Annotated[Path, typer.Argument(help="Earlier run result (.csv, .parquet, .json).")],
    b: Annotated[Path, typer.Argument(help="Later run result.")],
    top_k: Annotated[
        int | None,
        typer.Option("--top-k", min=1, help="Report entries to and exits from the top k."),
    ] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help="Rows to show.")] = 20,
    out: Annotated[
        Path | None, typer.Option("--out", help="Write the full comparison as CSV.")
    ] = None,
) -> None:
    """Which areas moved between two runs, and by how much."""
    from kraftsamling.index import IndexResult
    from kraftsamling.index import compare as compare_runs

    comparison = compare_runs(IndexResult.read(a), IndexResult.read(b), top_k=top_k)
    frame = comparison.to_frame()
    if out is not None:
        frame.to_csv(out, index=False)
    table = Table(title=f"Largest moves from {a.name} to {b.name}")
    for column in frame.columns:
        table.add_column(str(column))
    for row in frame.head(limit).itertuples(index=False):
        # pd.isna, not v != v: the nullable integers' NA has no truth value.
        table.add_row(*("" if _missing(v) else str(v) for v in row))
    console.print(table)
    console.print(comparison.summary())


def _missing(value: object) -> bool:
    """True for a missing cell of any kind (None, NaN, pandas' NA)."""
    import pandas as pd

    return value is None or bool(pd.isna(value))  # type: ignore[call-overload]
