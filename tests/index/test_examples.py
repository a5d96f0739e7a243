"""The example specs in ``src/kraftsamling/index/specs/`` reproduce the published indices exactly.

Expected values come from three places, never from the engine itself:

- CDC's own published SVI files for Pennsylvania's 67 counties (2020 and 2022), as downloaded;
- ``tests/index/reference.py``, a plain pandas reading of each method's documentation, which
  must itself reproduce CDC's published files (checked here first);
- small tables worked out by hand in the comments below.

The synthetic fixture files and how they were made: ``tests/fixtures/index/make_fixtures.py``.
"""

from __future__ import annotations

import importlib.util
import math
import sys
from pathlib import Path
from types import ModuleType

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from kraftsamling.index import CompositeIndex, IndexResult, explain, load_spec
from kraftsamling.index.cli import app as index_app
from kraftsamling.index.io import read_table

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "src" / "kraftsamling" / "index" / "specs"
FIXTURES = ROOT / "tests" / "fixtures" / "index"
SPECS = ("svi2020", "svi2022", "imd2019", "omradestyper", "malmo_utsatthet")


def _load_reference() -> ModuleType:
    # Loaded by path: a bare ``import reference`` could pick up another tests folder's module.
    name = "kraftsamling_tests_index_reference"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name("reference.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


R = _load_reference()


def _run(spec_name: str, table: pd.DataFrame) -> IndexResult:
    return CompositeIndex(load_spec(EXAMPLES / f"{spec_name}.toml")).fit(table).result_


def _read(file_name: str, spec_name: str) -> pd.DataFrame:
    return read_table(FIXTURES / file_name, load_spec(EXAMPLES / f"{spec_name}.toml").id_column)


def _assert_same(got: object, expected: object, what: str, ids: pd.Series) -> None:
    """Exact equality with NaN == NaN; the message names the first rows that differ."""
    g = np.asarray(got, dtype=np.float64)
    e = np.asarray(expected, dtype=np.float64)
    same = (g == e) | (np.isnan(g) & np.isnan(e))
    if not same.all():
        rows = np.flatnonzero(~same)[:5]
        detail = ", ".join(f"{ids.iloc[i]}: got {g[i]!r}, expected {e[i]!r}" for i in rows)
        pytest.fail(f"{what}: {int((~same).sum())} rows differ ({detail})")


# ------------------------------------------------------------------------- every spec


@pytest.mark.parametrize("name", SPECS)
def test_spec_parses_and_is_named_after_its_file(name: str) -> None:
    spec = load_spec(EXAMPLES / f"{name}.toml")
    assert spec.id == name
    assert spec.source, "every example spec names its method source"


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("name", SPECS)
def test_explain_describes_every_indicator(name: str, lang: str) -> None:
    spec = load_spec(EXAMPLES / f"{name}.toml")
    text = explain(spec, lang=lang)
    assert spec.name in text
    for ind in spec.indicators:
        assert ind.id in text


# ---------------------------------------------------------------------------- CDC SVI

SVI_FILES = [
    ("svi2020", "SVI_2020_PA_county.csv"),  # CDC's published file
    ("svi2022", "SVI_2022_PA_county.csv"),  # CDC's published file
    ("svi2020", "SVI_2020_US_sample.csv"),  # synthetic, edge cases
    ("svi2022", "SVI_2022_US_sample.csv"),  # synthetic, edge cases
]


def _svi_engine_columns(result: IndexResult) -> dict[str, np.ndarray]:
    """The run's outputs under CDC's column names."""
    cols = {f"EPL_{v}": result.normalised[f"EP_{v}"] for v in R.SVI_VARIABLES}
    for k in range(1, 5):
        cols[f"SPL_THEME{k}"] = result.columns[f"theme{k}_score"]
        cols[f"RPL_THEME{k}"] = result.columns[f"theme{k}_percentile"]
    cols["SPL_THEMES"] = result.columns["score"]
    cols["RPL_THEMES"] = result.columns["percentile"]
    for name, values in result.columns.items():
        if name.startswith("F_"):
            cols[name] = values
    return cols


def _published(table: pd.DataFrame, column: str) -> pd.Series:
    return table[column].replace(R.SVI_MISSING, np.nan).astype("float64")


@pytest.mark.parametrize("year", [2020, 2022])
def test_reference_reproduces_cdc_published_file(year: int) -> None:
    table = pd.read_csv(FIXTURES / f"SVI_{year}_PA_county.csv", dtype={"FIPS": str})
    mine = R.svi(table)
    for column in R.svi_published_columns():
        _assert_same(mine[column], _published(table, column), column, table["FIPS"])


@pytest.mark.parametrize(("spec_name", "file_name"), SVI_FILES)
def test_svi_percentile_ranks_and_sums_are_exact(spec_name: str, file_name: str) -> None:
    table = _read(file_name, spec_name)
    got = _svi_engine_columns(_run(spec_name, table))
    for column in R.svi_published_columns():
        if column.startswith(("EPL_", "SPL_", "RPL_")):
            _assert_same(got[column], _published(table, column), column, table["FIPS"])


@pytest.mark.parametrize(("spec_name", "file_name"), SVI_FILES)
def test_svi_flags_are_exact(spec_name: str, file_name: str) -> None:
    table = _read(file_name, spec_name)
    got = _svi_engine_columns(_run(spec_name, table))
    for column in R.svi_published_columns():
        if column.startswith("F_"):
            assert column in got, f"the run has no flag column {column}"
            _assert_same(got[column], _published(table, column), column, table["FIPS"])


def test_svi_output_rows_keep_input_order_and_fips_text() -> None:
    table = _read("SVI_2020_US_sample.csv", "svi2020")
    raw = (FIXTURES / "SVI_2020_US_sample.csv").read_text(encoding="utf-8").splitlines()[1:]
    fips_as_written = [line.split(",")[5] for line in raw]
    assert fips_as_written[0] == "01001010000"  # Alabama: the leading zero must survive
    result = _run("svi2020", table)
    assert list(result.ids) == fips_as_written
    assert result.id_column == "FIPS"


def _tiny_svi() -> pd.DataFrame:
    """Six tracts worked by hand: A-E have people, F has none (outside the ranking)."""
    ep: dict[str, list[float]] = {
        # N = 4 present in the universe (E is -999): ranks A1 B2 C2 D4 -> 0, 1/3, 1/3, 1
        "EP_POV150": [10, 20, 20, 40, -999, 50],
    }
    for var in R.SVI_VARIABLES[1:]:
        # N = 5: ranks 1..5 -> (r - 1) / 4 = 0, 0.25, 0.5, 0.75, 1
        ep[f"EP_{var}"] = [1, 2, 3, 4, 5, 9]
    return pd.DataFrame(
        {
            "FIPS": ["01001000100", "01001000200", "01001000300", "01001000400", "01001000500",
                     "01001000600"],
            "E_TOTPOP": [100, 100, 100, 100, 100, 0],
            **ep,
        }
    )  # fmt: skip


# Hand-worked expected values for _tiny_svi (NaN = CDC's -999):
#   EPL_POV150  = 0, .3333, .3333, 1, NaN, NaN
#   SPL_THEME1  = POV150 + 4 others: A 0; B .3333 + 4 x .25 = 1.3333; C .3333 + 4 x .5 = 2.3333;
#                 D 1 + 4 x .75 = 4; E NaN (POV150 missing); F NaN
#   RPL_THEME1  = ranks of 0, 1.3333, 2.3333, 4 among N = 4: 0, .3333, .6667, 1
#   SPL_THEMES  = A 0; B 1.3333 + 1.25 + .25 + 1.25 = 4.0833; C 2.3333 + 2.5 + .5 + 2.5 = 7.8333;
#                 D 4 + 3.75 + .75 + 3.75 = 12.25 -> RPL_THEMES 0, .3333, .6667, 1
TINY_SVI = {
    "EPL_POV150": [0.0, 0.3333, 0.3333, 1.0, math.nan, math.nan],
    "EPL_UNEMP": [0.0, 0.25, 0.5, 0.75, 1.0, math.nan],
    "SPL_THEME1": [0.0, 1.3333, 2.3333, 4.0, math.nan, math.nan],
    "RPL_THEME1": [0.0, 0.3333, 0.6667, 1.0, math.nan, math.nan],
    "SPL_THEME3": [0.0, 0.25, 0.5, 0.75, 1.0, math.nan],
    "RPL_THEME3": [0.0, 0.25, 0.5, 0.75, 1.0, math.nan],
    "SPL_THEMES": [0.0, 4.0833, 7.8333, 12.25, math.nan, math.nan],
    "RPL_THEMES": [0.0, 0.3333, 0.6667, 1.0, math.nan, math.nan],
}
# Flags (EPL >= 0.9): D is flagged on POV150 only (its others are .75); E on the 15 variables
# it has (each 1.0) but not on POV150 (-999). CDC: "total flags do not include fields with a
# -999 value", so E's counts add the flags it has: F_THEME1 = 4, F_TOTAL = 15.
TINY_SVI_FLAGS = {
    "F_POV150": [0.0, 0.0, 0.0, 1.0, math.nan, math.nan],
    "F_THEME1": [0.0, 0.0, 0.0, 1.0, 4.0, math.nan],
    "F_THEME3": [0.0, 0.0, 0.0, 0.0, 1.0, math.nan],
    "F_TOTAL": [0.0, 0.0, 0.0, 1.0, 15.0, math.nan],
}


def test_tiny_svi_by_hand_reference() -> None:
    table = _tiny_svi()
    mine = R.svi(table)
    for column, expected in {**TINY_SVI, **TINY_SVI_FLAGS}.items():
        _assert_same(mine[column], expected, column, table["FIPS"])


@pytest.mark.parametrize("spec_name", ["svi2020", "svi2022"])
def test_tiny_svi_by_hand_engine(spec_name: str) -> None:
    table = _tiny_svi()
    got = _svi_engine_columns(_run(spec_name, table))
    for column, expected in TINY_SVI.items():
        _assert_same(got[column], expected, column, table["FIPS"])


@pytest.mark.parametrize("spec_name", ["svi2020", "svi2022"])
def test_tiny_svi_flag_counts_skip_missing_by_hand_engine(spec_name: str) -> None:
    table = _tiny_svi()
    got = _svi_engine_columns(_run(spec_name, table))
    for column, expected in TINY_SVI_FLAGS.items():
        _assert_same(got[column], expected, column, table["FIPS"])


def test_svi_command_line_run_reproduces_cdc_file(tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    data = FIXTURES / "SVI_2020_PA_county.csv"
    spec = EXAMPLES / "svi2020.toml"
    result = CliRunner().invoke(
        index_app, ["run", str(spec), "--data", str(data), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    written = pd.read_csv(out, dtype={"FIPS": str})
    published = pd.read_csv(data, dtype={"FIPS": str})
    assert written["FIPS"].tolist() == published["FIPS"].tolist()
    _assert_same(written["percentile"], published["RPL_THEMES"], "RPL_THEMES", published["FIPS"])
    for k in range(1, 5):
        _assert_same(
            written[f"theme{k}_percentile"], published[f"RPL_THEME{k}"], f"RPL_THEME{k}",
            published["FIPS"],
        )  # fmt: skip
    _assert_same(written["F_TOTAL"], published["F_TOTAL"], "F_TOTAL", published["FIPS"])


# ------------------------------------------------------------------------ English IMD


def test_imd_rank_and_decile_match_file2() -> None:
    table = _read("File_2_-_IoD2019_Domains_of_Deprivation_sample.csv", "imd2019")
    result = _run("imd2019", table)
    ids = table["LSOA code (2011)"]
    _assert_same(result.columns["rank"], table[R.IMD_RANK_COLUMN], "IMD rank", ids)
    _assert_same(result.columns["class"], table[R.IMD_DECILE_COLUMN], "IMD decile", ids)
    np.testing.assert_allclose(result.columns["score"], R.imd2019(table)["score"], atol=1e-9)


def _tiny_imd() -> pd.DataFrame:
    # Four LSOAs. A is rank 1 (most deprived) in every domain, D rank 4 in every domain.
    # B is rank 2 in income and employment, 3 elsewhere; C the other way round.
    columns = list(R.IMD_DOMAINS)
    rows = {
        "A": [1] * 7,
        "B": [2, 2, 3, 3, 3, 3, 3],
        "C": [3, 3, 2, 2, 2, 2, 2],
        "D": [4] * 7,
    }
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=columns)
    frame.insert(0, "LSOA code (2011)", [f"E0199000{i}" for i in range(1, 5)])
    return frame.reset_index(drop=True)


def test_tiny_imd_by_hand() -> None:
    # R = (N + 1 - rank) / N with N = 4; X = -23 ln(1 - R (1 - e^(-100/23))), e^(-100/23) = 0.012935
    #   R = 1    -> X = 100
    #   R = 0.75 -> X = -23 ln(0.259701) = 31.009
    #   R = 0.5  -> X = -23 ln(0.506467) = 15.647
    #   R = 0.25 -> X = -23 ln(0.753234) =  6.518
    # Weights add up to 0.999 (income + employment 0.45, the other five 0.549):
    #   A = 99.9;  B = 0.45 x 31.009 + 0.549 x 15.647 = 22.544;  C = 0.45 x 15.647 + 0.549 x 31.009
    #   = 24.065;  D = 0.999 x 6.518 = 6.511. C is more deprived than B although B is worse on
    #   the two heaviest domains: the five others weigh more together.
    # Ranks A 1, C 2, B 3, D 4; deciles ceil(rank x 10 / 4) = 3, 5, 8, 10 (A, C, B, D).
    table = _tiny_imd()
    result = _run("imd2019", table)
    np.testing.assert_allclose(result.columns["score"], [99.9, 22.544, 24.065, 6.511], atol=2e-3)
    assert result.columns["rank"].tolist() == [1.0, 3.0, 2.0, 4.0]
    assert result.columns["class"].tolist() == [3.0, 8.0, 5.0, 10.0]
    mine = R.imd2019(table)
    assert mine["rank"].tolist() == [1, 3, 2, 4]
    assert mine["decile"].tolist() == [3, 8, 5, 10]


# ------------------------------------------------------------------ SCB/Delmos area types


def test_area_types_match_table() -> None:
    table = _read("regso_omradestyper_sample.csv", "omradestyper")
    result = _run("omradestyper", table)
    _assert_same(result.columns["class"], table[R.SCB_TYPE], "Områdestyp", table["region"])
    np.testing.assert_allclose(result.columns["score"], table[R.SCB_INDEX], atol=5e-5)
    assert set(table[R.SCB_TYPE]) == {1, 2, 3, 4, 5}


def test_tiny_area_types_by_hand() -> None:
    # Nine RegSO with index 10 and one with 100 (V1 = V2 = V3, so the index is the value).
    # mean = 19; sample sd = sqrt((9 x 9^2 + 81^2) / 9) = sqrt(810) = 28.46.
    # Boundaries: mean - sd = -9.46, mean = 19, mean + sd = 47.46, mean + 2 sd = 75.92.
    # 100 >= 75.92 -> type 1; 10 lies in [-9.46, 19) -> type 4.
    values = [10.0] * 9 + [100.0]
    table = pd.DataFrame(
        {
            "region": [f"9999R{i:03d}" for i in range(1, 11)],
            R.SCB_V1: values,
            R.SCB_V2: values,
            R.SCB_V3: values,
        }
    )
    result = _run("omradestyper", table)
    assert result.columns["class"].tolist() == [4.0] * 9 + [1.0]
    assert R.omradestyper(table)["type"].tolist() == [4] * 9 + [1]


# ----------------------------------------------------------------- Malmö, our own index

MALMO_COLUMNS = ["score", "rank", "percentile", "class"] + [
    f"{theme}_{part}"
    for theme in ("economy", "education", "work_housing")
    for part in ("score", "percentile")
]


def _assert_malmo(result: IndexResult, table: pd.DataFrame) -> None:
    expected = R.malmo_utsatthet(table)
    for column in MALMO_COLUMNS:
        got = np.asarray(result.columns[column], dtype=np.float64)
        exp = expected[column].to_numpy(dtype=np.float64)
        both_nan = np.isnan(got) & np.isnan(exp)
        close = np.isclose(got, exp, rtol=0.0, atol=1e-12)
        assert (both_nan | close).all(), f"{column} differs from the reference"


def test_malmo_index_matches_reference_on_fixture() -> None:
    table = _read("malmo_wide_sample.csv", "malmo_utsatthet")
    result = _run("malmo_utsatthet", table)
    _assert_malmo(result, table)
    rank = pd.Series(result.columns["rank"], index=table["area_code"])
    assert math.isnan(rank["1280-02-04"])  # 150 residents: below the 200 needed to be ranked
    assert math.isnan(rank["1280-06-03"])  # 3 of 8 indicators suppressed: under 75 % present
    assert not math.isnan(rank["1280-06-01"])  # 2 of 8 suppressed: still ranked


def test_malmo_index_matches_reference_on_demo_data() -> None:
    from kraftsamling.demo.export import wide_table
    from kraftsamling.demo.generate import generate

    data = generate()
    table = wide_table(data, max(data.years))
    _assert_malmo(_run("malmo_utsatthet", table), table)


def test_malmo_index_leaves_out_the_goal_indicator() -> None:
    spec = load_spec(EXAMPLES / "malmo_utsatthet.toml")
    columns = {ind.column for ind in spec.indicators}
    assert not any(c.startswith("working_or_studying") for c in columns)
    assert [i for i, *_ in R.MALMO_INDICATORS] == list(spec.indicator_ids)


def test_tiny_malmo_by_hand() -> None:
    # Five sub-areas equal on everything except child_poverty (1..5 %). Tied indicators get the
    # average rank 3 -> (3 - 1) / 4 = 0.5; child_poverty gets 0, .25, .5, .75, 1.
    # economy = (0.5 + p + 0.5) / 3; education = work_housing = 0.5;
    # score = (economy + 1) / 3: 4/9, 0.4722, 0.5, 0.5278, 5/9 -> ranks 5, 4, 3, 2, 1;
    # deciles ceil(rank x 10 / 5) = 10, 8, 6, 4, 2.
    ids = [i for i, *_ in R.MALMO_INDICATORS]
    table = pd.DataFrame({i: [20.0] * 5 for i in ids})
    table["child_poverty"] = [1.0, 2.0, 3.0, 4.0, 5.0]
    table.insert(0, "area_code", [f"1280-01-0{i}" for i in range(1, 6)])
    table["population"] = 1000
    result = _run("malmo_utsatthet", table)
    np.testing.assert_allclose(
        result.columns["score"], [4 / 9, 0.4722222222, 0.5, 0.5277777778, 5 / 9], atol=1e-9
    )
    assert result.columns["rank"].tolist() == [5.0, 4.0, 3.0, 2.0, 1.0]
    assert result.columns["class"].tolist() == [10.0, 8.0, 6.0, 4.0, 2.0]
