"""``kraftsamling users create|deactivate|reactivate`` against a fresh SQLite file."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from typer.testing import CliRunner

from kraftsamling.accounts.cli import app
from kraftsamling.accounts.models import User
from kraftsamling.core.audit import AuditEntry
from kraftsamling.core.db import make_engine, make_sessionmaker
from kraftsamling.core.errors import NotFound


def test_users_create_reads_the_password_from_stdin(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/cli.sqlite3"
    args = [
        "create",
        "anna@stad.example",
        "--name",
        "Anna A",
        "--org",
        "GRN",
        "--role",
        "officer",
        "--password-stdin",
        "--database-url",
        url,
    ]
    result = CliRunner().invoke(app, args, input="ett-langt-losenord\n")
    assert result.exit_code == 0, result.output
    assert "Created user anna@stad.example (officer, GRN)." in result.output
    again = CliRunner().invoke(app, args, input="ett-langt-losenord\n")
    assert again.exit_code != 0 and "already exists" in str(again.exception)
    engine = make_engine(url)
    with make_sessionmaker(engine)() as session:
        user = session.scalar(select(User).where(User.email == "anna@stad.example"))
        assert user is not None and user.organisation.code == "GRN"
        assert user.password_hash.startswith("$argon2id$")
    engine.dispose()


def _create(url: str, *extra: str) -> None:
    args = ["create", "anna@stad.example", "--name", "Anna A", "--org", "GRN", "--role",
            "officer", "--password-stdin", "--database-url", url, *extra]  # fmt: skip
    result = CliRunner().invoke(app, args, input="ett-langt-losenord\n")
    assert result.exit_code == 0, result.output


def _anna(url: str) -> User:
    engine = make_engine(url)
    try:
        with make_sessionmaker(engine)() as session:
            user = session.scalar(select(User).where(User.email == "anna@stad.example"))
            assert user is not None
            return user
    finally:
        engine.dispose()


def test_users_create_with_a_temporary_password(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/cli.sqlite3"
    _create(url, "--temporary")
    assert _anna(url).must_change_password


def test_users_deactivate_and_reactivate(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/cli.sqlite3"
    _create(url)
    assert _anna(url).must_change_password is False
    runner = CliRunner()
    result = runner.invoke(
        app, ["deactivate", "Anna@Stad.example", "--reason", "Slutat.", "--database-url", url]
    )
    assert result.exit_code == 0, result.output
    assert result.output == "Deactivated anna@stad.example.\n"
    anna = _anna(url)
    assert anna.active is False and anna.deactivated_at is not None
    again = runner.invoke(
        app, ["deactivate", "anna@stad.example", "--reason", "Slutat.", "--database-url", url]
    )
    assert again.output == "anna@stad.example was already deactivated.\n"
    back = runner.invoke(app, ["reactivate", "anna@stad.example", "--database-url", url])
    assert back.output == "Reactivated anna@stad.example.\n"
    assert _anna(url).active is True and _anna(url).deactivated_at is None
    engine = make_engine(url)
    with make_sessionmaker(engine)() as session:
        entries = session.execute(
            select(AuditEntry.action, AuditEntry.actor_label).where(
                AuditEntry.action.in_(["deactivate", "reactivate"])
            )
        ).all()
    engine.dispose()
    assert entries == [("deactivate", "command line"), ("reactivate", "command line")]


def test_users_deactivate_an_unknown_address_is_not_found(tmp_path: Path) -> None:
    from kraftsamling import cli

    url = f"sqlite:///{tmp_path}/cli.sqlite3"
    cli._register()
    result = CliRunner().invoke(
        cli.app,
        ["users", "deactivate", "nobody@stad.example", "--reason", "x y z", "--database-url", url],
    )
    assert result.exit_code != 0
    assert isinstance(result.exception, NotFound)
    assert "No user with e-mail 'nobody@stad.example'." in str(result.exception)
