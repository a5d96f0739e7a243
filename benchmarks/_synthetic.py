"""Synthetic national-scale input for the index benchmarks (deterministic, invented numbers).

6,160 areas (about the number of SCB DeSO areas) and 16 indicators in 4 groups. Each
area has a latent disadvantage; each indicator mixes it with its own noise and is put on
a plausible scale (shares in percent, an income in SEK, a rate per 1,000). Nothing here
describes a real area.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from kraftsamling.index.spec import IndexSpec, parse_spec

N_AREAS = 6_160
GROUPS = ("economy", "education", "labour", "living")

# id, group, direction, weight, loading on the latent disadvantage, kind of scale
INDICATORS: tuple[tuple[str, str, str, float, float, str], ...] = (
    ("low_income", "economy", "higher_is_worse", 2.0, 0.85, "share"),
    ("median_income", "economy", "higher_is_better", 1.0, 0.80, "income"),
    ("welfare", "economy", "higher_is_worse", 1.0, 0.70, "share_low"),
    ("debt", "economy", "higher_is_worse", 0.5, 0.45, "rate"),
    ("no_upper_sec", "education", "higher_is_worse", 1.0, 0.75, "share"),
    ("eligible_gy", "education", "higher_is_better", 2.0, 0.70, "share_high"),
    ("post_sec", "education", "higher_is_better", 1.0, 0.65, "share"),
    ("absence", "education", "higher_is_worse", 0.5, 0.35, "share_low"),
    ("unemployed", "labour", "higher_is_worse", 2.0, 0.80, "share_low"),
    ("employed", "labour", "higher_is_better", 1.0, 0.80, "share_high"),
    ("neet_youth", "labour", "higher_is_worse", 1.5, 0.70, "share_low"),
    ("long_sick", "labour", "higher_is_worse", 0.5, 0.40, "share_low"),
    ("crowding", "living", "higher_is_worse", 1.0, 0.60, "share"),
    ("rented", "living", "higher_is_worse", 0.5, 0.55, "share"),
    ("moves", "living", "higher_is_worse", 1.0, 0.40, "rate"),
    ("turnout", "living", "higher_is_better", 1.0, 0.60, "share_high"),
)
GROUP_WEIGHTS = {"economy": 1.5, "education": 1.0, "labour": 1.0, "living": 0.75}


def make_table(n_areas: int = N_AREAS, seed: int = 20_260_122) -> dict[str, Any]:
    """One row per area: ``area`` id, ``population`` and the 16 indicator columns."""
    rng = np.random.default_rng(seed)
    latent = rng.standard_normal(n_areas)
    table: dict[str, Any] = {
        "area": np.array(
            [f"{1200 + i // 40:04d}A{i % 1000:04d}" for i in range(n_areas)], dtype=object
        ),
        "population": rng.integers(700, 2_700, n_areas).astype(np.float64),
    }
    for ind_id, _, direction, _, loading, kind in INDICATORS:
        z = loading * latent + np.sqrt(1.0 - loading**2) * rng.standard_normal(n_areas)
        if direction == "higher_is_better":
            z = -z
        table[ind_id] = _scale(z, kind)
    return table


def _scale(z: np.ndarray, kind: str) -> np.ndarray:
    def share(mid: float, spread: float) -> np.ndarray:
        return np.round(100.0 / (1.0 + np.exp(-(mid + spread * z))), 1)

    if kind == "income":
        return np.round(np.exp(12.6 + 0.25 * z), -2)  # SEK per year, median ~ 300,000
    if kind == "rate":
        return np.round(np.exp(3.0 + 0.6 * z), 2)  # per 1,000 inhabitants, right-skewed
    if kind == "share_low":
        return share(-2.2, 0.8)
    if kind == "share_high":
        return share(1.8, 0.7)
    return share(-0.8, 0.7)


def make_spec(normalise: str = "zscore") -> IndexSpec:
    """Weighted arithmetic means in 4 groups and at the root, ``normalise`` per indicator."""
    return parse_spec(
        {
            "index": {
                "id": "bench_deso",
                "id_column": "area",
                "name": "Synthetic national benchmark",
            },
            "universe": {"population_column": "population", "min_population": 1},
            "normalise": {"method": normalise},
            "indicator": [
                {"id": i, "group": g, "direction": d, "weight": w}
                for i, g, d, w, _, _ in INDICATORS
            ],
            "group": [
                {"id": g, "aggregation": "arithmetic", "weight": GROUP_WEIGHTS[g]} for g in GROUPS
            ],
            "aggregate": {"aggregation": "arithmetic"},
        }
    )


def make_svi_table(n_areas: int = N_AREAS, seed: int = 20_260_122) -> dict[str, Any]:
    """The same synthetic areas in the layout of CDC's SVI CSV (FIPS, E_TOTPOP, EP_*).

    The 16 synthetic indicators become SVI's 16 ``EP_*`` percentages, each oriented so that
    higher means more vulnerable (SVI ranks every variable that way). Values keep one
    decimal, as CDC's EP_* columns do, so percentile ranks have ties.
    """
    from kraftsamling.index.spec import load_spec

    base = make_table(n_areas, seed)
    spec = load_spec(svi_spec_path())
    table: dict[str, Any] = {
        "FIPS": np.array([f"42{i:09d}" for i in range(n_areas)], dtype=object),
        "E_TOTPOP": base["population"],
    }
    for (ind_id, _, direction, _, _, _), ind in zip(INDICATORS, spec.indicators, strict=True):
        values = base[ind_id] if direction == "higher_is_worse" else -base[ind_id]
        ranks = np.argsort(np.argsort(values, kind="stable"), kind="stable")
        table[ind.column] = np.round(100.0 * ranks / n_areas, 1)
    return table


def svi_spec_path() -> str:
    """The shipped SVI 2022 spec."""
    from pathlib import Path

    import kraftsamling.index

    return str(Path(kraftsamling.index.__file__).parent / "specs" / "svi2022.toml")
