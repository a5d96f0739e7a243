"""Malmö's former city districts (stadsdelar) and their sub-areas (delområden) for the demo.

The names are real; everything else here is approximate or invented for the synthetic demo:

* ``lat``/``lon`` put each sub-area roughly where it lies (to a few hundred metres), so the
  demo map looks like Malmö. They are not official centroids.
* ``profile`` is a hand-set vulnerability level (about -1.5 affluent to +2.6 most
  disadvantaged). Sub-areas that the Swedish Police have publicly listed as vulnerable
  (utsatta områden: Rosengård/Herrgården, Södra Sofielund/Seved, Lindängen,
  Nydala-Hermodsdal, Holma-Kroksbäck) get the highest levels, so the demo ranks them where
  the public would expect. No statistics were used to set the other levels.
* ``size`` is an invented relative population weight; ``growth`` an invented yearly growth
  rate (new districts such as Hyllie and Norra Sorgenfri grow fast).

The ten stadsdelar were Malmö's districts from 1996 to 2013, when they were merged into five
stadsområden; the delområden are still listed under them. The lists for Fosie, Kirseberg,
Rosengård and Husie follow the published lists of those districts' delområden (Husie's village
of Husie itself is included to make its fifteen). For the other six districts the demo uses
well-known neighbourhoods whose district is established; names whose district could not be
confirmed (for example Värnhem, Toarp, Östra Kattarp) were left out rather than guessed, so the
demo has fewer sub-areas than the 136 the city uses. Seved lies inside Södra Sofielund and has
no sub-area of its own.
"""

from __future__ import annotations

from dataclasses import dataclass

MUNICIPALITY_CODE = "1280"
MUNICIPALITY_NAME = "Malmö"


@dataclass(frozen=True)
class Place:
    """One sub-area: its real name and district, and the demo's invented attributes."""

    name: str
    lat: float
    lon: float
    profile: float
    size: float
    growth: float = 0.012


@dataclass(frozen=True)
class District:
    """One former stadsdel with its sub-areas in a fixed order (the order gives the codes)."""

    number: int
    name: str
    places: tuple[Place, ...]

    @property
    def code(self) -> str:
        return f"{MUNICIPALITY_CODE}-D{self.number:02d}"

    def sub_area_code(self, index: int) -> str:
        """Code of the sub-area at 0-based ``index``: ``1280-<district>-<nn>``."""
        return f"{MUNICIPALITY_CODE}-{self.number:02d}-{index + 1:02d}"


P = Place

