"""Disclosure control for statistics shown to the public: primary and secondary suppression.

The rule
--------
Primary suppression hides a cell that is itself too small to publish. By default
(:class:`DisclosureRule`): a count of 1-4 is hidden (0 is shown: it tells that nobody is
counted, which is not about a person), and a share whose denominator is under 10 is hidden, as is
a share whose denominator is unknown (it cannot be checked). A share is also hidden when the
people it counts, or the people it leaves out, number 1-4 (share x denominator): 2,6 % of 38
residents is one person, as plain as a count of 1. The thresholds are configurable.

Secondary suppression stops a hidden cell from being recovered by subtraction. A table is made of
*groups*: a parent total and the children that add up to it (for shares: the numerators and the
denominators add up). Counting a child that is not in the table at all as unknown too, a group
whose cells include exactly one unknown lets anyone solve for it. So, until no group has exactly
one unknown:

* if the one unknown is a child, hide the smallest public sibling as well, preferring a non-zero
  one (a zero partner only reveals that the hidden cell is at most what the rule already says);
  if there is no public sibling, hide the parent total;
* if the one unknown is the parent total (all children public), hide its smallest public child.

Hiding only ever adds cells, so the loop ends. Groups may nest (sub-areas in districts in the
municipality): a cell hidden in one group is an unknown in every group it belongs to, which is
why the loop runs over all groups until stable.

Limits: this ensures that no single additive relation exposes a hidden cell. It does not audit
combinations of relations by linear programming, as dedicated tools (e.g. tau-argus) can. Size is
the count for counts and the denominator for shares. A total published elsewhere must be passed in
as a cell of the table for it to be taken into account.

:func:`suppress_arrays` applies the same rule, with the same result, to many tables of one shape
at once (one row per indicator-year), for pages that show every year of every indicator.

Pure module: no database or web imports.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from kraftsamling.core.errors import InvalidInput

Reason = Literal["primary", "secondary", "missing"]


@dataclass(frozen=True)
class DisclosureRule:
    """A configurable disclosure rule.

    Parameters
    ----------
    min_count
        Counts from 1 up to ``min_count - 1`` are hidden (default 5: counts 1-4).
    min_denominator
        Shares whose denominator is under this are hidden (default 10).
    hide_zero
        Also hide counts of 0 (default False).
    share_counts
        Also hide a share whose people, or whose others, number 1 to ``min_count - 1``
        (default True).
    secondary
        Apply secondary suppression (default True; turn off only for internal views).
    """

    min_count: int = 5
    min_denominator: float = 10
    hide_zero: bool = False
    share_counts: bool = True
    secondary: bool = True

    def __post_init__(self) -> None:
        if self.min_count < 1 or self.min_denominator < 0:
            raise InvalidInput(
                "A disclosure rule needs min_count >= 1 and min_denominator >= 0. "
                f"Got min_count={self.min_count}, min_denominator={self.min_denominator}."
            )

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any]) -> DisclosureRule:
        """Build a rule from a settings table (e.g. a TOML ``[disclosure]`` section)."""
        known = {"min_count", "min_denominator", "hide_zero", "share_counts", "secondary"}
        unknown = sorted(set(values) - known)
        if unknown:
            raise InvalidInput(
                f"Unknown disclosure setting(s) {', '.join(unknown)}; "
                f"expected some of {', '.join(sorted(known))}."
            )
        return cls(**dict(values))


@dataclass(frozen=True)
class TableCell:
    """One cell of a table to publish: a count, or a share with its denominator."""

    value: float | None
    denominator: float | None = None


@dataclass(frozen=True)
class MaskedCell:
    """A cell after disclosure control: ``value`` is ``None`` when hidden."""

    value: float | None
    shown: bool
    reason: Reason | None
    detail: str = ""


def primary_reason(cell: TableCell, *, is_share: bool, rule: DisclosureRule) -> str | None:
    """Explain why a cell must be hidden on its own; ``None`` when it may be shown.

    Examples
    --------
    >>> primary_reason(TableCell(3), is_share=False, rule=DisclosureRule())
    'count 3 is between 1 and 4'
    >>> primary_reason(TableCell(40.0, 12), is_share=True, rule=DisclosureRule()) is None
    True
    >>> primary_reason(TableCell(2.6, 38), is_share=True, rule=DisclosureRule())
    'the share counts 1 people of 38'
    """
    if is_share:
        if cell.denominator is None:
            return "no denominator to check the share against"
        if cell.denominator < rule.min_denominator:
            return f"denominator {_num(cell.denominator)} is under {_num(rule.min_denominator)}"
        finite = cell.value is not None and math.isfinite(cell.value * cell.denominator)
        if rule.share_counts and cell.value is not None and finite:
            people = round(cell.value / 100 * cell.denominator)
            for who, number in (("counts", people), ("leaves out", cell.denominator - people)):
                if 1 <= number < rule.min_count:
                    return f"the share {who} {_num(number)} people of {_num(cell.denominator)}"
        return None
    if cell.value is None:
        return None
    if cell.value == 0:
        return "count is 0 and zeros are hidden" if rule.hide_zero else None
    if abs(cell.value) < rule.min_count:
        return f"count {_num(cell.value)} is between 1 and {rule.min_count - 1}"
    return None


def _num(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else f"{number:g}"


def suppress(
    cells: Mapping[str, TableCell],
    groups: Sequence[tuple[str, Sequence[str]]],
    *,
    is_share: bool,
    rule: DisclosureRule | None = None,
) -> dict[str, MaskedCell]:
    """Apply primary and secondary suppression to a table.

    Parameters
    ----------
    cells
        Cell key (e.g. an area code) -> cell.
    groups
        ``(parent, children)`` pairs: the parent's total equals the sum of the children's.
    is_share
        Whether the cells are shares (checked and sized by denominator) or counts.
    rule
        The rule; :class:`DisclosureRule` defaults when omitted.

    Returns
    -------
    dict
        Cell key -> :class:`MaskedCell`, for every key of ``cells``.

    Examples
    --------
    >>> cells = {"P": TableCell(30), "a": TableCell(3), "b": TableCell(7), "c": TableCell(20)}
    >>> masked = suppress(cells, [("P", ["a", "b", "c"])], is_share=False)
    >>> {k: m.reason for k, m in masked.items()}
    {'P': None, 'a': 'primary', 'b': 'secondary', 'c': None}
    """
    rule = rule or DisclosureRule()
    hidden: dict[str, tuple[Reason, str]] = {}
    for key, cell in cells.items():
        if cell.value is None or math.isnan(cell.value):
            hidden[key] = ("missing", "no value")
            continue
        why = primary_reason(cell, is_share=is_share, rule=rule)
        if why is not None:
            hidden[key] = ("primary", why)
    if rule.secondary:
        _secondary(cells, groups, hidden, is_share)
    return {
        key: (
            MaskedCell(None, False, hidden[key][0], hidden[key][1])
            if key in hidden
            else MaskedCell(cell.value, True, None)
        )
        for key, cell in cells.items()
    }


def _secondary(
    cells: Mapping[str, TableCell],
    groups: Sequence[tuple[str, Sequence[str]]],
    hidden: dict[str, tuple[Reason, str]],
    is_share: bool,
) -> None:
    def unknown(key: str) -> bool:
        return key not in cells or key in hidden

    def size(key: str) -> tuple[bool, float, str]:
        cell = cells[key]
        amount = cell.denominator if is_share else cell.value
        amount = math.inf if amount is None else abs(amount)
        return (amount == 0, amount, key)  # non-zero first, then smallest, then by key

    changed = True
    while changed:
        changed = False
        for parent, children in groups:
            if parent not in cells:
                continue  # no published total, no equation to solve
            unknowns = [k for k in (parent, *children) if unknown(k)]
            if len(unknowns) != 1:
                continue
            public_children = sorted((c for c in children if not unknown(c)), key=size)
            lone = unknowns[0]
            if lone == parent:
                if not public_children:
                    continue  # a total without parts: nothing to subtract
                pick = public_children[0]
                detail = f"otherwise {parent}'s hidden total could be added up from its parts"
            else:
                pick = public_children[0] if public_children else parent
                detail = f"otherwise {lone} could be derived from {parent}'s total"
            hidden[pick] = ("secondary", detail)
            changed = True


# Reason codes of suppress_arrays(); OUTSIDE marks a cell that is not in that row's table.
SHOWN, MISSING, PRIMARY, SECONDARY, OUTSIDE = range(5)
REASONS: dict[int, Reason | None] = {
    SHOWN: None, MISSING: "missing", PRIMARY: "primary", SECONDARY: "secondary"
}  # fmt: skip


def suppress_arrays(
    value: npt.NDArray[np.float64],
    denominator: npt.NDArray[np.float64],
    in_table: npt.NDArray[np.bool_],
    groups: Sequence[tuple[int, Sequence[int]]],
    keys: Sequence[str],
    *,
    is_share: bool,
    rule: DisclosureRule | None = None,
    has_denominator: npt.NDArray[np.bool_] | None = None,
) -> npt.NDArray[np.int8]:
    """:func:`suppress` for many tables with the same cells and groups, one per row.

    Parameters
    ----------
    value
        Each cell's value, NaN when there is none (a missing cell).
    denominator
        Each share's denominator, NaN when there is none; ignored for counts.
    in_table
        Whether the cell is in that row's table; a cell outside counts as unknown.
    groups
        ``(parent, children)`` column indexes, as in :func:`suppress`.
    keys
        The cells' keys, which break ties between equally small cells as in :func:`suppress`.
    has_denominator
        Which denominators are stored (default: those that are not NaN). A share without one is
        hidden, as a :class:`TableCell` whose denominator is ``None``.

    Returns
    -------
    numpy.ndarray
        A reason code per cell: ``SHOWN``, ``MISSING``, ``PRIMARY``, ``SECONDARY`` (see
        ``REASONS``), or ``OUTSIDE`` for a cell not in the table.

    Examples
    --------
    >>> value = np.array([[30.0, 3.0, 7.0, 20.0]])
    >>> codes = suppress_arrays(value, value, np.ones((1, 4), bool), [(0, [1, 2, 3])],
    ...                         ["P", "a", "b", "c"], is_share=False)
    >>> [REASONS.get(int(c)) for c in codes[0]]
    [None, 'primary', 'secondary', None]
    """
    rule = rule or DisclosureRule()
    missing = in_table & np.isnan(value)
    if is_share:
        known = ~np.isnan(denominator) if has_denominator is None else has_denominator
        # Sized by the denominator; an unknown one counts as infinitely large, as in size().
        amounts = np.where(known, np.abs(denominator), np.inf)
    else:
        amounts = np.abs(value)
    with np.errstate(invalid="ignore"):
        if is_share:
            primary = ~known | (denominator < rule.min_denominator)
            if rule.share_counts:
                people = np.round(value / 100 * denominator)
                others = denominator - people
                few_people = (people >= 1) & (people < rule.min_count)
                few_others = (others >= 1) & (others < rule.min_count)
                primary |= known & (few_people | few_others)
        else:
            small = (value != 0) & (np.abs(value) < rule.min_count)
            primary = small | ((value == 0) & rule.hide_zero)
    codes = np.full(value.shape, OUTSIDE, dtype=np.int8)
    codes[in_table] = SHOWN
    codes[in_table & ~missing & primary] = PRIMARY
    codes[missing] = MISSING
    if rule.secondary and groups:
        _secondary_arrays(codes, amounts, groups, keys)
    return codes


def _secondary_arrays(
    codes: npt.NDArray[np.int8],
    amounts: npt.NDArray[np.float64],
    groups: Sequence[tuple[int, Sequence[int]]],
    keys: Sequence[str],
) -> None:
    """The loop of :func:`_secondary`, run only on the rows where some group has exactly one
    unknown cell: in every other row it would change nothing."""
    members = [(parent, *children) for parent, children in groups]
    incidence = np.zeros((codes.shape[1], len(groups)), dtype=np.int32)
    groups_of: list[list[int]] = [[] for _ in range(codes.shape[1])]
    for g, cells in enumerate(members):
        for cell in cells:
            incidence[cell, g] += 1
            groups_of[cell].append(g)
    unknown = codes != SHOWN
    counts = unknown.astype(np.int32) @ incidence
    parents = np.array([parent for parent, _ in groups], dtype=np.intp)
    with_total = codes[:, parents] != OUTSIDE
    for row in np.flatnonzero(((counts == 1) & with_total).any(axis=1)):
        hidden = _secondary_row(
            unknown[row].tolist(), counts[row].tolist(), with_total[row].tolist(),
            amounts[row].tolist(), groups, members, groups_of, keys,
        )  # fmt: skip
        codes[row, hidden] = SECONDARY


def _secondary_row(
    unknown: list[bool],
    counts: list[int],
    with_total: list[bool],
    amounts: list[float],
    groups: Sequence[tuple[int, Sequence[int]]],
    members: list[tuple[int, ...]],
    groups_of: list[list[int]],
    keys: Sequence[str],
) -> list[int]:
    """One row of :func:`_secondary_arrays`; the unknown counts are kept up to date."""

    def size(cell: int) -> tuple[bool, float, str]:
        return (amounts[cell] == 0, amounts[cell], keys[cell])

    hidden: list[int] = []
    changed = True
    while changed:
        changed = False
        for g, (parent, children) in enumerate(groups):
            if not with_total[g] or counts[g] != 1:
                continue
            public_children = sorted((c for c in children if not unknown[c]), key=size)
            lone = next(c for c in members[g] if unknown[c])
            if lone == parent:
                if not public_children:
                    continue
                pick = public_children[0]
            else:
                pick = public_children[0] if public_children else parent
            hidden.append(pick)
            unknown[pick] = True
            for other in groups_of[pick]:
                counts[other] += 1
            changed = True
    return hidden
