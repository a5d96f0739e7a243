"""PxWebApi 2.0 client against SCB's recorded responses (config, tables, TAB6471)."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from sources_fakes import BASE, CONFIG, DATA, TABLES, FakeClock, FakeScb

from kraftsamling.core.errors import InvalidInput
from kraftsamling.stats.sources.jsonstat import parse_dataset
from kraftsamling.stats.sources.pxweb import to_observations
from kraftsamling.stats.sources.selection import count_cells, selection_body, split_selection
from kraftsamling.stats.sources.tidy import Observation, year_of_period

REGIONS = list(DATA["dimension"]["Region"]["category"]["index"])  # the 21 counties
AGES = list(DATA["dimension"]["Alder"]["category"]["index"])  # 11 ten-year bands
MONTHS = ["2026M01", "2026M02", "2026M03", "2026M04"]


def _tables_page(number: int, ids: list[str], last: bool) -> dict[str, Any]:
    """A later page in the recorded page's shape: its entries re-numbered, links adjusted."""
    page = copy.deepcopy(TABLES)
    page["tables"] = [{**page["tables"][i % 20], "id": table_id} for i, table_id in enumerate(ids)]
    links = [
        {"rel": "next", "hreflang": "sv", "href": f"{BASE}/tables/?pageNumber={number + 1}"},
        {"rel": "last", "hreflang": "sv", "href": f"{BASE}/tables/?pageNumber={number + 1}"},
    ]
    page["page"].update(pageNumber=number, links=[] if last else links)
    return page


def test_config_is_read_and_sets_the_rate_limit(clock: FakeClock) -> None:
    scb = FakeScb()
    client = scb.client(clock)
    config = client.config()
    assert config.max_data_cells == 150000
    assert (config.max_calls_per_time_window, config.time_window) == (3, 1.0)
    assert client.source_label == "Källa: SCB"
    assert client.config() is config  # fetched once
    # 1 config call + 3 more at time 0 would be 4 in one second; the limit is 3 per second
    for _ in range(3):
        client.metadata("TAB6471")
        client._metadata.clear()
    assert clock.sleeps == [1.0]


def test_tables_follow_pages_until_no_next_link(clock: FakeClock) -> None:
    scb = FakeScb()
    scb.pages[2] = _tables_page(2, ["TAB9001", "TAB9002", "TAB9003"], last=False)
    scb.pages[3] = _tables_page(3, ["TAB9004"], last=True)
    tables = scb.client(clock).tables("befolkning", page_size=20)
    first_page = [t["id"] for t in TABLES["tables"]]
    assert [t.id for t in tables] == [*first_page, "TAB9001", "TAB9002", "TAB9003", "TAB9004"]
    assert tables[0].id == "TAB4707"
    assert (tables[0].first_period, tables[0].last_period) == ("2015M04", "2026M03")
    assert tables[0].time_unit == "Monthly"
    listing = [r for r in scb.recorder.requests if r.url.path.endswith("/tables")]
    assert [dict(r.url.params) for r in listing] == [
        {"lang": "sv", "pageSize": "20", "query": "befolkning", "pageNumber": str(n)}
        for n in (1, 2, 3)
    ]


def test_tables_first_page_only(clock: FakeClock) -> None:
    scb = FakeScb()
    assert len(scb.client(clock).tables(all_pages=False)) == 20
    assert scb.paths() == ["/config", "/tables"]


def test_tables_stop_at_max_pages(clock: FakeClock) -> None:
    scb = FakeScb()
    scb.pages[2] = _tables_page(2, ["TAB9001"], last=False)
    assert len(scb.client(clock).tables(max_pages=2)) == 21
    assert scb.paths() == ["/config", "/tables", "/tables"]


def test_metadata_is_parsed_and_cached(clock: FakeClock) -> None:
    scb = FakeScb()
    client = scb.client(clock)
    meta = client.metadata("TAB6471")
    assert meta.size == (312, 134, 3, 1, 16)
    assert client.metadata("TAB6471") is meta
    assert scb.paths() == ["/config", "/tables/TAB6471/metadata"]
    assert scb.recorder.requests[1].url.params["lang"] == "sv"


