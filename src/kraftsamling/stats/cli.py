"""``kraftsamling stats``: import areas, indicators and observations; aggregate; export boundaries.

Every command brings the database to the newest schema first, so a fresh SQLite file works.
The database is ``--database-url``, or the ``DATABASE_URL`` setting when the option is left out.
Imports are recorded in the audit trail as ``cli:<login name>``.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from kraftsamling.core.cli import DatabaseUrl, migrated_database, operator
from kraftsamling.core.errors import ImportFailed
from kraftsamling.core.formatting import format_number

if TYPE_CHECKING:
    from kraftsamling.stats.service import ProgressFn

app = typer.Typer(no_args_is_help=True)
console = Console()
errors = Console(stderr=True)
SHOWN_PROBLEMS = 50


def _fail(exc: ImportFailed) -> typer.Exit:
    """Print every problem on its own line; the caller raises the returned exit."""
    errors.print(
        f"[bold red]Import rejected[/], nothing was stored: {len(exc.problems)} problem(s).",
        highlight=False,
    )
    for problem in exc.problems[:SHOWN_PROBLEMS]:
        errors.print(f"  {problem}", highlight=False, markup=False, soft_wrap=True)
    if len(exc.problems) > SHOWN_PROBLEMS:
        errors.print(f"  ... and {len(exc.problems) - SHOWN_PROBLEMS} more.", highlight=False)
    return typer.Exit(2)


@app.command("import-areas")
def import_areas_command(
    file: Annotated[Path, typer.Argument(help="CSV/XLSX with code, name, level, parent_code.")],
    boundaries: Annotated[
        Path | None, typer.Option("--boundaries", help="GeoJSON with a 'code' property.")
    ] = None,
    synthetic: Annotated[
        bool, typer.Option("--synthetic", help="Mark the areas as synthetic (demo data).")
    ] = False,
    database_url: DatabaseUrl = None,
) -> None:
    """Create or update areas, with optional boundaries."""
    from kraftsamling.stats.service import import_areas

    try:
        with migrated_database(database_url) as factory:
            summary = import_areas(
                factory, file, boundaries=boundaries, synthetic=True if synthetic else None,
                actor=operator(),
            )  # fmt: skip
    except ImportFailed as exc:
        raise _fail(exc) from None
    console.print(f"{summary.file}: {summary.created} areas created, {summary.updated} updated.")


@app.command("import-indicators")
def import_indicators_command(
    file: Annotated[Path, typer.Argument(help="Indicator catalogue: CSV, XLSX or TOML.")],
    database_url: DatabaseUrl = None,
) -> None:
    """Create or update indicator definitions."""
    from kraftsamling.stats.service import import_indicators

    try:
        with migrated_database(database_url) as factory:
            summary = import_indicators(factory, file, actor=operator())
    except ImportFailed as exc:
        raise _fail(exc) from None
    console.print(
        f"{summary.file}: {summary.created} indicators created, {summary.updated} updated."
    )


@app.command("import")
def import_command(
    file: Annotated[Path, typer.Argument(help="Observations: CSV or XLSX.")],
    fmt: Annotated[
        str, typer.Option("--format", help="tidy: one observation per row; wide: one row per area.")
    ] = "tidy",
    year: Annotated[
        int | None, typer.Option("--year", help="Year of a wide file without a year column.")
    ] = None,
    replace: Annotated[
        bool, typer.Option("--replace", help="Overwrite observations already stored.")
    ] = False,
    sheet: Annotated[str | None, typer.Option("--sheet", help="XLSX sheet name.")] = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Import observations, all or nothing."""
    from kraftsamling.core.errors import InvalidInput
    from kraftsamling.stats.service import import_observations

    if fmt not in ("tidy", "wide"):
        raise InvalidInput(f"--format must be 'tidy' or 'wide'. Got {fmt!r}.")
    layout: Literal["tidy", "wide"] = "tidy" if fmt == "tidy" else "wide"
    try:
        with migrated_database(database_url) as factory, _progress() as report:
            summary = import_observations(
                factory, file, fmt=layout, year=year, replace=replace, sheet=sheet,
                progress=report, actor=operator(),
            )  # fmt: skip
    except ImportFailed as exc:
        raise _fail(exc) from None
    console.print(
        f"{summary.file}: {summary.created} observations created, {summary.updated} replaced."
    )
    if summary.ignored_columns:
        console.print(f"Ignored columns: {', '.join(summary.ignored_columns)}.")
    for thin in summary.thin_years:
        errors.print(f"Warning: {thin}", markup=False, highlight=False)


@contextmanager
def _progress() -> Iterator[ProgressFn]:
    """A Rich progress display with one bar per phase (reading, writing)."""
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=errors,
        transient=True,
    ) as bars:
        tasks: dict[str, TaskID] = {}

        def report(phase: str, done: int, total: int | None) -> None:
            if phase not in tasks:
                label = {"read": "Checking rows", "write": "Writing"}.get(phase, phase)
                tasks[phase] = bars.add_task(label, total=total)
            bars.update(tasks[phase], completed=done, total=total)

        yield report


@app.command("export-boundaries")
def export_boundaries_command(
    out: Annotated[Path, typer.Argument(help="Output: .geojson, .json or .gpkg (needs [geo]).")],
    level: Annotated[str | None, typer.Option("--level", help="Only areas of this level.")] = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Write stored area boundaries as GeoJSON or GeoPackage."""
    from kraftsamling.stats.service import export_boundaries

    with migrated_database(database_url) as factory:
        count = export_boundaries(factory, out, level=level)
    console.print(f"Wrote {count} area boundaries to {out}.")


@app.command("aggregate")
def aggregate_command(
    indicator: Annotated[str, typer.Argument(help="Indicator id.")],
    year: Annotated[int, typer.Argument(help="Year.")],
    level: Annotated[str, typer.Option("--level", help="Level to aggregate up to.")],
    from_level: Annotated[
        str | None, typer.Option("--from-level", help="Level to aggregate from (default: closest).")
    ] = None,
    store: Annotated[
        bool, typer.Option("--store", help="Save the aggregates as observations.")
    ] = False,
    database_url: DatabaseUrl = None,
) -> None:
    """Aggregate an indicator to a larger level: shares re-add counts, counts sum."""
    from kraftsamling.stats.service import aggregate_to

    with migrated_database(database_url) as factory:
        result = aggregate_to(factory, indicator, year, level, from_level=from_level, store=store)
    table = Table(title=f"{indicator} {year}: {result.from_level.value} -> {result.level.value}")
    for column in ("area", "value", "numerator", "denominator", "members", "note"):
        table.add_column(column, justify="left" if column in ("area", "note") else "right")
    for code, agg in result.aggregates.items():
        table.add_row(
            code,
            "–" if math.isnan(agg.value) else format_number(agg.value, 2),
            format_number(agg.numerator),
            format_number(agg.denominator),
            str(len(agg.members)),
            f"{agg.reason}: {agg.detail}" if agg.reason else "",
        )
    console.print(table)
    if result.unassigned:
        console.print(
            f"{len(result.unassigned)} {result.from_level.value} areas lie outside every "
            f"{result.level.value}: {', '.join(result.unassigned[:10])}"
            + (" ..." if len(result.unassigned) > 10 else "")
        )
    if store:
        console.print(f"Stored {result.stored} aggregates.")
