"""``kraftsamling sources``: the --live gate and tidy CSV output, over recorded responses."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import httpx
import pytest
from sources_fakes import FakeClock, FakeScb, Recorder, json_response, load_json
from typer.testing import CliRunner

from kraftsamling.core.errors import InvalidInput
from kraftsamling.stats.sources.cli import app, parse_select

runner = CliRunner()


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _kolada() -> Recorder:
    pages = [
        load_json("kolada/data_N15428_page1_DERIVED.json"),
        load_json("kolada/data_N15428_page2_DERIVED.json"),
        load_json("kolada/data_N15428_page3_empty_DERIVED.json"),
    ]
    return Recorder(lambda r: json_response(pages[int(r.url.params.get("page", "1")) - 1]))


def _obj(transport: httpx.BaseTransport, clock: FakeClock) -> dict[str, Any]:
    return {"transport": transport, "clock": clock, "sleep": clock.sleep}


@pytest.mark.parametrize(
    "args",
    [
        ["scb-tables"],
        ["scb-data", "TAB6471", "--select", "Alder=20-29", "--out", "x.csv"],
        ["kolada-data", "N15428", "--municipality", "1280", "--year", "2023", "--out", "x.csv"],
    ],
)
def test_commands_refuse_the_network_without_live(args: list[str], clock: FakeClock) -> None:
    recorder = Recorder(lambda r: json_response({}))
    result = runner.invoke(app, args, obj=_obj(recorder.transport, clock))
    assert isinstance(result.exception, InvalidInput)
    assert "add --live or set KRAFTSAMLING_ALLOW_NETWORK=true" in str(result.exception)
    assert recorder.requests == []


def test_environment_variable_allows_the_network(
    monkeypatch: pytest.MonkeyPatch, clock: FakeClock
) -> None:
    monkeypatch.setenv("KRAFTSAMLING_ALLOW_NETWORK", "true")
    scb = FakeScb()
    result = runner.invoke(
        app, ["scb-tables", "--max-pages", "1"], obj=_obj(scb.recorder.transport, clock)
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert len(lines) == 20
    assert lines[0].startswith("TAB4707\t2015M04-2026M03\tAntal pågående anställningar")


def test_scb_data_writes_tidy_csv(tmp_path: Path, clock: FakeClock) -> None:
    scb = FakeScb()
    out = tmp_path / "scb.csv"
    args = [
        "scb-data", "TAB6471", "--live",
        "--select", "Region=12,25", "--select", "Alder=20-29", "--select", "Kon=2",
        "--select", "Tid=2026M04", "--year-from-period", "--indicator", "population",
        "--out", str(out),
    ]  # fmt: skip
    result = runner.invoke(app, args, obj=_obj(scb.recorder.transport, clock))
    assert result.exit_code == 0, result.output
    assert "Wrote 2 rows" in result.output and "Källa: SCB" in result.output
    # women 20-29 in 2026M04: Skåne is raw value index 1223 (see test_sources_jsonstat);
    # Norrbotten (Region position 20) is (((20*11 + 2)*3 + 2)*1 + 0)*4 + 3 = 2675
    raw = load_json("pxweb/pxweb_v2_scb_TAB6471_data.json")["value"]
    assert (raw[1223], raw[2675]) == (83498, 12290)
    assert _read_csv(out) == [
        {"area": "12", "indicator": "population", "year": "2026", "value": "83498"},
        {"area": "25", "indicator": "population", "year": "2026", "value": "12290"},
    ]
    (body,) = scb.recorder.bodies()
    assert body["selection"][0] == {"variableCode": "Region", "valueCodes": ["12", "25"]}


def test_kolada_data_writes_tidy_csv(tmp_path: Path, clock: FakeClock) -> None:
    recorder = _kolada()
    out = tmp_path / "kolada.csv"
    args = ["kolada-data", "N15428", "-m", "1280,0000", "-y", "2023", "-y", "2024"]
    result = runner.invoke(
        app, [*args, "--out", str(out), "--live"], obj=_obj(recorder.transport, clock)
    )
    assert result.exit_code == 0, result.output
    assert "Källa: Kolada" in result.output
    assert str(recorder.requests[0].url) == (
        "https://api.kolada.se/v3/data/kpi/N15428/municipality/1280,0000/year/2023,2024"
        "?per_page=5000"
    )
    rows = _read_csv(out)
    assert list(rows[0]) == ["area", "indicator", "year", "value"]
    assert rows[0] == {"area": "1280", "indicator": "N15428", "year": "2023", "value": "78.4"}
    assert [r["area"] for r in rows] == ["1280", "1280", "0000", "0000"]


def test_kolada_year_must_be_a_number(tmp_path: Path, clock: FakeClock) -> None:
    args = ["kolada-data", "N15428", "-m", "1280", "-y", "last", "--out", "x.csv", "--live"]
    result = runner.invoke(app, args, obj=_obj(_kolada().transport, clock))
    assert isinstance(result.exception, InvalidInput)
    assert "--year expects years" in str(result.exception)


def test_parse_select() -> None:
    assert parse_select(["Region=1280,0180", "Tid=*", "Region=1480"]) == {
        "Region": ["1280", "0180", "1480"],
        "Tid": ["*"],
    }
    with pytest.raises(InvalidInput, match="DIM=CODE1,CODE2"):
        parse_select(["Region"])
    with pytest.raises(InvalidInput, match="DIM=CODE1,CODE2"):
        parse_select(["Region="])
