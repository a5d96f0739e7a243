"""The demo's indicator catalogue and how each share is simulated.

Ids, names, units, directions and age bands follow the project's demo-indicator contract;
the simulation parameters are invented so that the synthetic shares land in plausible
ranges for Malmö's sub-areas.
"""

from __future__ import annotations

from dataclasses import dataclass

SOURCE = "Syntetiska demodata"


@dataclass(frozen=True)
class DemoIndicator:
    """One indicator; for shares, ``logit(p) = base + slope * vulnerability + trend * t``.

    ``denominator`` names the population group the share is taken of (see
    ``generate._population_groups``); ``base`` is the logit of the share at vulnerability 0.
    """

    id: str
    name_sv: str
    name_en: str
    unit: str
    direction: str
    age_band: str
    is_share: bool
    denominator: str = ""
    base: float = 0.0
    slope: float = 0.0
    trend: float = 0.0


_I = DemoIndicator

INDICATORS: tuple[DemoIndicator, ...] = (
    _I("population", "Folkmängd", "Population", "count", "n/a", "all", False),
    _I(
        "population_16_24",
        "Folkmängd 16–24 år",
        "Population aged 16–24",
        "count",
        "n/a",
        "16-24",
        False,
    ),
    _I(
        "low_economic_standard",
        "Andel invånare med låg ekonomisk standard",
        "Share of residents with low economic standard",
        "percent",
        "higher_is_worse",
        "all",
        True,
        "total",
        -1.82,
        0.55,
    ),
    _I(
        "child_poverty",
        "Andel barn 0–17 år i hushåll med låg ekonomisk standard",
        "Share of children aged 0–17 in households with low economic standard",
        "percent",
        "higher_is_worse",
        "0-17",
        True,
        "age_0_17",
        -1.60,
        0.72,
    ),
    _I(
        "not_employed_20_64",
        "Andel 20–64 år som inte förvärvsarbetar",
        "Share of residents aged 20–64 not in gainful employment",
        "percent",
        "higher_is_worse",
        "20-64",
        True,
        "age_20_64",
        -1.10,
        0.55,
        -0.01,
    ),
    _I(
        "low_education_25_64",
        "Andel 25–64 år med högst förgymnasial utbildning",
        "Share of residents aged 25–64 with at most compulsory schooling",
        "percent",
        "higher_is_worse",
        "25-64",
        True,
        "age_25_64",
        -1.90,
        0.60,
    ),
    _I(
        "post_secondary_25_64",
        "Andel 25–64 år med eftergymnasial utbildning",
        "Share of residents aged 25–64 with post-secondary education",
        "percent",
        "higher_is_better",
        "25-64",
        True,
        "age_25_64",
        0.0,
        -0.55,
        0.015,
    ),
    _I(
        "economic_assistance",
        "Andel invånare i hushåll med ekonomiskt bistånd",
        "Share of residents in households receiving economic assistance",
        "percent",
        "higher_is_worse",
        "all",
        True,
        "total",
        -2.75,
        0.75,
        -0.02,
    ),
    _I(
        "overcrowding",
        "Andel invånare i trångbodda hushåll",
        "Share of residents in overcrowded households",
        "percent",
        "higher_is_worse",
        "all",
        True,
        "total",
        -1.73,
        0.65,
    ),
    _I(
        "upper_secondary_eligible",
        "Andel elever i åk 9 behöriga till gymnasiets yrkesprogram",
        "Share of grade 9 pupils eligible for vocational upper-secondary programmes",
        "percent",
        "higher_is_better",
        "15-16",
        True,
        "grade_9",
        1.95,
        -0.42,
        0.01,
    ),
    _I(
        "working_or_studying_16_24",
        "Andel 16–24 år som arbetar eller studerar",
        "Share of residents aged 16–24 who work or study",
        "percent",
        "higher_is_better",
        "16-24",
        True,
        "age_16_24",
        2.0,
        -0.25,
        0.02,
    ),
    _I(
        "working_or_studying_20_24",
        "Andel 20–24 år som arbetar eller studerar",
        "Share of residents aged 20–24 who work or study",
        "percent",
        "higher_is_better",
        "20-24",
        True,
        "age_20_24",
        1.70,
        -0.32,
        0.02,
    ),
)

SHARE_IDS: tuple[str, ...] = tuple(i.id for i in INDICATORS if i.is_share)
COUNT_IDS: tuple[str, ...] = tuple(i.id for i in INDICATORS if not i.is_share)
