"""The pages: login required inside, public pages open, Swedish text, SVG with text alternatives."""

from __future__ import annotations

import re

from area_support import log_in
from fastapi.testclient import TestClient

NBSP = "\u00a0"


def test_anonymous_is_sent_to_login_from_internal_pages(client: TestClient) -> None:
    for path in ("/areas", "/areas?level=deso", "/areas/S1"):
        response = client.get(path)
        assert response.status_code == 303, path
        assert response.headers["location"].startswith("/login?next=")


def test_anonymous_sees_public_pages(client: TestClient) -> None:
    assert client.get("/public/areas/S1").status_code == 200
    assert client.get("/public/map").status_code == 200


def test_internal_list_and_profile(client: TestClient) -> None:
    log_in(client)
    listing = client.get("/areas?level=sub_area")
    assert listing.status_code == 200
    assert '<th scope="row"><a href="/areas/S1">Ängen</a></th>' in listing.text
    assert '<a href="/areas/D1">Norra</a>' in listing.text
    assert "Syntetiska demodata" in listing.text
    # Only the levels that have areas are offered (the test city has no DeSO or RegSO).
    assert '<option value="district">' in listing.text
    assert 'value="deso"' not in listing.text and 'value="regso"' not in listing.text
    page = client.get("/areas/S1")
    assert page.status_code == 200
    text = page.text
    for expected in (f"50,0{NBSP}%", f"45,0{NBSP}%", f"60,0{NBSP}%", f"42,0{NBSP}%"):
        assert expected in text
    assert f"45,8{NBSP}%" not in text  # the mean of percentages is never shown
    assert "<td>3</td>" in text and "<td>63</td>" in text  # internal: not suppressed
    assert text.count('<svg role="img"') == 2
    assert len(re.findall(r'<svg role="img" aria-labelledby="(chart-\d-title)"', text)) == 2
    assert '<title id="chart-1-title">Linjediagram: Antal Y' in text
    assert '<th scope="col">År</th>' in text and "<caption>" in text


def test_public_profile_hides_small_count_and_secondary_cell(client: TestClient) -> None:
    small = client.get("/public/areas/S1").text
    assert "dolt för att skydda enskilda (för få personer)" in small
    assert "<td>3</td>" not in small
    partner = client.get("/public/areas/S2").text
    assert "dolt så att ett annat dolt värde inte kan räknas fram" in partner
    assert "<td>40</td>" not in partner
    assert "<td>63</td>" in partner  # the city total stays public
    assert '<a href="/public/areas/D1">Norra</a>' in partner  # parent links stay public
    assert "<td>20</td>" in client.get("/public/areas/S3").text


def test_public_map_svg_has_one_linked_titled_path_per_sub_area(client: TestClient) -> None:
    page = client.get("/public/map?indicator=share_x&year=2022")
    assert page.status_code == 200
    svg = page.text.split('<svg role="group"', 1)[1].split("</svg>", 1)[0]
    assert svg.count("<path ") == 3
    for code, name, value in (
        ("S1", "Ängen", "50,0"),
        ("S2", "Backen", "75,0"),
        ("S3", "Hamnen", "12,5"),
    ):
        label = f"{name}: {value}{NBSP}%"
        assert f'<a href="/public/areas/{code}" aria-label="{label}">' in svg
        assert f"<title>{label}</title>" in svg
    assert '<title id="map-title">' in svg
    assert '<select id="indicator" name="indicator">' in page.text
    assert '<label for="year">År</label>' in page.text
    assert '<option value="2022" selected>' in page.text
    assert "Syntetiska demodata" in page.text
    assert re.search(r'(src|href)="(https?:)?//', page.text) is None  # nothing from another host


def test_map_table_shows_suppression(client: TestClient) -> None:
    page = client.get("/public/map?indicator=count_y&year=").text
    assert "dolt för att skydda enskilda (för få personer)" in page
    assert "<td>20</td>" in page and "<td>40</td>" not in page


def test_unknown_area_and_bad_year(client: TestClient) -> None:
    missing = client.get("/public/areas/NOPE")
    assert missing.status_code == 404
    assert (
        '<html lang="sv">' in missing.text and "Sidan eller uppgiften finns inte." in missing.text
    )
    assert client.get("/public/map?year=abc").status_code == 422


def test_english_on_request(client: TestClient) -> None:
    page = client.get("/public/areas/S1?lang=en").text
    assert "Synthetic demo data" in page and "Share X" in page
    assert "hidden to protect individuals (too few people)" in page


def test_numbers_follow_the_page_language(client: TestClient) -> None:
    # S3 2023: 10 of 40, a share of 25 %, shown with one decimal.
    assert "25,0\u00a0%" in client.get("/public/areas/S3").text
    english = client.get("/public/areas/S3?lang=en").text
    assert "25.0\u00a0%" in english and "25,0\u00a0%" not in english


def test_the_language_link_keeps_the_page_s_query(client: TestClient) -> None:
    page = client.get("/public/map?indicator=share_x&year=2022").text
    assert 'href="?indicator=share_x&amp;year=2022&amp;lang=en"' in page
    back = client.get("/public/map?indicator=share_x&year=2022&lang=en").text
    assert 'href="?indicator=share_x&amp;year=2022&amp;lang=sv"' in back
    # Relative to the page, so a path that looks like another host's address stays here.
    odd = client.get("//elsewhere.example/x").text
    assert 'href="?lang=sv"' in odd and 'href="//elsewhere.example' not in odd


def test_an_unknown_area_is_named_shortly_in_the_reader_s_language(client: TestClient) -> None:
    page = client.get("/public/areas/" + "X" * 5000)
    assert page.status_code == 404
    assert "Det finns inget område med koden " + "X" * 39 + "…" in page.text
    assert "koden " + "X" * 41 not in page.text
    english = client.get("/public/areas/NOPE?lang=en")
    assert "There is no area with the code NOPE." in english.text
    unknown = client.get("/public/map?indicator=nope&lang=sv")
    assert "finns ingen indikator med id nope" in unknown.text
