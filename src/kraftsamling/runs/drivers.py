"""Which indicators drive an area's index score: each one's share of the weight times its value.

An indicator's *weight share* is its weight over the weights of its siblings in the aggregation
tree, times its group's share, and so on up to the index: with weights 2, 1, 1 in one of three
equally weighted themes, the first indicator carries 2/4 x 1/3 = 1/6 of the index. Only members
with a value count, as with ``missing_policy = "available"``, so the shares of an area with a
missing value are rescaled over the rest. Its *contribution* is the weight share times the
area's normalised value (oriented so that a higher value means more vulnerable when the index
ranks high scores first). For a weighted mean these add up to the score before the groups are
re-normalised; in every spec they order the indicators by how much they pull the area up.

Runs stored before the normalised values were kept have only the group columns; then the
groups (themes) are the drivers, with the value each passes upwards.

Pure module: no database or web imports.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kraftsamling.index import IndexSpec

INDICATOR = "indicator"
GROUP = "group"


@dataclass(frozen=True)
class Driver:
    """One indicator's (or, for older runs, one group's) part in an area's score.

    ``column`` is the stored indicator the value comes from (the group id for a group).
    """

    id: str
    column: str
    kind: str
    name: str
    name_sv: str
    weight_share: float
    value: float
    contribution: float


def _value(raw: Any) -> float | None:
    if raw is None:
        return None
    value = float(raw)
    return None if math.isnan(value) else value


def _shares(
    spec: IndexSpec, present: Mapping[str, bool], node: str | None = None, share: float = 1.0
) -> dict[str, float]:
    """Weight share of every present indicator and group below ``node``, keyed by id."""
    inds, groups = spec.children(node)
    members = [(spec.indicators[i].id, spec.indicators[i].weight) for i in inds]
    members += [(g.id, g.weight) for g in groups]
    total = sum(w for key, w in members if present.get(key))
    out: dict[str, float] = {}
    if total <= 0:
        return out
    for key, weight in members:
        if present.get(key):
            out[key] = share * weight / total
    for group in groups:
        if group.id in out:
            out.update(_shares(spec, present, group.id, out[group.id]))
    return out


def _group_present(spec: IndexSpec, present: dict[str, bool]) -> None:
    """A group is present when any member is (children first, so nested groups work)."""
    for group in spec.group_order():
        inds, groups = spec.children(group.id)
        present[group.id] = any(present.get(spec.indicators[i].id) for i in inds) or any(
            present.get(g.id) for g in groups
        )


def weight_shares(spec: IndexSpec) -> dict[str, float]:
    """Each indicator's and group's share of the whole index when every value is present.

    >>> from kraftsamling.index import parse_spec
    >>> spec = parse_spec({"index": {"id": "t", "id_column": "id"},
    ...                    "indicator": [{"id": "a", "weight": 3}, {"id": "b"}]})
    >>> weight_shares(spec)
    {'a': 0.75, 'b': 0.25}
    """
    present = {ind.id: True for ind in spec.indicators}
    _group_present(spec, present)
    return _shares(spec, present)


def indicator_drivers(spec: IndexSpec, normalised: Mapping[str, Any]) -> list[Driver]:
    """Every indicator with a value, largest contribution to vulnerability first.

    Examples
    --------
    >>> from kraftsamling.index import parse_spec
    >>> spec = parse_spec({"index": {"id": "t", "id_column": "id"},
    ...                    "indicator": [{"id": "a", "weight": 3}, {"id": "b"}]})
    >>> [(d.id, d.weight_share, d.contribution) for d in indicator_drivers(spec, {"a": 0.2,
    ...                                                                           "b": 1.0})]
    [('b', 0.25, 0.25), ('a', 0.75, 0.15...)]
    """
    values = {ind.id: _value(normalised.get(ind.id)) for ind in spec.indicators}
    present = {key: value is not None for key, value in values.items()}
    _group_present(spec, present)
    shares = _shares(spec, present)
    drivers = [
        Driver(ind.id, ind.column, INDICATOR, ind.name, ind.name_sv, shares[ind.id],
               value, shares[ind.id] * value)
        for ind in spec.indicators
        if (value := values[ind.id]) is not None and ind.id in shares
    ]  # fmt: skip
    return _ordered(spec, drivers)


def group_drivers(spec: IndexSpec, row: Mapping[str, Any]) -> list[Driver]:
    """The top-level groups with the value each passes upwards, largest contribution first."""
    _, top = spec.children(None)
    values = {g.id: _value(row.get(f"{g.id}_{_passed(g.pass_up)}")) for g in top}
    present = {key: value is not None for key, value in values.items()}
    shares = _shares(spec, present)
    drivers = [
        Driver(g.id, g.id, GROUP, g.name, g.name_sv, shares[g.id], value, shares[g.id] * value)
        for g in top
        if (value := values[g.id]) is not None and g.id in shares
    ]
    return _ordered(spec, drivers)


def _passed(pass_up: str) -> str:
    return "score" if pass_up == "score" else "percentile"


def _ordered(spec: IndexSpec, drivers: list[Driver]) -> list[Driver]:
    # High contributions make an area vulnerable unless the index ranks low scores first.
    worst_high = spec.direction == "higher_is_worse"
    return sorted(drivers, key=lambda d: (-d.contribution if worst_high else d.contribution, d.id))


def area_drivers(
    spec: IndexSpec, row: Mapping[str, Any], normalised: Mapping[str, Any] | None
) -> list[Driver]:
    """The indicator drivers when the run kept normalised values, else the group drivers."""
    if normalised is not None:
        return indicator_drivers(spec, normalised)
    return group_drivers(spec, row)
