"""What the accounts pages need besides their data: Swedish dates, the language, query ids."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import Query

from kraftsamling.accounts.secrets import as_utc
from kraftsamling.core.formatting import LOCAL_ZONE
from kraftsamling.web.deps import MAX_RECORD_ID

# An account id named in a query string (a notice after a redirect): a bad one is a 422, never
# a query that the database cannot bind.
QueryRecordId = Annotated[int | None, Query(ge=1, le=MAX_RECORD_ID)]


def local_date(value: dt.datetime | None) -> str:
    """``2026-02-02`` in Swedish time; an en dash when there is no time."""
    if value is None:
        return "–"
    return as_utc(value).astimezone(LOCAL_ZONE).date().isoformat()


HELPERS = {"local_date": local_date}
