"""Form fields of the targeting pages: only ASCII digits for numbers, only YYYY-MM-DD for dates,
and what the pages say about anything else."""

from __future__ import annotations

import datetime as dt

import pytest

from kraftsamling.core.errors import InvalidInput
from kraftsamling.web.deps import MAX_RECORD_ID
from kraftsamling.web.forms import iso_date, whole
from kraftsamling.web.i18n import describe_error

DEADLINE = "targeting.error.deadline_format"


@pytest.mark.parametrize(("text", "value"), [("3", 3), (" 12 ", 12), ("2147483647", MAX_RECORD_ID)])
def test_whole_numbers_in_range_are_read(text: str, value: int) -> None:
    assert whole("k", text, key="targeting.error.k_format") == value


@pytest.mark.parametrize(
    "text",
    ["٣", "３", "3.0", "+3", "1_0", "1e3", "0", "-1", "", " ", "tio", "2147483648",
     "99999999999999999999", "9" * 5000],
)  # fmt: skip
def test_anything_but_ascii_digits_from_one_to_the_largest_id_is_refused(text: str) -> None:
    with pytest.raises(InvalidInput, match="whole number from 1 to 2147483647") as caught:
        whole("k", text, key="targeting.error.k_format")
    swedish = describe_error("sv", caught.value)
    assert swedish.startswith("Antal områden att föreslå (k) ska vara ett heltal")
    assert len(swedish) < 250  # a long value is cut, not repeated whole


def test_a_refused_run_id_has_its_own_text() -> None:
    with pytest.raises(InvalidInput) as caught:
        whole("run_id", "99999999999999999999", key="targeting.error.run_id")
    assert describe_error("sv", caught.value) == (
        "Välj en indexkörning i listan; ”99999999999999999999” är inte numret på en indexkörning."
    )


def test_a_calendar_date_is_read() -> None:
    assert iso_date("deadline", " 2026-12-20 ", key=DEADLINE) == dt.date(2026, 12, 20)


@pytest.mark.parametrize(
    "text",
    ["2026-W50-1", "20261220", "2026-02-30", "2026-12-20T00:00", "2026-1-5", "٢٠٢٦-١٢-٢٠",
     "16/2", ""],
)  # fmt: skip
def test_only_yyyy_mm_dd_is_a_date(text: str) -> None:
    with pytest.raises(InvalidInput, match="deadline must be a date written YYYY-MM-DD") as caught:
        iso_date("deadline", text, key=DEADLINE)
    assert caught.value.key == "targeting.error.deadline_format"
    assert f"du skrev ”{text}”" in describe_error("sv", caught.value)