def test_data_request_body_and_result(clock: FakeClock) -> None:
    scb = FakeScb()
    ds = scb.client(clock).data(
        "TAB6471", {"Region": ["12", "01"], "Alder": ["20-29"], "Kon": ["2"], "Tid": ["2026M04"]}
    )
    (request,) = [r for r in scb.recorder.requests if r.method == "POST"]
    assert str(request.url) == f"{BASE}/tables/TAB6471/data?lang=sv&outputFormat=json-stat2"
    # variables in the table's order; ContentsCode cannot be eliminated, so all of it is asked
    assert json.loads(request.content) == {
        "selection": [
            {"variableCode": "Region", "valueCodes": ["12", "01"]},
            {"variableCode": "Alder", "valueCodes": ["20-29"]},
            {"variableCode": "Kon", "valueCodes": ["2"]},
            {"variableCode": "ContentsCode", "valueCodes": ["000007SF"]},
            {"variableCode": "Tid", "valueCodes": ["2026M04"]},
        ]
    }
    # raw value index 1223 (see test_sources_jsonstat): Skåne, 20-29, women, 2026M04
    coords = {"Region": "12", "Alder": "20-29", "Kon": "2", "ContentsCode": "000007SF"}
    assert ds.cell({**coords, "Tid": "2026M04"}) == 83498.0


def test_eliminable_variables_left_out_are_not_sent(clock: FakeClock) -> None:
    scb = FakeScb()
    client = scb.client(clock)
    bodies = client.plan("TAB6471", {"Alder": ["20-29"], "Tid": ["2026M01"]})
    variables = [s["variableCode"] for s in bodies[0]["selection"]]
    # Region and Kon may be eliminated (metadata extension.elimination = true)
    assert variables == ["Alder", "ContentsCode", "Tid"]


def test_star_selects_every_value_of_the_metadata(clock: FakeClock) -> None:
    client = FakeScb().client(clock)
    (body,) = client.plan("TAB6471", {"Alder": ["20-29"], "Tid": ["*"]})
    tid = body["selection"][-1]
    assert tid["variableCode"] == "Tid" and len(tid["valueCodes"]) == 16
    assert tid["valueCodes"][0] == "2025M01" and tid["valueCodes"][-1] == "2026M04"


def test_request_is_split_above_max_data_cells_and_merged(clock: FakeClock) -> None:
    scb = FakeScb({**CONFIG, "maxDataCells": 1000})
    selection = {"Region": REGIONS, "Alder": AGES, "Kon": ["TotSa", "1", "2"], "Tid": MONTHS}
    ds = scb.client(clock).data("TAB6471", selection)
    bodies = scb.recorder.bodies()
    # 21*11*3*1*4 = 2772 cells > 1000: Region (the widest, 21) is cut; the rest is
    # 11*3*1*4 = 132 cells per region, 1000 // 132 = 7 regions per request -> 3 requests
    assert [b["selection"][0]["valueCodes"] for b in bodies] == [
        REGIONS[0:7],
        REGIONS[7:14],
        REGIONS[14:21],
    ]
    assert REGIONS[0:7] == ["01", "03", "04", "05", "06", "07", "08"]
    for body in bodies:
        cells = 1
        for item in body["selection"]:
            cells *= len(item["valueCodes"])
        assert cells == 924
    assert ds.values == parse_dataset(DATA).values
    # config, metadata and the first data call fill the window at time 0 (3 per second);
    # the second data call waits 1 s, and the third fits in the new window beside it
    assert clock.sleeps == [1.0]


