"""``kraftsamling fund``: the fund's figures, its open data, and notification e-mail."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy.orm import Session, sessionmaker

app = typer.Typer(no_args_is_help=True)
DatabaseUrl = Annotated[
    str | None, typer.Option("--database-url", help="Defaults to the DATABASE_URL setting.")
]


@app.callback()
def fund() -> None:
    """The call-off fund."""


def _factory(database_url: str | None) -> sessionmaker[Session]:
    from kraftsamling.core import migrate
    from kraftsamling.core.db import make_engine, make_sessionmaker
    from kraftsamling.core.settings import get_settings

    url = database_url or get_settings().database_url
    migrate.upgrade(url)
    return make_sessionmaker(make_engine(url))


@app.command("figures")
def figures(database_url: DatabaseUrl = None) -> None:
    """Print each frame's live figures: amount, requested, granted, paid, returned, remaining."""
    from kraftsamling.core.formatting import format_ore
    from kraftsamling.funds import queries

    with _factory(database_url)() as session:
        for f in queries.list_funds(session):
            for frame in f.frames:
                fig = queries.figures(session, frame)
                typer.echo(
                    f"{f.name_sv} {frame.year}: ram {format_ore(fig.amount)}, sökt "
                    f"{format_ore(fig.requested)}, beviljat {format_ore(fig.granted)}, utbetalt "
                    f"{format_ore(fig.paid)}, återfört {format_ore(fig.returned)}, kvar "
                    f"{format_ore(fig.remaining)}"
                )


@app.command("grants")
def grants(
    out: Annotated[Path, typer.Option("--out", help="File to write (.json or .csv).")],
    database_url: DatabaseUrl = None,
) -> None:
    """Write the granted call-offs as 360Giving open data (JSON or CSV, by the file's suffix)."""
    from kraftsamling.core.errors import InvalidInput
    from kraftsamling.funds import open_data
    from kraftsamling.funds.api import public_grants

    if out.suffix not in (".json", ".csv"):
        raise InvalidInput(f"--out must end in .json or .csv; got {out.name!r}.")
    with _factory(database_url)() as session:
        rows = public_grants(session)
    text = (
        open_data.grants_csv(rows)
        if out.suffix == ".csv"
        else json.dumps(rows, indent=2, ensure_ascii=False)
    )
    out.write_text(text, encoding="utf-8")
    typer.echo(f"Wrote {len(rows)} grants to {out}.")


@app.command("send-mail")
def send_mail(database_url: DatabaseUrl = None) -> None:
    """E-mail the notifications not yet sent (for a timer when no server runs); idempotent."""
    from kraftsamling.accounts.inbox import Mailer, send_pending
    from kraftsamling.core.audit import utc_now
    from kraftsamling.core.errors import InvalidInput
    from kraftsamling.core.settings import get_settings

    mailer = Mailer.from_settings(get_settings())
    if not mailer.host:
        raise InvalidInput("KRAFTSAMLING_SMTP_HOST is not set: there is no server to send to.")
    with _factory(database_url)() as session:
        sent = send_pending(session, mailer, at=utc_now())
    typer.echo(f"Sent {sent} notification e-mail(s).")
