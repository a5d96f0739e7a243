"""Alembic environment: finds the database URL and runs the migrations on it.

The URL comes, in this order, from ``-x url=...`` on the alembic command line, from the
configuration (``kraftsamling.core.migrate`` passes it as an attribute; ``alembic.ini`` may set
``sqlalchemy.url``) and finally from Kraftsamling's settings.
"""

from __future__ import annotations

from logging.config import fileConfig

from alembic import context
from sqlalchemy import Connection

from kraftsamling.core.db import make_engine
from kraftsamling.core.migrate import load_metadata

config = context.config
if config.config_file_name is not None and config.attributes.get("configure_logging", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = load_metadata()


def _url() -> str:
    from_cli = context.get_x_argument(as_dictionary=True).get("url")
    if from_cli:
        return from_cli
    from_config = config.attributes.get("url") or config.get_main_option("sqlalchemy.url")
    if from_config:
        return str(from_config)
    from kraftsamling.core.settings import get_settings

    return get_settings().database_url


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things; batch mode rebuilds the table instead.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )


def run_offline() -> None:
    context.configure(
        url=_url(),
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
        render_as_batch=_url().startswith("sqlite"),
    )
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = make_engine(_url())
    try:
        with engine.connect() as conn:
            _configure(conn)
            with context.begin_transaction():
                context.run_migrations()
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
