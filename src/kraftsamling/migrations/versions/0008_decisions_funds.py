"""The decision register, attachments, the inbox and the call-off fund; selection rounds link
to decision records.

A finalised round's free-text decision reference is kept, and becomes a decision record of its
own (body unknown, dated the day the round was finalised, the old text as its text), linked
from the round, so no reference stored before the register is lost.

Revision ID: 0008_decisions_funds
Revises: 0007_audit_data_index
Created: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

from kraftsamling.core.audit import UTCDateTime

revision: str = "0008_decisions_funds"
down_revision: str | Sequence[str] | None = "0007_audit_data_index"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "case_series",
        sa.Column("prefix", sa.String(length=10), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("last_serial", sa.Integer(), nullable=False),
        sa.CheckConstraint("last_serial >= 0", name=op.f("ck_case_series_last_serial")),
        sa.PrimaryKeyConstraint("prefix", "year", name=op.f("pk_case_series")),
    )
    op.create_table(
        "funds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name_sv", sa.String(length=200), nullable=False),
        sa.Column("name_en", sa.String(length=200), nullable=False),
        sa.Column("municipality", sa.String(length=100), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("case_prefix", sa.String(length=10), nullable=False),
        sa.Column("light_limit", sa.BigInteger(), nullable=False),
        sa.Column("grant_id_prefix", sa.String(length=60), nullable=False),
        sa.Column("need_indicator", sa.String(length=64), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["organisations.id"], name=op.f("fk_funds_owner_id_organisations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_funds")),
        sa.UniqueConstraint("code", name=op.f("uq_funds_code")),
    )
    op.create_table(
        "attachments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_type", sa.String(length=40), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("uploaded_by", sa.Integer(), nullable=True),
        sa.Column("uploaded_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["uploaded_by"], ["users.id"], name=op.f("fk_attachments_uploaded_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attachments")),
    )
    with op.batch_alter_table("attachments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attachments_owner_id"), ["owner_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_attachments_owner_type"), ["owner_type"], unique=False)

    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("link", sa.String(length=200), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("read_at", UTCDateTime(), nullable=True),
        sa.Column("emailed_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_notifications_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notifications")),
    )
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_notifications_user_id"), ["user_id"], unique=False)

    op.create_table(
        "decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("body_kind", sa.String(length=20), nullable=False),
        sa.Column("body", sa.String(length=200), nullable=False),
        sa.Column("meeting_date", sa.Date(), nullable=False),
        sa.Column("paragraph", sa.String(length=12), nullable=True),
        sa.Column("case_number", sa.String(length=24), nullable=True),
        sa.Column("heading", sa.String(length=300), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("public", sa.Boolean(), nullable=False),
        sa.Column("invented", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("minutes_id", sa.Integer(), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "body_kind IN ('council', 'board', 'board_committee', 'committee', 'delegate')",
            name=op.f("ck_decisions_body_kind"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_decisions_created_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["minutes_id"], ["attachments.id"], name=op.f("fk_decisions_minutes_id_attachments")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decisions")),
        sa.UniqueConstraint("body", "meeting_date", "paragraph", name="uq_decisions_paragraph"),
    )
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_decisions_case_number"), ["case_number"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_decisions_meeting_date"), ["meeting_date"], unique=False
        )

    op.create_table(
        "budget_frames",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("fund_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("granted", sa.BigInteger(), nullable=False),
        sa.Column("paid", sa.BigInteger(), nullable=False),
        sa.Column("returned", sa.BigInteger(), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=False),
        sa.CheckConstraint("amount >= 0", name=op.f("ck_budget_frames_amount")),
        sa.CheckConstraint(
            "granted - returned <= amount", name=op.f("ck_budget_frames_no_overspend")
        ),
        sa.CheckConstraint(
            "granted >= 0 AND paid >= 0 AND returned >= 0",
            name=op.f("ck_budget_frames_non_negative"),
        ),
        sa.CheckConstraint("paid <= granted", name=op.f("ck_budget_frames_paid_within_granted")),
        sa.CheckConstraint(
            "returned <= granted", name=op.f("ck_budget_frames_returned_within_granted")
        ),
        sa.ForeignKeyConstraint(
            ["decision_id"], ["decisions.id"], name=op.f("fk_budget_frames_decision_id_decisions")
        ),
        sa.ForeignKeyConstraint(
            ["fund_id"], ["funds.id"], name=op.f("fk_budget_frames_fund_id_funds")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_budget_frames")),
        sa.UniqueConstraint("fund_id", "year", name="uq_budget_frames_year"),
    )
    with op.batch_alter_table("budget_frames", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_budget_frames_fund_id"), ["fund_id"], unique=False)

    op.create_table(
        "decision_statements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("parties", sa.String(length=200), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('reservation', 'special')", name=op.f("ck_decision_statements_kind")
        ),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["decisions.id"],
            name=op.f("fk_decision_statements_decision_id_decisions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decision_statements")),
    )
    with op.batch_alter_table("decision_statements", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_decision_statements_decision_id"), ["decision_id"], unique=False
        )

    op.create_table(
        "delegation_rules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("fund_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.String(length=40), nullable=False),
        sa.Column("body_name", sa.String(length=200), nullable=False),
        sa.Column("max_amount", sa.BigInteger(), nullable=True),
        sa.Column("delegated", sa.Boolean(), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "max_amount IS NULL OR max_amount > 0", name=op.f("ck_delegation_rules_max_amount")
        ),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["decisions.id"],
            name=op.f("fk_delegation_rules_decision_id_decisions"),
        ),
        sa.ForeignKeyConstraint(
            ["fund_id"], ["funds.id"], name=op.f("fk_delegation_rules_fund_id_funds")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_delegation_rules")),
    )
    with op.batch_alter_table("delegation_rules", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_delegation_rules_fund_id"), ["fund_id"], unique=False)

    op.create_table(
        "call_offs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("frame_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("case_number", sa.String(length=24), nullable=True),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=True),
        sa.Column("fields_filled", sa.Integer(), nullable=False),
        sa.Column("times_returned", sa.Integer(), nullable=False),
        sa.Column("return_message", sa.Text(), nullable=True),
        sa.Column("recommendation", sa.String(length=8), nullable=True),
        sa.Column("recommended", sa.BigInteger(), nullable=True),
        sa.Column("assessment", sa.Text(), nullable=True),
        sa.Column("assessed_by", sa.Integer(), nullable=True),
        sa.Column("decision_body", sa.String(length=40), nullable=True),
        sa.Column("decision_id", sa.Integer(), nullable=True),
        sa.Column("granted", sa.BigInteger(), nullable=False),
        sa.Column("paid", sa.BigInteger(), nullable=False),
        sa.Column("refunded", sa.BigInteger(), nullable=False),
        sa.Column("released", sa.BigInteger(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("submitted_at", UTCDateTime(), nullable=True),
        sa.Column("decided_at", UTCDateTime(), nullable=True),
        sa.Column("first_paid_at", UTCDateTime(), nullable=True),
        sa.Column("closed_at", UTCDateTime(), nullable=True),
        sa.CheckConstraint(
            "status IN ('draft', 'submitted', 'returned', 'assessed', 'granted', 'rejected', "
            "'paid', 'reporting', 'closed', 'withdrawn')",
            name=op.f("ck_call_offs_status"),
        ),
        sa.CheckConstraint("amount IS NULL OR amount > 0", name=op.f("ck_call_offs_amount")),
        sa.CheckConstraint(
            "granted >= 0 AND paid >= 0 AND refunded >= 0 AND released >= 0",
            name=op.f("ck_call_offs_non_negative"),
        ),
        sa.CheckConstraint("paid <= granted", name=op.f("ck_call_offs_paid_within_granted")),
        sa.CheckConstraint("refunded <= paid", name=op.f("ck_call_offs_refunded_within_paid")),
        sa.CheckConstraint(
            "released <= granted - paid", name=op.f("ck_call_offs_released_within_unpaid")
        ),
        sa.ForeignKeyConstraint(
            ["assessed_by"], ["users.id"], name=op.f("fk_call_offs_assessed_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_call_offs_created_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["decision_id"], ["decisions.id"], name=op.f("fk_call_offs_decision_id_decisions")
        ),
        sa.ForeignKeyConstraint(
            ["frame_id"], ["budget_frames.id"], name=op.f("fk_call_offs_frame_id_budget_frames")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_call_offs_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_call_offs")),
        sa.UniqueConstraint("case_number", name=op.f("uq_call_offs_case_number")),
    )
    with op.batch_alter_table("call_offs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_call_offs_decision_id"), ["decision_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_call_offs_frame_id"), ["frame_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_call_offs_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_call_offs_status"), ["status"], unique=False)

    op.create_table(
        "fund_payments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("call_off_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("paid_on", sa.Date(), nullable=False),
        sa.Column("reference", sa.String(length=100), nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=False),
        sa.Column("recorded_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint("kind IN ('payment', 'refund')", name=op.f("ck_fund_payments_kind")),
        sa.CheckConstraint("amount > 0", name=op.f("ck_fund_payments_amount")),
        sa.ForeignKeyConstraint(
            ["call_off_id"], ["call_offs.id"], name=op.f("fk_fund_payments_call_off_id_call_offs")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"], ["users.id"], name=op.f("fk_fund_payments_recorded_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fund_payments")),
    )
    with op.batch_alter_table("fund_payments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_fund_payments_call_off_id"), ["call_off_id"], unique=False
        )

    with op.batch_alter_table("selection_rounds", schema=None) as batch_op:
        batch_op.add_column(sa.Column("decision_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_selection_rounds_decision_id_decisions"),
            "decisions",
            ["decision_id"],
            ["id"],
        )
    _link_round_decisions()


def _link_round_decisions() -> None:
    """One decision record per finalised round that carried a free-text reference."""
    bind = op.get_bind()
    # Typed columns, so the moment comes back as an aware datetime on SQLite too.
    rounds_table = sa.table(
        "selection_rounds",
        sa.column("id", sa.Integer),
        sa.column("title", sa.String),
        sa.column("decision_ref", sa.String),
        sa.column("finalised_at", UTCDateTime()),
    )
    rounds = bind.execute(
        sa.select(rounds_table)
        .where(rounds_table.c.decision_ref.is_not(None), rounds_table.c.finalised_at.is_not(None))
        .order_by(rounds_table.c.id)
    ).all()
    decisions = sa.table(
        "decisions",
        sa.column("id", sa.Integer),
        sa.column("body_kind", sa.String),
        sa.column("body", sa.String),
        sa.column("meeting_date", sa.Date),
        sa.column("heading", sa.String),
        sa.column("text", sa.Text),
        sa.column("public", sa.Boolean),
        sa.column("invented", sa.Boolean),
        sa.column("created_at", UTCDateTime()),
    )
    for rid, title, ref, finalised_at in rounds:
        # The day in the city's own time, as every date the application shows.
        day = finalised_at.astimezone(ZoneInfo("Europe/Stockholm")).date()
        new_id = bind.execute(
            sa.insert(decisions)
            .values(
                body_kind="board",
                body="Beslutande organ ej angivet",
                meeting_date=day,
                heading=f"Målområden: {title}"[:300],
                text=f"Beslutsreferens angiven före beslutsregistret: {ref}",
                public=True,
                invented=False,
                created_at=finalised_at,
            )
            .returning(decisions.c.id)
        ).scalar_one()
        bind.execute(
            sa.text("UPDATE selection_rounds SET decision_id = :d WHERE id = :r"),
            {"d": new_id, "r": rid},
        )


def downgrade() -> None:
    with op.batch_alter_table("selection_rounds", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_selection_rounds_decision_id_decisions"), type_="foreignkey"
        )
        batch_op.drop_column("decision_id")
    with op.batch_alter_table("fund_payments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_fund_payments_call_off_id"))

    op.drop_table("fund_payments")
    with op.batch_alter_table("call_offs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_call_offs_status"))
        batch_op.drop_index(batch_op.f("ix_call_offs_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_call_offs_frame_id"))
        batch_op.drop_index(batch_op.f("ix_call_offs_decision_id"))

    op.drop_table("call_offs")
    with op.batch_alter_table("delegation_rules", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_delegation_rules_fund_id"))

    op.drop_table("delegation_rules")
    with op.batch_alter_table("decision_statements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_decision_statements_decision_id"))

    op.drop_table("decision_statements")
    with op.batch_alter_table("budget_frames", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_budget_frames_fund_id"))

    op.drop_table("budget_frames")
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_decisions_meeting_date"))
        batch_op.drop_index(batch_op.f("ix_decisions_case_number"))

    op.drop_table("decisions")
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_notifications_user_id"))

    op.drop_table("notifications")
    with op.batch_alter_table("attachments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attachments_owner_type"))
        batch_op.drop_index(batch_op.f("ix_attachments_owner_id"))

    op.drop_table("attachments")
    op.drop_table("funds")
    op.drop_table("case_series")
