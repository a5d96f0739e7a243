"""Shared fixtures. Database tests run on SQLite and on PostgreSQL; PostgreSQL never skips."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from hypothesis import settings
from sqlalchemy import Engine, make_url, text
from sqlalchemy.orm import Session, close_all_sessions, sessionmaker

from kraftsamling.core.db import Base, make_engine, make_sessionmaker
from kraftsamling.core.migrate import load_metadata

# Property tests draw the same examples on every run, so a failure in CI can be repeated here
# and a green run stays green; KRAFTSAMLING_HYPOTHESIS=explore draws new ones (and keeps failures).
settings.register_profile("repeatable", derandomize=True, database=None)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("KRAFTSAMLING_HYPOTHESIS", "repeatable"))

# The server (and the name prefix) of the PostgreSQL test databases. Each pytest process makes
# its own databases, ``<name>_<pid>`` and ``<name>_<pid>_migrations``, and drops them at the end,
# so two test runs on one machine never share (and never wipe) each other's tables.
BASE_PG_URL = make_url(
    os.environ.get(
        "KRAFTSAMLING_TEST_PG_URL",
        "postgresql+psycopg://postgres@127.0.0.1:5432/kraftsamling_test",
    )
)
RUN_DB = f"{BASE_PG_URL.database}_{os.getpid()}"
MIGRATIONS_DB = f"{RUN_DB}_migrations"
PG_URL = BASE_PG_URL.set(database=RUN_DB).render_as_string(hide_password=False)
FIXTURES = Path(__file__).parent / "fixtures"
SHARED_FIXTURES = Path(__file__).resolve().parents[2] / "shared" / "fixtures"


def _server_connection() -> psycopg.Connection[tuple[object, ...]]:
    """An autocommit connection to the server's ``postgres`` database; failing is fatal."""
    url = BASE_PG_URL
    try:
        return psycopg.connect(
            dbname="postgres", host=url.host, port=url.port or 5432, user=url.username,
            password=url.password, autocommit=True,
        )  # fmt: skip
    except psycopg.OperationalError as exc:  # a missing server must fail the run, not skip it
        pytest.fail(
            f"PostgreSQL unreachable at {url.render_as_string()}: {exc}. "
            "Run scripts/ensure-postgres.sh or set KRAFTSAMLING_TEST_PG_URL.",
            pytrace=False,
        )


def _create_database(name: str) -> None:
    with _server_connection() as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


@pytest.fixture(scope="session", autouse=True)
def _drop_run_databases() -> Iterator[None]:
    """Drop this process's PostgreSQL databases when the run ends (created on first use)."""
    yield
    with _server_connection() as conn:
        for name in (RUN_DB, MIGRATIONS_DB):
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _pg_engine() -> Engine:
    _create_database(RUN_DB)
    engine = make_engine(PG_URL)
    with engine.connect() as conn:
        conn.execute(text("SELECT 1"))
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


def _fresh_pg_database() -> str:
    """Create (if missing) and empty this run's migrations database; return its URL."""
    _create_database(MIGRATIONS_DB)
    url = BASE_PG_URL.set(database=MIGRATIONS_DB)
    with psycopg.connect(
        dbname=MIGRATIONS_DB, host=url.host, port=url.port or 5432, user=url.username,
        password=url.password, autocommit=True,
    ) as conn:  # fmt: skip
        conn.execute("DROP SCHEMA public CASCADE")
        conn.execute("CREATE SCHEMA public")
    return url.render_as_string(hide_password=False)


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
