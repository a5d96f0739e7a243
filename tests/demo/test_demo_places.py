"""Malmö's districts and sub-areas: real names, sensible codes, centres where the places are."""

from __future__ import annotations

import re

import pytest

from kraftsamling.demo.places import DISTRICTS, KNOWN_DISADVANTAGED, sub_areas

STADSDELAR = [
    "Centrum",
    "Södra innerstaden",
    "Västra innerstaden",
    "Limhamn-Bunkeflo",
    "Hyllie",
    "Fosie",
    "Oxie",
    "Husie",
    "Rosengård",
    "Kirseberg",
]


def test_the_ten_former_stadsdelar_in_order() -> None:
    assert [d.name for d in DISTRICTS] == STADSDELAR
    assert [d.code for d in DISTRICTS] == [f"1280-D{n:02d}" for n in range(1, 11)]


def test_number_of_sub_areas_is_within_the_brief() -> None:
    assert 80 <= len(sub_areas()) <= 136
    assert all(len(d.places) >= 5 for d in DISTRICTS)


def test_sub_area_codes_follow_the_contract() -> None:
    subs = sub_areas()
    codes = [s.code for s in subs]
    assert len(set(codes)) == len(codes)
    for s in subs:
        match = re.fullmatch(r"1280-(\d{2})-(\d{2})", s.code)
        assert match, s.code
        assert s.district_code == f"1280-D{match.group(1)}"
    # Fosie is district 6; its third sub-area in list order is Augustenborg.
    assert {s.place.name: s.code for s in subs}["Augustenborg"] == "1280-06-03"


def test_names_are_unique() -> None:
    names = [s.place.name for s in sub_areas()]
    assert len(set(names)) == len(names)


def test_publicly_listed_vulnerable_areas_are_present_and_disadvantaged() -> None:
    by_name = {s.place.name: s for s in sub_areas()}
    assert by_name.keys() >= KNOWN_DISADVANTAGED
    assert all(by_name[n].place.profile >= 1.8 for n in KNOWN_DISADVANTAGED)
    districts = {n: by_name[n].district_name for n in KNOWN_DISADVANTAGED}
    assert districts["Herrgården"] == "Rosengård"
    assert districts["Södra Sofielund"] == "Södra innerstaden"
    assert districts["Holma"] == districts["Kroksbäck"] == "Hyllie"
    assert districts["Lindängen"] == districts["Nydala"] == districts["Hermodsdal"] == "Fosie"


@pytest.mark.parametrize(
    ("name", "lat", "lon"),
    [
        # Rough positions given in the brief for each part of the city.
        ("Gamla staden", 55.605, 13.00),
        ("Herrgården", 55.585, 13.04),
        ("Hyllie", 55.56, 12.98),
        ("Limhamn", 55.58, 12.93),
        ("Oxie kyrkby", 55.54, 13.10),
        ("Husie", 55.58, 13.08),
        ("Kirsebergsstaden", 55.605, 13.03),
        ("Nydala", 55.57, 13.03),
        ("Slottsstaden", 55.60, 12.97),
        ("Möllevången", 55.59, 13.01),
    ],
)
def test_centres_lie_where_the_places_are(name: str, lat: float, lon: float) -> None:
    place = {s.place.name: s.place for s in sub_areas()}[name]
    assert abs(place.lat - lat) < 0.02
    assert abs(place.lon - lon) < 0.02
