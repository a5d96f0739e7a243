"""Area queries on SQLite and PostgreSQL: lists, the re-added city value, suppression, the map."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session, sessionmaker

from kraftsamling.areas import service
from kraftsamling.core.errors import InvalidInput, NotFound


def test_list_areas_per_level_with_parents(city_data: sessionmaker[Session]) -> None:
    with city_data() as session:
        listing = service.list_areas(session, level="sub_area")
        districts = service.list_areas(session, level="stadsområde")
        with pytest.raises(InvalidInput, match="level"):
            service.list_areas(session, level="planet")
    assert [(r.code, r.parent.code if r.parent else None) for r in listing.rows] == [
        ("S2", "D1"),  # Backen
        ("S3", "D2"),  # Hamnen
        ("S1", "D1"),  # Ängen sorts last
    ]
    assert listing.synthetic
    assert [r.code for r in districts.rows] == ["D1", "D2"]


def test_profile_city_value_re_adds_numerators_and_denominators(
    city_data: sessionmaker[Session],
) -> None:
    with city_data() as session:
        profile = service.area_profile(session, code="S1", public=False)
    share = next(s for s in profile.series if s.id == "share_x")
    assert [(p.year, p.value, p.city) for p in share.points] == [
        (2022, 50.0, 45.0),
        (2023, 60.0, 42.0),
    ]
    count = next(s for s in profile.series if s.id == "count_y")
    assert [(p.value, p.city, p.hidden) for p in count.points] == [(3.0, 63.0, None)]
    assert profile.parent is not None and profile.parent.code == "D1"
    assert profile.city is not None and profile.city.code == "1280"


def test_public_profile_suppresses_small_count_and_its_secondary_partner(
    city_data: sessionmaker[Session],
) -> None:
    with city_data() as session:
        small = service.area_profile(session, code="S1", public=True)
        partner = service.area_profile(session, code="S2", public=True)
        safe = service.area_profile(session, code="S3", public=True)
        district = service.area_profile(session, code="D1", public=True)

    def count_point(profile: service.AreaProfile) -> service.Point:
        return next(s for s in profile.series if s.id == "count_y").points[0]

    assert (count_point(small).value, count_point(small).hidden) == (None, "primary")
    assert (count_point(partner).value, count_point(partner).hidden) == (None, "secondary")
    assert (count_point(safe).value, count_point(safe).hidden) == (20.0, None)
    assert count_point(safe).city == 63.0
    assert (count_point(district).value, count_point(district).hidden) == (43.0, None)
    # Shares with denominators of 20 and 40 pass the default rule (10 or more).
    assert next(s for s in small.series if s.id == "share_x").points[0].value == 50.0


def test_district_and_city_profiles_are_re_added_from_sub_areas(
    city_data: sessionmaker[Session],
) -> None:
    with city_data() as session:
        district = service.area_profile(session, code="D1", public=False)
        city = service.area_profile(session, code="1280", public=True)
        with pytest.raises(NotFound, match="NOPE"):
            service.area_profile(session, code="NOPE", public=False)
    assert [c.code for c in district.children] == ["S2", "S1"]
    share = next(s for s in district.series if s.id == "share_x")
    # D1 = S1 + S2: 2022 (10 + 30) / (20 + 40) = 66.67 %; 2023 (12 + 20) / (20 + 40) = 53.33 %.
    assert [(p.year, round(p.value or 0, 2), p.city) for p in share.points] == [
        (2022, 66.67, 45.0),
        (2023, 53.33, 42.0),
    ]
    count = next(s for s in district.series if s.id == "count_y")
    assert [(p.value, p.city) for p in count.points] == [(43.0, 63.0)]
    city_share = next(s for s in city.series if s.id == "share_x")
    assert [(p.value, p.city) for p in city_share.points] == [(45.0, 45.0), (42.0, 42.0)]


def test_public_map_one_shape_per_sub_area(city_data: sessionmaker[Session]) -> None:
    with city_data() as session:
        result = service.public_map(session, indicator_id="share_x", year=2022)
        default = service.public_map(session, indicator_id=None, year=None)
        with pytest.raises(NotFound):
            service.public_map(session, indicator_id="share_x", year=1999)
        with pytest.raises(NotFound):
            service.public_map(session, indicator_id="nope", year=None)
    assert [a.code for a in result.areas] == ["S2", "S3", "S1"]
    values = {a.code: a.value for a in result.areas}
    assert values == {"S1": 50.0, "S2": 75.0, "S3": 12.5}
    # Three values in five equal-count classes: every value is its own class bound.
    classes = {a.code: a.class_index for a in result.areas}
    assert classes == {"S3": 0, "S1": 1, "S2": 2}
    assert result.years == (2022, 2023)
    assert (default.indicator and default.indicator.id, default.year) == ("count_y", 2023)
    hidden = {a.code: a.hidden for a in default.areas}
    assert hidden == {"S1": "primary", "S2": "secondary", "S3": None}
