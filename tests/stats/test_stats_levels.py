"""Level names, ranks and the parent rules of the area hierarchy."""

from __future__ import annotations

import pytest

from kraftsamling.core.errors import InvalidInput
from kraftsamling.stats.levels import Level, ancestor_at, is_coarser, parent_problem, parse_level


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("DeSO", Level.DESO),
        ("RegSO", Level.REGSO),
        ("delområde", Level.SUB_AREA),
        ("sub-area", Level.SUB_AREA),
        ("Stadsområde", Level.DISTRICT),
        (" kommun ", Level.MUNICIPALITY),
    ],
)
def test_parse_level_accepts_scb_and_swedish_spellings(text: str, level: Level) -> None:
    assert parse_level(text) is level


def test_parse_level_names_the_choices() -> None:
    with pytest.raises(InvalidInput, match=r"one of deso, regso, .*Got 'county'"):
        parse_level("county")


def test_regso_and_sub_area_are_parallel_not_nested() -> None:
    assert not is_coarser(Level.REGSO, Level.SUB_AREA)
    assert not is_coarser(Level.SUB_AREA, Level.REGSO)
    assert is_coarser(Level.DISTRICT, Level.SUB_AREA)


@pytest.mark.parametrize(
    ("child", "parent"),
    [
        (Level.DESO, Level.REGSO),
        (Level.DESO, Level.SUB_AREA),
        (Level.DESO, Level.MUNICIPALITY),  # levels may be skipped
        (Level.SUB_AREA, Level.DISTRICT),
        (Level.DISTRICT, Level.MUNICIPALITY),
        (Level.MUNICIPALITY, None),
    ],
)
def test_allowed_parents(child: Level, parent: Level | None) -> None:
    assert parent_problem(child, parent) is None


@pytest.mark.parametrize(
    ("child", "parent", "expected"),
    [
        (Level.REGSO, Level.SUB_AREA, "expected district or municipality"),
        (Level.DISTRICT, Level.DISTRICT, "expected municipality"),
        (Level.DISTRICT, Level.DESO, "cannot lie inside a deso"),
        (Level.MUNICIPALITY, Level.DISTRICT, "top level"),
    ],
)
def test_refused_parents_say_why(child: Level, parent: Level, expected: str) -> None:
    assert expected in (parent_problem(child, parent) or "")


def test_ancestor_walks_up_and_reports_skipped_levels() -> None:
    parents = {"d1": "s1", "s1": "D", "D": "M", "d2": "M", "M": None}
    levels = {
        "d1": Level.DESO,
        "s1": Level.SUB_AREA,
        "D": Level.DISTRICT,
        "d2": Level.DESO,
        "M": Level.MUNICIPALITY,
    }
    assert ancestor_at("d1", Level.DISTRICT, parents, levels) == "D"
    assert ancestor_at("d1", Level.MUNICIPALITY, parents, levels) == "M"
    assert ancestor_at("D", Level.DISTRICT, parents, levels) == "D"
    # d2 hangs directly under the municipality: it lies in no district.
    assert ancestor_at("d2", Level.DISTRICT, parents, levels) is None


def test_ancestor_detects_cycles() -> None:
    parents = {"a": "b", "b": "a"}
    levels = {"a": Level.DESO, "b": Level.DESO}
    with pytest.raises(InvalidInput, match="cycle"):
        ancestor_at("a", Level.DISTRICT, parents, levels)
