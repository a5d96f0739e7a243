"""Demo files: exact shapes, same bytes for a seed, marked synthetic, readable by importers."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd

from kraftsamling.demo.export import wide_csv, write_demo_files
from kraftsamling.demo.generate import DemoData, generate
from kraftsamling.demo.places import sub_areas

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "data" / "malmo_demo_2025.csv"

SHARES = [
    "low_economic_standard",
    "child_poverty",
    "not_employed_20_64",
    "low_education_25_64",
    "post_secondary_25_64",
    "economic_assistance",
    "overcrowding",
    "upper_secondary_eligible",
    "working_or_studying_16_24",
    "working_or_studying_20_24",
]
WIDE_COLUMNS = (
    ["area_code", "area_name", "district", "population", "population_16_24"]
    + SHARES
    + [f"{s}_{part}" for s in SHARES for part in ("num", "den")]
)


def _header(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as fh:
        return next(csv.reader(fh))


def test_files_and_headers(demo_files: Path) -> None:
    names = sorted(p.name for p in demo_files.iterdir())
    wide = [f"wide_{y}.csv" for y in range(2016, 2026)]
    expected = ["README.txt", "areas.csv", "boundaries.geojson", "indicators.csv"]
    assert names == sorted([*expected, "observations.csv", *wide])
    assert _header(demo_files / "areas.csv") == [
        "code",
        "name",
        "level",
        "parent_code",
        "synthetic",
    ]
    assert _header(demo_files / "indicators.csv") == [
        "id",
        "name_sv",
        "name_en",
        "unit",
        "direction",
        "age_band",
        "source",
        "is_share",
    ]
    assert _header(demo_files / "observations.csv") == [
        "area",
        "indicator",
        "year",
        "value",
        "numerator",
        "denominator",
    ]
    assert _header(demo_files / "wide_2025.csv") == WIDE_COLUMNS


def test_same_seed_same_bytes_other_seed_other_numbers(tmp_path: Path) -> None:
    data = generate(seed=11, years=[2024, 2025])
    first, second, other = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    write_demo_files(data, first)
    write_demo_files(generate(seed=11, years=[2024, 2025]), second)
    write_demo_files(generate(seed=12, years=[2024, 2025]), other)
    for path in first.iterdir():
        assert path.read_bytes() == (second / path.name).read_bytes(), path.name
    assert (first / "areas.csv").read_bytes() == (other / "areas.csv").read_bytes()
    assert (first / "wide_2025.csv").read_bytes() != (other / "wide_2025.csv").read_bytes()
    assert (first / "observations.csv").read_bytes() != (other / "observations.csv").read_bytes()


def test_everything_is_marked_synthetic(demo_files: Path) -> None:
    readme = (demo_files / "README.txt").read_text(encoding="utf-8")
    assert "påhittade" in readme and "syntetiska" in readme.lower()
    assert "invented" in readme and "synthetic" in readme.lower()
    assert "Seed: 2026" in readme
    areas = pd.read_csv(demo_files / "areas.csv", dtype=str, keep_default_na=False)
    assert (areas["synthetic"] == "true").all()
    fc = json.loads((demo_files / "boundaries.geojson").read_text(encoding="utf-8"))
    assert all(f["properties"]["synthetic"] is True for f in fc["features"])
    indicators = pd.read_csv(demo_files / "indicators.csv")
    assert (indicators["source"] == "Syntetiska demodata").all()


def test_geojson_file_is_the_generated_collection(demo: DemoData, demo_files: Path) -> None:
    assert json.loads((demo_files / "boundaries.geojson").read_text("utf-8")) == demo.boundaries


def test_tidy_file_formats_counts_and_shares(demo_files: Path) -> None:
    obs = pd.read_csv(demo_files / "observations.csv", dtype=str, keep_default_na=False)
    counts = obs[obs["indicator"] == "population"]
    assert counts["value"].str.fullmatch(r"\d+").all()
    assert (counts["numerator"] == "").all() and (counts["denominator"] == "").all()
    shares = obs[obs["indicator"] == "child_poverty"]
    assert shares["value"].str.fullmatch(r"\d{1,3}\.\d").all()
    assert shares["numerator"].str.fullmatch(r"\d+").all()


def test_wide_file_agrees_with_tidy_observations(demo: DemoData, demo_files: Path) -> None:
    wide = pd.read_csv(demo_files / "wide_2025.csv")
    assert len(wide) == len(sub_areas())
    assert list(wide["area_code"]) == [s.code for s in sub_areas()]
    assert list(wide["district"]) == [s.district_name for s in sub_areas()]
    obs = demo.observations[demo.observations["year"] == 2025].set_index(["area", "indicator"])
    row = wide.set_index("area_code").loc["1280-09-03"]  # Herrgården
    assert row["area_name"] == "Herrgården" and row["district"] == "Rosengård"
    assert row["population"] == obs.loc[("1280-09-03", "population"), "value"]
    cell = obs.loc[("1280-09-03", "child_poverty")]
    assert row["child_poverty_num"] == cell["numerator"]
    assert row["child_poverty_den"] == cell["denominator"]
    assert row["child_poverty"] == round(100 * cell["numerator"] / cell["denominator"], 1)


def test_committed_example_equals_generator_output() -> None:
    assert EXAMPLE.read_text(encoding="utf-8") == wide_csv(generate(), 2025)


def test_files_pass_the_statistics_readers(demo: DemoData, demo_files: Path) -> None:
    from kraftsamling.stats.area_files import read_areas, read_boundaries
    from kraftsamling.stats.indicator_files import read_indicators
    from kraftsamling.stats.readers import read_tidy, read_wide

    areas = read_areas(demo_files / "areas.csv", existing={})
    assert len(areas) == len(demo.areas) and all(a.synthetic for a in areas)
    codes = [a.code for a in areas]
    assert len(read_boundaries(demo_files / "boundaries.geojson", known=codes)) == len(codes)
    indicators = {i.id: i for i in read_indicators(demo_files / "indicators.csv")}
    assert len(indicators) == 12
    tidy = read_tidy(demo_files / "observations.csv", areas=codes, indicators=indicators)
    assert len(tidy.records) == len(demo.observations)
    wide = read_wide(demo_files / "wide_2025.csv", areas=codes, indicators=indicators, year=2025)
    assert len(wide.records) == len(sub_areas()) * 12
