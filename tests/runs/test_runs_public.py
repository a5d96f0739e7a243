"""The run page's map, and the public page and API on how the index is built (no login)."""

from __future__ import annotations

import html
import json
import re

from fastapi.testclient import TestClient
from runs_support import TINY_SPEC, decide
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from web_support import COORDINATOR, csrf_from, login

from kraftsamling.core.db import transaction
from kraftsamling.stats.models import Area

NBSP = "\u00a0"


# The tiny spec with a method source and a universe on a population column.
SOURCED_SPEC = (
    TINY_SPEC.replace(
        'name = "Litet testindex"',
        'name = "Källindex"\nsource = "Own method; evidence: OECD/JRC (2008)"\n'
        'source_sv = "Egen metod; underlag: OECD/JRC (2008)"',
    )
    + '\n[universe]\npopulation_column = "jobs"\nmin_population = 2\n'
)


def _create(client: TestClient, spec: str | None = None) -> int:
    login(client, COORDINATOR)
    token = csrf_from(client.get("/index-runs/new").text)
    data = {"csrf_token": token, "spec": "tiny", "year": "2024", "n_draws": "10", "seed": "3"}
    files = {"spec_file": ("egen.toml", spec.encode(), "application/toml")} if spec else None
    response = client.post("/index-runs", data=data, files=files)
    assert response.status_code == 303, response.text
    return int(response.headers["location"].rsplit("/", 1)[1])


def _add_boundaries(factory: sessionmaker[Session]) -> None:
    with transaction(factory) as session:
        for i, area in enumerate(session.scalars(select(Area).order_by(Area.code))):
            west = 13.0 + 0.01 * i
            ring = [[west, 55.6], [west + 0.01, 55.6], [west + 0.01, 55.61], [west, 55.61],
                    [west, 55.6]]  # fmt: skip
            area.boundary = json.dumps({"type": "Polygon", "coordinates": [ring]})


def test_run_page_draws_a_linked_map_with_text_labels(
    client: TestClient, seeded: sessionmaker[Session]
) -> None:
    _add_boundaries(seeded)
    page = client.get(f"/index-runs/{_create(client)}").text
    svg = page.split('<svg role="group" aria-labelledby="run-map-title"', 1)[1].split("</svg>")[0]
    assert svg.count("<path ") == 6
    # The tiny spec sums two indicators' percentile ranks: A1 is top on both, 1 + 1 = 2.
    label = "Område A1: poäng 2,000, rang 1"
    assert f'<a href="/areas/A1" aria-label="{label}">' in svg and f"<title>{label}</title>" in svg
    assert '<title id="run-map-title">Karta över områdena färgade efter indexpoängen' in svg
    legend = page.split('<ul class="legend">', 1)[1].split("</ul>", 1)[0]
    assert "0,000 – 0,400" in legend and "rangordnas inte eller saknas" in legend
    # The map comes before the ranking table, which holds the same numbers.
    assert page.index("run-map-title") < page.index('<table class="ranking">')


def test_run_page_without_boundaries_says_so(client: TestClient) -> None:
    page = client.get(f"/index-runs/{_create(client)}").text
    assert "har inga gränser att rita en karta av" in page
    assert 'aria-labelledby="run-map-title"' not in page


def test_method_page_before_any_run(client: TestClient) -> None:
    page = client.get("/public/index")
    assert page.status_code == 200
    assert "<h1>Så byggs indexet</h1>" in page.text
    assert "Det finns ännu ingen färdig indexkörning" in page.text
    missing = client.get("/api/v1/public/index")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"


