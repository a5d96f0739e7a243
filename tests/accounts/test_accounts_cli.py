"""``kraftsamling users create`` against a fresh SQLite file."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from typer.testing import CliRunner

from kraftsamling.accounts.cli import app
from kraftsamling.accounts.models import User
from kraftsamling.core.db import make_engine, make_sessionmaker


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
