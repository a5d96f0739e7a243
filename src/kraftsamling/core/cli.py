"""``kraftsamling db`` and the database option every command that stores data shares."""

from __future__ import annotations

import getpass
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import typer
from sqlalchemy.orm import Session, sessionmaker

from kraftsamling.core.audit import Actor

app = typer.Typer(no_args_is_help=True)

DatabaseUrl = Annotated[
    str | None,
    typer.Option(
        "--database-url",
        help="SQLAlchemy database URL; defaults to the DATABASE_URL setting.",
        show_default=False,
    ),
]


def operator() -> Actor:
    """The person at the terminal, for the audit trail: the command line has no account."""
    try:
        return Actor(None, f"cli:{getpass.getuser()}")
    except (KeyError, OSError):  # no user name in a bare container
        return Actor(None, "cli")


def database_url(url: str | None) -> str:
    """The given URL, or the ``DATABASE_URL`` setting."""
    from kraftsamling.core.settings import get_settings

    return url or get_settings().database_url


@contextmanager
def migrated_database(url: str | None) -> Iterator[sessionmaker[Session]]:
    """Sessions on the database at ``url``, first brought to the newest schema."""
    from kraftsamling.core.db import make_engine, make_sessionmaker
    from kraftsamling.core.migrate import upgrade

    url = database_url(url)
    upgrade(url)
    engine = make_engine(url)
    try:
        yield make_sessionmaker(engine)
    finally:
        engine.dispose()


@app.command("upgrade")
def upgrade(database_url_option: DatabaseUrl = None) -> None:
    """Migrate the database to the newest schema (creates a fresh SQLite file if needed)."""
    from kraftsamling.core import migrate

    url = database_url(database_url_option)
    migrate.upgrade(url)
    typer.echo(f"Database at revision {migrate.current_revision(url)}.")


@app.command("current")
def current(database_url_option: DatabaseUrl = None) -> None:
    """Print the schema revision of the database ('none' when never migrated)."""
    from kraftsamling.core import migrate

    typer.echo(migrate.current_revision(database_url(database_url_option)) or "none")