def test_split_selection_two_levels() -> None:
    sel = {"Region": REGIONS, "Alder": AGES, "Kon": ["TotSa", "1", "2"], "Tid": MONTHS}
    parts = split_selection(sel, 100)
    # one region is 132 cells > 100: regions go one by one, then Alder (11 codes, 12 cells
    # each) is cut into 100 // 12 = 8 and 3 -> 2 parts per region, 42 in all
    assert len(parts) == 42
    assert [len(p["Alder"]) for p in parts[:2]] == [8, 3]
    assert all(count_cells(p) <= 100 for p in parts)
    assert sum(count_cells(p) for p in parts) == 2772


def test_split_selection_refuses_zero() -> None:
    with pytest.raises(InvalidInput, match="at least 1"):
        split_selection({"a": ["1"]}, 0)


def test_codelist_is_sent_as_code_list(clock: FakeClock) -> None:
    client = FakeScb().client(clock)
    (body,) = client.plan(
        "TAB6471",
        {"Region": ["1280"], "Alder": ["20-29"], "Tid": ["2026M01"]},
        codelists={"Region": "vs_RegionKommun07"},
    )
    assert body["selection"][0] == {
        "variableCode": "Region",
        "valueCodes": ["1280"],
        "codeList": "vs_RegionKommun07",
    }
    assert selection_body({"Tid": ["2024"]}) == {
        "selection": [{"variableCode": "Tid", "valueCodes": ["2024"]}]
    }


@pytest.mark.parametrize(
    ("selection", "message"),
    [
        ({"Region": ["9999"]}, "Dimension 'Region' has no category '9999'"),
        ({"Kommun": ["1280"]}, "Unknown variable.*Kommun.*Region, Alder, Kon, ContentsCode, Tid"),
        ({"Tid": []}, "Selection for 'Tid' is empty"),
    ],
)
def test_bad_selections_are_refused_before_any_data_request(
    clock: FakeClock, selection: dict[str, list[str]], message: str
) -> None:
    scb = FakeScb()
    with pytest.raises(InvalidInput, match=message):
        scb.client(clock).data("TAB6471", selection)
    assert scb.recorder.bodies() == []


def test_unknown_table_is_not_found(clock: FakeClock) -> None:
    from kraftsamling.core.errors import NotFound

    with pytest.raises(NotFound, match="TAB0000"):
        FakeScb().client(clock).metadata("TAB0000")


def test_observations_from_tab6471() -> None:
    ds = parse_dataset(DATA)
    obs = to_observations(
        ds,
        fixed={"Alder": "20-29", "Kon": "2", "Tid": "2026M04"},
        indicator={"000007SF": "population"},
        period_to_year=year_of_period,
    )
    assert len(obs) == 21
    assert Observation("12", "population", 2026, 83498.0) in obs
    assert obs[0].area == "01"


def test_observations_name_dimensions_explicitly() -> None:
    ds = parse_dataset(DATA)
    obs = to_observations(
        ds,
        region="Region",
        time="Tid",
        content="ContentsCode",
        fixed={"Alder": "100+10", "Kon": "2", "Tid": "2026M04"},
        period_to_year=year_of_period,
    )
    assert [o for o in obs if o.area == "25"] == [Observation("25", "000007SF", 2026, 54.0)]


def test_observations_need_one_category_per_other_dimension() -> None:
    ds = parse_dataset(DATA)
    with pytest.raises(InvalidInput, match="Dimension 'Alder' has 11 categories"):
        to_observations(ds, fixed={"Kon": "2"})


def test_monthly_periods_are_not_years_by_default() -> None:
    ds = parse_dataset(DATA)
    with pytest.raises(InvalidInput, match="Period '2026M01' is not a year"):
        to_observations(ds, fixed={"Alder": "20-29", "Kon": "2"})


def test_several_months_in_one_year_are_duplicates() -> None:
    ds = parse_dataset(DATA)
    with pytest.raises(InvalidInput, match="Two values for area 01, indicator 000007SF, year 2026"):
        to_observations(ds, fixed={"Alder": "20-29", "Kon": "2"}, period_to_year=year_of_period)
