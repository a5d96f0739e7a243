"""Aggregation by hand, missing policies, and the linear path used by Monte Carlo code."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from kraftsamling.core.errors import InvalidInput
from kraftsamling.index import aggregate_tree, effective_weights, is_linear, parse_spec, prepare
from kraftsamling.index.aggregate import aggregate, count_flags, linear_reason

NAN = float("nan")


def test_three_methods_by_hand() -> None:
    v = np.array([[0.25, 1.0], [0.5, 0.5]])
    w = np.array([1.0, 3.0])
    # sum: 0.25 + 3 = 3.25 ; 0.5 + 1.5 = 2.0
    assert aggregate(v, w, "sum").tolist() == [3.25, 2.0]
    # weighted mean: 3.25 / 4 = 0.8125 ; 2 / 4 = 0.5
    assert aggregate(v, w, "arithmetic").tolist() == [0.8125, 0.5]
    # geometric: 0.25^(1/4) * 1^(3/4) = 0.707107 ; 0.5
    assert aggregate(v, w, "geometric").tolist() == pytest.approx([0.7071068, 0.5])


def test_propagate_makes_any_missing_member_missing() -> None:
    v = np.array([[0.2, NAN, 0.6], [0.2, 0.4, 0.6]])
    for method in ("sum", "arithmetic", "geometric"):
        out = aggregate(v, np.array([1.0, 0.0, 2.0]), method)
        assert np.isnan(out[0]), method  # even with zero weight


def test_available_renormalises_over_present_members() -> None:
    v = np.array([[0.2, NAN, 0.6], [NAN, NAN, NAN]])
    w = np.array([1.0, 1.0, 2.0])
    # present weight 3 of 4; weighted sum 0.2 + 1.2 = 1.4
    arith = aggregate(v, w, "arithmetic", "available")
    assert arith[0] == pytest.approx(1.4 / 3) and np.isnan(arith[1])
    # sum is scaled to the full weight: 1.4 * 4 / 3
    assert aggregate(v, w, "sum", "available")[0] == pytest.approx(1.4 * 4 / 3)
    # geometric: 0.2^(1/3) * 0.6^(2/3)
    geo = aggregate(v, w, "geometric", "available")[0]
    assert geo == pytest.approx(0.2 ** (1 / 3) * 0.6 ** (2 / 3))


def test_geometric_rejects_non_positive_values_with_a_clear_message() -> None:
    v = np.array([[0.5, 0.25], [0.0, 0.5]])
    with pytest.raises(InvalidInput) as info:
        aggregate(v, np.ones(2), "geometric", names=["EP_POV", "EP_AGE"], where="group 'theme1'")
    msg = str(info.value)
    assert msg.startswith(
        "group 'theme1': the geometric mean needs values > 0, but member 'EP_POV' has 0 in row 2"
    )
    assert "formula 'r/N'" in msg


def test_bad_weights() -> None:
    with pytest.raises(InvalidInput, match="weights must be finite, >= 0 and not all zero"):
        aggregate(np.ones((2, 2)), np.array([0.0, 0.0]))
    with pytest.raises(InvalidInput, match="expected 3 member columns for 3 weights"):
        aggregate(np.ones((2, 2)), np.ones(3))


def test_count_flags() -> None:
    f = np.array([[1.0, 0.0, 1.0], [1.0, NAN, 0.0], [NAN, NAN, NAN]])
    assert count_flags(f, "propagate").tolist() == pytest.approx([2, NAN, NAN], nan_ok=True)
    assert count_flags(f, "available").tolist() == pytest.approx([2, 1, NAN], nan_ok=True)


def nested(**extra: Any) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "index": {"id": "n", "id_column": "id"},
        "normalise": {"method": "none"},
        "indicator": [
            {"id": "a", "group": "g", "weight": 1.0},
            {"id": "b", "group": "g", "weight": 3.0},
            {"id": "c", "weight": 1.0},
        ],
        "group": [{"id": "g", "aggregation": "arithmetic", "weight": 2.0}],
    }
    spec.update(extra)
    return spec


def test_effective_weights_by_hand() -> None:
    spec = parse_spec(nested())
    # root sum: c * 1 + g * 2, g = (a * 1 + b * 3) / 4 -> a 0.5, b 1.5, c 1
    assert effective_weights(spec).tolist() == [0.5, 1.5, 1.0]
    # root arithmetic: (c * 1 + g * 2) / 3 -> a 1/6, b 1/2, c 1/3
    spec = parse_spec(nested(aggregate={"aggregation": "arithmetic"}))
    assert effective_weights(spec).tolist() == pytest.approx([1 / 6, 1 / 2, 1 / 3])


def test_effective_weights_for_many_draws_and_group_weights() -> None:
    spec = parse_spec(nested())
    draws = np.array([[1.0, 3.0, 1.0], [1.0, 1.0, 2.0], [0.0, 0.0, 1.0]])
    coef = effective_weights(spec, draws, group_weights={"g": np.array([2.0, 4.0, 5.0])})
    assert coef.shape == (3, 3)
    assert coef[:, 0].tolist() == [0.5, 1.5, 1.0]
    assert coef[:, 1].tolist() == [2.0, 2.0, 2.0]  # g = (a + b) / 2 weighted 4
    # draw 3: the group's members weigh nothing, so the group drops out entirely
    assert coef[:, 2].tolist() == [0.0, 0.0, 1.0]


def test_linear_matrix_product_equals_the_tree() -> None:
    spec = parse_spec(nested(normalise={"method": "percentile_rank"}))
    rng = np.random.default_rng(3)
    table = {"id": [f"x{i}" for i in range(30)]}
    table |= {k: rng.normal(size=30) for k in "abc"}
    p = prepare(spec, table)
    weights = np.array([2.0, 0.5, 1.5])
    tree = aggregate_tree(spec, p, weights, group_weights={"g": 0.7})
    linear = p.matrix @ effective_weights(spec, weights, group_weights={"g": 0.7})
    np.testing.assert_allclose(linear, tree["score"], rtol=1e-12)


def test_inactive_group_drops_out_of_the_tree_too() -> None:
    spec = parse_spec(nested())
    table = {"id": ["x", "y"], "a": [1.0, 2.0], "b": [3.0, 4.0], "c": [5.0, 7.0]}
    out = aggregate_tree(spec, prepare(spec, table), [0.0, 0.0, 1.0])
    assert out["score"].tolist() == [5.0, 7.0]
    assert np.isnan(out["g_score"]).all()
    with pytest.raises(InvalidInput, match="every member of the root has weight zero"):
        aggregate_tree(spec, prepare(spec, table), [0.0, 0.0, 0.0])
    with pytest.raises(InvalidInput, match="one entry per indicator"):
        aggregate_tree(spec, prepare(spec, table), [1.0, 1.0])


@pytest.mark.parametrize(
    ("extra", "reason"),
    [
        ({"aggregate": {"aggregation": "geometric"}}, "the root uses the geometric mean"),
        (
            {"group": [{"id": "g", "pass_up": "normalised"}]},
            "group 'g' passes up its renormalised value",
        ),
        ({"rounding": [{"stage": "group_score", "decimals": 4}]}, "rounded at stage 'group_score'"),
        ({"universe": {"missing_policy": "available"}}, "missing_policy is 'available'"),
    ],
)
def test_non_linear_specs_say_why(extra: dict[str, Any], reason: str) -> None:
    spec = parse_spec(nested(**extra))
    assert not is_linear(spec)
    assert reason in str(linear_reason(spec))
    with pytest.raises(InvalidInput, match="is not linear"):
        effective_weights(spec)


def test_rounding_of_normalised_values_or_percentiles_keeps_it_linear() -> None:
    rounding = [
        {"stage": "normalised", "decimals": 4},
        {"stage": "percentile", "decimals": 4},
        {"stage": "group_percentile", "decimals": 4},
    ]
    assert is_linear(parse_spec(nested(rounding=rounding)))


def test_a_group_with_no_weight_drops_out_of_the_root_mean() -> None:
    # Root arithmetic: (c * 1 + g * 5) / (1 + 5) -- unless g's members all weigh zero, when g
    # leaves the denominator too and c carries the whole score.
    spec = parse_spec(nested(aggregate={"aggregation": "arithmetic"}))
    draws = np.array([[1.0, 1.0, 1.0], [0.0, 0.0, 1.0]])
    coef = effective_weights(spec, draws, group_weights={"g": np.array([5.0, 5.0])})
    np.testing.assert_allclose(coef[:, 0], [5 / 12, 5 / 12, 1 / 6])
    assert coef[:, 1].tolist() == [0.0, 0.0, 1.0]
    assert coef.sum(axis=0).tolist() == pytest.approx([1.0, 1.0])
    table = {"id": ["x", "y"], "a": [1.0, 2.0], "b": [3.0, 4.0], "c": [5.0, 7.0]}
    tree = aggregate_tree(spec, prepare(spec, table), draws[1], group_weights={"g": 5.0})
    assert tree["score"].tolist() == [5.0, 7.0]


def test_a_group_whose_members_weigh_less_than_one_still_counts() -> None:
    # g = (a * 0.25 + b * 0.25) / 0.5 weighted 2 in a root sum: a 1, b 1, c 1
    spec = parse_spec(nested())
    assert effective_weights(spec, [0.25, 0.25, 1.0]).tolist() == [1.0, 1.0, 1.0]
