"""Properties that must hold for any data (hypothesis)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from kraftsamling.index import (
    CompositeIndex,
    aggregate_tree,
    effective_weights,
    parse_spec,
    prepare,
)
from kraftsamling.index.rounding import round_values

SETTINGS = settings(max_examples=25, deadline=None)
N_IND = 4


def spec_for(
    method: str = "percentile_rank",
    aggregation: str = "sum",
    weights: tuple[float, ...] = (1.0,) * N_IND,
    rounding: list[dict[str, Any]] | None = None,
) -> Any:
    return parse_spec(
        {
            "index": {"id": "prop", "id_column": "id"},
            "universe": {"population_column": "pop"},
            "normalise": {"method": method},
            "indicator": [
                {
                    "id": f"i{j}",
                    "group": "g1" if j < 2 else "g2",
                    "weight": weights[j],
                    "direction": "higher_is_better" if j == 3 else "higher_is_worse",
                }
                for j in range(N_IND)
            ],
            "group": [
                {"id": "g1", "aggregation": aggregation},
                {"id": "g2", "aggregation": aggregation},
            ],
            "aggregate": {"aggregation": aggregation},
            "rounding": rounding or [],
            "classify": {"method": "quantile", "n": 3},
        }
    )


@st.composite
def tables(draw: st.DrawFn, min_rows: int = 2) -> dict[str, Any]:
    n = draw(st.integers(min_rows, 15))
    values = st.one_of(st.integers(0, 6).map(float), st.floats(-50, 50, allow_nan=False))
    table: dict[str, Any] = {"id": [f"a{i}" for i in range(n)]}
    table["pop"] = draw(st.lists(st.sampled_from([0.0, 5.0, 10.0]), min_size=n, max_size=n))
    for j in range(N_IND):
        col = draw(st.lists(st.one_of(values, st.just(float("nan"))), min_size=n, max_size=n))
        table[f"i{j}"] = col
    return table


def by_id(result: Any) -> dict[str, tuple[float, ...]]:
    cols = result.columns
    return {
        str(area): tuple(float(cols[c][k]) for c in cols)
        for k, area in enumerate(result.ids.tolist())
    }


def inside(table: dict[str, Any], i: int, fill: float) -> dict[str, Any]:
    """A copy of ``table`` in which area ``i`` takes part and has every indicator."""
    out = {k: list(v) for k, v in table.items()}
    out["pop"][i] = 10.0
    for j in range(N_IND):
        if out[f"i{j}"][i] != out[f"i{j}"][i]:
            out[f"i{j}"][i] = fill
    return out


def same(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return all((x == y) or (x != x and y != y) for x, y in zip(a, b, strict=True))


@SETTINGS
@given(table=tables(), seed=st.integers(0, 2**32 - 1))
def test_shuffling_rows_changes_nothing_per_area(table: dict[str, Any], seed: int) -> None:
    spec = spec_for(rounding=[{"stage": "normalised", "decimals": 4}])
    order = np.random.default_rng(seed).permutation(len(table["id"]))
    shuffled = {k: [v[i] for i in order] for k, v in table.items()}
    a = by_id(CompositeIndex(spec).fit(table).result_)
    b = by_id(CompositeIndex(spec).fit(shuffled).result_)
    assert a.keys() == b.keys()
    for area in a:
        assert same(a[area], b[area]), area


@SETTINGS
@given(
    table=tables(),
    data=st.data(),
    method=st.sampled_from(["percentile_rank", "rank", "minmax", "exponential_rank"]),
    aggregation=st.sampled_from(["sum", "arithmetic"]),
)
def test_worsening_one_indicator_never_makes_an_area_less_vulnerable(
    table: dict[str, Any], data: st.DataObject, method: str, aggregation: str
) -> None:
    spec = spec_for(method, aggregation)
    n = len(table["id"])
    area = data.draw(st.integers(0, n - 1))
    j = data.draw(st.integers(0, N_IND - 1))
    step = data.draw(st.floats(0.5, 40))
    # The area must have a score for the property to say anything, so it takes part fully.
    table = inside(table, area, data.draw(st.floats(-50, 50)))
    before = CompositeIndex(spec).fit(table).result_.columns
    assert not np.isnan(before["score"][area])
    worse = {k: list(v) for k, v in table.items()}
    # i3 is higher_is_better: worse means lower
    worse[f"i{j}"][area] += -step if j == 3 else step
    after = CompositeIndex(spec).fit(worse).result_.columns
    assert after["score"][area] >= before["score"][area] - 1e-9
    assert after["rank"][area] <= before["rank"][area]


@SETTINGS
@given(
    table=tables(),
    weights=st.lists(st.integers(1, 5).map(float), min_size=N_IND, max_size=N_IND),
    factor=st.sampled_from([0.1, 0.5, 3.0, 7.0, 1000.0]),
)
def test_proportional_weights_give_identical_ranks(
    table: dict[str, Any], weights: list[float], factor: float
) -> None:
    # a weighted mean does not depend on the scale of the weights; rounding the score to
    # 9 decimals (as published indices round) removes the last-bit noise of the division
    rounding = [{"stage": "score", "decimals": 9}]
    a = spec_for(aggregation="arithmetic", weights=tuple(weights), rounding=rounding)
    b = spec_for(
        aggregation="arithmetic", weights=tuple(w * factor for w in weights), rounding=rounding
    )
    table = inside(inside(table, 0, 1.0), 1, 2.0)  # at least two ranked areas
    ra = CompositeIndex(a).fit(table).result_.columns["rank"]
    rb = CompositeIndex(b).fit(table).result_.columns["rank"]
    assert np.isfinite(ra).sum() >= 2
    np.testing.assert_array_equal(ra, rb)


@SETTINGS
@given(table=tables(), data=st.data())
def test_values_outside_the_universe_never_change_results_inside(
    table: dict[str, Any], data: st.DataObject
) -> None:
    spec = spec_for()
    # At least one area outside (population 0) and one fully inside, whatever was drawn.
    n = len(table["id"])
    out_row = data.draw(st.integers(0, n - 1))
    in_row = data.draw(st.integers(0, n - 1).filter(lambda i: i != out_row))
    table = inside(table, in_row, 1.0)
    table["pop"][out_row] = 0.0
    outside = [i for i, p in enumerate(table["pop"]) if p < 1]
    changed = {k: list(v) for k, v in table.items()}
    for i in outside:
        changed["i0"][i] = data.draw(st.floats(-1e6, 1e6))
    a = CompositeIndex(spec).fit(table).result_.columns
    b = CompositeIndex(spec).fit(changed).result_.columns
    assert np.isnan(a["score"][outside]).all()
    assert not np.isnan(a["score"][in_row])
    for name in a:
        np.testing.assert_array_equal(a[name], b[name])


@SETTINGS
@given(
    table=tables(),
    weights=st.lists(st.floats(0.0, 5.0), min_size=N_IND, max_size=N_IND).filter(
        lambda w: sum(w[:2]) > 0 and sum(w[2:]) > 0
    ),
    aggregation=st.sampled_from(["sum", "arithmetic"]),
)
def test_linear_path_equals_the_tree(
    table: dict[str, Any], weights: list[float], aggregation: str
) -> None:
    spec = spec_for(aggregation=aggregation)
    prepared = prepare(spec, inside(table, 0, 1.0))
    tree = aggregate_tree(spec, prepared, weights)["score"]
    assert np.isfinite(tree).any()
    linear = prepared.matrix @ effective_weights(spec, weights)
    np.testing.assert_allclose(linear, tree, rtol=1e-9, atol=1e-12)


@SETTINGS
@given(value=st.floats(-1e6, 1e6, allow_nan=False), decimals=st.integers(0, 6))
def test_half_up_rounding_agrees_with_decimal(value: float, decimals: int) -> None:
    want = float(Decimal(repr(value)).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP))
    assert round_values(np.array([value]), decimals)[0] == want + 0.0
