"""Alembic migrations; run them with ``kraftsamling.core.migrate.upgrade(url)``."""
