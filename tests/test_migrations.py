"""Alembic migrations: upgrade from empty and downgrade to base, on SQLite and PostgreSQL.

PostgreSQL runs in its own database (``kraftsamling_migrations_test``), created here when missing,
so that the tables of the other database tests are never touched.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from kraftsamling.core.db import make_engine
from kraftsamling.core.migrate import current_revision, downgrade, load_metadata, upgrade

ROOT = Path(__file__).resolve().parents[1]
STATS_TABLES = {"areas", "indicators", "observations"}


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
