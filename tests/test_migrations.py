"""Alembic migrations: upgrade from empty and downgrade to base, on SQLite and PostgreSQL.

PostgreSQL runs in its own database (``kraftsamling_migrations_test``), created here when missing,
so that the tables of the other database tests are never touched.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.engine import make_url

from kraftsamling.core.db import make_engine
from kraftsamling.core.migrate import current_revision, downgrade, load_metadata, upgrade

ROOT = Path(__file__).resolve().parents[1]
PG_URL = os.environ.get(
    "KRAFTSAMLING_TEST_PG_URL",
    "postgresql+psycopg://postgres@127.0.0.1:5432/kraftsamling_test",
)
MIGRATIONS_DB = "kraftsamling_migrations_test"
STATS_TABLES = {"areas", "indicators", "observations"}


def _fresh_pg_database() -> str:
    """Create (if missing) and empty the dedicated migrations database; return its URL."""
    url = make_url(PG_URL)
    params = {
        "host": url.host,
        "port": url.port or 5432,
        "user": url.username,
        "password": url.password,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (MIGRATIONS_DB,)
        ).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{MIGRATIONS_DB}"')
    with psycopg.connect(dbname=MIGRATIONS_DB, autocommit=True, **params) as conn:
        conn.execute("DROP SCHEMA public CASCADE")
        conn.execute("CREATE SCHEMA public")
    return url.set(database=MIGRATIONS_DB).render_as_string(hide_password=False)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/migrations.sqlite3"
    else:
        yield _fresh_pg_database()


def _tables(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def _stats_differences(url: str) -> list[object]:
    """Differences between the migrated schema and the stats models (other tables ignored)."""

    def only_stats(name: str | None, type_: str, parents: object) -> bool:
        return type_ != "table" or name in STATS_TABLES  # tables found in the database

    def only_stats_objects(
        obj: object, name: str | None, type_: str, reflected: bool, other: object
    ) -> bool:
        table = obj if type_ == "table" else getattr(obj, "table", None)
        return getattr(table, "name", None) in STATS_TABLES  # tables of the models

    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(
                conn,
                opts={
                    "compare_type": True,
                    "include_name": only_stats,
                    "include_object": only_stats_objects,
                },
            )
            return list(compare_metadata(context, load_metadata()))
    finally:
        engine.dispose()


def test_upgrade_from_empty_then_downgrade_to_base(empty_url: str) -> None:
    assert current_revision(empty_url) is None
    upgrade(empty_url)
    assert _tables(empty_url) >= STATS_TABLES
    assert current_revision(empty_url) is not None
    assert _stats_differences(empty_url) == []
    upgrade(empty_url)  # a second upgrade is a no-op
    downgrade(empty_url, "base")
    assert _tables(empty_url) <= {"alembic_version"}
    assert current_revision(empty_url) is None
    upgrade(empty_url)  # and the way back up still works
    assert _tables(empty_url) >= STATS_TABLES


def test_alembic_ini_at_the_repository_root(tmp_path: Path) -> None:
    config = Config(str(ROOT / "alembic.ini"))
    config.attributes["configure_logging"] = False  # keep pytest's logging as it is
    url = f"sqlite:///{tmp_path}/ini.sqlite3"
    config.cmd_opts = None
    config.attributes["url"] = url
    command.upgrade(config, "head")
    assert _tables(url) >= STATS_TABLES
    command.downgrade(config, "base")
    assert _tables(url) <= {"alembic_version"}
