"""Weight shares and drivers without the database: nested groups, missing values, direction."""

from __future__ import annotations

import pytest

from kraftsamling.index import parse_spec
from kraftsamling.runs.drivers import area_drivers, group_drivers, indicator_drivers, weight_shares

THEMES = parse_spec(
    {
        "index": {"id": "themes", "id_column": "id"},
        "indicator": [
            {"id": "a", "weight": 2, "group": "g1"},
            {"id": "b", "weight": 1, "group": "g1"},
            {"id": "c", "weight": 1, "group": "g1"},
            {"id": "d", "weight": 1, "group": "g2"},
        ],
        "group": [
            {"id": "g1", "weight": 1, "aggregation": "arithmetic", "name_sv": "Ett"},
            {"id": "g2", "weight": 3, "aggregation": "arithmetic", "pass_up": "normalised",
             "renormalise": {"method": "percentile_rank"}},
        ],
    }
)  # fmt: skip


def test_shares_multiply_down_the_tree() -> None:
    # g1 carries 1/4 and g2 3/4; within g1 the weights 2, 1, 1 split it 2/4, 1/4, 1/4.
    assert weight_shares(THEMES) == pytest.approx(
        {"g1": 0.25, "g2": 0.75, "a": 0.125, "b": 0.0625, "c": 0.0625, "d": 0.75}
    )


def test_missing_values_rescale_their_siblings_and_are_left_out() -> None:
    drivers = indicator_drivers(THEMES, {"a": 1.0, "b": None, "c": float("nan"), "d": 0.2})
    shares = {d.id: d.weight_share for d in drivers}
    assert shares == pytest.approx({"a": 0.25, "d": 0.75})  # a carries all of g1
    assert [d.id for d in drivers] == ["a", "d"]  # 0.25 x 1.0 > 0.75 x 0.2
    assert drivers[0].contribution == pytest.approx(0.25)


def test_group_with_no_values_gives_its_weight_to_the_others() -> None:
    drivers = indicator_drivers(THEMES, {"a": 0.5, "b": 0.5, "c": 0.5})
    assert sum(d.weight_share for d in drivers) == pytest.approx(1.0)
    assert {d.id for d in drivers} == {"a", "b", "c"}


def test_low_scores_first_index_orders_smallest_contribution_first() -> None:
    spec = parse_spec(
        {"index": {"id": "t", "id_column": "id", "direction": "higher_is_better"},
         "indicator": [{"id": "x"}, {"id": "y"}]}
    )  # fmt: skip
    assert [d.id for d in indicator_drivers(spec, {"x": 0.9, "y": 0.1})] == ["y", "x"]


def test_older_runs_fall_back_to_the_groups_passed_values() -> None:
    row = {"g1_score": 0.4, "g1_percentile": 0.9, "g2_score": 0.1, "g2_percentile": 0.6}
    drivers = group_drivers(THEMES, row)
    # g1 passes its score (0.4), g2 its re-normalised value (0.6).
    assert [(d.id, d.kind, d.value) for d in drivers] == [("g2", "group", 0.6),
                                                          ("g1", "group", 0.4)]  # fmt: skip
    assert drivers[1].name_sv == "Ett"
    assert area_drivers(THEMES, row, None) == drivers
    assert area_drivers(THEMES, row, {"d": 1.0})[0].id == "d"