DISTRICTS: tuple[District, ...] = (
    District(
        1,
        "Centrum",
        (
            P("Gamla staden", 55.6055, 12.9990, -0.2, 5.0),
            P("Inre hamnen", 55.6150, 13.0050, 0.3, 0.15, 0.03),
            P("Västra hamnen", 55.6140, 12.9780, -1.2, 6.0, 0.045),
            P("Rörsjöstaden", 55.6020, 13.0120, -0.5, 8.5),
            P("Östervärn", 55.6060, 13.0210, 0.4, 3.0, 0.01),
            P("Norra Sorgenfri", 55.6005, 13.0260, 0.3, 1.2, 0.12),
        ),
    ),
    District(
        2,
        "Södra innerstaden",
        (
            P("Davidshall", 55.5990, 12.9975, -0.6, 5.5),
            P("Rådmansvången", 55.5960, 13.0040, -0.2, 7.0, 0.01),
            P("Möllevången", 55.5922, 13.0097, 0.6, 9.5, 0.006),
            P("Södervärn", 55.5900, 13.0010, 0.2, 1.6),
            P("Norra Sofielund", 55.5925, 13.0195, 0.9, 6.0, 0.008),
            P("Södra Sofielund", 55.5855, 13.0175, 2.0, 4.5),
            P("Lönngården", 55.5870, 13.0265, 0.8, 3.0),
            P("Västra Sorgenfri", 55.5970, 13.0175, 0.7, 4.0, 0.01),
            P("Östra Sorgenfri", 55.5960, 13.0300, 0.9, 3.5, 0.01),
        ),
    ),
    District(
        3,
        "Västra innerstaden",
        (
            P("Slottsstaden", 55.5975, 12.9820, -0.8, 7.0, 0.004),
            P("Rönneholm", 55.5995, 12.9895, -0.3, 5.0, 0.004),
            P("Fågelbacken", 55.6015, 12.9800, -0.5, 2.5, 0.004),
            P("Kronprinsen", 55.5960, 12.9770, -0.1, 2.5, 0.004),
            P("Ribersborg", 55.6040, 12.9660, -1.0, 2.5, 0.004),
            P("Västervång", 55.5985, 12.9640, -0.6, 2.5, 0.004),
            P("Fridhem", 55.5935, 12.9620, -1.1, 3.5, 0.004),
            P("Bellevue", 55.5880, 12.9650, -1.0, 3.0, 0.004),
            P("Mellanheden", 55.5895, 12.9830, -0.2, 4.0, 0.004),
        ),
    ),
    District(
        4,
        "Limhamn-Bunkeflo",
        (
            P("Limhamn", 55.5805, 12.9230, -0.6, 7.0, 0.01),
            P("Ön", 55.5880, 12.9180, -0.4, 1.8, 0.02),
            P("Linnéstaden", 55.5815, 12.9350, -0.6, 4.0),
            P("Djupadal", 55.5855, 12.9440, -0.9, 2.5, 0.004),
            P("Kalkbrottet", 55.5700, 12.9350, 0.0, 0.08, 0.0),
            P("Elinelund", 55.5650, 12.9450, -0.5, 0.6, 0.12),
            P("Hyllieby", 55.5755, 12.9530, -1.1, 1.25, 0.002),
            P("Sibbarp", 55.5680, 12.9120, -1.3, 3.0, 0.004),
            P("Bunkeflostrand", 55.5480, 12.9250, -0.6, 7.0, 0.025),
            P("Klagshamn", 55.5230, 12.9050, -0.8, 2.5, 0.01),
            P("Tygelsjö", 55.5160, 12.9950, -0.9, 3.0, 0.01),
            P("Vintrie", 55.5340, 12.9650, -0.7, 0.5, 0.0),
        ),
    ),
    District(
        5,
        "Hyllie",
        (
            P("Lorensborg", 55.5840, 12.9750, 0.6, 4.5),
            P("Bellevuegården", 55.5810, 12.9620, 1.2, 5.0),
            P("Gröndal", 55.5795, 12.9905, -0.2, 1.5),
            P("Kulladal", 55.5750, 13.0000, 0.0, 2.5),
            P("Holma", 55.5710, 12.9770, 2.0, 5.5),
            P("Kroksbäck", 55.5735, 12.9650, 1.9, 4.5),
            P("Ärtholmen", 55.5660, 12.9980, 0.2, 0.2, 0.0),
            P("Hyllie", 55.5625, 12.9780, -0.5, 2.0, 0.14),
            P("Hyllievång", 55.5550, 12.9850, -0.3, 0.6, 0.15),
        ),
    ),
    District(
        6,
        "Fosie",
        (
            P("Almhög", 55.5800, 13.0270, 1.1, 3.5),
            P("Almvik", 55.5555, 13.0050, -0.4, 0.6, 0.01),
            P("Augustenborg", 55.5830, 13.0320, 1.3, 3.2),
            P("Eriksfält", 55.5790, 13.0080, 0.6, 3.0),
            P("Fosieby", 55.5640, 13.0440, -0.1, 1.2),
            P("Fosieby industriområde", 55.5650, 13.0600, 0.5, 0.06, 0.0),
            P("Fredriksberg", 55.5745, 13.0575, 0.4, 0.6),
            P("Gullvik", 55.5720, 13.0140, 0.9, 3.0),
            P("Gullviksborg", 55.5700, 13.0040, 0.5, 2.5),
            P("Heleneholm", 55.5790, 13.0170, 0.2, 3.0),
            P("Hermodsdal", 55.5620, 13.0240, 1.9, 3.5),
            P("Hindby", 55.5755, 13.0430, 0.1, 2.0),
            P("Kastanjegården", 55.5545, 13.0300, 1.3, 2.0),
            P("Lindängen", 55.5570, 13.0160, 1.9, 6.5),
            P("Nydala", 55.5690, 13.0300, 1.8, 5.0),
            P("Västra Söderkulla", 55.5735, 13.0225, -0.6, 1.8, 0.003),
            P("Östra Söderkulla", 55.5715, 13.0400, -0.4, 1.5, 0.003),
        ),
    ),
    District(
        7,
        "Oxie",
        (
            P("Lindeborg", 55.5515, 13.0400, 0.8, 4.0, 0.01),
            P("Lockarp", 55.5410, 13.0480, -0.5, 1.5, 0.02),
            P("Oxie kyrkby", 55.5420, 13.0920, -0.3, 5.0, 0.01),
            P("Oxievång", 55.5385, 13.1020, -0.2, 3.0, 0.02),
            P("Käglinge", 55.5330, 13.1200, -0.7, 2.1),
            P("Glostorp", 55.5540, 13.1300, -0.6, 0.6),
        ),
    ),
    District(
        8,
        "Husie",
        (
            P("Almgården", 55.5810, 13.0615, 1.1, 3.5),
            P("Elisedal", 55.5715, 13.0700, 0.3, 0.1, 0.0),
            P("Fortuna Hemgården", 55.5730, 13.1050, -0.4, 0.6, 0.02),
            P("Husie", 55.5830, 13.0970, -0.9, 2.0),
            P("Höja", 55.5895, 13.0860, -0.9, 1.5),
            P("Jägersro", 55.5770, 13.0790, 0.2, 0.5, 0.03),
            P("Jägersro villastad", 55.5850, 13.0730, -0.8, 1.5),
            P("Kvarnby", 55.5905, 13.1130, -0.7, 1.0),
            P("Riseberga", 55.5940, 13.0720, 0.3, 2.0),
            P("Stenkällan", 55.5910, 13.0640, -0.1, 1.5),
            P("Södra Sallerup", 55.6000, 13.1280, -0.6, 0.6),
            P("Toftanäs", 55.5965, 13.0620, -0.6, 1.0),
            P("Videdal", 55.5820, 13.0830, -0.7, 1.8),
            P("Virentofta", 55.5950, 13.0830, -0.4, 1.5),
            P("Östra Skrävlinge", 55.5880, 13.0560, 0.4, 1.5),
        ),
    ),
    District(
        9,
        "Rosengård",
        (
            P("Apelgården", 55.5850, 13.0540, 1.9, 4.0),
            P("Emilstorp", 55.5950, 13.0480, 0.8, 0.05, 0.0),
            P("Herrgården", 55.5800, 13.0470, 2.6, 5.5),
            P("Kryddgården", 55.5840, 13.0455, 2.1, 4.0),
            P("Persborg", 55.5915, 13.0335, 1.0, 2.0),
            P("Törnrosen", 55.5895, 13.0405, 2.2, 3.5),
            P("Västra Kattarp", 55.5830, 13.0380, 0.1, 1.5),
            P("Örtagården", 55.5875, 13.0475, 2.2, 4.5),
        ),
    ),
    District(
        10,
        "Kirseberg",
        (
            P("Bulltofta", 55.6040, 13.0600, 0.1, 0.5),
            P("Håkanstorp", 55.5990, 13.0510, -0.7, 1.0),
            P("Johanneslust", 55.6000, 13.0420, 0.2, 1.5),
            P("Kirsebergsstaden", 55.6050, 13.0300, 0.4, 6.0),
            P("Rostorp", 55.6120, 13.0300, 0.0, 1.5),
            P("Sege industriområde", 55.6195, 13.0440, 0.5, 0.04, 0.0),
            P("Segemölla", 55.6175, 13.0600, -0.4, 0.5),
            P("Segevång", 55.6110, 13.0430, 0.6, 4.0),
            P("Valdemarsro", 55.6080, 13.0520, 0.3, 1.5),
        ),
    ),
)

# Sub-areas on the Swedish Police's public lists of vulnerable areas in Malmö (published
# 2015-2023), under the sub-area names the demo uses. The demo must rank them as disadvantaged.
KNOWN_DISADVANTAGED: frozenset[str] = frozenset(
    {
        "Herrgården",
        "Törnrosen",
        "Örtagården",
        "Kryddgården",
        "Apelgården",
        "Södra Sofielund",
        "Lindängen",
        "Nydala",
        "Hermodsdal",
        "Holma",
        "Kroksbäck",
    }
)


@dataclass(frozen=True)
class SubArea:
    """A sub-area with its codes resolved."""

    code: str
    district_code: str
    district_name: str
    place: Place


def sub_areas() -> list[SubArea]:
    """Every sub-area in code order (district by district)."""
    return [
        SubArea(d.sub_area_code(i), d.code, d.name, place)
        for d in DISTRICTS
        for i, place in enumerate(d.places)
    ]
