"""The generator: deterministic, internally consistent, plausible, and honest about being fake."""

from __future__ import annotations

import pandas as pd
import pytest

from kraftsamling.core.errors import InvalidInput
from kraftsamling.demo.generate import DemoData, generate
from kraftsamling.demo.places import KNOWN_DISADVANTAGED, sub_areas

CONTRACT = {
    # id: (unit, direction, age band, is share) — from the demo-indicator contract.
    "population": ("count", "n/a", "all", False),
    "population_16_24": ("count", "n/a", "16-24", False),
    "low_economic_standard": ("percent", "higher_is_worse", "all", True),
    "child_poverty": ("percent", "higher_is_worse", "0-17", True),
    "not_employed_20_64": ("percent", "higher_is_worse", "20-64", True),
    "low_education_25_64": ("percent", "higher_is_worse", "25-64", True),
    "post_secondary_25_64": ("percent", "higher_is_better", "25-64", True),
    "economic_assistance": ("percent", "higher_is_worse", "all", True),
    "overcrowding": ("percent", "higher_is_worse", "all", True),
    "upper_secondary_eligible": ("percent", "higher_is_better", "15-16", True),
    "working_or_studying_16_24": ("percent", "higher_is_better", "16-24", True),
    "working_or_studying_20_24": ("percent", "higher_is_better", "20-24", True),
}


def _shares(demo: DemoData) -> pd.DataFrame:
    return demo.observations.dropna(subset=["denominator"])


def _wide(demo: DemoData, year: int) -> pd.DataFrame:
    obs = demo.observations[demo.observations["year"] == year]
    return obs.pivot(index="area", columns="indicator", values="value")


def test_same_seed_gives_identical_data() -> None:
    a, b = generate(seed=7, years=[2020, 2021]), generate(seed=7, years=[2020, 2021])
    pd.testing.assert_frame_equal(a.observations, b.observations)
    pd.testing.assert_frame_equal(a.areas, b.areas)
    assert a.boundaries == b.boundaries


def test_different_seed_gives_different_numbers() -> None:
    a, b = generate(seed=7, years=[2021]), generate(seed=8, years=[2021])
    pd.testing.assert_frame_equal(a.areas, b.areas)
    va, vb = a.observations["value"].to_numpy(), b.observations["value"].to_numpy()
    assert (va != vb).mean() > 0.5


def test_every_sub_area_indicator_and_year_once(demo: DemoData) -> None:
    obs = demo.observations
    assert len(obs) == len(sub_areas()) * len(CONTRACT) * 10
    assert not obs.duplicated(["area", "indicator", "year"]).any()
    assert set(obs["year"]) == set(range(2016, 2026))
    assert set(obs["area"]) == {s.code for s in sub_areas()}


def test_shares_have_consistent_counts(demo: DemoData) -> None:
    shares = _shares(demo)
    num, den = shares["numerator"].astype(int), shares["denominator"].astype(int)
    assert (num >= 0).all() and (den >= 1).all() and (num <= den).all()
    assert shares["value"].between(0, 100).all()
    assert ((100 * num / den).round(1) - shares["value"]).abs().max() < 1e-9
    counts = demo.observations[demo.observations["indicator"].str.startswith("population")]
    assert counts["numerator"].isna().all() and counts["denominator"].isna().all()


def test_education_shares_partition_the_same_people(demo: DemoData) -> None:
    shares = _shares(demo).set_index(["area", "year", "indicator"])
    low = shares.xs("low_education_25_64", level="indicator")
    post = shares.xs("post_secondary_25_64", level="indicator")
    assert (low["denominator"] == post["denominator"]).all()
    assert (low["numerator"] + post["numerator"] <= low["denominator"]).all()


def test_city_population_grows_from_330_to_360_thousand(demo: DemoData) -> None:
    pop = demo.observations[demo.observations["indicator"] == "population"]
    totals = pop.groupby("year")["value"].sum()
    assert totals[2016] == 330_000
    assert totals[2025] == 360_000
    assert totals.is_monotonic_increasing


