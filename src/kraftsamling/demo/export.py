"""Write the synthetic demo data set to files that the importers and the index engine read.

Files (all UTF-8, ``\\n`` line endings, byte-identical for the same seed):

* ``areas.csv`` — ``code,name,level,parent_code,synthetic``
* ``indicators.csv`` — ``id,name_sv,name_en,unit,direction,age_band,source,is_share``
* ``observations.csv`` — tidy ``area,indicator,year,value,numerator,denominator``
* ``boundaries.geojson`` — FeatureCollection, every feature ``synthetic: true``
* ``wide_<year>.csv`` — one row per sub-area: ``area_code,area_name,district``, every indicator,
  and ``<id>_num``/``<id>_den`` for each share (the index engine's input)
* ``README.txt`` — says, in Swedish and English, that every number is invented

CSV files carry no comment lines (they would break parsers); the README, the ``synthetic``
column of ``areas.csv`` and the GeoJSON flags mark the data as synthetic instead.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from kraftsamling.demo.generate import DemoData
from kraftsamling.demo.indicators import COUNT_IDS, INDICATORS, SHARE_IDS

README_TEXT = """\
SYNTETISKA DEMODATA – SYNTHETIC DEMO DATA

Svenska
Alla siffror i dessa filer är påhittade. De beskriver inte verkliga förhållanden i Malmö.
Namnen på stadsdelar och delområden är verkliga, men befolkning, andelar och gränser är
syntetiska och skapade av Kraftsamlings demogenerator. Samma frö (seed) ger alltid exakt
samma filer. Använd dem bara för att prova programmet, aldrig som underlag för beslut.

English
Every number in these files is invented. They do not describe real conditions in Malmö.
The district and sub-area names are real, but populations, shares and boundaries are
synthetic, produced by Kraftsamling's demo generator. The same seed always gives exactly
the same files. Use them only to try the software, never as a basis for decisions.

Seed: {seed}
Years: {first}-{last}
Files: areas.csv, indicators.csv, observations.csv, boundaries.geojson, wide_<year>.csv
"""


def _bool(value: bool) -> str:
    return "true" if value else "false"


def _csv(frame: pd.DataFrame) -> str:
    return frame.to_csv(index=False, lineterminator="\n")


def areas_csv(data: DemoData) -> str:
    """``areas.csv`` as text."""
    frame = data.areas.copy()
    frame["synthetic"] = frame["synthetic"].map(_bool)
    return _csv(frame)


def indicators_csv(data: DemoData) -> str:
    """``indicators.csv`` as text."""
    frame = data.indicators.copy()
    frame["is_share"] = frame["is_share"].map(_bool)
    return _csv(frame)


def observations_csv(data: DemoData) -> str:
    """Tidy ``observations.csv`` as text: counts as integers, shares with one decimal."""
    obs = data.observations
    is_count = obs["indicator"].isin(COUNT_IDS)
    value = [
        str(int(v)) if count else f"{v:.1f}"
        for v, count in zip(obs["value"], is_count, strict=True)
    ]
    frame = obs.assign(value=value)
    return _csv(frame)


def wide_table(data: DemoData, year: int) -> pd.DataFrame:
    """One row per sub-area for ``year`` in the column order of the demo-indicator contract.

    Parameters
    ----------
    data
        Output of :func:`kraftsamling.demo.generate.generate`.
    year
        One of ``data.years``.

    Returns
    -------
    pandas.DataFrame
        ``area_code, area_name, district``, every indicator id, then ``<id>_num`` and
        ``<id>_den`` for each share.
    """
    if year not in data.years:
        from kraftsamling.core.errors import InvalidInput

        raise InvalidInput(
            f"Year {year} is not in the demo data; expected one of {list(data.years)}."
        )
    obs = data.observations[data.observations["year"] == year]
    areas = data.areas.set_index("code")
    subs = areas[areas["level"] == "sub_area"]
    table = pd.DataFrame(
        {
            "area_code": subs.index,
            "area_name": subs["name"].to_numpy(),
            "district": areas.loc[subs["parent_code"], "name"].to_numpy(),
        }
    )
    by_indicator = {ind: frame.set_index("area") for ind, frame in obs.groupby("indicator")}
    for spec in INDICATORS:
        values = by_indicator[spec.id].loc[table["area_code"], "value"].to_numpy()
        table[spec.id] = values if spec.is_share else values.astype("int64")
    for sid in SHARE_IDS:
        frame = by_indicator[sid].loc[table["area_code"]]
        table[f"{sid}_num"] = frame["numerator"].astype("int64").to_numpy()
        table[f"{sid}_den"] = frame["denominator"].astype("int64").to_numpy()
    return table


def wide_csv(data: DemoData, year: int) -> str:
    """``wide_<year>.csv`` as text (shares with one decimal)."""
    return wide_table(data, year).to_csv(index=False, lineterminator="\n", float_format="%.1f")


def boundaries_geojson(data: DemoData) -> str:
    """``boundaries.geojson`` as text (compact, one feature per line for readable diffs)."""
    head = {k: v for k, v in data.boundaries.items() if k != "features"}
    lines = [
        json.dumps(f, ensure_ascii=False, separators=(",", ":"))
        for f in data.boundaries["features"]
    ]
    opening = json.dumps(head, ensure_ascii=False, separators=(",", ":"))[:-1]
    return opening + ',"features":[\n' + ",\n".join(lines) + "\n]}\n"


def write_demo_files(data: DemoData, folder: Path | str) -> list[Path]:
    """Write every demo file into ``folder`` (created if missing) and return their paths.

    Parameters
    ----------
    data
        Output of :func:`kraftsamling.demo.generate.generate`.
    folder
        Target folder; existing files of the same names are overwritten.

    Returns
    -------
    list of Path
        The files written, in a fixed order.

    Examples
    --------
    >>> import tempfile
    >>> from kraftsamling.demo.generate import generate
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     names = [p.name for p in write_demo_files(generate(years=[2025]), tmp)]
    >>> names[:3]
    ['README.txt', 'areas.csv', 'indicators.csv']
    """
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    texts = {
        "README.txt": README_TEXT.format(seed=data.seed, first=data.years[0], last=data.years[-1]),
        "areas.csv": areas_csv(data),
        "indicators.csv": indicators_csv(data),
        "observations.csv": observations_csv(data),
        "boundaries.geojson": boundaries_geojson(data),
    }
    for year in data.years:
        texts[f"wide_{year}.csv"] = wide_csv(data, year)
    paths = []
    for name, text in texts.items():
        path = out / name
        path.write_text(text, encoding="utf-8", newline="\n")
        paths.append(path)
    return paths
