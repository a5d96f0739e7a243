"""The pure rules of a selection round, without storage or web."""

from __future__ import annotations

import datetime as dt

import pytest

from kraftsamling.accounts.roles import OrganisationKind, Role
from kraftsamling.core.errors import InvalidInput, PermissionDenied
from kraftsamling.targeting import rules
from kraftsamling.targeting.rules import RoundStatus

TODAY = dt.date(2026, 3, 1)


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
