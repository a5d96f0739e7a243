"""``kraftsamling stats`` commands on a fresh SQLite file (migrated by the commands themselves)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kraftsamling.core.migrate import current_revision
from kraftsamling.stats.cli import app

AREAS = """code,name,level,parent_code
1280,Malmö,municipality,
1280-D01,Centrum,district,1280
1280-01-01,Gamla staden,sub_area,1280-D01
1280-01-02,Inre hamnen,sub_area,1280-D01
"""
INDICATORS = """id,name_sv,unit,direction
child_poverty,Barnfattigdom,percent,higher_is_worse
"""
OBSERVATIONS = """area;indicator;year;value;numerator;denominator
1280-01-01;child_poverty;2024;50,0;10;20
1280-01-02;child_poverty;2024;75,0;30;40
"""
SQUARE = [[[13.0, 55.6], [13.01, 55.6], [13.01, 55.61], [13.0, 55.6]]]


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def files(tmp_path: Path) -> Path:
    (tmp_path / "areas.csv").write_text(AREAS, encoding="utf-8")
    (tmp_path / "indicators.csv").write_text(INDICATORS, encoding="utf-8")
    (tmp_path / "obs.csv").write_text(OBSERVATIONS, encoding="utf-8")
    features = [{"type": "Feature", "properties": {"code": "1280-01-01"},
                 "geometry": {"type": "Polygon", "coordinates": SQUARE}}]  # fmt: skip
    (tmp_path / "b.geojson").write_text(
        json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8"
    )
    return tmp_path


def test_import_aggregate_and_export(files: Path) -> None:
    url = f"sqlite:///{files}/db/k.sqlite3"
    runner = CliRunner()

    def run(*args: str) -> str:
        result = runner.invoke(app, [*args, "--database-url", url])
        assert result.exit_code == 0, result.output
        return _flat(result.stdout)

    out = run("import-areas", str(files / "areas.csv"), "--boundaries", str(files / "b.geojson"))
    assert "4 areas created, 0 updated" in out
    assert current_revision(url) is not None  # the command migrated the new database
    assert "1 indicators created" in run("import-indicators", str(files / "indicators.csv"))
    assert "2 observations created, 0 replaced" in run("import", str(files / "obs.csv"))
    out = run("aggregate", "child_poverty", "2024", "--level", "district")
    # (10 + 30) / (20 + 40) = 66,67 % in Swedish notation
    assert "1280-D01" in out and "66,67" in out
    assert "Wrote 1 area boundaries" in run("export-boundaries", str(files / "out.geojson"))
    assert json.loads((files / "out.geojson").read_text())["features"][0]["properties"]["code"] == (
        "1280-01-01"
    )


def test_rejected_import_lists_problems_and_exits_2(files: Path) -> None:
    url = f"sqlite:///{files}/k.sqlite3"
    runner = CliRunner()
    for args in (["import-areas", str(files / "areas.csv")],
                 ["import-indicators", str(files / "indicators.csv")],
                 ["import", str(files / "obs.csv")]):  # fmt: skip
        assert runner.invoke(app, [*args, "--database-url", url]).exit_code == 0
    again = runner.invoke(app, ["import", str(files / "obs.csv"), "--database-url", url])
    assert again.exit_code == 2
    assert "Import rejected, nothing was stored: 2 problem(s)." in _flat(again.stderr)
    assert "obs.csv, row 2, column 'value': area '1280-01-01'" in again.stderr
    replaced = runner.invoke(
        app, ["import", str(files / "obs.csv"), "--replace", "--database-url", url]
    )
    assert replaced.exit_code == 0
    assert "0 observations created, 2 replaced" in _flat(replaced.stdout)


def test_wrong_format_is_refused(files: Path) -> None:
    from kraftsamling.core.errors import InvalidInput

    result = CliRunner().invoke(
        app, ["import", str(files / "obs.csv"), "--format", "long", "--database-url", "sqlite://"]
    )
    assert isinstance(result.exception, InvalidInput)
    assert "--format must be 'tidy' or 'wide'. Got 'long'." in str(result.exception)
