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

Many indicator-years at once: :func:`aggregate_arrays` applies the same rules to whole arrays
(one row per indicator-year), for pages that show every year of every indicator.

Pure module: no database or web imports.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from kraftsamling.stats.kinds import Kind

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

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


# Sums of whole numbers below 2**53 are exact in any order, so numpy's sum then equals fsum's.
_EXACT_LIMIT = 2.0**53


@dataclass(frozen=True)
class CellArrays:
    """Observations of many small areas in many indicator-years: one row per indicator-year, one
    column per small area. A number that is not stored (``None``) is NaN with its ``has_`` flag
    False; an area without an observation has all three flags False."""

    value: FloatArray
    numerator: FloatArray
    denominator: FloatArray
    has_value: BoolArray
    has_numerator: BoolArray
    has_denominator: BoolArray


@dataclass(frozen=True)
class AggregateArrays:
    """:func:`aggregate_arrays`' result: one column per large area. Where ``ok`` is False the
    aggregate failed (any reason of :func:`aggregate`) and every number is NaN; ``numerator``
    and ``denominator`` are NaN for counts."""

    value: FloatArray
    numerator: FloatArray
    denominator: FloatArray
    ok: BoolArray


def aggregate_arrays(
    cells: CellArrays, member_of: npt.NDArray[np.intp], n_large: int, kind: Kind
) -> AggregateArrays:
    """:func:`aggregate` for many indicator-years at once, with the same rules and numbers.

    Parameters
    ----------
    cells
        The small areas' observations, one row per indicator-year.
    member_of
        For each small area (column of ``cells``), the index of its large area, or -1.
    n_large
        The number of large areas; one without members fails (``no_members``).
    kind
        How the indicator aggregates; ``other`` fails everywhere (``not_additive``).

    Examples
    --------
    >>> nan = float("nan")
    >>> cells = CellArrays(np.array([[50.0, 75.0]]), np.array([[10.0, 30.0]]),
    ...                    np.array([[20.0, 40.0]]), *(np.ones((3, 1, 2), bool)))
    >>> result = aggregate_arrays(cells, np.array([0, 0]), 1, Kind.SHARE)
    >>> round(float(result.value[0, 0]), 2), float(result.denominator[0, 0])
    (66.67, 60.0)
    """
    rows = cells.value.shape[0]
    shape = (rows, n_large)
    value, numerator, denominator = (np.full(shape, np.nan) for _ in range(3))
    ok = np.zeros(shape, dtype=bool)
    if kind is Kind.OTHER:
        return AggregateArrays(value, numerator, denominator, ok)
    if kind is Kind.SHARE:
        usable = cells.has_numerator & cells.has_denominator
        parts: tuple[FloatArray, ...] = (cells.numerator, cells.denominator)
    else:
        usable = cells.has_value & ~np.isnan(cells.value)
        parts = (cells.value,)
    # Members side by side, large area by large area, so that each is one slice of columns.
    members = np.flatnonzero(member_of >= 0)
    members = members[np.argsort(member_of[members], kind="stable")]
    sizes = np.bincount(member_of[members], minlength=n_large)
    large = np.flatnonzero(sizes)  # a large area without members fails (no_members)
    starts = (np.cumsum(sizes) - sizes)[large]
    if not large.size:
        return AggregateArrays(value, numerator, denominator, ok)
    complete = np.logical_and.reduceat(usable[:, members], starts, axis=1)
    sums = [_exact_sums(part[:, members], usable[:, members], starts, complete) for part in parts]
    if kind is Kind.COUNT:
        good = complete
        value[:, large] = np.where(good, sums[0], np.nan)
    else:
        num, den = sums
        good = complete & (den != 0)
        with np.errstate(invalid="ignore", divide="ignore"):
            value[:, large] = np.where(good, PERCENT * num / den, np.nan)
        numerator[:, large] = np.where(good, num, np.nan)
        denominator[:, large] = np.where(good, den, np.nan)
    ok[:, large] = good
    return AggregateArrays(value, numerator, denominator, ok)


def _exact_sums(
    parts: FloatArray, usable: BoolArray, starts: npt.NDArray[np.intp], wanted: BoolArray
) -> FloatArray:
    """Sums of the column slices beginning at ``starts``, equal to :func:`math.fsum`'s where
    ``wanted`` (elsewhere anything)."""
    # As in aggregate(): a stored -0.0 counts as 0.0, and unusable cells are never summed.
    parts = np.where(usable & (parts != 0), parts, 0.0)
    with np.errstate(invalid="ignore", over="ignore"):
        sums = np.add.reduceat(parts, starts, axis=1)
        whole = np.logical_and.reduceat(parts == np.rint(parts), starts, axis=1)
        exact = whole & (np.add.reduceat(np.abs(parts), starts, axis=1) < _EXACT_LIMIT)
    ends = [*starts[1:].tolist(), parts.shape[1]]
    for row, group in zip(*np.nonzero(wanted & ~exact), strict=True):
        sums[row, group] = math.fsum(parts[row, starts[group] : ends[group]].tolist())
    return sums
