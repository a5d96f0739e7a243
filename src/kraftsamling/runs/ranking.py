"""The ranking table of a finished run: rows, sorting, and the rank-interval bar geometry.

Pure functions over the stored result mapping, so they are tested without web or storage.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kraftsamling.core.errors import InvalidInput

SORT_KEYS = ("area_code", "area_name", "score", "rank", "class", "rank_median", "p_top_k")
ORDERS = ("asc", "desc")
GROUP_SUFFIX = "_score"


@dataclass(frozen=True)
class ThemeColumn:
    column: str
    name_sv: str
    name_en: str


def group_columns(
    result: dict[str, Any], names: dict[str, tuple[str, str]] | None = None
) -> list[ThemeColumn]:
    """The theme (group) score columns, in spec order, named by ``names`` (group id -> (sv, en)).

    >>> result = {"columns": ["score", "econ_score"]}
    >>> [c.name_sv for c in group_columns(result, {"econ": ("Ekonomi", "Economy")})]
    ['Ekonomi']
    >>> group_columns({"columns": ["work_score"]})[0].name_en
    'work'
    """
    columns = []
    for column in result["columns"]:
        if column.endswith(GROUP_SUFFIX) and column != "score":
            group_id = column.removesuffix(GROUP_SUFFIX)
            sv, en = (names or {}).get(group_id, (group_id, group_id))
            columns.append(ThemeColumn(column, sv, en))
    return columns


def ranking_rows(
    result: dict[str, Any], *, sort: str = "rank", order: str = "asc"
) -> list[dict[str, Any]]:
    """One row per area (``area_code`` added), sorted by ``sort``; empty values sort last.

    >>> res = {"columns": ["rank"], "areas": {"a": {"area_name": "A", "rank": 2},
    ...                                       "b": {"area_name": "B", "rank": None},
    ...                                       "c": {"area_name": "C", "rank": 1}}}
    >>> [r["area_code"] for r in ranking_rows(res, sort="rank", order="desc")]
    ['a', 'c', 'b']
    """
    if sort not in SORT_KEYS:
        raise InvalidInput(
            f"sort must be one of {', '.join(SORT_KEYS)}; got {sort!r}.", key="runs.error.sort"
        )
    if order not in ORDERS:
        raise InvalidInput(f"order must be 'asc' or 'desc'; got {order!r}.", key="runs.error.sort")
    rows = [{"area_code": code, **values} for code, values in result["areas"].items()]
    present = [r for r in rows if r.get(sort) is not None]
    absent = [r for r in rows if r.get(sort) is None]
    # Ties keep area-code order in both directions, so the table is stable.
    present.sort(key=lambda r: r["area_code"])
    present.sort(key=lambda r: r[sort], reverse=order == "desc")
    return present + sorted(absent, key=lambda r: r["area_code"])


def interval_bar(
    p05: float | None, p95: float | None, median: float | None, n: int, width: int = 120
) -> dict[str, float] | None:
    """SVG x positions of a rank interval on a 1..n axis ``width`` wide; None without an interval.

    >>> interval_bar(1, 10, 5, 10, width=90)
    {'x': 0.0, 'w': 90.0, 'm': 40.0}
    >>> interval_bar(1, 1, 1, 1)  # one ranked area: a bar of one unit at the start
    {'x': 0.0, 'w': 1.0, 'm': 0.0}
    """
    if p05 is None or p95 is None or n < 1:
        return None
    span = max(n - 1, 1)

    def pos(rank: float) -> float:
        return round((rank - 1) / span * width, 1)

    x = pos(p05)
    return {"x": x, "w": max(pos(p95) - x, 1.0), "m": pos(median if median is not None else p05)}
