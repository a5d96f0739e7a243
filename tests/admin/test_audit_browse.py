"""Browsing the audit trail without the web: filters from text, pages, link checks, CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import Connection, select, text
from sqlalchemy.orm import Session, sessionmaker

from kraftsamling.admin import service, views
from kraftsamling.admin.service import InvalidFilter
from kraftsamling.core import audit
from kraftsamling.core.audit import SQLITE_TRIGGERS, Actor, AuditEntry
from kraftsamling.core.audit_query import CSV_COLUMNS, AuditFilter
from kraftsamling.core.db import transaction

ANNA = Actor(7, "anna@stad.example")
START = dt.datetime(2026, 2, 1, 12, 0, tzinfo=dt.UTC)


def add(
    factory: sessionmaker[Session],
    n: int = 1,
    *,
    at: dt.datetime = START,
    actor: Actor = ANNA,
    object_type: str = "thing",
    after: object = None,
) -> None:
    with transaction(factory) as session:
        for i in range(n):
            audit.record(
                session, actor=actor, action="update", object_type=object_type, object_id=i,
                after=after if after is not None else {"n": i}, clock=lambda: at,
            )  # fmt: skip


@contextmanager
def tampering(factory: sessionmaker[Session]) -> Iterator[Connection]:
    """A connection on which the append-only triggers do not fire, as a superuser could get."""
    engine = factory.kw["bind"]
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SET LOCAL session_replication_role = replica"))
        else:
            conn.execute(text("DROP TRIGGER audit_entries_no_update"))
            conn.execute(text("DROP TRIGGER audit_entries_no_delete"))
        yield conn
        if conn.dialect.name == "sqlite":
            for sql in SQLITE_TRIGGERS:
                conn.execute(text(sql))


# --- filters from text (no database) -------------------------------------------------------


def test_filters_from_text() -> None:
    filters = service.parse_filters(
        {"actor_id": " 7 ", "action": "login", "object_type": "user", "object_id": "12",
         "date_from": "2026-02-01", "date_to": "2026-02-01", "other": "ignored"}
    )  # fmt: skip
    stockholm = service.LOCAL_ZONE
    assert filters == AuditFilter(
        actor_id=7, action="login", object_type="user", object_id="12",
        since=dt.datetime(2026, 2, 1, tzinfo=stockholm),
        until=dt.datetime(2026, 2, 2, tzinfo=stockholm),  # "to" is inclusive
    )  # fmt: skip
    assert service.parse_filters({"action": "", "date_from": None}) == AuditFilter()


@pytest.mark.parametrize(
    ("values", "problems"),
    [
        ({"date_from": "2026-13-01"}, [("date_from", "date")]),
        ({"date_to": "2026-02-30"}, [("date_to", "date")]),
        ({"date_from": "1/2/2026"}, [("date_from", "date")]),
        ({"date_from": "2026-02-03", "date_to": "2026-02-02"}, [("date_to", "order")]),
        ({"actor_id": "anna"}, [("actor_id", "number")]),
        ({"actor_id": "0"}, [("actor_id", "number")]),
        ({"actor_id": "99999999999"}, [("actor_id", "number")]),
        ({"action": "Login; DROP"}, [("action", "name")]),
        ({"object_type": "x" * 41}, [("object_type", "name")]),
        ({"object_id": "x" * 201}, [("object_id", "length")]),
        (
            {"date_from": "2026-13-01", "action": "BAD", "actor_id": "-1"},
            [("actor_id", "number"), ("action", "name"), ("date_from", "date")],
        ),
    ],
)
def test_bad_filters_are_each_named(
    values: dict[str, str], problems: list[tuple[str, str]]
) -> None:
    with pytest.raises(InvalidFilter) as caught:
        service.parse_filters(values)
    assert [(p.field, p.reason) for p in caught.value.problems] == problems
    assert "must be" in str(caught.value)


def test_date_problem_message_names_field_and_value() -> None:
    with pytest.raises(InvalidFilter) as caught:
        service.parse_filters({"date_from": "2026-13-01"})
    assert str(caught.value) == (
        "The 'date_from' filter must be a date like 2026-02-01; got '2026-13-01'."
    )


@pytest.mark.parametrize(
    ("page", "per_page", "expected"),
    [(None, None, (1, 50)), ("3", "", (3, 50)), (" 2 ", "200", (2, 200))],
)
def test_page_numbers(page: str | None, per_page: str | None, expected: tuple[int, int]) -> None:
    assert service.parse_page(page, per_page) == expected


@pytest.mark.parametrize(("page", "per_page"), [("0", None), ("x", None), ("1", "201"),
                                                ("99999999999999", None), ("٣", None)])  # fmt: skip
def test_bad_page_numbers(page: str, per_page: str | None) -> None:
    with pytest.raises(InvalidFilter):
        service.parse_page(page, per_page)


def test_unknown_filter_names_are_refused_when_the_known_ones_are_given() -> None:
    values = {"actor": "abc", "action": "login", "lang": "sv", "x" * 60: "y" * 60}
    with pytest.raises(InvalidFilter) as caught:
        service.parse_filters(values, known=service.PAGE_PARAMETERS)
    problems = caught.value.problems
    assert [(p.field, p.reason) for p in problems] == [("actor", "unknown"), ("x" * 40, "unknown")]
    assert problems[1].value == "y" * 40 + "…"  # a long value is not echoed whole
    assert str(problems[0]) == (
        "There is no filter 'actor' (got 'abc'); the filters are actor_id, action, object_type, "
        "object_id, date_from, date_to."
    )
    # The page's own parameters are known; without ``known`` nothing is checked by name.
    service.parse_filters({"page": "2", "lang": "en"}, known=service.PAGE_PARAMETERS)
    with pytest.raises(InvalidFilter):
        service.parse_filters({"per_page": "5"}, known=service.PAGE_PARAMETERS)
    assert service.parse_filters({"actor": "abc"}) == AuditFilter()


def test_compact_snapshots_wrap_and_show_swedish_time() -> None:
    assert views.compact(None).full == ""
    short = views.compact({"name_sv": "Miljönämnden", "k": 3})
    assert short.full == short.short == '{"k": 3, "name_sv": "Miljönämnden"}' and not short.cut
    long = views.compact({"spec": "x" * 500})
    assert long.cut and len(long.short) == views.COMPACT_LIMIT and long.short.endswith("…")
    moments = views.compact(
        {"at": "2026-02-02T09:00:00.000000Z", "summer": ["2026-07-01T09:00:00Z"],
         "day": "2026-02-02", "text": "not 2026-02-02T09:00:00.000000Z"}
    )  # fmt: skip
    assert moments.full == (
        '{"at": "2026-02-02 10:00:00", "day": "2026-02-02", '
        '"summer": ["2026-07-01 11:00:00"], "text": "not 2026-02-02T09:00:00.000000Z"}'
    )


def test_codes_have_words_in_both_languages_and_unknown_codes_stay_codes() -> None:
    assert views.label("sv", "action", "state_change") == "Statusändring"
    assert views.label("en", "action", "state_change") == "Status change"
    assert views.label("sv", "object", "selection_round_comment") == "Synpunkt på urvalsomgång"
    assert views.label("sv", "action", "brand_new_action") == "brand_new_action"
    assert views.labelled("sv", "object", ["user", "api_token", "index_run"]) == [
        ("user", "Användarkonto"), ("api_token", "API-nyckel"), ("index_run", "Indexkörning"),
    ]  # fmt: skip
    # Every action the application writes has a word.
    for action in (*audit.Action, "import", "deactivate", "reactivate"):
        assert views.label("sv", "action", action) != action


# --- on the database ---------------------------------------------------------------------


def test_days_are_swedish_calendar_days(session_factory: sessionmaker[Session]) -> None:
    add(session_factory, at=dt.datetime(2026, 2, 1, 22, 59, tzinfo=dt.UTC), object_type="late")
    add(session_factory, at=dt.datetime(2026, 2, 1, 23, 0, tzinfo=dt.UTC), object_type="night")
    with session_factory() as session:

        def types(**values: str) -> list[str]:
            page = service.browse(session, service.parse_filters(values))
            return [c.entry.object_type for c in page.entries]

        # 23:00 UTC is midnight in Stockholm: the second entry belongs to 2 February.
        assert types(date_from="2026-02-02") == ["night"]
        assert types(date_to="2026-02-01") == ["late"]
        assert types(date_from="2026-02-01", date_to="2026-02-02") == ["night", "late"]


def test_pages_newest_first(session_factory: sessionmaker[Session]) -> None:
    add(session_factory, 120)
    add(session_factory, 5, object_type="other")
    filters = service.parse_filters({"object_type": "thing"})
    with session_factory() as session:
        first = service.browse(session, filters, page=1)
        last = service.browse(session, filters, page=3)
        beyond = service.browse(session, filters, page=4)
    assert (first.total, first.pages, first.has_previous, first.has_next) == (120, 3, False, True)
    ids = [c.entry.id for c in first.entries]
    assert len(ids) == 50 and ids == sorted(ids, reverse=True) and ids[0] == 120
    assert (first.first_position, first.last_position) == (1, 50)
    assert [c.entry.id for c in last.entries] == list(range(20, 0, -1))
    assert (last.has_previous, last.has_next, last.first_position, last.last_position) == (
        True, False, 101, 120,
    )  # fmt: skip
    assert beyond.entries == [] and beyond.first_position == 0
    assert all(c.verified for c in first.entries + last.entries)


def test_edited_and_deleted_entries_show_on_the_page(
    session_factory: sessionmaker[Session],
) -> None:
    add(session_factory, 6)
    with tampering(session_factory) as conn:
        conn.execute(text("UPDATE audit_entries SET actor_label = 'mallory' WHERE id = 2"))
        conn.execute(text("DELETE FROM audit_entries WHERE id = 4"))
    with session_factory() as session:
        page = service.browse(session, AuditFilter())
    status = {c.entry.id: c.problem.kind.value if c.problem else "ok" for c in page.entries}
    assert status == {6: "ok", 5: "deleted", 3: "ok", 2: "edited", 1: "ok"}
    assert page.broken == 2


def test_relinked_entry_is_reported(session_factory: sessionmaker[Session]) -> None:
    add(session_factory, 3)
    with tampering(session_factory) as conn:
        conn.execute(text("UPDATE audit_entries SET hash = :h WHERE id = 2"), {"h": "f" * 64})
    with session_factory() as session:
        page = service.browse(session, AuditFilter())
    status = {c.entry.id: c.problem.kind.value if c.problem else "ok" for c in page.entries}
    assert status == {3: "relinked", 2: "edited", 1: "ok"}


def test_csv_export_for_swedish_excel_and_recorded(session_factory: sessionmaker[Session]) -> None:
    add(session_factory, 3, after={"name_sv": "Miljönämnden", "note": "=1+1"})
    add(session_factory, 2, object_type="other")
    coordinator = Actor(2, "samordnare@stad.example")
    filters = service.parse_filters({"object_type": "thing"})
    with transaction(session_factory) as session:
        body, rows = service.export_csv(
            session, filters, by=coordinator, request_id="req-9", clock=lambda: START
        )
    assert rows == 3
    assert body.startswith("\ufeffid;at;actor_id;actor_label;action;")
    table = list(csv.reader(io.StringIO(body.removeprefix("\ufeff")), delimiter=";"))
    assert table[0] == list(CSV_COLUMNS)
    assert [r[0] for r in table[1:]] == ["1", "2", "3"]  # oldest first, as archived
    assert table[1][table[0].index("after")] == '{"name_sv":"Miljönämnden","note":"=1+1"}'
    with session_factory() as session:
        entry = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert audit.verify(session).ok
    assert entry is not None
    assert (entry.action, entry.actor_id, entry.actor_label) == (
        "export", 2, "samordnare@stad.example",
    )  # fmt: skip
    assert (entry.object_type, entry.object_id, entry.request_id) == (
        "audit_entries",
        None,
        "req-9",
    )
    assert entry.after == {"format": "csv", "rows": 3, "filters": {"object_type": "thing"}}


def test_filter_choices_list_accounts_and_the_names_in_use(
    session_factory: sessionmaker[Session],
) -> None:
    add(session_factory, object_type="zebra")
    add(session_factory, object_type="apple")
    with session_factory() as session:
        choices = service.filter_choices(session)
    assert choices.actions == ["update"]
    assert choices.object_types == ["apple", "zebra"]
    assert choices.actors == []  # no accounts in this database
