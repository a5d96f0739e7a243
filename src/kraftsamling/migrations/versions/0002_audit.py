"""Audit trail: the append-only, hash-chained audit_entries table and its guard triggers.

Revision ID: 0002_audit
Revises: 0001_stats
Created: 2026-02-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_audit"
down_revision: str | Sequence[str] | None = "0001_stats"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copies of the trigger SQL at this revision (a migration must not follow later code).
SQLITE_TRIGGERS = (
    "CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON audit_entries "
    "BEGIN SELECT RAISE(ABORT, 'audit_entries is append-only: UPDATE refused'); END",
    "CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON audit_entries "
    "BEGIN SELECT RAISE(ABORT, 'audit_entries is append-only: DELETE refused'); END",
)
PG_FUNCTION = """CREATE OR REPLACE FUNCTION audit_entries_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION USING MESSAGE = 'audit_entries is append-only: ' || TG_OP || ' refused';
END
$$"""
PG_TRIGGERS = (
    "CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON audit_entries "
    "FOR EACH ROW EXECUTE FUNCTION audit_entries_refuse_change()",
    "CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries "
    "FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_refuse_change()",
)


def upgrade() -> None:
    op.create_table(
        "audit_entries",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor_label", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("object_type", sa.String(length=64), nullable=False),
        sa.Column("object_id", sa.String(length=200), nullable=True),
        sa.Column("before", sa.JSON(none_as_null=True), nullable=True),
        sa.Column("after", sa.JSON(none_as_null=True), nullable=True),
        sa.Column("request_id", sa.String(length=100), nullable=True),
        sa.Column("decision_ref", sa.String(length=300), nullable=True),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_entries")),
        sa.UniqueConstraint("prev_hash", name=op.f("uq_audit_entries_prev_hash")),
        sa.UniqueConstraint("hash", name=op.f("uq_audit_entries_hash")),
    )
    op.create_index("ix_audit_entries_object", "audit_entries", ["object_type", "object_id"])
    op.create_index("ix_audit_entries_actor_id", "audit_entries", ["actor_id"])
    op.create_index("ix_audit_entries_at", "audit_entries", ["at"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute(PG_FUNCTION)
        for sql in PG_TRIGGERS:
            op.execute(sql)
    elif op.get_bind().dialect.name == "sqlite":
        for sql in SQLITE_TRIGGERS:
            op.execute(sql)


def downgrade() -> None:
    # Dropping the table drops its triggers with it.
    op.drop_index("ix_audit_entries_at", table_name="audit_entries")
    op.drop_index("ix_audit_entries_actor_id", table_name="audit_entries")
    op.drop_index("ix_audit_entries_object", table_name="audit_entries")
    op.drop_table("audit_entries")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS audit_entries_refuse_change()")
