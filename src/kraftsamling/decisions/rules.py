"""Decision bodies and case numbers, pure: no storage, no web.

A case number (diarienummer) is the office's prefix, the year and a serial from the office's
series for that year, zero-padded to four digits: ``STK-2026-0042``. A series never repeats a
number; :mod:`kraftsamling.decisions.service` draws from it under a row lock.
"""

from __future__ import annotations

import re
from enum import StrEnum

from kraftsamling.core.errors import InvalidInput
from kraftsamling.core.formatting import shortened

_PREFIX = re.compile(r"[A-ZÅÄÖ]{2,10}")
_CASE = re.compile(r"([A-ZÅÄÖ]{2,10})-([0-9]{4})-([0-9]{4,6})")
MAX_HEADING = 300
MAX_TEXT = 50_000


class BodyKind(StrEnum):
    """Who takes a decision."""

    COUNCIL = "council"  # kommunfullmäktige (KF)
    BOARD = "board"  # kommunstyrelsen (KS)
    BOARD_COMMITTEE = "board_committee"  # kommunstyrelsens arbetsutskott (KSAU)
    COMMITTEE = "committee"  # a committee (nämnd) or a company's board
    DELEGATE = "delegate"  # an officer deciding by delegation (e.g. the city director)


def check_prefix(prefix: str) -> str:
    """An office prefix: two to ten capital letters (``STK``)."""
    cleaned = prefix.strip().upper()
    if not _PREFIX.fullmatch(cleaned):
        raise InvalidInput(
            "A case-number prefix is 2-10 capital letters (like 'STK'); "
            f"got {shortened(prefix)!r}.",
            key="decisions.error.prefix",
            value=shortened(prefix),
        )
    return cleaned


def format_case_number(prefix: str, year: int, serial: int) -> str:
    """The case number of ``serial`` in ``prefix``'s series for ``year``.

    >>> format_case_number("STK", 2026, 42)
    'STK-2026-0042'
    """
    return f"{prefix}-{year:04d}-{serial:04d}"


def parse_case_number(text: str) -> tuple[str, int, int]:
    """``(prefix, year, serial)`` of a case number; ``InvalidInput`` when it has another shape.

    >>> parse_case_number(" STK-2024-1374 ")
    ('STK', 2024, 1374)
    """
    match = _CASE.fullmatch(text.strip().upper())
    if not match:
        raise InvalidInput(
            f"A case number looks like 'STK-2026-0042'; got {shortened(text)!r}.",
            key="decisions.error.case_number",
            value=shortened(text),
        )
    return match.group(1), int(match.group(2)), int(match.group(3))


def check_heading(text: str) -> str:
    cleaned = " ".join(text.split())
    if not cleaned or len(cleaned) > MAX_HEADING:
        raise InvalidInput(
            f"A decision needs a heading of 1-{MAX_HEADING} characters; got {len(cleaned)}.",
            key="decisions.error.heading",
            max=MAX_HEADING,
        )
    return cleaned


def check_paragraph(text: str | None) -> str | None:
    """A paragraph number as written in the minutes (``§ 141`` or ``141``), stored as ``§ 141``."""
    if text is None or not text.strip():
        return None
    digits = text.strip().removeprefix("§").strip()
    if not re.fullmatch(r"[0-9]{1,5}[a-z]?", digits):
        raise InvalidInput(
            f"A paragraph is a number like '§ 141'; got {shortened(text)!r}.",
            key="decisions.error.paragraph",
            value=shortened(text),
        )
    return f"§ {digits}"
