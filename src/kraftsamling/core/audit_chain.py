"""The hash chain of the audit trail, with no storage: canonical form, hashing, link checks.

Each entry's hash is the SHA-256 of a canonical JSON document holding every field of the entry
and the hash of the entry before it (``prev_hash``; the first entry names :data:`GENESIS`).
Changing any stored field, removing an entry or moving one therefore breaks either the entry's
own hash or the link from its successor.

The row id (the entry's position, 1, 2, 3, ...) is not hashed: the position is already bound by
``prev_hash``. Leaving it out lets verification tell a moved entry (intact, but linked to an
entry that sits elsewhere) from an edited one (its content no longer matches its hash); gaps
in the ids show deleted entries.

What a plain hash chain cannot show on its own: that entries were removed from the *end*
(the remaining chain is still consistent), or that someone with write access rewrote an entry
and recomputed every hash after it. Both are caught by comparing with a head (position and
hash of the newest entry) kept outside the database, for example printed in the annual report
or sent to the registrar; ``verify`` accepts such an expected head.

The canonical form: keys sorted, no whitespace, UTF-8, no NaN or infinity, timestamps as UTC
``YYYY-MM-DDTHH:MM:SS.ffffffZ``. ``"v"`` names this format so that it can evolve.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import json
import math
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from kraftsamling.core.errors import InvalidInput

FORMAT_VERSION = 1
GENESIS = "0" * 64

JsonValue = None | bool | int | float | str | list["JsonValue"] | dict[str, "JsonValue"]


class BreakKind(enum.StrEnum):
    """Why verification stopped at an entry."""

    EDITED = "edited"  # the entry's content no longer matches its stored hash
    DELETED = "deleted"  # a position in the sequence is missing
    REORDERED = "reordered"  # the entry is intact but sits at another position than it was written
    RELINKED = "relinked"  # intact entry whose prev_hash is not its predecessor's hash
    HEAD = "head"  # the externally kept head is not in the chain (entries removed at the end)


@dataclass(frozen=True)
class ChainFields:
    """The fields of one entry, in the shape they are stored; all but ``id`` are hashed."""

    id: int
    at: dt.datetime
    actor_id: int | None
    actor_label: str
    action: str
    object_type: str
    object_id: str | None
    before: JsonValue
    after: JsonValue
    request_id: str | None
    decision_ref: str | None
    prev_hash: str


@dataclass(frozen=True)
class Head:
    """The newest entry: how many entries the chain holds and the newest one's hash."""

    count: int
    hash: str | None


@dataclass(frozen=True)
class ChainBreak:
    """The first entry at which the chain is broken, and why."""

    entry_id: int | None
    kind: BreakKind
    message: str


def utc_timestamp(value: dt.datetime) -> str:
    """The canonical text of a timestamp; naive values are taken to be UTC (as SQLite returns)."""
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
    return value.isoformat(timespec="microseconds") + "Z"


def to_jsonable(value: Any, *, path: str = "value") -> JsonValue:
    """Convert ``value`` into plain JSON data, so it hashes the same after a database round trip.

    Dates become ISO text (datetimes in UTC), decimals and UUIDs text, enums their value,
    tuples and sets lists (sets sorted). Anything else is refused.

    Parameters
    ----------
    value
        A before/after snapshot: mapping, list or scalar.
    path
        Where in the snapshot ``value`` sits; used in error messages.

    Examples
    --------
    >>> to_jsonable({"amount": Decimal("10.50"), "day": dt.date(2026, 1, 22)})
    {'amount': '10.50', 'day': '2026-01-22'}
    """
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise InvalidInput(f"Audit snapshot field {path} must be a finite number; got {value}.")
        return value
    if isinstance(value, enum.Enum):
        return to_jsonable(value.value, path=path)
    if isinstance(value, dt.datetime):
        return utc_timestamp(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, Mapping):
        out: dict[str, JsonValue] = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise InvalidInput(
                    f"Audit snapshot keys must be text; "
                    f"got {key!r} ({type(key).__name__}) in {path}."
                )
            out[key] = to_jsonable(item, path=f"{path}.{key}")
        return out
    if isinstance(value, set | frozenset):
        return sorted((to_jsonable(v, path=path) for v in value), key=canonical_json)
    if isinstance(value, list | tuple):
        return [to_jsonable(v, path=f"{path}[{i}]") for i, v in enumerate(value)]
    raise InvalidInput(
        f"Audit snapshot field {path} must be JSON data (text, number, date, list, mapping); "
        f"got {type(value).__name__}."
    )


