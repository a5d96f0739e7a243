"""What the audit page shows besides the entries: labels for the stored codes, snapshots to read.

Codes (``state_change``, ``index_run``) stay what forms submit and what the API and the CSV
file give; the page shows each as a word in the reader's language, and a code that has no
word yet (any lower-case name is a valid action) as itself. Snapshots are shown with their
moments in Swedish time, like every other time on the page; the CSV file and the API keep the
stored UTC values, which the chain's hashes are computed over.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from kraftsamling.core.formatting import format_local_time
from kraftsamling.web.i18n import all_messages

COMPACT_LIMIT = 60
# How the trail writes a moment (``audit_chain.utc_timestamp``): 2026-02-02T09:00:00.000000Z.
_UTC_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z")


def label(lang: str, kind: str, code: str) -> str:
    """The word for ``code`` (``kind``: "action" or "object"), or the code when there is none."""
    return all_messages()[lang].get(f"admin.audit.{kind}.{code}", code)


def labelled(lang: str, kind: str, codes: Iterable[str]) -> list[tuple[str, str]]:
    """(code, word) for a select list, in the order of the words."""
    return sorted(((c, label(lang, kind, c)) for c in codes), key=lambda pair: pair[1].lower())


@dataclass(frozen=True)
class Snapshot:
    """A before/after snapshot as readable JSON, whole and cut to a few words for a table cell."""

    full: str
    short: str

    @property
    def cut(self) -> bool:
        return self.short != self.full


def _local(value: Any) -> Any:
    if isinstance(value, str) and _UTC_MOMENT.fullmatch(value):
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        return format_local_time(moment, seconds=True)
    if isinstance(value, dict):
        return {k: _local(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_local(v) for v in value]
    return value


def compact(value: object, limit: int = COMPACT_LIMIT) -> Snapshot:
    """``value`` as JSON with spaces (so a cell can wrap) and moments in Swedish time; ``short``
    ends in "…" when longer than ``limit``."""
    if value is None:
        return Snapshot("", "")
    text = json.dumps(_local(value), sort_keys=True, ensure_ascii=False, separators=(", ", ": "))
    return Snapshot(text, text if len(text) <= limit else text[: limit - 1] + "…")
