"""Generate the synthetic Malmö demo data, deterministically from a seed.

Every number produced here is invented. The generator gives each sub-area a latent
vulnerability score (its hand-set profile in :mod:`kraftsamling.demo.places`, plus noise drawn
from the seed, drifting gently over the years) and derives every share from it through a
logistic link, so the indicators move together the way real deprivation indicators do.
Counts are drawn as binomial (or multinomial) numerators of population-group denominators;
a share is always ``100 * numerator / denominator`` rounded to one decimal, and counts add up
across sub-areas, so districts and the city can be aggregated by re-adding them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from kraftsamling.demo.geometry import build_boundaries
from kraftsamling.demo.indicators import INDICATORS, SOURCE, DemoIndicator
from kraftsamling.demo.places import (
    DISTRICTS,
    MUNICIPALITY_CODE,
    MUNICIPALITY_NAME,
    SubArea,
    sub_areas,
)

DEFAULT_SEED = 2026
DEFAULT_YEARS = range(2016, 2026)

# Invented city totals, close to Malmö's real size: about 330,000 in 2016, 360,000 in 2025.
POPULATION_2016 = 330_000
POPULATION_2025 = 360_000
MIN_POPULATION = 30  # industrial and harbour sub-areas keep a few residents
SMALL_SIZE = 0.3  # places below this size weight stay small: disclosure control needs them


@dataclass(frozen=True)
class DemoData:
    """The whole synthetic data set.

    Attributes
    ----------
    seed, years
        What it was generated from; the same pair always gives the same data.
    areas
        ``code, name, level, parent_code, synthetic`` for the municipality, districts, sub-areas.
    indicators
        ``id, name_sv, name_en, unit, direction, age_band, source, is_share``.
    observations
        Tidy ``area, indicator, year, value, numerator, denominator`` for every sub-area,
        indicator and year; counts have no numerator/denominator (``<NA>``).
    boundaries
        GeoJSON FeatureCollection of all areas, every feature flagged ``synthetic``.
    """

    seed: int
    years: tuple[int, ...]
    areas: pd.DataFrame
    indicators: pd.DataFrame
    observations: pd.DataFrame
    boundaries: dict[str, Any]


def _expit(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def _target_total(year: int) -> float:
    """Smooth geometric growth between the 2016 and 2025 targets (extrapolated outside)."""
    return POPULATION_2016 * (POPULATION_2025 / POPULATION_2016) ** ((year - 2016) / 9)


def _apportion(weights: np.ndarray, total: int) -> np.ndarray:
    """Integers proportional to ``weights`` summing exactly to ``total`` (largest remainder)."""
    exact = weights / weights.sum() * total
    counts = np.floor(exact).astype(np.int64)
    short = total - int(counts.sum())
    order = np.argsort(-(exact - counts), kind="stable")
    counts[order[:short]] += 1
    return counts


def _population(
    rng: np.random.Generator, subs: list[SubArea], years: tuple[int, ...]
) -> np.ndarray:
    """Population per sub-area (rows) and year (columns), adding to the city target each year."""
    size = np.array([s.place.size for s in subs]) * np.exp(rng.normal(0.0, 0.05, len(subs)))
    growth = np.array([s.place.growth for s in subs]) + rng.normal(0.0, 0.003, len(subs))
    tiny = np.array([s.place.size < SMALL_SIZE for s in subs])
    pop = np.empty((len(subs), len(years)), dtype=np.int64)
    for t, year in enumerate(years):
        weights = size * (1.0 + growth) ** (year - 2016)
        # Tiny sub-areas keep their own small size instead of being scaled with the city.
        small = np.round(size[tiny] * 1000 * (1.0 + growth[tiny]) ** (year - 2016))
        small = np.maximum(small, MIN_POPULATION).astype(np.int64)
        pop[tiny, t] = small
        pop[~tiny, t] = _apportion(weights[~tiny], round(_target_total(year)) - int(small.sum()))
    return pop


def _latent(rng: np.random.Generator, subs: list[SubArea], n_years: int) -> np.ndarray:
    """Latent vulnerability per sub-area and year: profile + area noise + gentle drift."""
    profile = np.array([s.place.profile for s in subs])
    z0 = profile + rng.normal(0.0, 0.15, len(subs))
    drift = rng.normal(-0.01, 0.012, len(subs))
    wobble = rng.normal(0.0, 0.04, (len(subs), n_years))
    return z0[:, None] + drift[:, None] * np.arange(n_years)[None, :] + wobble


def _population_groups(
    rng: np.random.Generator, pop: np.ndarray, z: np.ndarray
) -> dict[str, np.ndarray]:
    """Age-band counts; more disadvantaged areas are younger. Every band has at least one person."""
    children = np.maximum(rng.binomial(pop, np.clip(0.19 + 0.035 * z, 0.06, 0.33)), 1)
    youth = np.maximum(rng.binomial(pop, np.clip(0.11 + 0.008 * z, 0.05, 0.20)), 1)
    young_adults = np.maximum(rng.binomial(youth, 0.56), 1)
    adults = rng.binomial(pop, np.clip(0.60 - 0.015 * z, 0.45, 0.72))
    adults = np.minimum(np.maximum(adults, young_adults + 1), pop)
    grade_9 = np.maximum(rng.binomial(children, 1 / 17.5), 1)
    return {
        "total": pop,
        "age_0_17": children,
        "age_16_24": youth,
        "age_20_24": young_adults,
        "age_20_64": adults,
        "age_25_64": np.maximum(adults - young_adults, 1),
        "grade_9": grade_9,
    }


def _share_probability(rng: np.random.Generator, spec: DemoIndicator, z: np.ndarray) -> np.ndarray:
    """Share probability per area-year: a persistent area effect plus yearly noise on the logit."""
    n, n_years = z.shape
    area_effect = rng.normal(0.0, 0.12, (n, 1))
    year_noise = rng.normal(0.0, 0.05, (n, n_years))
    trend = spec.trend * np.arange(n_years)[None, :]
    return _expit(spec.base + spec.slope * z + area_effect + year_noise + trend)


def _numerators(
    rng: np.random.Generator, groups: dict[str, np.ndarray], z: np.ndarray
) -> dict[str, np.ndarray]:
    """Numerator per share indicator; the two education shares come from one multinomial draw."""
    specs = {s.id: s for s in INDICATORS if s.is_share}
    probs = {sid: _share_probability(rng, spec, z) for sid, spec in specs.items()}
    nums: dict[str, np.ndarray] = {}
    for sid, spec in specs.items():
        if sid in {"low_education_25_64", "post_secondary_25_64"}:
            continue
        nums[sid] = rng.binomial(groups[spec.denominator], probs[sid])
    # At most compulsory / upper-secondary / post-secondary partition the 25-64 population,
    # so the two education shares can never add to more than 100.
    low = probs["low_education_25_64"]
    post = np.minimum(probs["post_secondary_25_64"], 0.95 - low)
    pvals = np.stack([low, post, 1.0 - low - post], axis=-1)
    draws = rng.multinomial(groups["age_25_64"], pvals)
    nums["low_education_25_64"] = draws[..., 0]
    nums["post_secondary_25_64"] = draws[..., 1]
    return nums


def _areas_table(subs: list[SubArea]) -> pd.DataFrame:
    rows = [(MUNICIPALITY_CODE, MUNICIPALITY_NAME, "municipality", "")]
    rows += [(d.code, d.name, "district", MUNICIPALITY_CODE) for d in DISTRICTS]
    rows += [(s.code, s.place.name, "sub_area", s.district_code) for s in subs]
    table = pd.DataFrame(rows, columns=["code", "name", "level", "parent_code"])
    table["synthetic"] = True
    return table


def _indicators_table() -> pd.DataFrame:
    return pd.DataFrame(
        [
            (i.id, i.name_sv, i.name_en, i.unit, i.direction, i.age_band, SOURCE, i.is_share)
            for i in INDICATORS
        ],
        columns=[
            "id",
            "name_sv",
            "name_en",
            "unit",
            "direction",
            "age_band",
            "source",
            "is_share",
        ],
    )


def _observations_table(
    subs: list[SubArea],
    years: tuple[int, ...],
    groups: dict[str, np.ndarray],
    nums: dict[str, np.ndarray],
) -> pd.DataFrame:
    codes = np.array([s.code for s in subs])
    n, n_years = groups["total"].shape
    area_col = np.repeat(codes, n_years)
    year_col = np.tile(np.array(years), n)
    frames = []
    for spec in INDICATORS:
        if spec.is_share:
            den = groups[spec.denominator].ravel()
            num = nums[spec.id].ravel()
            value = np.round(100.0 * num / den, 1)
        else:
            counts = groups["total"] if spec.id == "population" else groups["age_16_24"]
            value = counts.ravel().astype(float)
        frame = pd.DataFrame(
            {"area": area_col, "indicator": spec.id, "year": year_col, "value": value}
        )
        frame["numerator"] = pd.array(num if spec.is_share else [None] * len(frame), "Int64")
        frame["denominator"] = pd.array(den if spec.is_share else [None] * len(frame), "Int64")
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def generate(seed: int = DEFAULT_SEED, years: Iterable[int] = DEFAULT_YEARS) -> DemoData:
    """Generate the synthetic Malmö demo data set.

    Parameters
    ----------
    seed
        Seed of the random generator; the same seed and years always give identical data.
    years
        Years to simulate, e.g. ``range(2016, 2026)``; trends are counted from the first.

    Returns
    -------
    DemoData
        Areas, indicators, tidy observations and boundaries, all marked synthetic.

    Examples
    --------
    >>> data = generate(seed=1, years=[2024, 2025])
    >>> sorted(data.observations["year"].unique().tolist())
    [2024, 2025]
    """
    years_t = tuple(sorted({int(y) for y in years}))
    if not years_t:
        from kraftsamling.core.errors import InvalidInput

        raise InvalidInput("The demo needs at least one year; got an empty 'years'.")
    rng = np.random.default_rng(seed)
    subs = sub_areas()
    pop = _population(rng, subs, years_t)
    z = _latent(rng, subs, len(years_t))
    groups = _population_groups(rng, pop, z)
    nums = _numerators(rng, groups, z)
    return DemoData(
        seed=seed,
        years=years_t,
        areas=_areas_table(subs),
        indicators=_indicators_table(),
        observations=_observations_table(subs, years_t, groups, nums),
        boundaries=build_boundaries(),
    )
