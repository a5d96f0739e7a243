"""Audit trail: a partial index on the entries about data, for the page cache's data version.

Revision ID: 0007_audit_data_index
Revises: 0006_targeting
Created: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_audit_data_index"
down_revision: str | Sequence[str] | None = "0006_targeting"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# A frozen copy of the condition at this revision (kraftsamling.core.audit.DATA_ENTRIES).
DATA_ENTRIES = "object_type NOT IN ('user', 'api_token', 'audit_entries')"


def upgrade() -> None:
    op.create_index(
        "ix_audit_entries_data",
        "audit_entries",
        ["id"],
        sqlite_where=sa.text(DATA_ENTRIES),
        postgresql_where=sa.text(DATA_ENTRIES),
    )


def downgrade() -> None:
    op.drop_index("ix_audit_entries_data", table_name="audit_entries")
