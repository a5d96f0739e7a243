"""``kraftsamling db``: bring a database to the newest schema, or show where it is."""

from __future__ import annotations

from typing import Annotated

import typer

app = typer.Typer(no_args_is_help=True)

DatabaseUrl = Annotated[
    str | None,
    typer.Option(
        "--database-url", help="Defaults to the DATABASE_URL setting.", show_default=False
    ),
]


def _url(url: str | None) -> str:
    from kraftsamling.core.settings import get_settings

    return url or get_settings().database_url


@app.command("upgrade")
def upgrade(database_url: DatabaseUrl = None) -> None:
    """Migrate the database to the newest schema (creates a fresh SQLite file if needed)."""
    from kraftsamling.core import migrate

    url = _url(database_url)
    migrate.upgrade(url)
    typer.echo(f"Database at revision {migrate.current_revision(url)}.")


@app.command("current")
def current(database_url: DatabaseUrl = None) -> None:
    """Print the schema revision of the database ('none' when never migrated)."""
    from kraftsamling.core import migrate

    typer.echo(migrate.current_revision(_url(database_url)) or "none")