def canonical_json(value: Any) -> str:
    """Sorted keys, no whitespace, no NaN: the same data always gives the same text."""
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )


def canonical_document(fields: ChainFields) -> str:
    """The text that is hashed for one entry."""
    return canonical_json(
        {
            "v": FORMAT_VERSION,
            "at": utc_timestamp(fields.at),
            "actor_id": fields.actor_id,
            "actor_label": fields.actor_label,
            "action": fields.action,
            "object_type": fields.object_type,
            "object_id": fields.object_id,
            "before": fields.before,
            "after": fields.after,
            "request_id": fields.request_id,
            "decision_ref": fields.decision_ref,
            "prev_hash": fields.prev_hash,
        }
    )


def entry_hash(fields: ChainFields) -> str:
    """SHA-256 (hex) of the entry's canonical document."""
    return hashlib.sha256(canonical_document(fields).encode("utf-8")).hexdigest()


def check_link(
    fields: ChainFields, stored_hash: str, *, expected_id: int, expected_prev: str
) -> ChainBreak | None:
    """Check one entry against the one before it; ``None`` when it is intact and linked.

    A broken link is reported as ``RELINKED``; the caller, which can look up other entries,
    turns it into ``REORDERED`` when ``prev_hash`` names an entry that sits elsewhere.
    """
    if fields.id != expected_id:
        missing = (
            f"entry {expected_id}"
            if fields.id == expected_id + 1
            else f"entries {expected_id}-{fields.id - 1}"
        )
        return ChainBreak(
            fields.id,
            BreakKind.DELETED,
            f"{missing} missing before entry {fields.id} (deleted)",
        )
    if entry_hash(fields) != stored_hash:
        return ChainBreak(
            fields.id,
            BreakKind.EDITED,
            f"entry {fields.id} does not match its stored hash (a field was edited)",
        )
    if fields.prev_hash != expected_prev:
        before = "the chain's start" if expected_id == 1 else f"entry {expected_id - 1}"
        return ChainBreak(
            fields.id,
            BreakKind.RELINKED,
            f"entry {fields.id} does not link to {before} "
            "(an earlier entry was replaced or rewritten)",
        )
    return None


def check_head(
    tip: Head, head_at: int | None, expect_head: str | None, expect_count: int | None
) -> ChainBreak | None:
    """Compare an intact chain with a head kept outside the database; ``None`` when they agree.

    ``tip`` is the chain's own head and ``head_at`` the position at which an entry with hash
    ``expect_head`` was met during the walk (``None``: not met).
    """
    if expect_count is not None and tip.count < expect_count:
        first = tip.count + 1
        gone = f"entry {first}" if first == expect_count else f"entries {first}-{expect_count}"
        return ChainBreak(
            first,
            BreakKind.HEAD,
            f"the chain holds {tip.count} entries, expected at least {expect_count} "
            f"({gone} deleted)",
        )
    if expect_head is None:
        return None
    if head_at is None:
        return ChainBreak(
            tip.count + 1,
            BreakKind.HEAD,
            f"the expected head {expect_head[:12]}... is not in the chain of {tip.count} "
            "entries (the newest entries were deleted, or the chain was rewritten)",
        )
    if expect_count is not None and head_at != expect_count:
        return ChainBreak(
            head_at,
            BreakKind.HEAD,
            f"the expected head is entry {head_at}, expected entry {expect_count}",
        )
    return None
