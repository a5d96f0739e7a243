"""Statistics: areas, indicators and observations.

Revision ID: 0001_stats
Revises:
Created: 2026-01-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001_stats"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copies of the allowed values at this revision (a migration must not follow later code).
LEVELS = "'deso', 'regso', 'sub_area', 'district', 'municipality'"
DIRECTIONS = "'higher_is_worse', 'higher_is_better', 'neutral'"


def upgrade() -> None:
    op.create_table(
        "areas",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("level", sa.String(length=20), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("boundary", sa.Text(), nullable=True),
        sa.Column("synthetic", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.CheckConstraint(f"level IN ({LEVELS})", name=op.f("ck_areas_level")),
        sa.ForeignKeyConstraint(["parent_id"], ["areas.id"], name=op.f("fk_areas_parent_id_areas")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_areas")),
        sa.UniqueConstraint("code", name=op.f("uq_areas_code")),
    )
    op.create_index(op.f("ix_areas_parent_id"), "areas", ["parent_id"], unique=False)
    op.create_table(
        "indicators",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("name_sv", sa.String(length=300), nullable=False),
        sa.Column("name_en", sa.String(length=300), server_default="", nullable=False),
        sa.Column("unit", sa.String(length=32), nullable=False),
        sa.Column("direction", sa.String(length=20), nullable=False),
        sa.Column("age_band", sa.String(length=20), nullable=True),
        sa.Column("source", sa.String(length=300), nullable=True),
        sa.Column("is_share", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("numerator_description", sa.Text(), nullable=True),
        sa.Column("denominator_description", sa.Text(), nullable=True),
        sa.CheckConstraint(f"direction IN ({DIRECTIONS})", name=op.f("ck_indicators_direction")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicators")),
    )
    op.create_table(
        "observations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=False),
        sa.Column("indicator_id", sa.String(length=64), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("value", sa.Double(), nullable=True),
        sa.Column("numerator", sa.Double(), nullable=True),
        sa.Column("denominator", sa.Double(), nullable=True),
        sa.ForeignKeyConstraint(
            ["area_id"], ["areas.id"], name=op.f("fk_observations_area_id_areas")
        ),
        sa.ForeignKeyConstraint(
            ["indicator_id"],
            ["indicators.id"],
            name=op.f("fk_observations_indicator_id_indicators"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_observations")),
        sa.UniqueConstraint("area_id", "indicator_id", "year", name="uq_observations_key"),
    )
    op.create_index(
        "ix_observations_indicator_year", "observations", ["indicator_id", "year"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_observations_indicator_year", table_name="observations")
    op.drop_table("observations")
    op.drop_table("indicators")
    op.drop_index(op.f("ix_areas_parent_id"), table_name="areas")
    op.drop_table("areas")
