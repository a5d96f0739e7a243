# ruff: noqa: E501 (SQL of revision 0007's tables is easier to check one statement per string)
"""The decision register: case numbers, paragraphs, one record per meeting paragraph, statements;
and revision 0008, which turns the rounds' free-text references into decision records."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session, sessionmaker

from kraftsamling.core.db import transaction
from kraftsamling.core.errors import InvalidInput
from kraftsamling.core.migrate import upgrade
from kraftsamling.decisions import rules
from kraftsamling.decisions.rules import BodyKind
from kraftsamling.decisions.service import (
    DecisionIn,
    StatementIn,
    next_case_number,
    record_decision,
)

MEETING = dt.date(2025, 3, 24)


def test_case_numbers_and_paragraphs_are_read_strictly() -> None:
    assert rules.parse_case_number("stk-2024-1374") == ("STK", 2024, 1374)
    assert rules.format_case_number("STK", 2026, 7) == "STK-2026-0007"
    assert rules.check_paragraph("141") == rules.check_paragraph(" § 141 ") == "§ 141"
    for bad in ("STK-24-1", "STK20241374", "1-2024-0001"):
        with pytest.raises(InvalidInput):
            rules.parse_case_number(bad)
    with pytest.raises(InvalidInput):
        rules.check_paragraph("§ fyra")


def test_series_are_per_office_and_year(session_factory: sessionmaker[Session]) -> None:
    with transaction(session_factory) as s:
        drawn = [next_case_number(s, prefix="STK", year=2026) for _ in range(3)]
        drawn.append(next_case_number(s, prefix="FRI", year=2026))
        drawn.append(next_case_number(s, prefix="STK", year=2027))
    assert drawn == [
        "STK-2026-0001",
        "STK-2026-0002",
        "STK-2026-0003",
        "FRI-2026-0001",
        "STK-2027-0001",
    ]
    with pytest.raises(InvalidInput), transaction(session_factory) as s:
        next_case_number(s, prefix="stk!", year=2026)


def test_a_meeting_paragraph_is_one_decision_with_its_statements(
    session_factory: sessionmaker[Session],
) -> None:
    data = DecisionIn(
        body_kind=BodyKind.BOARD_COMMITTEE,
        body="Kommunstyrelsens  arbetsutskott",
        meeting_date=MEETING,
        paragraph="141",
        case_number="STK-2024-1374",
        heading="Remiss om kraftsamlande insatser",
        statements=(StatementIn("special", "(M), (L)", "Uppföljningen ska vara skarp."),),
    )
    with transaction(session_factory) as s:
        first = record_decision(s, data, user=None)
        again = record_decision(s, data, user=None)
        assert first.id == again.id
        assert first.reference == "Kommunstyrelsens arbetsutskott 2025-03-24 § 141, STK-2024-1374"
        assert [(st.kind, st.parties) for st in first.statements] == [("special", "(M), (L)")]
    bad = DecisionIn(
        body_kind=BodyKind.BOARD,
        body="KS",
        meeting_date=MEETING,
        heading="x",
        statements=(StatementIn("dissent", "(SD)"),),
    )
    with pytest.raises(InvalidInput), transaction(session_factory) as s:
        record_decision(s, bad, user=None)


def test_0008_makes_a_decision_record_of_every_stored_reference(empty_url: str) -> None:
    upgrade(empty_url, "0007_audit_data_index")
    engine = create_engine(empty_url)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO organisations (id, code, name_sv, name_en, kind) "
                "VALUES (1, 'STK', 'Stadskontoret', 'City Office', 'city_office')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO users (id, email, name, organisation_id, role, password_hash, active, "
                "created_at, password_changed_at, must_change_password) VALUES (1, 'a@b.se', 'A', 1, "
                "'coordinator', 'x', true, '2026-01-01 10:00:00+00', '2026-01-01 10:00:00+00', false)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO index_runs (id, name, spec_toml, spec_id, spec_hash, year, level, status, "
                "progress, created_at, n_draws, seed) VALUES (1, 'r', '', 's', 'h', 2025, 'sub_area', "
                "'done', 100, '2026-01-01 10:00:00+00', 0, 1)"
            )
        )
        for rid, ref in ((1, "KS 2026-02-11 § 30"), (2, None)):
            conn.execute(
                text(
                    "INSERT INTO selection_rounds (id, title, index_run_id, k, status, decision_ref, "
                    "version, proposed_by, proposed_at, finalised_at) VALUES (:id, 'Omgång', 1, 3, "
                    "'finalised', :ref, :id, 1, '2026-02-01 10:00:00+00', '2026-02-12 09:00:00+00')"
                ),
                {"id": rid, "ref": ref},
            )
    engine.dispose()
    upgrade(empty_url)
    engine = create_engine(empty_url)
    with engine.connect() as conn:
        linked = conn.execute(
            text(
                "SELECT r.id, d.text, d.meeting_date FROM selection_rounds r "
                "LEFT JOIN decisions d ON d.id = r.decision_id ORDER BY r.id"
            )
        ).all()
    engine.dispose()
    assert "KS 2026-02-11 § 30" in linked[0][1]
    assert str(linked[0][2]).startswith("2026-02-12")
    assert linked[1][1] is None  # no reference, no record
