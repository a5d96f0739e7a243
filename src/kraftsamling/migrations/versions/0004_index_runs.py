"""Stored index runs.

Revision ID: 0004_index_runs
Revises: 0003_accounts
Created: 2026-02-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_index_runs"
down_revision: str | Sequence[str] | None = "0003_accounts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copy of the allowed statuses at this revision.
STATUSES = "'queued', 'running', 'done', 'failed'"


def upgrade() -> None:
    op.create_table(
        "index_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("spec_toml", sa.Text(), nullable=False),
        sa.Column("spec_id", sa.String(length=100), nullable=False),
        sa.Column("spec_hash", sa.String(length=64), nullable=False),
        sa.Column("data_hash", sa.String(length=64), nullable=True),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("level", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("progress", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("n_draws", sa.Integer(), nullable=False),
        sa.Column("seed", sa.Integer(), nullable=False),
        sa.Column("top_k", sa.Integer(), nullable=True),
        sa.Column("result", sa.JSON(), nullable=True),
        sa.CheckConstraint(f"status IN ({STATUSES})", name=op.f("ck_index_runs_status")),
        sa.CheckConstraint(
            "progress >= 0 AND progress <= 100", name=op.f("ck_index_runs_progress")
        ),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_index_runs_created_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_index_runs")),
    )
    op.create_index(op.f("ix_index_runs_created_by"), "index_runs", ["created_by"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_index_runs_created_by"), table_name="index_runs")
    op.drop_table("index_runs")