def test_sub_area_sizes_and_a_few_small_areas(demo: DemoData) -> None:
    pop = demo.observations[demo.observations["indicator"] == "population"]
    pop = pop.set_index(["area", "year"])["value"]
    small = pop[pop < 500].index.get_level_values("area").unique()
    assert 3 <= len(small) <= 10
    assert pop.max() <= 12_000
    assert pop[~pop.index.get_level_values("area").isin(small)].min() >= 500
    # Disclosure control needs shares with tiny denominators.
    shares = _shares(demo)
    tiny = shares[(shares["year"] == 2025) & (shares["denominator"] < 10)]
    assert tiny["area"].nunique() >= 3


@pytest.mark.parametrize("seed", [2026, 1, 99])
@pytest.mark.parametrize("year", [2016, 2025])
def test_known_vulnerable_areas_rank_in_top_quartile(seed: int, year: int) -> None:
    demo = generate(seed=seed, years=range(2016, 2026))
    values = _wide(demo, year)["low_economic_standard"]
    names = demo.areas.set_index("code")["name"]
    cutoff = values.quantile(0.75)
    for code, value in values.items():
        if names[code] in KNOWN_DISADVANTAGED:
            assert value >= cutoff, (names[code], value, cutoff)


def test_indicators_move_together(demo: DemoData) -> None:
    wide = _wide(demo, 2025)
    wide = wide[wide["population"] >= 500]
    corr = wide.corr(method="spearman")["low_economic_standard"]
    for worse in [
        "economic_assistance",
        "not_employed_20_64",
        "low_education_25_64",
        "overcrowding",
        "child_poverty",
    ]:
        assert corr[worse] > 0.6, worse
    for better in ["post_secondary_25_64", "upper_secondary_eligible", "working_or_studying_16_24"]:
        assert corr[better] < -0.4, better


def test_values_in_realistic_ranges(demo: DemoData) -> None:
    shares = _shares(demo)
    big = shares[shares["denominator"] >= 100]

    def span(indicator: str) -> tuple[float, float]:
        v = big[big["indicator"] == indicator]["value"]
        return v.min(), v.max()

    lo, hi = span("working_or_studying_16_24")
    assert lo >= 72 and hi <= 98
    lo, hi = span("low_economic_standard")
    assert lo >= 3 and hi <= 50
    lo, hi = span("upper_secondary_eligible")
    assert lo >= 50 and hi <= 99


def test_goal_indicator_improves_for_the_city(demo: DemoData) -> None:
    goal = _shares(demo)
    goal = goal[goal["indicator"] == "working_or_studying_16_24"]
    sums = goal.groupby("year")[["numerator", "denominator"]].sum()
    rate = sums["numerator"] / sums["denominator"]
    assert rate[2025] > rate[2016] + 0.01


def test_area_table_codes_and_parents(demo: DemoData) -> None:
    areas = demo.areas
    assert list(areas.columns) == ["code", "name", "level", "parent_code", "synthetic"]
    assert areas["synthetic"].all()
    assert areas["code"].is_unique
    assert areas["level"].value_counts().to_dict() == {
        "sub_area": len(sub_areas()),
        "district": 10,
        "municipality": 1,
    }
    by_code = areas.set_index("code")
    assert by_code.loc["1280", "name"] == "Malmö" and by_code.loc["1280", "parent_code"] == ""
    for code, row in by_code.iterrows():
        if row["level"] == "district":
            assert row["parent_code"] == "1280"
        if row["level"] == "sub_area":
            assert by_code.loc[row["parent_code"], "level"] == "district"
            assert row["parent_code"] == f"1280-D{str(code)[5:7]}"


def test_indicator_table_matches_the_contract(demo: DemoData) -> None:
    table = demo.indicators.set_index("id")
    assert list(table.index) == list(CONTRACT)
    for ind, (unit, direction, band, is_share) in CONTRACT.items():
        row = table.loc[ind]
        assert (row["unit"], row["direction"], row["age_band"]) == (unit, direction, band)
        assert bool(row["is_share"]) is is_share
    assert (table["source"] == "Syntetiska demodata").all()
    assert table.loc["working_or_studying_16_24", "name_sv"] == (
        "Andel 16–24 år som arbetar eller studerar"
    )


def test_no_years_is_an_error() -> None:
    with pytest.raises(InvalidInput, match="at least one year"):
        generate(years=[])
