"""Shared fixtures. Database tests run on SQLite and on PostgreSQL; PostgreSQL never skips."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import Engine, make_url, text
from sqlalchemy.orm import Session, close_all_sessions, sessionmaker

from kraftsamling.core.db import Base, make_engine, make_sessionmaker
from kraftsamling.core.migrate import load_metadata

PG_URL = os.environ.get(
    "KRAFTSAMLING_TEST_PG_URL",
    "postgresql+psycopg://postgres@127.0.0.1:5432/kraftsamling_test",
)
FIXTURES = Path(__file__).parent / "fixtures"
SHARED_FIXTURES = Path(__file__).resolve().parents[2] / "shared" / "fixtures"


def _pg_engine() -> Engine:
    engine = make_engine(PG_URL)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:  # a missing server must fail the run, not skip it
        pytest.fail(
            f"PostgreSQL test database unreachable at {PG_URL}: {exc}. "
            "Run scripts/ensure-postgres.sh or set KRAFTSAMLING_TEST_PG_URL.",
            pytrace=False,
        )
    return engine


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A fresh, empty schema on each backend."""
    load_metadata()  # every table known before create_all
    if request.param == "sqlite":
        eng = make_engine(f"sqlite:///{tmp_path}/test.sqlite3")
    else:
        eng = _pg_engine()
        Base.metadata.drop_all(eng)
    Base.metadata.create_all(eng)
    try:
        yield eng
    finally:
        # A session a test forgot would hold its connection (and locks) past dispose().
        close_all_sessions()
        try:
            if request.param == "postgresql":
                Base.metadata.drop_all(eng)
        finally:
            eng.dispose()


MIGRATIONS_DB = "kraftsamling_migrations_test"


def _fresh_pg_database() -> str:
    """Create (if missing) and empty the dedicated migrations database; return its URL."""
    url = make_url(PG_URL)
    params = {"host": url.host, "port": url.port or 5432, "user": url.username}
    params["password"] = url.password
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        query = "SELECT 1 FROM pg_database WHERE datname = %s"
        if not conn.execute(query, (MIGRATIONS_DB,)).fetchone():
            conn.execute(f'CREATE DATABASE "{MIGRATIONS_DB}"')
    with psycopg.connect(dbname=MIGRATIONS_DB, autocommit=True, **params) as conn:
        conn.execute("DROP SCHEMA public CASCADE")
        conn.execute("CREATE SCHEMA public")
    return url.set(database=MIGRATIONS_DB).render_as_string(hide_password=False)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """URL of an empty, never-migrated database on each backend (for migration tests)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/empty.sqlite3"
    else:
        yield _fresh_pg_database()


@pytest.fixture
def session_factory(engine: Engine) -> sessionmaker[Session]:
    return make_sessionmaker(engine)


@pytest.fixture
def fixtures_dir() -> Path:
    return FIXTURES
