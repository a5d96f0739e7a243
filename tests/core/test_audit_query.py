"""Browsing the audit trail by actor, object, action and time, and exporting it to CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from sqlalchemy.orm import Session, sessionmaker

from kraftsamling.core.audit import SYSTEM, Action, Actor, record, snapshot
from kraftsamling.core.audit_query import CSV_COLUMNS, AuditFilter, count, export_csv, query
from kraftsamling.core.db import transaction
from kraftsamling.core.errors import InvalidInput
from kraftsamling.stats.models import Area

ANNA = Actor(7, "Anna Ek")
BO = Actor(8, '=HYPERLINK("http://x")')  # a label a spreadsheet would run as a formula
DAY = dt.datetime(2026, 1, 22, tzinfo=dt.UTC)
PLUS_ONE = dt.timezone(dt.timedelta(hours=1))

# (actor, action, object_type, object_id, hours after DAY)
ROWS = [
    (ANNA, Action.CREATE, "calloff", 1, 0),
    (ANNA, Action.UPDATE, "calloff", 1, 1),
    (BO, Action.UPDATE, "calloff", 2, 2),
    (SYSTEM, Action.STATE_CHANGE, "calloff", 1, 25),
    (BO, Action.LOGIN, "user", 8, 26),
]


@pytest.fixture
def filled(session_factory: sessionmaker[Session]) -> sessionmaker[Session]:
    with transaction(session_factory) as session:
        for actor, action, object_type, object_id, hours in ROWS:
            at = DAY + dt.timedelta(hours=hours)
            record(
                session,
                actor=actor,
                action=action,
                object_type=object_type,
                object_id=object_id,
                after={"step": hours},
                decision_ref="KS 2026-01-22 § 12" if action == Action.STATE_CHANGE else None,
                clock=lambda at=at: at,
            )
    return session_factory


@pytest.mark.parametrize(
    ("filters", "expected_ids"),
    [
        (AuditFilter(), [5, 4, 3, 2, 1]),
        (AuditFilter(actor_id=7), [2, 1]),
        (AuditFilter(object_type="calloff", object_id="1"), [4, 2, 1]),
        (AuditFilter(action="update"), [3, 2]),
        (AuditFilter(decision_ref="KS 2026-01-22 § 12"), [4]),
        (AuditFilter(since=DAY + dt.timedelta(hours=1), until=DAY + dt.timedelta(days=1)), [3, 2]),
        # 02:00 at UTC+1 is 01:00 UTC: entry 4 (01:00 UTC) is included, 'since' is inclusive.
        (AuditFilter(since=dt.datetime(2026, 1, 23, 2, 0, tzinfo=PLUS_ONE)), [5, 4]),
        (AuditFilter(until=dt.datetime(2026, 1, 23, 2, 0, tzinfo=PLUS_ONE)), [3, 2, 1]),
    ],
)
def test_query_filters(
    filled: sessionmaker[Session], filters: AuditFilter, expected_ids: list[int]
) -> None:
    with filled() as session:
        assert [e.id for e in query(session, filters)] == expected_ids
        assert count(session, filters) == len(expected_ids)


def test_query_pages_oldest_first(filled: sessionmaker[Session]) -> None:
    with filled() as session:
        page = query(session, limit=2, offset=1, newest_first=False)
        assert [e.id for e in page] == [2, 3]
        assert page[0].at == DAY + dt.timedelta(hours=1)


def test_filters_refuse_naive_times(filled: sessionmaker[Session]) -> None:
    with filled() as session, pytest.raises(InvalidInput, match="'since' must be an aware"):
        query(session, AuditFilter(since=dt.datetime(2026, 1, 22)))


def test_export_csv(filled: sessionmaker[Session]) -> None:
    out = io.StringIO()
    with filled() as session:
        written = export_csv(session, out, AuditFilter(object_type="calloff"))
    text = out.getvalue()
    # For Swedish Excel: a byte-order mark, semicolons, CRLF.
    assert text.startswith("\ufeffid;at;actor_id;") and text.count("\r\n") == 5
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    assert written == 4
    assert tuple(rows[0]) == CSV_COLUMNS
    assert [r["id"] for r in rows] == ["1", "2", "3", "4"]
    assert rows[0]["at"] == "2026-01-22T00:00:00.000000Z"
    assert rows[0]["actor_id"] == "7"
    assert rows[0]["before"] == ""
    assert rows[1]["after"] == '{"step":1}'
    assert rows[3]["actor_id"] == ""
    assert rows[3]["decision_ref"] == "KS 2026-01-22 § 12"
    assert rows[2]["actor_label"] == '\'=HYPERLINK("http://x")'
    assert rows[1]["prev_hash"] == rows[0]["hash"]


def test_snapshot_of_a_mapped_object() -> None:
    area = Area(id=3, code="1280-01-01", name="Gamla staden", level="sub_area", boundary="{}")
    area.parent_id = None
    area.synthetic = True
    assert snapshot(area, exclude=["boundary"]) == {
        "id": 3,
        "code": "1280-01-01",
        "name": "Gamla staden",
        "level": "sub_area",
        "parent_id": None,
        "synthetic": True,
    }
