"""The demo round: one decided round from the newest finished run, made once."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from targeting_support import audit_count
from web_support import FakeClock

from kraftsamling.core.db import transaction
from kraftsamling.targeting import queries
from kraftsamling.targeting.models import Comment, SelectionRound
from kraftsamling.targeting.seed import ensure_demo_round


def test_demo_round_is_decided_by_another_user_and_made_once(
    seeded: sessionmaker[Session], run_id: int, clock: FakeClock
) -> None:
    with transaction(seeded) as db:
        made = ensure_demo_round(db, clock=clock)
        assert made is not None
        assert (made.status, made.version, made.index_run_id) == ("finalised", 1, run_id)
        assert made.k == 8  # the tiny run has eight areas, fewer than the demo's ten
        assert made.proposer.email == "samordnare@kraftsamling.example"
        assert made.finaliser is not None and made.finaliser.email == "admin@kraftsamling.example"
        assert sorted(c.organisation.code for c in made.comments) == ["ASN", "FRN"]
        assert "demodata" in (made.rationale or "")
    with transaction(seeded) as db:
        entries = audit_count(db, "selection_round"), audit_count(db, "selection_round_comment")
        assert ensure_demo_round(db, clock=clock) is None
    with transaction(seeded) as db:
        assert db.scalar(select(func.count()).select_from(SelectionRound)) == 1
        assert db.scalar(select(func.count()).select_from(Comment)) == 2
        assert (
            audit_count(db, "selection_round"),
            audit_count(db, "selection_round_comment"),
        ) == entries
        current = queries.current_targets(db)
        assert current is not None and len(current.areas) == 8


def test_no_demo_round_without_a_finished_run(seeded: sessionmaker[Session]) -> None:
    with transaction(seeded) as db:
        assert ensure_demo_round(db) is None
        assert db.scalar(select(func.count()).select_from(SelectionRound)) == 0
