"""Independent reference implementations of the published indices, used only by tests.

Each function is written straight from the publisher's documentation in plain pandas, without
the engine, so that the engine's results can be checked against a second, simpler reading of
the same method. Where a document leaves a detail open, the docstring says which reading is
taken here; the same notes are repeated in ``src/kraftsamling/index/specs/README.md``.

Sources
-------
- CDC/ATSDR SVI 2020 and SVI 2022 Documentation (CDC/ATSDR Geospatial Research, Analysis &
  Services Program): percentile rank = (rank - 1) / (N - 1), ties share the lowest rank,
  values rounded to four decimals, theme sums of percentile ranks re-ranked, flags at the 90th
  percentile, tracts with zero population left out of the ranking, -999 = no data.
- The English Indices of Deprivation 2019, Technical Report (McLennan et al., Ministry of
  Housing, Communities and Local Government, September 2019): domain ranks turned into an
  exponential distribution with constant 23 and combined with the domain weights.
- SCB, table "Socioekonomiskt index och områdestyp" for RegSO (footnote on the index), and
  the area types of Delegationen mot segregation (Delmos) and SCB.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

# ----------------------------------------------------------------------------- CDC/ATSDR SVI

#: The 16 ranked variables of SVI 2020 and SVI 2022, by theme. The two releases rank the same
#: variables under the same names (checked against the column headers of CDC's published
#: files); they differ in the ACS period behind the estimates.
SVI_THEMES: dict[str, tuple[str, ...]] = {
    "theme1": ("POV150", "UNEMP", "HBURD", "NOHSDP", "UNINSUR"),
    "theme2": ("AGE65", "AGE17", "DISABL", "SNGPNT", "LIMENG"),
    "theme3": ("MINRTY",),
    "theme4": ("MUNIT", "MOBILE", "CROWD", "NOVEH", "GROUPQ"),
}
SVI_VARIABLES: tuple[str, ...] = tuple(v for vs in SVI_THEMES.values() for v in vs)
SVI_MISSING = -999.0
_UNITS = 10_000  # SVI publishes percentile ranks with four decimals: work in 1/10,000ths


def svi_published_columns() -> list[str]:
    """The EPL/SPL/RPL/F columns of a CDC SVI file, in CDC's order."""
    cols: list[str] = []
    for k, variables in enumerate(SVI_THEMES.values(), start=1):
        cols += [f"EPL_{v}" for v in variables] + [f"SPL_THEME{k}", f"RPL_THEME{k}"]
    cols += ["SPL_THEMES", "RPL_THEMES"]
    for k, variables in enumerate(SVI_THEMES.values(), start=1):
        cols += [f"F_{v}" for v in variables] + [f"F_THEME{k}"]
    return [*cols, "F_TOTAL"]


def _percentile_units(values: pd.Series) -> pd.Series:
    """(rank - 1) / (N - 1) in 1/10,000ths, rounded half up, ties at their lowest rank.

    Missing values are left out of N and stay missing. Integer arithmetic makes the rounding
    exact: round_half_up(p / q * 10^4) = floor((2 * p * 10^4 + q) / (2 * q)).
    """
    present = values.dropna()
    n = len(present)
    out = pd.Series(np.nan, index=values.index, dtype="float64")
    if n == 0:
        return out
    ranks = present.rank(method="min").astype("int64")
    if n == 1:  # SQL PERCENT_RANK gives a single row 0; never the case in CDC's files
        out[present.index] = 0.0
        return out
    q = n - 1
    units = (2 * (ranks - 1) * _UNITS + q) // (2 * q)
    out[present.index] = units.astype("float64")
    return out


