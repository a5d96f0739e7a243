"""``kraftsamling users``: create, deactivate and reactivate accounts from the command line."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import typer
from sqlalchemy.orm import Session

app = typer.Typer(no_args_is_help=True)

DatabaseUrl = Annotated[
    str | None, typer.Option("--database-url", help="Defaults to the DATABASE_URL setting.")
]
Email = Annotated[str, typer.Argument(help="The user's e-mail address (their login).")]
Reason = Annotated[
    str, typer.Option("--reason", help="Why the account is deactivated (kept in the audit trail).")
]


@app.callback()
def users() -> None:
    """Manage user accounts."""


@contextmanager
def _unit_of_work(database_url: str | None) -> Iterator[Session]:
    """One transaction on the migrated database at ``database_url`` (or the setting's)."""
    from kraftsamling.core import migrate
    from kraftsamling.core.db import make_engine, make_sessionmaker, transaction
    from kraftsamling.core.settings import get_settings

    url = database_url or get_settings().database_url
    migrate.upgrade(url)
    engine = make_engine(url)
    try:
        with transaction(make_sessionmaker(engine)) as session:
            yield session
    finally:
        engine.dispose()


@app.command("create")
def create(
    email: Email,
    name: Annotated[str, typer.Option("--name", help="Full name shown in the application.")],
    org: Annotated[str, typer.Option("--org", help="Organisation code, e.g. STK or FRN.")],
    role: Annotated[str, typer.Option("--role", help="admin, coordinator, officer or viewer.")],
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input.")
    ] = False,
    temporary: Annotated[
        bool,
        typer.Option("--temporary", help="The user must change the password at first login."),
    ] = False,
    database_url: DatabaseUrl = None,
) -> None:
    """Create a user; the password is prompted for (twice) unless --password-stdin is given."""
    from kraftsamling.accounts import seed, service
    from kraftsamling.accounts.secrets import AuthPolicy, utc_now
    from kraftsamling.core.audit import Actor
    from kraftsamling.core.settings import get_settings

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    with _unit_of_work(database_url) as session:
        # The organisations are reference data every installation needs.
        seed.seed_organisations(session)
        user = service.create_user(
            session,
            email=email,
            name=name,
            organisation_code=org,
            role=role,
            password=password,
            policy=AuthPolicy.from_settings(get_settings()),
            clock=utc_now,
            by=Actor(None, "command line"),
            must_change_password=temporary,
        )
        typer.echo(f"Created user {user.email} ({user.role}, {org}).")


@app.command("deactivate")
def deactivate(email: Email, reason: Reason, database_url: DatabaseUrl = None) -> None:
    """Deactivate an account: it can no longer log in, and its sessions and API tokens end."""
    from kraftsamling.accounts import lifecycle
    from kraftsamling.accounts.secrets import utc_now
    from kraftsamling.core.audit import Actor

    with _unit_of_work(database_url) as session:
        user = lifecycle.user_by_email(session, email)
        changed = lifecycle.deactivate_user(
            session, user_id=user.id, by=Actor(None, "command line"), reason=reason,
            clock=utc_now,
        )  # fmt: skip
        address = user.email
    typer.echo(f"Deactivated {address}." if changed else f"{address} was already deactivated.")


@app.command("reactivate")
def reactivate(email: Email, database_url: DatabaseUrl = None) -> None:
    """Let a deactivated account log in again (its old sessions and API tokens stay ended)."""
    from kraftsamling.accounts import lifecycle
    from kraftsamling.accounts.secrets import utc_now
    from kraftsamling.core.audit import Actor

    with _unit_of_work(database_url) as session:
        user = lifecycle.user_by_email(session, email)
        changed = lifecycle.reactivate_user(
            session, user_id=user.id, by=Actor(None, "command line"), clock=utc_now
        )
        address = user.email
    typer.echo(f"Reactivated {address}." if changed else f"{address} was already active.")
