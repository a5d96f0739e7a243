"""Primary and secondary suppression, checked against hand-worked tables."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kraftsamling.core.errors import InvalidInput
from kraftsamling.stats.disclosure import (
    OUTSIDE,
    REASONS,
    DisclosureRule,
    TableCell,
    suppress,
    suppress_arrays,
)


def counts(**values: float | None) -> dict[str, TableCell]:
    return {key: TableCell(value) for key, value in values.items()}


def reasons(masked: dict) -> dict[str, str | None]:
    return {key: cell.reason for key, cell in masked.items()}


def test_primary_hides_counts_one_to_four_and_keeps_zero_and_five() -> None:
    masked = suppress(counts(a=0, b=1, c=4, d=5, e=12), [], is_share=False)
    assert reasons(masked) == {"a": None, "b": "primary", "c": "primary", "d": None, "e": None}
    assert masked["b"].value is None and not masked["b"].shown
    assert masked["d"].value == 5 and masked["d"].shown
    assert masked["b"].detail == "count 1 is between 1 and 4"


def test_primary_hides_shares_with_small_or_unknown_denominators() -> None:
    cells = {
        "a": TableCell(40.0, denominator=9),
        "b": TableCell(40.0, denominator=20),
        "c": TableCell(40.0, denominator=None),
    }
    masked = suppress(cells, [], is_share=True)
    assert reasons(masked) == {"a": "primary", "b": None, "c": "primary"}
    assert masked["a"].detail == "denominator 9 is under 10"


def test_primary_hides_a_share_that_is_a_few_people_or_all_but_a_few() -> None:
    cells = {
        "one": TableCell(2.6, denominator=38),  # 1 person
        "none": TableCell(0.0, denominator=38),  # nobody: says nothing about a person
        "five": TableCell(13.2, denominator=38),  # 5 people, 33 others
        "all_but_two": TableCell(94.7, denominator=38),  # 36 people, 2 others
        "all": TableCell(100.0, denominator=38),
    }
    masked = suppress(cells, [], is_share=True)
    assert reasons(masked) == {
        "one": "primary", "none": None, "five": None, "all_but_two": "primary", "all": None
    }  # fmt: skip
    assert masked["one"].detail == "the share counts 1 people of 38"
    assert masked["all_but_two"].detail == "the share leaves out 2 people of 38"
    kept = suppress(cells, [], is_share=True, rule=DisclosureRule(share_counts=False))
    assert all(cell.shown for cell in kept.values())
    codes = suppress_arrays(
        np.array([[c.value for c in cells.values()]]), np.full((1, 5), 38.0),
        np.ones((1, 5), bool), [], list(cells), is_share=True,
    )  # fmt: skip
    assert [REASONS.get(int(c)) for c in codes[0]] == [r for r in reasons(masked).values()]


def test_rule_is_configurable() -> None:
    rule = DisclosureRule(min_count=3, min_denominator=50, hide_zero=True, secondary=False)
    masked = suppress(counts(a=0, b=2, c=3), [], is_share=False, rule=rule)
    assert reasons(masked) == {"a": "primary", "b": "primary", "c": None}
    shares = suppress({"s": TableCell(10.0, 49)}, [], is_share=True, rule=rule)
    assert shares["s"].reason == "primary"


def test_rule_from_settings_table_refuses_unknown_keys() -> None:
    assert DisclosureRule.from_mapping({"min_count": 3}).min_count == 3
    with pytest.raises(InvalidInput, match="min_cells"):
        DisclosureRule.from_mapping({"min_cells": 3})
    with pytest.raises(InvalidInput, match="min_count >= 1"):
        DisclosureRule(min_count=0)


def test_one_hidden_child_hides_the_next_smallest_sibling() -> None:
    # P = 30 = a + b + c + d. With only a hidden, a = 30 - 7 - 8 - 12 = 3 would be recoverable.
    masked = suppress(
        counts(P=30, a=3, b=7, c=8, d=12), [("P", ["a", "b", "c", "d"])], is_share=False
    )
    assert reasons(masked) == {"P": None, "a": "primary", "b": "secondary", "c": None, "d": None}
    # What is left public only gives a + b = 30 - 8 - 12 = 10.


def test_zero_sibling_is_passed_over_for_a_non_zero_one() -> None:
    masked = suppress(counts(P=13, a=3, z=0, c=10), [("P", ["a", "z", "c"])], is_share=False)
    assert reasons(masked) == {"P": None, "a": "primary", "z": None, "c": "secondary"}


def test_two_hidden_children_need_nothing_more() -> None:
    masked = suppress(counts(P=27, a=3, b=4, c=20), [("P", ["a", "b", "c"])], is_share=False)
    assert reasons(masked) == {"P": None, "a": "primary", "b": "primary", "c": None}


def test_only_child_hidden_hides_the_parent_total() -> None:
    masked = suppress(counts(P=9, a=3, b=6, Q=6), [("P", ["a"]), ("Q", ["b"])], is_share=False)
    # P has one child: P's total equals a, so P must go too.
    assert masked["P"].reason == "secondary"
    assert masked["a"].reason == "primary"


def test_hidden_total_with_public_parts_hides_a_part() -> None:
    # An artificial table (the parts exceed the total) in which only the total is primary.
    rule = DisclosureRule(min_count=100)
    cells = counts(P=50, a=120, b=130)
    masked = suppress(cells, [("P", ["a", "b"])], is_share=False, rule=rule)
    assert reasons(masked) == {"P": "primary", "a": "secondary", "b": None}


def test_secondary_suppression_iterates_through_nested_groups() -> None:
    # M = D1 + D2 = 4 + 26; D1 = s1 + s2 = 2 + 2; D2 = s3 + s4 = 10 + 16.
    cells = counts(M=30, D1=4, D2=26, s1=2, s2=2, s3=10, s4=16)
    groups = [("M", ["D1", "D2"]), ("D1", ["s1", "s2"]), ("D2", ["s3", "s4"])]
    masked = suppress(cells, groups, is_share=False)
    # D1 is hidden, so D2 (its only sibling) must be; then D2 = s3 + s4 would reveal D2,
    # so the smaller part s3 is hidden as well.
    assert reasons(masked) == {
        "M": None,
        "D1": "primary",
        "D2": "secondary",
        "s1": "primary",
        "s2": "primary",
        "s3": "secondary",
        "s4": None,
    }


def test_shares_are_sized_by_denominator() -> None:
    cells = {
        "P": TableCell(20.0, 200),
        "a": TableCell(50.0, 8),  # primary: denominator under 10
        "b": TableCell(10.0, 150),
        "c": TableCell(30.0, 42),
    }
    masked = suppress(cells, [("P", ["a", "b", "c"])], is_share=True)
    # c has the smaller denominator (42 < 150), though its share is larger.
    assert reasons(masked) == {"P": None, "a": "primary", "b": None, "c": "secondary"}


def test_a_missing_cell_counts_as_unknown_and_is_not_shown() -> None:
    masked = suppress(counts(P=30, a=None, b=10, c=20), [("P", ["a", "b", "c"])], is_share=False)
    assert reasons(masked) == {"P": None, "a": "missing", "b": "secondary", "c": None}


def test_secondary_can_be_switched_off() -> None:
    rule = DisclosureRule(secondary=False)
    masked = suppress(
        counts(P=30, a=3, b=7, c=20), [("P", ["a", "b", "c"])], is_share=False, rule=rule
    )
    assert reasons(masked) == {"P": None, "a": "primary", "b": None, "c": None}


@st.composite
def trees(draw: st.DrawFn) -> tuple[dict[str, TableCell], list[tuple[str, list[str]]]]:
    """A municipality with districts with sub-areas, each leaf a random count."""
    cells: dict[str, TableCell] = {}
    groups: list[tuple[str, list[str]]] = []
    district_totals = []
    districts = [f"D{i}" for i in range(draw(st.integers(1, 4)))]
    for d in districts:
        leaves = [f"{d}s{j}" for j in range(draw(st.integers(1, 5)))]
        values = [draw(st.integers(0, 30)) for _ in leaves]
        cells.update({leaf: TableCell(v) for leaf, v in zip(leaves, values, strict=True)})
        cells[d] = TableCell(sum(values))
        district_totals.append(sum(values))
        groups.append((d, leaves))
    cells["M"] = TableCell(sum(district_totals))
    groups.insert(0, ("M", districts))
    return cells, groups


@settings(max_examples=60, deadline=None)
@given(trees())
def test_no_group_is_left_with_exactly_one_hidden_cell(
    tree: tuple[dict[str, TableCell], list[tuple[str, list[str]]]],
) -> None:
    cells, groups = tree
    masked = suppress(cells, groups, is_share=False)
    for key, cell in cells.items():
        if cell.value is not None and 1 <= cell.value <= 4:
            assert masked[key].reason == "primary"
    for parent, children in groups:
        hidden = [k for k in (parent, *children) if not masked[k].shown]
        assert len(hidden) != 1, (parent, children, hidden)


# ---------------------------------------------------------------- many tables at once

NUMBERS = st.one_of(
    st.none(), st.integers(0, 40).map(float), st.sampled_from([0.0, 4.5, 9.99, 10.0, float("nan")])
)


@st.composite
def table_rows(draw: st.DrawFn) -> tuple[list[str], list[tuple[str, list[str]]], list[dict]]:
    """Nested groups (a total over districts over leaves, plus the total over the leaves) and
    several tables over them, each with absent, missing, small, zero and NaN-sized cells."""
    districts = [f"D{i}" for i in range(draw(st.integers(1, 3)))]
    groups: list[tuple[str, list[str]]] = []
    leaves: list[str] = []
    for d in districts:
        children = [f"{d}s{j}" for j in range(draw(st.integers(0, 4)))]
        leaves += children
        groups.append((d, children))
    groups += [("M", leaves), ("M", districts)]
    keys = ["M", *districts, *leaves]
    tables = []
    for _ in range(draw(st.integers(1, 3))):
        table = {}
        for key in keys:
            if draw(st.integers(0, 9)) == 0:
                continue  # not in the table at all
            table[key] = TableCell(draw(NUMBERS), draw(NUMBERS))
        tables.append(table)
    return keys, groups, tables


@settings(max_examples=150, deadline=None)
@given(
    table_rows(),
    st.booleans(),
    st.builds(
        DisclosureRule,
        min_count=st.integers(1, 6),
        min_denominator=st.sampled_from([0, 10]),
        hide_zero=st.booleans(),
        secondary=st.booleans(),
    ),
)
def test_arrays_hide_exactly_what_suppress_hides(
    case: tuple[list[str], list[tuple[str, list[str]]], list[dict]],
    is_share: bool,
    rule: DisclosureRule,
) -> None:
    keys, groups, tables = case
    nan = float("nan")
    value = np.array([[t[k].value if k in t and t[k].value is not None else nan for k in keys]
                      for t in tables])  # fmt: skip
    den = np.array([[t[k].denominator if k in t and t[k].denominator is not None else nan
                     for k in keys] for t in tables])  # fmt: skip
    has_den = np.array([[k in t and t[k].denominator is not None for k in keys] for t in tables])
    in_table = np.array([[k in t for k in keys] for t in tables])
    index = {k: i for i, k in enumerate(keys)}
    codes = suppress_arrays(
        value, den, in_table, [(index[p], [index[c] for c in cs]) for p, cs in groups], keys,
        is_share=is_share, rule=rule, has_denominator=has_den,
    )  # fmt: skip
    for row, table in enumerate(tables):
        masked = suppress(table, groups, is_share=is_share, rule=rule)
        got = {k: REASONS[int(codes[row, index[k]])] for k in keys if k in table}
        assert got == {k: m.reason for k, m in masked.items()}
        assert all(codes[row, index[k]] == OUTSIDE for k in keys if k not in table)


def test_arrays_count_a_stored_nan_denominator_as_known() -> None:
    # As TableCell(40.0, nan): a stored NaN is not the missing denominator that hides a share.
    value, den = np.array([[40.0, 40.0]]), np.array([[np.nan, np.nan]])
    codes = suppress_arrays(value, den, np.ones((1, 2), bool), [], ["a", "b"], is_share=True,
                            has_denominator=np.array([[True, False]]))  # fmt: skip
    assert [REASONS[int(c)] for c in codes[0]] == [None, "primary"]
    masked = suppress({"a": TableCell(40.0, float("nan")), "b": TableCell(40.0)}, [], is_share=True)
    assert [m.reason for m in masked.values()] == [None, "primary"]
