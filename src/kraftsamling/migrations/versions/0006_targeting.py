"""Targeting: selection rounds, their areas, invitations and comments.

Revision ID: 0006_targeting
Revises: 0005_account_flags
Created: 2026-02-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_targeting"
down_revision: str | Sequence[str] | None = "0005_account_flags"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copies of the allowed values at this revision.
STATUSES = "'draft', 'consultation', 'finalised', 'superseded', 'cancelled'"
STANCES = "'support', 'object', 'neutral'"
ROUNDS = "selection_rounds"
AREAS = "selection_round_areas"
INVITATIONS = "selection_round_invitations"
COMMENTS = "selection_round_comments"


def _stamp(name: str, nullable: bool = True) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    referred = target.split(".")[0]
    return sa.ForeignKeyConstraint([column], [target], name=op.f(f"fk_{table}_{column}_{referred}"))


def upgrade() -> None:
    op.create_table(
        ROUNDS,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("index_run_id", sa.Integer(), nullable=False),
        sa.Column("k", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("rationale", sa.Text(), nullable=True),
        sa.Column("decision_ref", sa.String(length=300), nullable=True),
        sa.Column("version", sa.Integer(), nullable=True),
        sa.Column("proposed_by", sa.Integer(), nullable=False),
        _stamp("proposed_at", nullable=False),
        _stamp("consultation_opened_at"),
        sa.Column("finalised_by", sa.Integer(), nullable=True),
        _stamp("finalised_at"),
        _stamp("superseded_at"),
        sa.Column("cancelled_by", sa.Integer(), nullable=True),
        _stamp("cancelled_at"),
        sa.CheckConstraint(f"status IN ({STATUSES})", name=op.f(f"ck_{ROUNDS}_status")),
        sa.CheckConstraint("k >= 1", name=op.f(f"ck_{ROUNDS}_k")),
        _fk(ROUNDS, "index_run_id", "index_runs.id"),
        _fk(ROUNDS, "proposed_by", "users.id"),
        _fk(ROUNDS, "finalised_by", "users.id"),
        _fk(ROUNDS, "cancelled_by", "users.id"),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{ROUNDS}")),
        sa.UniqueConstraint("version", name=op.f(f"uq_{ROUNDS}_version")),
    )
    for column in ("index_run_id", "proposed_by", "finalised_by", "cancelled_by"):
        op.create_index(op.f(f"ix_{ROUNDS}_{column}"), ROUNDS, [column], unique=False)

    op.create_table(
        AREAS,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("area_code", sa.String(length=64), nullable=False),
        sa.Column("area_name", sa.String(length=200), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=True),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("area_class", sa.Integer(), nullable=True),
        sa.Column("rank_p05", sa.Float(), nullable=True),
        sa.Column("rank_median", sa.Float(), nullable=True),
        sa.Column("rank_p95", sa.Float(), nullable=True),
        sa.Column("p_top_k", sa.Float(), nullable=True),
        sa.Column("proposed", sa.Boolean(), nullable=False),
        sa.Column("selected", sa.Boolean(), nullable=False),
        _fk(AREAS, "round_id", f"{ROUNDS}.id"),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{AREAS}")),
        sa.UniqueConstraint("round_id", "area_code", name="uq_selection_round_areas"),
    )
    op.create_index(op.f(f"ix_{AREAS}_round_id"), AREAS, ["round_id"], unique=False)

    op.create_table(
        INVITATIONS,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        _stamp("invited_at", nullable=False),
        _fk(INVITATIONS, "round_id", f"{ROUNDS}.id"),
        _fk(INVITATIONS, "organisation_id", "organisations.id"),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{INVITATIONS}")),
        sa.UniqueConstraint("round_id", "organisation_id", name="uq_selection_round_invitations"),
    )
    for column in ("round_id", "organisation_id"):
        op.create_index(op.f(f"ix_{INVITATIONS}_{column}"), INVITATIONS, [column], unique=False)

    op.create_table(
        COMMENTS,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("stance", sa.String(length=10), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("area_code", sa.String(length=64), nullable=True),
        _stamp("created_at", nullable=False),
        sa.CheckConstraint(f"stance IN ({STANCES})", name=op.f(f"ck_{COMMENTS}_stance")),
        _fk(COMMENTS, "round_id", f"{ROUNDS}.id"),
        _fk(COMMENTS, "organisation_id", "organisations.id"),
        _fk(COMMENTS, "author_id", "users.id"),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{COMMENTS}")),
    )
    for column in ("round_id", "organisation_id", "author_id"):
        op.create_index(op.f(f"ix_{COMMENTS}_{column}"), COMMENTS, [column], unique=False)


def downgrade() -> None:
    for table in (COMMENTS, INVITATIONS, AREAS, ROUNDS):
        op.drop_table(table)