def svi(table: pd.DataFrame) -> pd.DataFrame:
    """CDC/ATSDR SVI (2020 or 2022 method) computed from a table with CDC's own columns.

    Parameters
    ----------
    table : DataFrame
        Must hold ``E_TOTPOP`` and the 16 ``EP_*`` columns; -999 means "no data".

    Returns
    -------
    DataFrame
        One row per input row (same index) with the columns of
        :func:`svi_published_columns`; NaN where CDC publishes -999.

    Notes
    -----
    Readings taken where the documentation is brief:

    - Ranking universe: tracts with ``E_TOTPOP`` = 0 are removed before ranking; all their
      EPL, SPL, RPL and F values are missing.
    - A -999 estimate gives a -999 EPL; that tract is left out of the ranking of that variable
      only (N counts the tracts that have the value).
    - "Cells with -999 are not used for further calculations": a theme sum with a missing
      member is missing (and so is the overall sum), as in CDC's own R reproduction of its SQL,
      where ``rowSums`` propagates NA; the flag counts F_THEME and F_TOTAL add the flags that
      exist ("total flags do not include fields with a -999 value").
    - Flags: F_<var> = 1 when the four-decimal EPL is >= 0.90.
    """
    universe = table["E_TOTPOP"].astype("float64") > 0
    out = pd.DataFrame(index=table.index)
    flag_units = 9_000
    spl_units: dict[str, pd.Series] = {}
    theme_flags: dict[str, pd.Series] = {}
    for k, (theme, variables) in enumerate(SVI_THEMES.items(), start=1):
        members: list[pd.Series] = []
        flags: list[pd.Series] = []
        for var in variables:
            ep = table[f"EP_{var}"].astype("float64").where(universe)
            ep = ep.mask(ep == SVI_MISSING)
            epl = _percentile_units(ep)
            out[f"EPL_{var}"] = epl / _UNITS
            members.append(epl)
            flag = (epl >= flag_units).astype("float64").where(epl.notna())
            out[f"F_{var}"] = flag
            flags.append(flag)
        stacked = pd.concat(members, axis=1)
        spl = stacked.sum(axis=1).where(stacked.notna().all(axis=1))
        spl_units[theme] = spl
        out[f"SPL_THEME{k}"] = spl / _UNITS
        out[f"RPL_THEME{k}"] = _percentile_units(spl) / _UNITS
        fl = pd.concat(flags, axis=1).sum(axis=1, min_count=1)
        theme_flags[theme] = fl.where(universe)
        out[f"F_THEME{k}"] = theme_flags[theme]
    total = pd.concat(spl_units.values(), axis=1)
    spl_all = total.sum(axis=1).where(total.notna().all(axis=1))
    out["SPL_THEMES"] = spl_all / _UNITS
    out["RPL_THEMES"] = _percentile_units(spl_all) / _UNITS
    out["F_TOTAL"] = pd.concat(theme_flags.values(), axis=1).sum(axis=1, min_count=1)
    # Four-decimal values come back from integer units; float division can leave 1 ulp.
    for col in out.columns:
        if col.startswith(("EPL_", "SPL_", "RPL_")):
            out[col] = out[col].round(4)
    return out[svi_published_columns()]


# ------------------------------------------------------------------- English IMD 2019

IMD_RANK_COLUMN = "Index of Multiple Deprivation (IMD) Rank (where 1 is most deprived)"
IMD_DECILE_COLUMN = (
    "Index of Multiple Deprivation (IMD) Decile (where 1 is most deprived 10% of LSOAs)"
)
#: Domain rank columns of File 2 and their weights in the IMD 2019 (per cent).
IMD_DOMAINS: dict[str, float] = {
    "Income Rank (where 1 is most deprived)": 22.5,
    "Employment Rank (where 1 is most deprived)": 22.5,
    "Education, Skills and Training Rank (where 1 is most deprived)": 13.5,
    "Health Deprivation and Disability Rank (where 1 is most deprived)": 13.5,
    "Crime Rank (where 1 is most deprived)": 9.3,
    "Barriers to Housing and Services Rank (where 1 is most deprived)": 9.3,
    "Living Environment Rank (where 1 is most deprived)": 9.3,
}
IMD_CONSTANT = 23.0


def exponential_transform(domain_rank: pd.Series) -> pd.Series:
    """X = -23 ln(1 - R (1 - exp(-100/23))), R = 1/N for the least deprived, 1 for the most.

    ``domain_rank`` holds ranks where 1 is the most deprived, so R = (N + 1 - rank) / N.
    """
    n = len(domain_rank)
    r = (n + 1 - domain_rank.astype("float64")) / n
    return -IMD_CONSTANT * np.log(1.0 - r * (1.0 - math.exp(-100.0 / IMD_CONSTANT)))


def imd2019(file2: pd.DataFrame) -> pd.DataFrame:
    """IMD 2019 score, rank and decile recomputed from File 2's seven domain ranks.

    Returns a frame with ``score`` (weighted sum of the transformed domains, weights as
    fractions), ``rank`` (1 = most deprived, ties at the lowest rank) and ``decile``
    (ceil(rank * 10 / N), 1 = most deprived tenth).
    """
    score = sum(exponential_transform(file2[col]) * (w / 100.0) for col, w in IMD_DOMAINS.items())
    score = pd.Series(score, index=file2.index, dtype="float64")
    rank = score.rank(method="min", ascending=False).astype("int64")
    n = len(file2)
    decile = (rank * 10 + n - 1) // n
    return pd.DataFrame({"score": score, "rank": rank, "decile": decile})


# ------------------------------------------------------------ SCB / Delmos area types

#: Column labels of the RegSO test table (paraphrasing SCB's table contents; see README).
SCB_V1 = "Andel personer med låg ekonomisk standard, procent"
SCB_V2 = "Andel personer 20-64 år med förgymnasial utbildning, procent"
SCB_V3 = "Andel personer 20-64 år med ekonomiskt bistånd och/eller långtidsarbetslöshet, procent"
SCB_INDEX = "Socioekonomiskt index"
SCB_TYPE = "Områdestyp"
#: Area-type boundaries in standard deviations around the mean of the index (type 1 highest).
SCB_SD_K: tuple[float, ...] = (-1.0, 0.0, 1.0, 2.0)


