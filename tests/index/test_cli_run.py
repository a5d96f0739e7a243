"""`kraftsamling index run`: per-indicator columns, --columns and rank quantiles as written."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from typer.testing import CliRunner

from kraftsamling.index import load_spec
from kraftsamling.index.cli import app

SPECS = Path(__file__).parents[2] / "src" / "kraftsamling" / "index" / "specs"
SVI_PA = Path(__file__).parents[1] / "fixtures" / "index" / "SVI_2022_PA_county.csv"


def _run(tmp_path: Path, *extra: str) -> tuple[pd.DataFrame, str]:
    out = tmp_path / "out.csv"
    result = CliRunner().invoke(
        app,
        ["run", str(SPECS / "svi2022.toml"), "--data", str(SVI_PA), "--out", str(out), *extra],
    )
    assert result.exit_code == 0, result.output
    return pd.read_csv(out, dtype={"FIPS": str}), out.read_text()


def test_svi_output_carries_cdcs_epl_columns_under_the_indicator_names(tmp_path: Path) -> None:
    ours, _ = _run(tmp_path)
    cdc = pd.read_csv(SVI_PA, dtype={"FIPS": str})
    assert list(ours["FIPS"]) == list(cdc["FIPS"])
    indicators = load_spec(SPECS / "svi2022.toml").indicator_ids
    assert len(indicators) == 16
    for ep in indicators:
        epl = "EPL_" + ep.removeprefix("EP_")
        assert (ours[f"{ep}_percentile"] - cdc[epl]).abs().max() < 1e-9, epl


def test_columns_keeps_the_id_and_the_named_columns_and_sets_in_output_order(
    tmp_path: Path,
) -> None:
    ours, _ = _run(tmp_path, "--columns", "rank,flags,EP_UNEMP_percentile")
    assert list(ours.columns[:3]) == ["FIPS", "rank", "F_POV150"]
    assert list(ours.columns[-2:]) == ["F_TOTAL", "EP_UNEMP_percentile"]
    assert "score" not in ours.columns and "theme1_score" not in ours.columns


def test_an_unknown_column_is_refused_with_the_choices(tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    args = ["run", str(SPECS / "svi2022.toml"), "--data", str(SVI_PA), "--out", str(out)]
    result = CliRunner().invoke(app, [*args, "--columns", "rank,EPL_UNEMP"])
    assert result.exit_code != 0
    assert "EPL_UNEMP" in str(result.exception) and "indicators" in str(result.exception)
    assert not out.exists()


def test_ranks_and_their_quantiles_are_written_as_whole_numbers_or_tenths(
    tmp_path: Path,
) -> None:
    ours, text = _run(tmp_path, "--mc", "37", "--columns", "core,uncertainty")
    for name in ("rank", "rank_median", "rank_p05", "rank_p95"):
        values = ours[name].dropna()
        assert ((values * 10).round(9) % 1 == 0).all(), name
    assert (ours["rank"] % 1 == 0).all()
    cells = [line.split(",")[5:8] for line in text.splitlines()[1:]]
    assert all(len(cell.split(".")[-1]) <= 1 or "." not in cell for row in cells for cell in row)
    # 37 draws: the 5th percentile interpolates at 1.8 between two draws' ranks
    assert (ours["rank_p05"] % 1 != 0).any()
