"""The pure hash chain: canonical form, hashing and link checks, with no database."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import hashlib
import json
import uuid
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kraftsamling.core.audit_chain import (
    GENESIS,
    BreakKind,
    ChainFields,
    Head,
    canonical_document,
    canonical_json,
    check_head,
    check_link,
    entry_hash,
    to_jsonable,
    utc_timestamp,
)
from kraftsamling.core.errors import InvalidInput

CET = dt.timezone(dt.timedelta(hours=1))

FIELDS = ChainFields(
    id=1,
    at=dt.datetime(2026, 1, 22, 10, 30, 0, 5, tzinfo=CET),
    actor_id=7,
    actor_label="Anna Ek",
    action="update",
    object_type="calloff",
    object_id="42",
    before={"amount": 100, "note": "å"},
    after={"note": "å", "amount": 120},
    request_id="req-1",
    decision_ref="KS 2026-01-22 § 12",
    prev_hash=GENESIS,
)

# Written out by hand from the format's rules: keys sorted, no spaces, UTF-8, UTC with 'Z'.
EXPECTED_DOCUMENT = (
    '{"action":"update","actor_id":7,"actor_label":"Anna Ek",'
    '"after":{"amount":120,"note":"å"},"at":"2026-01-22T09:30:00.000005Z",'
    '"before":{"amount":100,"note":"å"},"decision_ref":"KS 2026-01-22 § 12",'
    '"object_id":"42","object_type":"calloff","prev_hash":"' + "0" * 64 + '",'
    '"request_id":"req-1","v":1}'
)


def test_canonical_document_follows_the_written_rules() -> None:
    assert canonical_document(FIELDS) == EXPECTED_DOCUMENT
    assert entry_hash(FIELDS) == hashlib.sha256(EXPECTED_DOCUMENT.encode("utf-8")).hexdigest()


def test_the_position_is_not_hashed_but_every_other_field_is() -> None:
    assert entry_hash(dataclasses.replace(FIELDS, id=99)) == entry_hash(FIELDS)
    changes = {
        "at": FIELDS.at + dt.timedelta(microseconds=1),
        "actor_id": 8,
        "actor_label": "Anna E",
        "action": "delete",
        "object_type": "initiative",
        "object_id": "43",
        "before": {"amount": 101, "note": "å"},
        "after": None,
        "request_id": "req-2",
        "decision_ref": None,
        "prev_hash": "1" * 64,
    }
    for name, value in changes.items():
        changed = dataclasses.replace(FIELDS, **{name: value})
        assert entry_hash(changed) != entry_hash(FIELDS), name


def test_naive_and_aware_timestamps_agree_in_utc() -> None:
    naive_utc = dt.datetime(2026, 1, 22, 9, 30)
    assert utc_timestamp(naive_utc) == "2026-01-22T09:30:00.000000Z"
    assert utc_timestamp(dt.datetime(2026, 1, 22, 10, 30, tzinfo=CET)) == utc_timestamp(naive_utc)


class Colour(enum.Enum):
    RED = "red"


def test_to_jsonable_converts_common_python_values() -> None:
    value = {
        "amount": Decimal("10.50"),
        "day": dt.date(2026, 1, 22),
        "when": dt.datetime(2026, 1, 22, 1, 0, tzinfo=CET),
        "id": uuid.UUID(int=1),
        "colour": Colour.RED,
        "pair": (1, 2),
        "tags": {"b", "a"},
    }
    assert to_jsonable(value) == {
        "amount": "10.50",
        "day": "2026-01-22",
        "when": "2026-01-22T00:00:00.000000Z",
        "id": "00000000-0000-0000-0000-000000000001",
        "colour": "red",
        "pair": [1, 2],
        "tags": ["a", "b"],
    }


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ({"x": float("nan")}, "before.x must be a finite number"),
        ({"x": [object()]}, "before.x[0] must be JSON data"),
        ({1: "a"}, "keys must be text"),
    ],
)
def test_to_jsonable_refuses_what_json_cannot_hold(value: object, fragment: str) -> None:
    with pytest.raises(InvalidInput, match=fragment.replace("[", r"\[").replace("]", r"\]")):
        to_jsonable(value, path="before")


json_data = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=5), children, max_size=4)
    ),
    max_leaves=12,
)


@settings(max_examples=60, deadline=None)
@given(json_data)
def test_canonical_text_survives_a_json_round_trip(value: object) -> None:
    # What the database stores is json.dumps of the value; reading it back must hash the same.
    text = canonical_json(to_jsonable(value))
    assert canonical_json(json.loads(json.dumps(value))) == text


def test_check_link_names_the_first_problem() -> None:
    good = entry_hash(FIELDS)
    assert check_link(FIELDS, good, expected_id=1, expected_prev=GENESIS) is None

    gap = check_link(dataclasses.replace(FIELDS, id=4), good, expected_id=2, expected_prev=GENESIS)
    assert gap is not None
    assert (gap.entry_id, gap.kind) == (4, BreakKind.DELETED)
    assert "entries 2-3 missing" in gap.message

    edited = check_link(FIELDS, "f" * 64, expected_id=1, expected_prev=GENESIS)
    assert edited is not None
    assert (edited.entry_id, edited.kind) == (1, BreakKind.EDITED)

    unlinked = check_link(FIELDS, good, expected_id=1, expected_prev="a" * 64)
    assert unlinked is not None
    assert unlinked.kind is BreakKind.RELINKED


def test_check_head_against_a_head_kept_outside() -> None:
    tip = Head(4, "d" * 64)
    assert check_head(tip, None, None, None) is None
    assert check_head(tip, 3, "c" * 64, 3) is None
    short = check_head(tip, None, None, 5)
    assert short is not None
    assert (short.entry_id, short.kind) == (5, BreakKind.HEAD)
    assert "holds 4 entries, expected at least 5 (entry 5 deleted)" in short.message
    gone = check_head(tip, None, "e" * 64, None)
    assert gone is not None
    assert (gone.entry_id, gone.kind) == (5, BreakKind.HEAD)
    moved = check_head(tip, 2, "b" * 64, 3)
    assert moved is not None
    assert (moved.entry_id, moved.kind) == (2, BreakKind.HEAD)
