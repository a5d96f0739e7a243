"""``kraftsamling audit verify`` and ``export`` on a migrated SQLite file."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from kraftsamling.core.audit import Actor, head, record
from kraftsamling.core.audit_cli import app
from kraftsamling.core.db import make_engine, make_sessionmaker, transaction
from kraftsamling.core.migrate import upgrade

STOCKHOLM_WINTER = dt.timezone(dt.timedelta(hours=1))


@pytest.fixture
def url(tmp_path: Path) -> str:
    """A migrated database with three entries on 21, 22 and 23 January 2026 (Swedish time)."""
    url = f"sqlite:///{tmp_path}/cli.sqlite3"
    upgrade(url)
    engine = make_engine(url)
    with transaction(make_sessionmaker(engine)) as session:
        for day in (21, 22, 23):
            at = dt.datetime(2026, 1, day, 0, 30, tzinfo=STOCKHOLM_WINTER)
            record(
                session,
                actor=Actor(7, "Anna Ek"),
                action="update",
                object_type="calloff",
                object_id=day,
                clock=lambda at=at: at,
            )
    engine.dispose()
    return url


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_verify_an_intact_trail(url: str) -> None:
    engine = make_engine(url)
    with make_sessionmaker(engine)() as session:
        tip = head(session)
    engine.dispose()
    assert tip.hash is not None
    code, out, _ = run("verify", "--database-url", url, "--expect-head", tip.hash)
    assert code == 0
    assert out.strip() == f"Audit trail intact: 3 entries, head {tip.hash}."


def test_verify_names_the_first_broken_entry(url: str) -> None:
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP TRIGGER audit_entries_no_delete"))
        conn.execute(text("DELETE FROM audit_entries WHERE id = 2"))
    engine.dispose()
    code, out, err = run("verify", "--database-url", url)
    assert code == 2
    assert out == ""
    assert err.strip() == (
        "Audit trail broken at entry 3: entry 2 missing before entry 3 (deleted)."
    )


def test_verify_against_a_head_that_is_gone(url: str) -> None:
    code, _, err = run("verify", "--database-url", url, "--expect-head", "ab" * 32)
    assert code == 2
    assert err.startswith("Audit trail broken at entry 4: the expected head abababababab")
    assert len(err.strip().splitlines()) == 1


def test_export_writes_csv_and_records_the_export(url: str, tmp_path: Path) -> None:
    out_file = tmp_path / "audit.csv"
    code, out, _ = run(
        "export", str(out_file), "--database-url", url, "--since", "2026-01-22",
        "--until", "2026-01-22",
    )  # fmt: skip
    assert code == 0
    assert out.strip() == f"Wrote 1 audit entries to {out_file}."
    assert out_file.read_bytes().startswith(b"\xef\xbb\xbfid;at;")  # as Swedish Excel reads it
    with out_file.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    # 00:30 in Stockholm on 22 January is 23:30 UTC on the 21st.
    assert [(r["object_id"], r["at"]) for r in rows] == [("22", "2026-01-21T23:30:00.000000Z")]

    code, out, _ = run("verify", "--database-url", url)
    assert (code, out.split(":")[1].split(",")[0].strip()) == (0, "4 entries")
    second = tmp_path / "exports.csv"
    assert run("export", str(second), "--database-url", url, "--action", "export")[0] == 0
    with second.open(encoding="utf-8-sig", newline="") as handle:
        (export_row,) = list(csv.DictReader(handle, delimiter=";"))
    assert export_row["object_type"] == "audit_entries"
    assert export_row["actor_label"].startswith("cli")
    assert '"rows":1' in export_row["after"]