def omradestyper(table: pd.DataFrame, ddof: int = 1) -> pd.DataFrame:
    """SCB's socioeconomic index (V1 + V2 + V3) / 3 and the five area types.

    Type 1 when index >= mean + 2 sd, type 2 in [mean + sd, mean + 2 sd), type 3 in
    [mean, mean + sd), type 4 in [mean - sd, mean), type 5 below mean - sd; mean and sd over
    all RegSO in the table. The sd boundaries and ``ddof`` are not confirmed from SCB's own
    text (see README); the test table is built so that ``ddof`` 0 and 1 agree.
    """
    index = (table[SCB_V1] + table[SCB_V2] + table[SCB_V3]) / 3.0
    mean = float(index.mean())
    sd = float(index.std(ddof=ddof))
    area_type = pd.Series(5, index=table.index, dtype="int64")
    for k, label in zip(SCB_SD_K, (4, 3, 2, 1), strict=True):
        area_type[index >= mean + k * sd] = label
    return pd.DataFrame({"index": index, "type": area_type})


def sd_margin(table: pd.DataFrame) -> float:
    """Smallest distance (in index points) between an index value and any boundary under
    ddof 0 or 1; the test table must keep it clear of floating-point noise."""
    index = (table[SCB_V1] + table[SCB_V2] + table[SCB_V3]) / 3.0
    gaps = []
    for ddof in (0, 1):
        mean, sd = float(index.mean()), float(index.std(ddof=ddof))
        gaps += [float(np.min(np.abs(index - (mean + k * sd)))) for k in SCB_SD_K]
    return min(gaps)


# ----------------------------------------------- Malmö vulnerability index (our own method)

#: (indicator id, direction, weight, theme) of the stored ``malmo_utsatthet.toml`` spec.
MALMO_INDICATORS: tuple[tuple[str, str, float, str], ...] = (
    ("low_economic_standard", "higher_is_worse", 1.0, "economy"),
    ("child_poverty", "higher_is_worse", 1.0, "economy"),
    ("economic_assistance", "higher_is_worse", 1.0, "economy"),
    ("upper_secondary_eligible", "higher_is_better", 2.0, "education"),
    ("low_education_25_64", "higher_is_worse", 1.0, "education"),
    ("post_secondary_25_64", "higher_is_better", 1.0, "education"),
    ("not_employed_20_64", "higher_is_worse", 1.0, "work_housing"),
    ("overcrowding", "higher_is_worse", 0.5, "work_housing"),
)
MALMO_MIN_POPULATION = 200
MALMO_MIN_SHARE_PRESENT = 0.75


def _percent_rank_average(values: pd.Series) -> pd.Series:
    """(r - 1) / (N - 1) with tied values sharing their average rank; NaN stays NaN."""
    present = values.dropna()
    out = pd.Series(np.nan, index=values.index, dtype="float64")
    if len(present) == 1:
        out[present.index] = 0.0
    elif len(present) > 1:
        out[present.index] = (present.rank(method="average") - 1) / (len(present) - 1)
    return out


def malmo_utsatthet(table: pd.DataFrame) -> pd.DataFrame:
    """Our default vulnerability index for the youth goal, in plain pandas.

    Universe: ``population`` >= 200 and at least 75 % of the eight indicators present.
    Each indicator becomes a percentile rank (average ties, (r-1)/(N-1)) with "higher is worse"
    orientation; a theme is the weighted mean of its present members (weights renormalised);
    the score is the plain mean of the present themes; rank 1 = highest score (ties at the
    lowest rank), percentile = percentile rank of the score, class = decile ceil(rank*10/N).
    """
    ids = [i for i, *_ in MALMO_INDICATORS]
    raw = table[ids].astype("float64")
    share = raw.notna().sum(axis=1) / len(ids)
    universe = (table["population"].astype("float64") >= MALMO_MIN_POPULATION) & (
        share >= MALMO_MIN_SHARE_PRESENT
    )
    normalised = pd.DataFrame(index=table.index)
    for ind, direction, _, _ in MALMO_INDICATORS:
        oriented = raw[ind].where(universe)
        if direction == "higher_is_better":
            oriented = -oriented
        normalised[ind] = _percent_rank_average(oriented)
    out = pd.DataFrame(index=table.index)
    themes = dict.fromkeys(t for *_, t in MALMO_INDICATORS)
    for theme in themes:
        members = [(i, w) for i, _, w, t in MALMO_INDICATORS if t == theme]
        values = normalised[[i for i, _ in members]]
        weights = pd.Series({i: w for i, w in members})
        present = values.notna()
        num = (values.fillna(0.0) * weights).sum(axis=1)
        den = (present * weights).sum(axis=1)
        out[f"{theme}_score"] = (num / den).where(den > 0)
        out[f"{theme}_percentile"] = _percent_rank_average(out[f"{theme}_score"])
    theme_cols = [f"{t}_score" for t in themes]
    out["score"] = out[theme_cols].mean(axis=1, skipna=True).where(universe)
    ranked = out["score"].dropna()
    n = len(ranked)
    rank = ranked.rank(method="min", ascending=False)
    out["rank"] = rank
    out["percentile"] = _percent_rank_average(out["score"])
    out["class"] = np.ceil(rank * 10 / n)
    return out
