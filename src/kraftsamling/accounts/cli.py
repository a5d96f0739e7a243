"""``kraftsamling users``: create accounts from the command line."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

app = typer.Typer(no_args_is_help=True)


@app.callback()
def users() -> None:
    """Manage user accounts."""


@app.command("create")
def create(
    email: Annotated[str, typer.Argument(help="The user's e-mail address (their login).")],
    name: Annotated[str, typer.Option("--name", help="Full name shown in the application.")],
    org: Annotated[str, typer.Option("--org", help="Organisation code, e.g. STK or FRN.")],
    role: Annotated[str, typer.Option("--role", help="admin, coordinator, officer or viewer.")],
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input.")
    ] = False,
    database_url: Annotated[
        str | None, typer.Option("--database-url", help="Defaults to the DATABASE_URL setting.")
    ] = None,
) -> None:
    """Create a user; the password is prompted for (twice) unless --password-stdin is given."""
    from kraftsamling.accounts import seed, service
    from kraftsamling.accounts.secrets import AuthPolicy, utc_now
    from kraftsamling.core import migrate
    from kraftsamling.core.audit import Actor
    from kraftsamling.core.db import make_engine, make_sessionmaker, transaction
    from kraftsamling.core.settings import get_settings

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    url = database_url or get_settings().database_url
    migrate.upgrade(url)
    engine = make_engine(url)
    try:
        with transaction(make_sessionmaker(engine)) as session:
            # The organisations are reference data every installation needs.
            seed.seed_organisations(session)
            user = service.create_user(
                session,
                email=email,
                name=name,
                organisation_code=org,
                role=role,
                password=password,
                policy=AuthPolicy(),
                clock=utc_now,
                by=Actor(None, "command line"),
            )
            typer.echo(f"Created user {user.email} ({user.role}, {org}).")
    finally:
        engine.dispose()
