"""Run the Alembic migrations from Python, without an ``alembic.ini`` file.

``upgrade(url)`` brings a database to the newest schema; every command that opens a database
calls it first, so a fresh SQLite file or an empty PostgreSQL database just works.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import MetaData

from kraftsamling.core.db import Base, make_engine

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"

# Every module that declares tables, so that Base.metadata knows them all (for autogenerate).
MODEL_MODULES: tuple[str, ...] = (
    "kraftsamling.stats.models",
    "kraftsamling.core.audit",
    "kraftsamling.accounts.models",
    "kraftsamling.runs.models",
    "kraftsamling.targeting.models",
    "kraftsamling.core.files",
    "kraftsamling.accounts.inbox",
    "kraftsamling.decisions.models",
    "kraftsamling.funds.models",
)


def load_metadata() -> MetaData:
    """Import every model module and return the shared metadata."""
    for name in MODEL_MODULES:
        importlib.import_module(name)
    return Base.metadata


def alembic_config(url: str) -> Config:
    """An Alembic configuration for ``url`` pointing at the packaged migrations."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("path_separator", "os")
    # Passed as an attribute, not an ini option, so '%' in a password needs no escaping.
    config.attributes["url"] = url
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Upgrade the database at ``url`` to ``revision`` (default: the newest)."""
    command.upgrade(alembic_config(url), revision)


def downgrade(url: str, revision: str = "base") -> None:
    """Downgrade the database at ``url`` to ``revision`` (default: empty)."""
    command.downgrade(alembic_config(url), revision)


def current_revision(url: str) -> str | None:
    """The revision the database at ``url`` is at, or ``None`` for an unmigrated database."""
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    finally:
        engine.dispose()