def test_anonymous_reads_how_the_index_is_built(client: TestClient) -> None:
    _create(client)
    client.post("/logout", data={"csrf_token": csrf_from(client.get("/index-runs").text)})
    page = client.get("/public/index")
    assert page.status_code == 200 and "Logga in" in page.text  # nobody is logged in
    text = page.text
    assert "<h2>Litet testindex</h2>" in text and "statistik för 2024" in text
    assert re.search(
        r"den senaste färdiga körningen \(\d{4}-\d\d-\d\d\), eftersom inga målområden är "
        r"beslutade ännu\.",
        text,
    )
    rows = re.findall(r'<th scope="row">([^<]+)</th>\s*<td>([^<]+)</td>\s*<td>([^<]+)</td>'
                      r"\s*<td>([^<]+)</td>\s*<td>([^<]+)</td>", text)  # fmt: skip
    assert rows == [
        ("Fattigdom", "högre värde = mer utsatt", "1", "direkt i indexet", f"50,0{NBSP}%"),
        ("Sysselsättning", "högre värde = mindre utsatt", "1", "direkt i indexet",
         f"50,0{NBSP}%"),
    ]  # fmt: skip
    assert "<h3>Normalisering</h3>" in text and "<h3>Klassindelning</h3>" in text
    assert "Rangordningen räknades om 10 gånger (Monte Carlo-dragningar, slumpfrö 3)" in text
    assert "mellan 0,75 och 1,25" in text and "sannolikheten 10" in text
    assert "percentilrang, z-värden eller min-max-skalning" in text
    # The method in words names the indicators as the table does, in Swedish words.
    assert "Indexets poäng: summan av Fattigdom (vikt 1), Sysselsättning (vikt 1)" in text
    assert "lika värden får den lägsta rangen" in text
    for leak in ("ties", "(score)", "kolumnen percentile", "poverty", "jobs"):
        assert leak not in text.split("<h2>Metoden steg för steg</h2>", 1)[1], leak
    assert '<a href="/public/map">' in text
    english = client.get("/public/index?lang=en").text
    assert "<h1>How the index is built</h1>" in english and "<h3>Normalisation</h3>" in english
    assert "higher value = less vulnerable" in english


def test_method_page_names_the_run_the_target_areas_were_decided_on(
    client: TestClient, seeded: sessionmaker[Session]
) -> None:
    decided = _create(client, spec=SOURCED_SPEC)
    _create(client)  # newer, but not the one decided on
    with transaction(seeded) as session:
        decide(session, decided)
    text = html.unescape(client.get("/public/index").text)
    assert re.search(
        r"i den körning som de gällande målområdena beslutades utifrån \(körningen blev klar "
        r"\d{4}-\d\d-\d\d\)\.",
        text,
    )
    assert "senaste färdiga" not in text and "<h2>Källindex</h2>" in text
    assert "Källor som metoden bygger på: Egen metod; underlag: OECD/JRC (2008)" in text
    steps = text.split("<h2>Metoden steg för steg</h2>", 1)[1]
    assert "Områden med en folkmängd under 2 rangordnas inte" in steps and "jobs" not in steps
    english = html.unescape(client.get("/public/index?lang=en").text)
    assert "in the run the current target areas were decided on (the run finished" in english
    assert "Sources the method builds on: Own method; evidence: OECD/JRC (2008)" in english
    assert client.get("/api/v1/public/index").json()["decided"] is True


def test_method_api_is_anonymous_and_matches_the_page(client: TestClient) -> None:
    _create(client)
    body = client.get("/api/v1/public/index").json()
    assert body["spec_id"] == "tiny" and body["year"] == 2024
    assert [(i["id"], i["name_sv"], i["share"]) for i in body["indicators"]] == [
        ("poverty", "Fattigdom", 0.5),
        ("jobs", "Sysselsättning", 0.5),
    ]
    assert body["uncertainty"]["n_draws"] == 10
    assert body["uncertainty"]["steps"] == ["weights", "normalisation", "inclusion"]
    assert body["sections"][0]["heading"] == "Vilka områden rangordnas"
    # The aggregation's list and the sentence after it keep their order.
    aggregation = next(s for s in body["sections"] if s["heading"] == "Sammanvägning")
    assert [b["kind"] for b in aggregation["blocks"]] == ["list", "text"]
    assert aggregation["blocks"][1]["lines"][0].startswith("Rang 1 = mest utsatt")
    english = client.get("/api/v1/public/index?lang=en").json()
    assert english["sections"][0]["heading"] == "Which areas are ranked"
    bad = client.get("/api/v1/public/index?lang=fi")
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "invalid_input"


def test_openapi_tags_the_public_and_area_endpoints(client: TestClient) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert paths["/api/v1/public/index"]["get"]["tags"] == ["public"]
    assert paths["/api/v1/public/map"]["get"]["tags"] == ["public"]
    assert paths["/api/v1/public/areas/{code}"]["get"]["tags"] == ["public"]
    assert paths["/api/v1/areas"]["get"]["tags"] == ["areas"]
    assert "401" in paths["/api/v1/areas/{code}"]["get"]["responses"]
    assert "/public/index" not in paths
