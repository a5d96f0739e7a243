"""Aggregate observations of small areas to the larger areas that contain them.

The rules, by kind of indicator (see :mod:`kraftsamling.stats.kinds`):

* share: add the numerators, add the denominators, and divide: 10/20 and 30/40 give
  40/60 = 66.67 %, not the 62.5 % mean of 50 % and 75 %. Percentages are never averaged.
* count: sum.
* other (medians, means, percentiles): not aggregated; the result is NaN with a reason.

An aggregate is only computed when it is complete. Instead of raising, an incomplete or impossible
aggregate is returned with ``value`` NaN and a ``reason`` code, so one bad small area does not
block the other large areas:

``not_additive``
    the indicator is neither a share nor a count;
``missing_counts``
    a member area's share has no numerator or denominator stored, so it cannot be re-added;
``missing_members``
    a member area has no value at all (a partial sum would silently undercount);
``zero_denominator``
    the denominators add up to zero;
``no_members``
    no smaller area belongs to the large area.

Pure module: no database or web imports.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from kraftsamling.stats.kinds import Kind

PERCENT = 100.0


@dataclass(frozen=True)
class Cell:
    """One small area's observation of one indicator in one year."""

    area: str
    value: float | None
    numerator: float | None = None
    denominator: float | None = None


@dataclass(frozen=True)
class Aggregate:
    """The aggregate for one large area; ``value`` is NaN when ``reason`` is set."""

    area: str
    value: float
    numerator: float | None
    denominator: float | None
    members: tuple[str, ...]
    reason: str | None = None
    detail: str = field(default="", compare=False)

    @property
    def ok(self) -> bool:
        return self.reason is None


def aggregate(
    cells: Iterable[Cell],
    membership: Mapping[str, str],
    kind: Kind,
    *,
    targets: Iterable[str] = (),
) -> dict[str, Aggregate]:
    """Aggregate small-area cells to the large areas given by ``membership``.

    Parameters
    ----------
    cells
        Observations of the small areas; areas not in ``membership`` are ignored.
    membership
        Every small area that belongs to a large area, mapped to that large area's code. A small
        area listed here but absent from ``cells`` makes its large area incomplete.
    kind
        How the indicator aggregates.
    targets
        Large areas to report even when no small area belongs to them (reason ``no_members``).

    Returns
    -------
    dict
        Large-area code -> :class:`Aggregate`, in sorted code order.

    Examples
    --------
    >>> cells = [Cell("a", 50.0, 10, 20), Cell("b", 75.0, 30, 40)]
    >>> result = aggregate(cells, {"a": "X", "b": "X"}, Kind.SHARE)
    >>> round(result["X"].value, 2), result["X"].numerator, result["X"].denominator
    (66.67, 40.0, 60.0)
    """
    by_area = {cell.area: cell for cell in cells}
    groups: dict[str, list[str]] = defaultdict(list)
    for small, large in membership.items():
        groups[large].append(small)
    for target in targets:
        groups.setdefault(target, [])
    return {large: _one(large, sorted(groups[large]), by_area, kind) for large in sorted(groups)}


def _one(large: str, members: list[str], by_area: Mapping[str, Cell], kind: Kind) -> Aggregate:
    names = tuple(members)

    def failed(reason: str, detail: str) -> Aggregate:
        return Aggregate(large, math.nan, None, None, names, reason, detail)

    if kind is Kind.OTHER:
        return failed("not_additive", "only shares and counts can be added up from smaller areas")
    if not members:
        return failed("no_members", f"no smaller area belongs to {large}")
    absent = [m for m in members if m not in by_area or _missing(by_area[m], kind)]
    if absent:
        return failed("missing_members", "no value for " + ", ".join(absent))
    if kind is Kind.SHARE:
        no_counts = [
            m for m in members if by_area[m].numerator is None or by_area[m].denominator is None
        ]
        if no_counts:
            return failed(
                "missing_counts",
                "a share without numerator and denominator cannot be re-added: "
                + ", ".join(no_counts),
            )
    if kind is Kind.COUNT:
        total = math.fsum(float(by_area[m].value or 0.0) for m in members)
        return Aggregate(large, total, None, None, names)
    numerator = math.fsum(float(by_area[m].numerator or 0.0) for m in members)
    denominator = math.fsum(float(by_area[m].denominator or 0.0) for m in members)
    if denominator == 0:
        return failed("zero_denominator", "the denominators add up to 0")
    return Aggregate(large, PERCENT * numerator / denominator, numerator, denominator, names)


def _missing(cell: Cell, kind: Kind) -> bool:
    if kind is Kind.SHARE:
        return cell.numerator is None and cell.denominator is None and cell.value is None
    return cell.value is None or math.isnan(cell.value)
