"""Kolada API v3 client: id chunking, next_url paging, tidy rows, observations."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sources_fakes import FakeClock, Recorder, json_response, load_json

from kraftsamling.core.errors import InvalidInput, SourceUnavailable
from kraftsamling.stats.sources.kolada import (
    KoladaClient,
    KoladaValue,
    chunked,
    data_paths,
    to_observations,
)
from kraftsamling.stats.sources.tidy import Observation

BASE = "https://api.kolada.se/v3"
FIRST = f"{BASE}/data/kpi/N15428/municipality/1280,0000/year/2023,2024"
PAGES = [
    load_json("kolada/data_N15428_page1_DERIVED.json"),
    load_json("kolada/data_N15428_page2_DERIVED.json"),
    load_json("kolada/data_N15428_page3_empty_DERIVED.json"),
]
EMPTY: dict[str, Any] = {"count": 0, "values": []}


def _client(recorder: Recorder, clock: FakeClock) -> KoladaClient:
    return KoladaClient(transport=recorder.transport, clock=clock, sleep=clock.sleep)


def _paged(pages: list[dict[str, Any]]) -> Recorder:
    def route(request: httpx.Request) -> httpx.Response:
        page = int(request.url.params.get("page", "1"))
        return json_response(pages[page - 1])

    return Recorder(route)


def test_thirty_ids_are_sent_as_25_and_5(clock: FakeClock) -> None:
    kpis = [f"N{i:05d}" for i in range(30)]
    recorder = Recorder(lambda request: json_response(EMPTY))
    assert _client(recorder, clock).data(kpis, ["1280"], [2023]) == []
    urls = [str(r.url) for r in recorder.requests]
    assert urls == [
        f"{BASE}/data/kpi/{','.join(kpis[:25])}/municipality/1280/year/2023?per_page=5000",
        f"{BASE}/data/kpi/{','.join(kpis[25:])}/municipality/1280/year/2023?per_page=5000",
    ]


def test_every_segment_is_chunked() -> None:
    kpis = [f"N{i:05d}" for i in range(30)]
    municipalities = [f"{i:04d}" for i in range(1, 27)]  # 26 codes: 25 + 1
    paths = data_paths(kpis, municipalities, [2023, 2024])
    # 2 KPI chunks x 2 municipality chunks x 1 year chunk
    assert len(paths) == 4
    assert paths[1] == f"data/kpi/{','.join(kpis[:25])}/municipality/0026/year/2023,2024"
    assert [len(c) for c in chunked(kpis + kpis[:3])] == [25, 5]  # repeats dropped


def test_paths_without_municipality_or_without_years() -> None:
    assert data_paths(["N15428"], None, [2024]) == ["data/kpi/N15428/year/2024"]
    assert data_paths(["N15428"], ["1280"], None) == ["data/kpi/N15428/municipality/1280"]


def test_next_url_is_followed_until_empty(clock: FakeClock) -> None:
    recorder = _paged(PAGES)
    rows = _client(recorder, clock).data(["N15428"], ["1280", "0000"], [2023, 2024], per_page=2)
    assert [str(r.url) for r in recorder.requests] == [
        f"{FIRST}?per_page=2",
        PAGES[0]["next_url"],
        PAGES[1]["next_url"],
    ]
    assert PAGES[0]["next_url"] == f"{FIRST}?page=2&per_page=2"
    # gender T only, by default: one row per municipality and year (values from the files)
    assert rows == [
        KoladaValue("N15428", "1280", 2023, "T", 78.4, 1, ""),
        KoladaValue("N15428", "1280", 2024, "T", 79.0, 1, ""),
        KoladaValue("N15428", "0000", 2023, "T", 85.6, 1, ""),
        KoladaValue("N15428", "0000", 2024, "T", 85.2, 1, ""),
    ]


def test_all_genders_and_missing_values(clock: FakeClock) -> None:
    rows = _client(_paged(PAGES), clock).data(
        ["N15428"], ["1280", "0000"], [2023, 2024], gender=None
    )
    assert len(rows) == 12
    missing = [r for r in rows if r.value is None]
    assert missing == [KoladaValue("N15428", "0000", 2024, "K", None, 1, "Saknas")]


def test_older_next_page_key_is_followed(clock: FakeClock) -> None:
    old = []
    for page in PAGES:
        renamed = {k: v for k, v in page.items() if k != "next_url"}
        renamed["next_page"] = page["next_url"]
        old.append(renamed)
    rows = _client(_paged(old), clock).data(["N15428"], ["1280", "0000"], [2023, 2024])
    assert len(rows) == 4


def test_relative_next_url_is_resolved(clock: FakeClock) -> None:
    pages = [
        {**PAGES[0], "next_url": "/v3/data/kpi/N15428/year/2023?page=2&per_page=2"},
        {**PAGES[1], "next_url": None},
    ]
    recorder = _paged(pages)
    _client(recorder, clock).data(["N15428"], None, [2023])
    assert str(recorder.requests[1].url) == f"{BASE}/data/kpi/N15428/year/2023?page=2&per_page=2"


def test_a_repeating_next_url_stops_with_an_error(clock: FakeClock) -> None:
    loop = {**PAGES[0], "next_url": f"{FIRST}?page=1&per_page=2"}
    with pytest.raises(SourceUnavailable, match="repeats a page"):
        _client(_paged([loop]), clock).data(["N15428"], ["1280", "0000"], [2023, 2024])


def test_kpis_by_id_and_by_title(clock: FakeClock) -> None:
    catalogue = load_json("kolada/kpi_N02797_N15428_DERIVED.json")
    recorder = Recorder(lambda request: json_response(catalogue))
    client = _client(recorder, clock)
    kpis = client.kpis(["N02797", "N15428"])
    assert [k.id for k in kpis] == ["N02797", "N15428"]
    assert kpis[0].title == "Invånare 16-24 år som varken arbetar eller studerar, andel (%)"
    assert kpis[0].is_divided_by_gender is True
    client.kpis(title="behöriga")
    assert str(recorder.requests[0].url) == f"{BASE}/kpi/N02797,N15428?per_page=5000"
    assert recorder.requests[1].url.path == "/v3/kpi"
    assert recorder.requests[1].url.params["title"] == "behöriga"


def test_observations_keep_unprocessed_values(clock: FakeClock) -> None:
    rows = _client(_paged(PAGES), clock).data(["N15428"], ["1280", "0000"], [2023, 2024])
    obs = to_observations(rows, indicator={"N15428": "eligible_vocational"})
    assert obs[0] == Observation("1280", "eligible_vocational", 2023, 78.4)
    assert len(obs) == 4
    assert KoladaClient.source_label == "Källa: Kolada"


def test_observations_of_several_genders_are_duplicates(clock: FakeClock) -> None:
    rows = _client(_paged(PAGES), clock).data(["N15428"], ["1280"], [2023], gender=None)
    with pytest.raises(InvalidInput, match="Two values for area 1280, indicator N15428"):
        to_observations(rows)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda c: c.data(["N15428"], ["1280"], [2023], per_page=5001), "between 1 and 5000"),
        (lambda c: c.data(["N15428"], ["1280"], [2023], gender="X"), "one of T, K, M"),
        (lambda c: c.data(["N15428"]), "municipality ids, years or both"),
        (lambda c: c.data([], ["1280"]), "at least one KPI id"),
        (lambda c: c.data(["N15428,N1"], ["1280"]), "'N15428,N1' is not valid"),
        (lambda c: c.kpis(), "KPI ids or a title"),
    ],
)
def test_bad_arguments_are_refused_without_a_request(
    clock: FakeClock, call: Any, message: str
) -> None:
    recorder = Recorder(lambda request: json_response(EMPTY))
    with pytest.raises(InvalidInput, match=message):
        call(_client(recorder, clock))
    assert recorder.requests == []
