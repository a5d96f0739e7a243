"""The audit table (0002_audit, with 0007's partial index) matches the model, the guard works,
and downgrading removes it all.

PostgreSQL runs in its own database (``kraftsamling_audit_migration_test``), created here when
missing, so that no other test's tables are touched.
"""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import MetaData, inspect, text
from sqlalchemy.exc import DBAPIError

from kraftsamling.core.audit import Actor, AuditEntry, record, verify
from kraftsamling.core.db import NAMING, make_engine, make_sessionmaker, transaction
from kraftsamling.core.migrate import downgrade, upgrade


def test_upgrade_guard_and_downgrade(empty_url: str) -> None:
    upgrade(empty_url, "0007_audit_data_index")
    audit_only = MetaData(naming_convention=NAMING)
    AuditEntry.__table__.to_metadata(audit_only)
    engine = make_engine(empty_url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(
                conn,
                opts={
                    "compare_type": True,
                    "include_name": lambda name, type_, parents: (
                        type_ != "table" or name == "audit_entries"
                    ),
                },
            )
            assert list(compare_metadata(context, audit_only)) == []

        factory = make_sessionmaker(engine)
        with transaction(factory) as session:
            record(
                session, actor=Actor(None, "system"), action="create", object_type="t", object_id=1
            )
        for statement in ("UPDATE audit_entries SET action = 'x'", "DELETE FROM audit_entries"):
            with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
                conn.execute(text(statement))
        with factory() as session:
            assert verify(session).checked == 1

        downgrade(empty_url, "0001_stats")
        assert "audit_entries" not in inspect(engine).get_table_names()
        if engine.dialect.name == "postgresql":
            with engine.connect() as conn:
                left = conn.scalar(
                    text(
                        "SELECT count(*) FROM pg_proc WHERE proname = 'audit_entries_refuse_change'"
                    )
                )
            assert left == 0
    finally:
        engine.dispose()
