"""IMD 2019 rebuilt from File 2 when domain ranks are tied.

``tests/fixtures/index/imd2019_tied_domain_ranks.csv`` has six LSOAs in File 2's layout
whose domain ranks tie as published ranks do (two LSOAs share the better rank and the next
rank is skipped: 1, 2, 2, 4, ...). Its IMD rank column was computed by hand from the
Technical Report's method, taking each LSOA's published rank as it stands:
R = (N + 1 - rank) / N, X = -23 ln(1 - R (1 - e^(-100/23))), score = sum of weight x X.
The IMD scores are 48.917, 51.757, 44.388, 33.253, 11.204 and 15.330, so the IMD ranks
are 2, 1, 3, 4, 6, 5.
"""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

from kraftsamling.index import CompositeIndex, load_spec

SPEC = Path(__file__).parents[2] / "src" / "kraftsamling" / "index" / "specs" / "imd2019.toml"
TIED = Path(__file__).parents[1] / "fixtures" / "index" / "imd2019_tied_domain_ranks.csv"
IMD_RANK = "Index of Multiple Deprivation (IMD) Rank (where 1 is most deprived)"


def _table() -> dict[str, np.ndarray]:
    frame = pd.read_csv(TIED, dtype={"LSOA code (2011)": str})
    return {c: frame[c].to_numpy() for c in frame.columns}


def test_tied_domain_ranks_give_the_hand_computed_imd_ranks_and_scores() -> None:
    table = _table()
    result = CompositeIndex(load_spec(SPEC)).fit(table).result_
    assert result.columns["rank"].tolist() == [2.0, 1.0, 3.0, 4.0, 6.0, 5.0]
    assert result.columns["rank"].tolist() == table[IMD_RANK].astype(float).tolist()
    assert np.allclose(
        result.columns["score"], [48.917, 51.757, 44.388, 33.253, 11.204, 15.330], atol=5e-4
    )
    # income: ranks 1, 2, 2, ... -> R = 6/6, 5/6, 5/6; the tied pair shares X(5/6)
    k = 1.0 - math.exp(-100.0 / 23.0)
    x = result.columns["income_exponential"]
    assert x[1] == x[2] == np.float64(-23.0 * math.log1p(-(5.0 / 6.0) * k))


def test_giving_tied_lsoas_the_lowest_rank_instead_changes_the_imd_ranks() -> None:
    spec = load_spec(SPEC)
    assert {ind.normalise.ties for ind in spec.indicators} == {"max"}
    low = replace(
        spec,
        indicators=tuple(
            replace(ind, normalise=replace(ind.normalise, ties="min")) for ind in spec.indicators
        ),
    )
    ranks = CompositeIndex(low).fit(_table()).result_.columns["rank"]
    assert ranks.tolist() != [2.0, 1.0, 3.0, 4.0, 6.0, 5.0]
