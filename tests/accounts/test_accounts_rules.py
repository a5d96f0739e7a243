"""Pure rules: roles against organisations, password length, tokens, the UI catalogue."""

from __future__ import annotations

import re

import pytest

from kraftsamling.accounts.roles import (
    OrganisationKind,
    Role,
    can_act_for,
    check_role_fits_organisation,
    ensure_can_act_for,
    parse_role,
)
from kraftsamling.accounts.secrets import (
    FAST_TEST_POLICY,
    check_password_rules,
    sha256_hex,
    verify_password,
)
from kraftsamling.accounts.seed import DEMO_ACCOUNTS, ORGANISATIONS
from kraftsamling.core.errors import InvalidInput, PermissionDenied
from kraftsamling.web.i18n import choose_language, translate


@pytest.mark.parametrize(
    ("role", "own", "target", "allowed"),
    [
        (Role.ADMIN, 1, 2, True),
        (Role.COORDINATOR, 1, 2, True),
        (Role.OFFICER, 3, 3, True),
        (Role.OFFICER, 3, 4, False),
        (Role.VIEWER, 3, 3, False),
    ],
)
def test_who_may_act_for_which_organisation(
    role: Role, own: int, target: int, allowed: bool
) -> None:
    assert can_act_for(role, own, target) is allowed
    if not allowed:
        with pytest.raises(PermissionDenied, match="own organisation"):
            ensure_can_act_for(role, own, target)


def test_coordinator_only_at_the_city_office() -> None:
    check_role_fits_organisation(Role.COORDINATOR, OrganisationKind.CITY_OFFICE)
    with pytest.raises(InvalidInput, match="got an organisation of kind 'committee'"):
        check_role_fits_organisation(Role.COORDINATOR, OrganisationKind.COMMITTEE)
    with pytest.raises(InvalidInput, match="expected one of: admin, coordinator, officer, viewer"):
        parse_role("superuser")


def test_password_length_rules() -> None:
    check_password_rules("a" * 12)
    with pytest.raises(InvalidInput, match="got 11"):
        check_password_rules("a" * 11)
    with pytest.raises(InvalidInput, match="got 257"):
        check_password_rules("a" * 257)


def test_argon2_hash_verifies_and_rejects() -> None:
    hasher = FAST_TEST_POLICY.hasher()
    stored = hasher.hash("rätt-lösenord-1")
    assert stored.startswith("$argon2id$")
    assert verify_password(hasher, stored, "rätt-lösenord-1")
    assert not verify_password(hasher, stored, "fel-lösenord-12")
    assert not verify_password(hasher, "not-a-hash", "anything-at-all")


def test_sha256_hex_of_a_known_value() -> None:
    # SHA-256("abc") from FIPS 180-2, appendix B.1.
    assert sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


def test_seeded_organisations_match_the_seed_documents() -> None:
    committees = [o.name_sv for o in ORGANISATIONS if o.kind is OrganisationKind.COMMITTEE]
    assert len(committees) == 12
    assert "Stadsbyggnadsnämnden" in committees and "Hälsa-, vård- och omsorgsnämnden" in committees
    assert len({o.code for o in ORGANISATIONS}) == len(ORGANISATIONS)
    assert {a.role for a in DEMO_ACCOUNTS} == set(Role)


def test_language_choice_and_translation() -> None:
    assert choose_language(None, None) == "sv"
    assert choose_language("en", "sv") == "en"
    assert choose_language("de", "en") == "en"
    assert translate("sv", "nav.signed_in_as", name="A", role="läsare") == "Inloggad som A (läsare)"
    assert re.search("Log in", translate("en", "login.title"))
