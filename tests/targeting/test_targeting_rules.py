"""The pure rules of a selection round, without storage or web."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from kraftsamling.accounts.roles import OrganisationKind, Role
from kraftsamling.core.errors import InvalidInput, KraftsamlingError, PermissionDenied
from kraftsamling.targeting import rules
from kraftsamling.targeting.messages import MESSAGES
from kraftsamling.targeting.rules import RoundStatus
from kraftsamling.web.i18n import describe_error

TODAY = dt.date(2026, 3, 1)
SOURCE = Path(rules.__file__).parent


def test_ranked_codes_put_rank_one_first_break_ties_by_code_and_skip_unranked() -> None:
    areas = {"c": {"rank": 2}, "b": {"rank": 2}, "a": {"rank": 1}, "z": {"rank": None}, "y": {}}
    assert rules.ranked_codes(areas) == ["a", "b", "c"]


def test_city_date_follows_swedish_summer_and_winter_time() -> None:
    assert rules.city_date(dt.datetime(2026, 1, 10, 22, 59, tzinfo=dt.UTC)) == dt.date(2026, 1, 10)
    assert rules.city_date(dt.datetime(2026, 1, 10, 23, 0, tzinfo=dt.UTC)) == dt.date(2026, 1, 11)
    assert rules.city_date(dt.datetime(2026, 7, 10, 22, 0, tzinfo=dt.UTC)) == dt.date(2026, 7, 11)


@pytest.mark.parametrize("role", [Role.OFFICER, Role.VIEWER])
def test_only_the_city_office_runs_rounds(role: Role) -> None:
    rules.ensure_city_office(Role.COORDINATOR)
    rules.ensure_city_office(Role.ADMIN)
    with pytest.raises(PermissionDenied, match=repr(role.value)):
        rules.ensure_city_office(role)


@pytest.mark.parametrize(
    "status", [RoundStatus.FINALISED, RoundStatus.SUPERSEDED, RoundStatus.CANCELLED]
)
def test_decided_and_cancelled_rounds_are_not_editable(status: RoundStatus) -> None:
    with pytest.raises(InvalidInput, match=f"round 4 is {status.value}"):
        rules.ensure_editable(4, status, "change it")


def test_only_committees_and_companies_are_invited() -> None:
    rules.check_invitable("FRN", OrganisationKind.COMMITTEE)
    rules.check_invitable("MKB", OrganisationKind.COMPANY)
    for kind in (
        OrganisationKind.CITY_OFFICE,
        OrganisationKind.DECISION_BODY,
        OrganisationKind.PARTNER,
    ):
        with pytest.raises(InvalidInput, match="committees and municipal companies"):
            rules.check_invitable("X", kind)


def test_comment_window_includes_the_deadline_day() -> None:
    rules.check_comment_window(1, RoundStatus.CONSULTATION, TODAY, TODAY)
    with pytest.raises(PermissionDenied, match="was 2026-03-01"):
        rules.check_comment_window(1, RoundStatus.CONSULTATION, TODAY, TODAY + dt.timedelta(1))
    with pytest.raises(InvalidInput, match="is draft"):
        rules.check_comment_window(1, RoundStatus.DRAFT, None, TODAY)


def test_officers_comment_for_their_own_organisation_and_the_city_office_for_any() -> None:
    rules.ensure_may_comment_for(Role.OFFICER, 3, 3, invited=True, code="FRN")
    rules.ensure_may_comment_for(Role.COORDINATOR, 1, 3, invited=True, code="FRN")
    with pytest.raises(PermissionDenied, match="own organisation"):
        rules.ensure_may_comment_for(Role.OFFICER, 4, 3, invited=True, code="FRN")
    with pytest.raises(PermissionDenied, match="own organisation"):
        rules.ensure_may_comment_for(Role.VIEWER, 3, 3, invited=True, code="FRN")
    with pytest.raises(PermissionDenied, match="not invited"):
        rules.ensure_may_comment_for(Role.OFFICER, 3, 3, invited=False, code="FRN")


def test_finalising_waits_for_the_deadline_unless_everyone_answered() -> None:
    args = {"round_id": 2, "status": RoundStatus.CONSULTATION, "deadline": TODAY, "n_selected": 3}
    rules.check_finalise(today=TODAY, silent=0, **args)  # type: ignore[arg-type]
    rules.check_finalise(today=TODAY + dt.timedelta(1), silent=2, **args)  # type: ignore[arg-type]
    with pytest.raises(InvalidInput, match="2 invited organisation"):
        rules.check_finalise(today=TODAY, silent=2, **args)  # type: ignore[arg-type]


def test_four_eyes() -> None:
    rules.ensure_four_eyes(proposed_by=1, user_id=2)
    with pytest.raises(PermissionDenied):
        rules.ensure_four_eyes(proposed_by=1, user_id=1)


def test_text_is_trimmed_and_line_ends_normalised() -> None:
    assert rules.check_text("text", " a\r\n\r\nb ", 10) == "a\n\nb"
    with pytest.raises(InvalidInput, match="at most 3 characters; got 4"):
        rules.check_text("text", "abcd", 3)


def test_a_deadline_is_after_today_and_at_most_a_year_ahead() -> None:
    earliest, latest = rules.deadline_bounds(TODAY)
    assert (earliest, latest) == (dt.date(2026, 3, 2), dt.date(2027, 3, 1))
    rules.check_new_deadline(earliest, TODAY)
    rules.check_new_deadline(latest, TODAY)
    with pytest.raises(InvalidInput, match=r"after today \(2026-03-01\); got 2026-03-01") as past:
        rules.check_new_deadline(TODAY, TODAY)
    assert past.value.key == "targeting.error.deadline_past"
    with pytest.raises(InvalidInput, match="on or before 2027-03-01; got 2027-03-02") as far:
        rules.check_new_deadline(latest + dt.timedelta(1), TODAY)
    assert far.value.key == "targeting.error.deadline_far"
    assert describe_error("sv", far.value) == (
        "Sista dag för synpunkter får vara högst ett år fram, senast 2027-03-01; "
        "du angav 2027-03-02."
    )


def test_a_rationale_needs_twenty_characters_without_the_surrounding_blanks() -> None:
    nineteen = "  " + "x" * 19 + "\r\n "
    with pytest.raises(InvalidInput, match="at least 20 characters; got 19") as short:
        rules.check_text("rationale", nineteen, rules.MAX_RATIONALE, minimum=rules.MIN_RATIONALE)
    assert (short.value.key, short.value.params) == (
        "targeting.error.rationale_short",
        {"min": 20, "n": 19},
    )
    assert "minst 20 tecken" in describe_error("sv", short.value)
    twenty = rules.check_text(
        "rationale", " " + "x" * 20, rules.MAX_RATIONALE, minimum=rules.MIN_RATIONALE
    )
    assert twenty == "x" * 20


def test_paragraphs_are_split_on_blank_lines_whatever_the_line_ends() -> None:
    assert rules.paragraphs("Ett.\r\n\r\nTvå.\n \t\nTre\nrader.\n\n\n") == [
        "Ett.",
        "Två.",
        "Tre\nrader.",
    ]
    assert rules.paragraphs("  ") == []


def test_unranked_areas_are_refused_and_named() -> None:
    rules.check_ranked([])
    with pytest.raises(InvalidInput, match=r"Område T8 \(T8\) have no rank") as caught:
        rules.check_ranked(["Område T8 (T8)"])
    assert describe_error("sv", caught.value).startswith("Område T8 (T8) saknar rang")
    args = {"round_id": 2, "status": RoundStatus.CONSULTATION, "deadline": TODAY, "n_selected": 3}
    with pytest.raises(InvalidInput, match="T8 have no rank"):
        rules.check_finalise(today=TODAY, silent=0, unranked_selected=["T8"], **args)  # type: ignore[arg-type]


def _raised(action: Callable[[], object]) -> KraftsamlingError:
    try:
        action()
    except KraftsamlingError as exc:
        return exc
    raise AssertionError("nothing was raised")


CONSULTING = RoundStatus.CONSULTATION
RULE_ERRORS: list[Callable[[], object]] = [
    lambda: rules.ensure_city_office(Role.OFFICER),
    lambda: rules.check_k(0, 8),
    lambda: rules.check_k(1, 0, run_id=3),
    lambda: rules.check_title(" "),
    lambda: rules.ensure_editable(4, RoundStatus.FINALISED, "finalise"),
    lambda: rules.ensure_editable(4, RoundStatus.SUPERSEDED, "finalise"),
    lambda: rules.ensure_editable(4, RoundStatus.CANCELLED, "cancel the round"),
    lambda: rules.check_new_deadline(TODAY, TODAY),
    lambda: rules.check_new_deadline(TODAY + dt.timedelta(400), TODAY),
    lambda: rules.check_invitable("KS", OrganisationKind.DECISION_BODY),
    lambda: rules.check_comment_window(1, RoundStatus.DRAFT, None, TODAY),
    lambda: rules.check_comment_window(1, CONSULTING, TODAY, TODAY + dt.timedelta(1)),
    lambda: rules.ensure_may_comment_for(Role.OFFICER, 4, 3, invited=True, code="FRN"),
    lambda: rules.ensure_may_comment_for(Role.VIEWER, 3, 3, invited=True, code="FRN"),
    lambda: rules.ensure_may_comment_for(Role.OFFICER, 3, 3, invited=False, code="FRN"),
    lambda: rules.check_text("text", " ", rules.MAX_TEXT),
    lambda: rules.check_text("text", "x" * 6, 5),
    lambda: rules.check_text("rationale", "x", 50, minimum=20),
    lambda: rules.check_text("rationale", "x" * 51, 50, minimum=20),
    lambda: rules.parse_stance("kanske"),
    lambda: rules.ensure_four_eyes(1, 1),
    lambda: rules.check_finalise(
        round_id=1, status=RoundStatus.DRAFT, deadline=None, today=TODAY, n_selected=1, silent=0
    ),
    lambda: rules.check_finalise(
        round_id=1, status=CONSULTING, deadline=TODAY, today=TODAY, n_selected=1, silent=1
    ),
    lambda: rules.check_finalise(
        round_id=1, status=CONSULTING, deadline=TODAY, today=TODAY, n_selected=0, silent=0
    ),
    lambda: rules.check_ranked(["T8"]),
]


@pytest.mark.parametrize("action", RULE_ERRORS)
def test_every_rule_error_has_a_swedish_and_an_english_text(action: Callable[[], object]) -> None:
    exc = _raised(action)
    assert exc.key is not None and exc.key.startswith("targeting.error.")
    swedish, english = describe_error("sv", exc), describe_error("en", exc)
    assert swedish != str(exc) and english != swedish
    assert "{" not in swedish and "{" not in english  # every placeholder was filled


def test_every_error_key_written_in_the_code_is_in_both_catalogues() -> None:
    source = "".join(p.read_text(encoding="utf-8") for p in SOURCE.glob("*.py"))
    keys = set(re.findall(r'"(targeting\.error\.[a-z_.]+)"', source))
    assert len(keys) > 15
    for lang in ("sv", "en"):
        assert keys - set(MESSAGES[lang]) == set(), lang
