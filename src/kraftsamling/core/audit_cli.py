"""``kraftsamling audit``: verify the audit trail's hash chain, export it to CSV.

Like every command that opens a database, both bring it to the newest schema first.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from kraftsamling.core.cli import DatabaseUrl, migrated_database, operator
from kraftsamling.core.formatting import LOCAL_ZONE

app = typer.Typer(no_args_is_help=True)
# Dates on the command line are calendar days in Sweden, as the people who ask for them mean.


@app.command("verify")
def verify_command(
    database_url: DatabaseUrl = None,
    expect_head: Annotated[
        str | None,
        typer.Option(
            "--expect-head",
            help="A head hash noted earlier; it must still be in the chain.",
            show_default=False,
        ),
    ] = None,
    expect_count: Annotated[
        int | None,
        typer.Option(
            "--expect-count",
            min=1,
            help="The entry count noted with that head; the chain must hold at least this many.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Check every entry's hash and link; exit 0 when intact, 2 naming the first broken entry."""
    from kraftsamling.core.audit import verify

    with migrated_database(database_url) as factory, factory() as session:
        report = verify(session, expect_head=expect_head, expect_count=expect_count)
    if not report.ok:
        Console(stderr=True).print(str(report), highlight=False, markup=False, soft_wrap=True)
        raise typer.Exit(2)
    typer.echo(str(report))


def _day_start(day: dt.datetime | None, *, plus_days: int = 0) -> dt.datetime | None:
    if day is None:
        return None
    return dt.datetime.combine(day.date() + dt.timedelta(days=plus_days), dt.time(), LOCAL_ZONE)


@app.command("export")
def export_command(
    out: Annotated[Path, typer.Argument(help="The CSV file to write.")],
    database_url: DatabaseUrl = None,
    actor_id: Annotated[int | None, typer.Option(help="Only this account's entries.")] = None,
    object_type: Annotated[str | None, typer.Option(help="Only this kind of object.")] = None,
    object_id: Annotated[str | None, typer.Option(help="Only this object.")] = None,
    action: Annotated[str | None, typer.Option(help="Only this action.")] = None,
    since: Annotated[
        dt.datetime | None,
        typer.Option(
            formats=["%Y-%m-%d"], help="From this day (Swedish time).", show_default=False
        ),
    ] = None,
    until: Annotated[
        dt.datetime | None,
        typer.Option(
            formats=["%Y-%m-%d"], help="To this day, inclusive (Swedish time).", show_default=False
        ),
    ] = None,
) -> None:
    """Write the matching entries to CSV, oldest first, and record the export in the trail."""
    from kraftsamling.core.audit import Action, record
    from kraftsamling.core.audit_query import AuditFilter, export_csv
    from kraftsamling.core.db import transaction

    filters = AuditFilter(
        actor_id=actor_id,
        object_type=object_type,
        object_id=object_id,
        action=action,
        since=_day_start(since),
        until=_day_start(until, plus_days=1),
    )
    with migrated_database(database_url) as factory, transaction(factory) as session:
        with out.open("w", encoding="utf-8", newline="") as handle:
            written = export_csv(session, handle, filters)
        record(
            session,
            actor=operator(),
            action=Action.EXPORT,
            object_type="audit_entries",
            object_id=None,
            after={"file": out.name, "rows": written, "filters": vars(filters)},
        )
    typer.echo(f"Wrote {written} audit entries to {out}.")
