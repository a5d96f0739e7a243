"""Selection rounds through the service: proposal, selection, consultation, comments, decision."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from targeting_support import (
    ADMIN_EMAIL,
    COORDINATOR_EMAIL,
    OFFICER_EMAIL,
    VIEWER_EMAIL,
    audit_count,
    days,
    finished_run,
    forget_top_k,
    queued_run,
    unrank,
    user,
)
from web_support import FakeClock

from kraftsamling.accounts import service as accounts
from kraftsamling.accounts.secrets import FAST_TEST_POLICY
from kraftsamling.core.audit import SYSTEM
from kraftsamling.core.db import transaction
from kraftsamling.core.errors import InvalidInput, NotFound, PermissionDenied
from kraftsamling.targeting import queries, service
from kraftsamling.targeting.models import RoundArea, SelectionRound
from kraftsamling.web.i18n import describe_error

DEADLINE = dt.date(2026, 2, 16)  # two weeks after the fake clock's start, 2026-02-02


@pytest.fixture
def db(seeded: sessionmaker[Session], run_id: int) -> Iterator[Session]:
    session = seeded()
    yield session
    session.close()


def _create(db: Session, run_id: int, clock: FakeClock, k: int = 3) -> SelectionRound:
    return service.create_round(
        db,
        run_id=run_id,
        k=k,
        title="Målområden 2026",
        user=user(db, COORDINATOR_EMAIL),
        clock=clock,
    )


def _consult(db: Session, rnd: SelectionRound, clock: FakeClock, *codes: str) -> None:
    service.open_consultation(
        db,
        round_id=rnd.id,
        organisation_codes=codes or ("FRN", "ASN"),
        deadline=DEADLINE,
        user=user(db, COORDINATOR_EMAIL),
        clock=clock,
    )


def _comment(
    db: Session, rnd: SelectionRound, clock: FakeClock, email: str = OFFICER_EMAIL, **kw: str
) -> None:
    args = {"stance": "support", "text": "Vi tillstyrker.", **kw}
    service.add_comment(db, round_id=rnd.id, user=user(db, email), clock=clock, **args)  # type: ignore[arg-type]


def _finalise(
    db: Session,
    rnd: SelectionRound,
    clock: FakeClock,
    email: str = ADMIN_EMAIL,
    rationale: str = "De mest utsatta områdena.",
) -> SelectionRound:
    return service.finalise_round(
        db, round_id=rnd.id, rationale=rationale, user=user(db, email), clock=clock
    )


def _selected(rnd: SelectionRound) -> list[str]:
    return [a.area_code for a in rnd.areas if a.selected]


def _decided(db: Session, run_id: int, clock: FakeClock, k: int = 3) -> SelectionRound:
    rnd = _create(db, run_id, clock, k)
    _consult(db, rnd, clock, "FRN")
    _comment(db, rnd, clock)
    return _finalise(db, rnd, clock)


def test_new_round_proposes_the_top_k_and_snapshots_every_area(
    db: Session, run_id: int, clock: FakeClock
) -> None:
    rnd = _create(db, run_id, clock)
    db.commit()
    assert rnd.status == "draft" and rnd.version is None and rnd.k == 3
    assert [a.area_code for a in rnd.areas] == [f"T{i}" for i in range(1, 9)]
    assert _selected(rnd) == ["T1", "T2", "T3"]
    assert [a.area_code for a in rnd.areas if a.proposed] == ["T1", "T2", "T3"]
    first = rnd.areas[0]
    assert (first.rank, first.rank_p05, first.rank_p95, first.p_top_k) == (1, 1.0, 1.0, 1.0)
    assert first.area_name == "Område T1"
    assert audit_count(db, "selection_round") == 1


@pytest.mark.parametrize(
    ("k", "title", "needle"),
    [(0, "Titel", "between 1 and 8"), (9, "Titel", "got 9"), (3, "   ", "title must be")],
)
def test_create_refuses_bad_k_and_empty_title(
    db: Session, run_id: int, k: int, title: str, needle: str
) -> None:
    with pytest.raises(InvalidInput, match=needle):
        service.create_round(db, run_id=run_id, k=k, title=title, user=user(db, COORDINATOR_EMAIL))


def test_create_refuses_unfinished_or_missing_runs_and_other_roles(
    seeded: sessionmaker[Session], db: Session, run_id: int
) -> None:
    pending = queued_run(seeded)
    coordinator = user(db, COORDINATOR_EMAIL)
    with pytest.raises(InvalidInput, match="status 'queued'"):
        service.create_round(db, run_id=pending, k=2, title="x", user=coordinator)
    with pytest.raises(NotFound, match="No index run with id 999"):
        service.create_round(db, run_id=999, k=2, title="x", user=coordinator)
    for email in (OFFICER_EMAIL, VIEWER_EMAIL):
        with pytest.raises(PermissionDenied, match="coordinator or an admin"):
            service.create_round(db, run_id=run_id, k=2, title="x", user=user(db, email))


def test_selection_can_be_changed_until_the_decision(
    db: Session, run_id: int, clock: FakeClock
) -> None:
    rnd = _create(db, run_id, clock)
    coordinator = user(db, COORDINATOR_EMAIL)
    service.set_selection(db, round_id=rnd.id, selected=["T1", "T5"], user=coordinator)
    assert _selected(rnd) == ["T1", "T5"]
    assert [a.area_code for a in rnd.areas if a.proposed] == ["T1", "T2", "T3"]
    with pytest.raises(InvalidInput, match="XX are not in index run"):
        service.set_selection(db, round_id=rnd.id, selected=["T1", "XX"], user=coordinator)
    with pytest.raises(PermissionDenied):
        service.set_selection(db, round_id=rnd.id, selected=["T1"], user=user(db, OFFICER_EMAIL))
    _consult(db, rnd, clock)
    service.set_selection(db, round_id=rnd.id, selected=["T2"], user=coordinator)
    assert _selected(rnd) == ["T2"]


def test_consultation_needs_invitable_bodies_and_a_future_deadline(
    db: Session, run_id: int, clock: FakeClock
) -> None:
    rnd = _create(db, run_id, clock)
    coordinator = user(db, COORDINATOR_EMAIL)

    def open_(codes: list[str], deadline: dt.date) -> None:
        service.open_consultation(
            db,
            round_id=rnd.id,
            organisation_codes=codes,
            deadline=deadline,
            user=coordinator,
            clock=clock,
        )

    with pytest.raises(InvalidInput, match="after today"):
        open_(["FRN"], dt.date(2026, 2, 2))  # today is not in the future
    with pytest.raises(InvalidInput, match="kind 'decision_body'"):
        open_(["KS"], DEADLINE)
    with pytest.raises(InvalidInput, match="kind 'city_office'"):
        open_(["STK"], DEADLINE)
    with pytest.raises(NotFound, match="NOPE"):
        open_(["NOPE"], DEADLINE)
    with pytest.raises(InvalidInput, match="at least one"):
        open_([], DEADLINE)
    assert rnd.status == "draft"
    open_(["FRN", "MKB"], DEADLINE)
    assert rnd.status == "consultation" and rnd.deadline == DEADLINE
    # Again during the consultation: more bodies, a later deadline, nobody withdrawn.
    open_(["ASN", "FRN"], DEADLINE + days(7))
    assert sorted(i.organisation.code for i in rnd.invitations) == ["ASN", "FRN", "MKB"]
    assert rnd.deadline == DEADLINE + days(7)
    with pytest.raises(PermissionDenied):
        service.open_consultation(
            db,
            round_id=rnd.id,
            organisation_codes=["GRN"],
            deadline=DEADLINE,
            user=user(db, VIEWER_EMAIL),
        )


def test_officer_comments_only_for_own_invited_organisation(
    db: Session, run_id: int, clock: FakeClock
) -> None:
    rnd = _create(db, run_id, clock)
    with pytest.raises(InvalidInput, match="only while a round is in consultation"):
        _comment(db, rnd, clock)  # still a draft
    _consult(db, rnd, clock, "ASN")
    with pytest.raises(PermissionDenied, match="'FRN' is not invited"):
        _comment(db, rnd, clock)
    _consult(db, rnd, clock, "FRN")
    with pytest.raises(PermissionDenied, match="only for their own organisation, not for 'ASN'"):
        _comment(db, rnd, clock, organisation_code="ASN")
    with pytest.raises(PermissionDenied, match="viewers change nothing"):
        _comment(db, rnd, clock, VIEWER_EMAIL, organisation_code="FRN")
    _comment(db, rnd, clock, area_code="T2", stance="object", text="  Inte T2.  ")
    comment = rnd.comments[-1]
    assert (comment.organisation.code, comment.stance, comment.area_code) == ("FRN", "object", "T2")
    assert comment.text == "Inte T2." and comment.author.email == OFFICER_EMAIL
    # The city office records a comment an invited committee sent in.
    _comment(db, rnd, clock, COORDINATOR_EMAIL, organisation_code="ASN", stance="neutral")
    assert [c.organisation.code for c in rnd.comments] == ["FRN", "ASN"]
    assert audit_count(db, "selection_round_comment") == 2


@pytest.mark.parametrize(
    ("kw", "needle"),
    [
        ({"stance": "maybe"}, "stance must be one of support, object, neutral"),
        ({"text": "  "}, "text must not be empty"),
        ({"text": "x" * 5001}, "at most 5000"),
        ({"area_code": "T99"}, "'T99' is not an area"),
    ],
)
def test_comment_input_is_checked(
    db: Session, run_id: int, clock: FakeClock, kw: dict[str, str], needle: str
) -> None:
    rnd = _create(db, run_id, clock)
    _consult(db, rnd, clock)
    with pytest.raises(InvalidInput, match=needle):
        _comment(db, rnd, clock, **kw)


def test_comments_close_after_the_deadline_day_in_swedish_time(
    db: Session, run_id: int, clock: FakeClock
) -> None:
    rnd = _create(db, run_id, clock)
    _consult(db, rnd, clock)
    clock.now = dt.datetime(2026, 2, 16, 22, 59, tzinfo=dt.UTC)  # 23:59 on the 16th in Malmö
    _comment(db, rnd, clock)
    clock.now = dt.datetime(2026, 2, 16, 23, 0, tzinfo=dt.UTC)  # midnight in Malmö
    with pytest.raises(PermissionDenied, match=r"deadline for comments .* was 2026-02-16"):
        _comment(db, rnd, clock)
    with pytest.raises(PermissionDenied, match="today is 2026-02-17"):
        _comment(db, rnd, clock, COORDINATOR_EMAIL, organisation_code="ASN")


def test_the_proposer_never_decides_their_own_round(
    db: Session, run_id: int, clock: FakeClock
) -> None:
    rnd = _create(db, run_id, clock)
    _consult(db, rnd, clock, "FRN")
    _comment(db, rnd, clock)
    with pytest.raises(PermissionDenied, match="proposed a selection round cannot also finalise"):
        _finalise(db, rnd, clock, COORDINATOR_EMAIL)
    with pytest.raises(PermissionDenied):
        _finalise(db, rnd, clock, OFFICER_EMAIL)
    with pytest.raises(PermissionDenied):
        _finalise(db, rnd, clock, VIEWER_EMAIL)
    assert rnd.status == "consultation"


def test_a_second_coordinator_may_decide(
    seeded: sessionmaker[Session], db: Session, run_id: int, clock: FakeClock
) -> None:
    accounts.create_user(
        db,
        email="andra@kraftsamling.example",
        name="Andra Samordnaren",
        organisation_code="STK",
        role="coordinator",
        password="Andra-samordnare-2026",
        policy=FAST_TEST_POLICY,
        clock=clock,
        by=SYSTEM,
    )
    rnd = _create(db, run_id, clock)
    _consult(db, rnd, clock, "FRN")
    _comment(db, rnd, clock)
    assert _finalise(db, rnd, clock, "andra@kraftsamling.example").version == 1


def test_finalising_needs_a_finished_consultation_a_selection_and_a_rationale(
    db: Session, run_id: int, clock: FakeClock
) -> None:
    rnd = _create(db, run_id, clock)
    with pytest.raises(InvalidInput, match="is a draft; invite the committees"):
        _finalise(db, rnd, clock)
    _consult(db, rnd, clock)  # FRN and ASN
    _comment(db, rnd, clock)
    with pytest.raises(InvalidInput, match="open until 2026-02-16 and 1 invited"):
        _finalise(db, rnd, clock)
    clock.advance(days=15)  # past the deadline: ASN's silence no longer holds the decision
    with pytest.raises(InvalidInput, match="rationale must be at least 20 characters; got 0"):
        _finalise(db, rnd, clock, rationale=" \r\n ")
    service.set_selection(db, round_id=rnd.id, selected=[], user=user(db, COORDINATOR_EMAIL))
    with pytest.raises(InvalidInput, match="At least one area must be selected"):
        _finalise(db, rnd, clock)
    service.set_selection(
        db, round_id=rnd.id, selected=["T1", "T4"], user=user(db, COORDINATOR_EMAIL)
    )
    done = _finalise(db, rnd, clock, rationale="Första stycket.\r\n\r\nAndra stycket.")
    assert (done.status, done.version) == ("finalised", 1)
    assert done.rationale == "Första stycket.\n\nAndra stycket."
    assert done.finaliser is not None and done.finaliser.email == ADMIN_EMAIL
    assert done.finalised_at == clock.now


def test_a_decided_round_never_changes(db: Session, run_id: int, clock: FakeClock) -> None:
    rnd = _decided(db, run_id, clock)
    coordinator = user(db, COORDINATOR_EMAIL)
    attempts: list[Callable[[], object]] = [
        lambda: service.set_selection(db, round_id=rnd.id, selected=["T8"], user=coordinator),
        lambda: _consult(db, rnd, clock, "GRN"),
        lambda: service.cancel_round(db, round_id=rnd.id, user=coordinator, reason="Fel körning."),
        lambda: _finalise(db, rnd, clock),
    ]
    for attempt in attempts:
        with pytest.raises(InvalidInput, match="is finalised; only a round in draft"):
            attempt()
    with pytest.raises(InvalidInput, match="is finalised; comments are taken only"):
        _comment(db, rnd, clock)
    assert _selected(rnd) == ["T1", "T2", "T3"]


def test_versions_count_up_and_the_newest_decision_is_current(
    db: Session, run_id: int, clock: FakeClock
) -> None:
    assert queries.current_targets(db) is None
    first = _decided(db, run_id, clock)
    current = queries.current_targets(db)
    assert current is not None and current.round.id == first.id
    assert [a.code for a in current.areas] == ["T1", "T2", "T3"]
    assert current.areas[0].name == "Område T1" and current.areas[0].p_top_k == 1.0
    cancelled = _create(db, run_id, clock, k=5)
    service.cancel_round(
        db, round_id=cancelled.id, user=user(db, ADMIN_EMAIL), reason="Fel körning."
    )
    assert cancelled.status == "cancelled"
    second = _decided(db, run_id, clock, k=2)
    assert (second.version, first.status, first.version) == (2, "superseded", 1)
    assert first.superseded_at == clock.now
    current = queries.current_targets(db)
    assert current is not None and current.round.id == second.id
    assert [a.code for a in current.areas] == ["T1", "T2"]
    assert [r.id for r in queries.list_rounds(db)] == [second.id, cancelled.id, first.id]


def test_every_write_is_audited_and_a_refusal_writes_nothing(
    seeded: sessionmaker[Session], run_id: int, clock: FakeClock
) -> None:
    with transaction(seeded) as db:
        rnd = _create(db, run_id, clock)
        service.set_selection(
            db, round_id=rnd.id, selected=["T1"], user=user(db, COORDINATOR_EMAIL)
        )
        _consult(db, rnd, clock, "FRN")
        _comment(db, rnd, clock)
        _finalise(db, rnd, clock)
        round_id = rnd.id
    with transaction(seeded) as db:
        assert audit_count(db, "selection_round") == 4
        assert audit_count(db, "selection_round_comment") == 1
        last = queries.get_round(db, round_id)
        assert last.status == "finalised"
    with pytest.raises(InvalidInput), transaction(seeded) as db:
        _create(db, run_id, clock, k=0)
    with transaction(seeded) as db:
        assert audit_count(db, "selection_round") == 4
        assert db.scalar(select(func.count()).select_from(SelectionRound)) == 1
        assert db.scalar(select(func.count()).select_from(RoundArea)) == 8


def test_finalise_audit_entry_names_the_decision_and_what_it_replaced(
    db: Session, run_id: int, clock: FakeClock
) -> None:
    from kraftsamling.core.audit import AuditEntry

    first = _decided(db, run_id, clock)
    rnd = _create(db, run_id, clock)
    _consult(db, rnd, clock, "FRN")
    _comment(db, rnd, clock)
    service.finalise_round(
        db,
        round_id=rnd.id,
        rationale="Ny bedömning efter samrådet.",
        decision_ref="KS 2026-03-04 § 51",
        user=user(db, ADMIN_EMAIL),
    )
    entry = db.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1)).one()
    assert (entry.action, entry.object_id, entry.decision_ref) == (
        "state_change",
        str(rnd.id),
        "KS 2026-03-04 § 51",
    )
    assert entry.before["supersedes"] == {"id": first.id, "version": 1}  # type: ignore[index,call-overload]
    assert entry.after["version"] == 2 and entry.after["selected"] == ["T1", "T2", "T3"]  # type: ignore[index,call-overload]


def test_get_round_names_a_missing_round(db: Session) -> None:
    with pytest.raises(NotFound, match="No selection round with id 5") as caught:
        queries.get_round(db, 5)
    assert (caught.value.key, caught.value.params) == (
        "targeting.error.round_missing",
        {"round_id": 5},
    )


def test_an_unranked_area_is_never_selected_nor_decided(
    seeded: sessionmaker[Session], run_id: int, clock: FakeClock
) -> None:
    unrank(seeded, run_id, "T8")
    with transaction(seeded) as db:
        rnd = _create(db, run_id, clock, k=7)  # every ranked area; T8 is not among them
        assert _selected(rnd) == [f"T{i}" for i in range(1, 8)]
        assert rnd.areas[-1].area_code == "T8" and rnd.areas[-1].rank is None
        with pytest.raises(InvalidInput, match=r"Område T8 \(T8\) have no rank") as caught:
            service.set_selection(
                db, round_id=rnd.id, selected=["T1", "T8"], user=user(db, COORDINATOR_EMAIL)
            )
        assert caught.value.key == "targeting.error.unranked"
        with pytest.raises(InvalidInput, match="between 1 and 7"):
            _create(db, run_id, clock, k=8)
        _consult(db, rnd, clock, "FRN")
        _comment(db, rnd, clock)
        # A round selected before unranked areas were refused still cannot be decided with one.
        rnd.areas[-1].selected = True
        with pytest.raises(InvalidInput, match=r"T8 \(T8\) have no rank"):
            _finalise(db, rnd, clock)
        assert rnd.status == "consultation"
        rnd.areas[-1].selected = False
        assert _finalise(db, rnd, clock).version == 1


def test_current_targets_carry_the_runs_k(
    seeded: sessionmaker[Session], db: Session, run_id: int, clock: FakeClock
) -> None:
    _decided(db, run_id, clock, k=2)
    db.commit()
    current = queries.current_targets(db)
    assert current is not None and (current.round.k, current.top_k) == (2, 3)
    forget_top_k(seeded, run_id)
    current = queries.current_targets(db)
    assert current is not None and current.top_k is None


def test_the_decided_run_stays_the_reference_when_a_newer_run_finishes(
    db: Session, seeded: sessionmaker[Session], run_id: int, clock: FakeClock
) -> None:
    from kraftsamling.runs.reference import reference_run

    db.commit()
    newer = finished_run(seeded)
    reference = reference_run(db)
    assert reference is not None and reference.id == newer  # no decision yet: the newest
    _decided(db, run_id, clock)
    reference = reference_run(db)
    assert reference is not None and reference.id == run_id != newer


def test_a_run_that_ranks_no_area_is_neither_offered_nor_proposed_from(
    seeded: sessionmaker[Session], run_id: int, clock: FakeClock
) -> None:
    """Runs stored before such runs were failed may be 'done' with nothing ranked."""
    for code in [f"T{i}" for i in range(1, 9)]:
        unrank(seeded, run_id, code)
    with transaction(seeded) as db:
        assert run_id not in [r.id for r in queries.finished_runs(db)]
        with pytest.raises(InvalidInput, match=f"index run {run_id} ranks no area") as caught:
            _create(db, run_id, clock, k=1)
    assert (caught.value.key, caught.value.params) == ("targeting.error.no_ranked",
                                                       {"run_id": run_id})  # fmt: skip
    assert "mellan 1 och 0" not in describe_error("sv", caught.value)
    assert describe_error("sv", caught.value).startswith(f"Indexkörning {run_id} rangordnar inget")
