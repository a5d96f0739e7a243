"""CompositeIndex end to end on small tables computed by hand."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from kraftsamling.core.errors import InvalidInput, SpecError
from kraftsamling.index import CompositeIndex, parse_spec

NAN = float("nan")


def svi_like() -> dict[str, Any]:
    """Two themes, SVI-style: percentile ranks rounded to 4 decimals, summed, re-ranked."""
    return {
        "index": {"id": "mini_svi", "id_column": "FIPS"},
        "universe": {"population_column": "POP", "min_population": 1, "missing_values": [-999]},
        "indicator": [
            {"id": "a", "group": "theme1", "flag": "F_A"},
            {"id": "b", "group": "theme1", "flag": "F_B", "direction": "higher_is_better"},
            {"id": "c", "group": "theme2", "flag": "F_C"},
        ],
        "group": [{"id": "theme1", "flag": "F_THEME1"}, {"id": "theme2"}],
        "rounding": [
            {"stage": "normalised", "decimals": 4},
            {"stage": "group_percentile", "decimals": 4},
            {"stage": "percentile", "decimals": 4},
        ],
        "flags": {"threshold": 0.75, "total": "F_TOTAL"},
        "classify": {"method": "quantile", "n": 2},
    }


TABLE = {
    "FIPS": ["01", "02", "03", "04", "05", "06"],
    "POP": [100, 200, 0, 50, 80, 120],  # 03 has no population: outside the universe
    "a": [10, 20, 99, 30, 20, 5],
    "b": [3, 1, 0, 2, -999, 4],  # 05 has no value for b
    "c": [0.5, 0.1, 0.2, 0.9, 0.3, 0.7],
}

# Hand computation (universe 01 02 04 05 06):
# a: 5(06) 10(01) 20(02, 05) 30(04); min ranks 1 2 3 3 5, N 5 -> 0 .25 .5 .5 1
# b mirrored: -4(06) -3(01) -2(04) -1(02), N 4 -> 0 .3333 .6667 1 (05 missing)
# c: .1(02) .3(05) .5(01) .7(06) .9(04) -> 0 .25 .5 .75 1
# theme1 = a + b: 01 .5833, 02 1.5, 04 1.6667, 05 NaN, 06 0
#   percentile over 4: 06 0, 01 .3333, 02 .6667, 04 1
# theme2 = c; percentile over 5: 02 0, 05 .25, 01 .5, 06 .75, 04 1
# score = theme1 + theme2: 01 1.0833, 02 1.5, 04 2.6667, 05 NaN, 06 .75
# rank: 04 1, 02 2, 01 3, 06 4; percentile: 06 0, 01 .3333, 02 .6667, 04 1
# class ceil(rank * 2 / 4): 04 1, 02 1, 01 2, 06 2
# flags (>= .75): a 04; b 02; c 04 06; b is missing for 05, so F_B is empty there, and the
# counts add the flags that exist (as CDC does): F_THEME1 01 0, 02 1, 04 1, 05 0, 06 0;
#   F_TOTAL 01 0, 02 1, 04 2, 05 0, 06 1
EXPECTED = {
    "score": [1.0833, 1.5, NAN, 2.6667, NAN, 0.75],
    "rank": [3, 2, NAN, 1, NAN, 4],
    "percentile": [0.3333, 0.6667, NAN, 1.0, NAN, 0.0],
    "class": [2, 1, NAN, 1, NAN, 2],
    "theme1_score": [0.5833, 1.5, NAN, 1.6667, NAN, 0.0],
    "theme1_percentile": [0.3333, 0.6667, NAN, 1.0, NAN, 0.0],
    "theme2_score": [0.5, 0.0, NAN, 1.0, 0.25, 0.75],
    "theme2_percentile": [0.5, 0.0, NAN, 1.0, 0.25, 0.75],
    "F_A": [0, 0, NAN, 1, 0, 0],
    "F_B": [0, 1, NAN, 0, NAN, 0],
    "F_C": [0, 0, NAN, 1, 0, 1],
    "F_THEME1": [0, 1, NAN, 1, 0, 0],
    "F_TOTAL": [0, 1, NAN, 2, 0, 1],
}


def test_svi_like_run_matches_the_hand_computation() -> None:
    model = CompositeIndex(parse_spec(svi_like())).fit(TABLE)
    cols = model.result_.columns
    per_indicator = ["a_percentile", "b_percentile", "c_percentile"]  # CDC's EPL_*
    assert list(cols) == list(EXPECTED) + per_indicator  # the documented output order
    for ind in "abc":
        assert cols[f"{ind}_percentile"].tolist() == pytest.approx(
            model.normalised_[ind].tolist(), nan_ok=True
        )
    for name, want in EXPECTED.items():
        assert cols[name].tolist() == pytest.approx(want, abs=1e-4, nan_ok=True), name
    assert model.result_.ids.tolist() == TABLE["FIPS"]
    assert model.result_.id_column == "FIPS"
    assert model.universe_.tolist() == [True, True, False, True, True, True]
    assert model.normalised_["b"].tolist() == pytest.approx(
        [0.3333, 1.0, NAN, 0.6667, NAN, 0.0], nan_ok=True
    )
    assert model.treatment_["a"].action == "none"


def test_flag_counts_can_propagate_missing_flags() -> None:
    raw = svi_like()
    raw["flags"]["missing_policy"] = "propagate"
    cols = CompositeIndex(parse_spec(raw)).fit(TABLE).result_.columns
    assert cols["F_THEME1"].tolist() == pytest.approx([0, 1, NAN, 1, NAN, 0], nan_ok=True)
    assert cols["F_TOTAL"].tolist() == pytest.approx([0, 1, NAN, 2, NAN, 1], nan_ok=True)


def test_a_pandas_dataframe_gives_the_same_result() -> None:
    spec = parse_spec(svi_like())
    frame = pd.DataFrame(TABLE)
    frame["unused"] = "text is fine in columns the spec does not use"
    a = CompositeIndex(spec).fit(TABLE).result_
    b = CompositeIndex(spec).fit(frame).result_
    for name in EXPECTED:
        np.testing.assert_array_equal(a.columns[name], b.columns[name])
    assert a.data_hash == b.data_hash


def test_constructor_only_stores_the_spec_and_accepts_a_path(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    path.write_text('[index]\nid = "p"\nid_column = "id"\n[[indicator]]\nid = "x"\n')
    model = CompositeIndex(path)
    assert model.spec == path and not hasattr(model, "result_")
    assert model.fit({"id": ["a", "b"], "x": [1, 2]}) is model
    assert model.result_.columns["rank"].tolist() == [2, 1]


def test_missing_columns_are_named_with_the_available_ones() -> None:
    table = {k: v for k, v in TABLE.items() if k not in ("b", "POP")}
    with pytest.raises(SpecError) as info:
        CompositeIndex(parse_spec(svi_like())).fit(table)
    assert str(info.value) == (
        "the input table lacks column(s) 'POP', 'b' that spec 'mini_svi' needs; "
        "available columns: 'FIPS', 'a', 'c'."
    )


def test_non_numeric_value_names_column_row_and_id() -> None:
    table = dict(TABLE, c=["0.5", "0.1", "n/a?", 0.9, 0.3, 0.7])
    with pytest.raises(InvalidInput) as info:
        CompositeIndex(parse_spec(svi_like())).fit(table)
    assert str(info.value) == (
        "column 'c' must be numeric, but row 3 (id '03') has 'n/a?' (rows counted from 1, "
        "header not counted)."
    )


def test_empty_and_na_text_read_as_missing() -> None:
    table = dict(TABLE, c=["0.5", "", "NA", 0.9, None, 0.7])
    out = CompositeIndex(parse_spec(svi_like())).fit(table).result_
    assert math.isnan(out.columns["theme2_score"][1])


def test_duplicate_and_missing_ids_and_ragged_columns() -> None:
    spec = parse_spec(svi_like())
    with pytest.raises(InvalidInput, match=r"id '02' appears 2 times \(rows 2, 3\)"):
        CompositeIndex(spec).fit(dict(TABLE, FIPS=["01", "02", "02", "04", "05", "06"]))
    with pytest.raises(InvalidInput, match="row 4 has no id"):
        CompositeIndex(spec).fit(dict(TABLE, FIPS=["01", "02", "03", None, "05", "06"]))
    with pytest.raises(InvalidInput, match="column 'c' has 5 values but the id column"):
        CompositeIndex(spec).fit(dict(TABLE, c=[1, 2, 3, 4, 5]))
    with pytest.raises(InvalidInput, match="fit needs a table"):
        CompositeIndex(spec).fit([1, 2, 3])  # type: ignore[arg-type]


def imd_like() -> dict[str, Any]:
    return {
        "index": {"id": "mini_imd", "id_column": "LSOA"},
        "normalise": {"method": "exponential_rank"},
        "indicator": [
            {"id": "income", "column": "Income Rank", "direction": "higher_is_better",
             "weight": 0.6},
            {"id": "health", "column": "Health Rank", "direction": "higher_is_better",
             "weight": 0.4},
        ],
        "classify": {"method": "quantile", "n": 2},
    }  # fmt: skip


def test_imd_like_exponential_domains_weighted_sum() -> None:
    # domain ranks with 1 = most deprived, N = 4; mirrored -> rank 1 = least deprived = 4
    # income ranks 1 2 3 4 -> R = 1, .75, .5, .25 -> X = 100, 31.0091, 15.6468, 6.5177
    # health ranks 2 1 4 3 -> R = .75, 1, .25, .5 -> X = 31.0091, 100, 6.5177, 15.6468
    # score = .6 X_income + .4 X_health = 72.4036, 58.6055, 11.9952, 10.1693
    table = {
        "LSOA": ["E1", "E2", "E3", "E4"],
        "Income Rank": [1, 2, 3, 4],
        "Health Rank": [2, 1, 4, 3],
    }
    out = CompositeIndex(parse_spec(imd_like())).fit(table).result_.columns
    assert out["score"].tolist() == pytest.approx([72.4036, 58.6055, 11.9952, 10.1693], abs=1e-3)
    assert out["rank"].tolist() == [1, 2, 3, 4]
    assert out["class"].tolist() == [1, 1, 2, 2]


def test_three_levels_with_normalised_pass_up_and_arithmetic_mean() -> None:
    spec = parse_spec(
        {
            "index": {"id": "deep", "id_column": "id"},
            "normalise": {"method": "none"},
            "indicator": [
                {"id": "a", "group": "leaf"},
                {"id": "b", "group": "leaf", "weight": 3.0},
                {"id": "c", "group": "mid"},
            ],
            "group": [
                {"id": "mid", "aggregation": "arithmetic"},
                {
                    "id": "leaf",
                    "parent": "mid",
                    "aggregation": "arithmetic",
                    "pass_up": "normalised",
                    "renormalise": {"method": "rank"},
                },
            ],
        }
    )
    table = {"id": ["x", "y", "z"], "a": [4.0, 0.0, 8.0], "b": [0.0, 4.0, 0.0], "c": [1, 1, 1]}
    out = CompositeIndex(spec).fit(table).result_.columns
    # leaf = (a + 3b) / 4 = 1, 3, 2 -> ranks 1, 3, 2 passed up
    assert out["leaf_score"].tolist() == [1.0, 3.0, 2.0]
    assert out["leaf_percentile"].tolist() == [1.0, 3.0, 2.0]
    # mid = (rank + c) / 2 = 1, 2, 1.5 ; root sum of mid
    assert out["mid_score"].tolist() == [1.0, 2.0, 1.5]
    assert out["score"].tolist() == [1.0, 2.0, 1.5]
    assert out["rank"].tolist() == [3, 1, 2]


def test_available_policy_and_min_share_present() -> None:
    raw = {
        "index": {"id": "avail", "id_column": "id"},
        "universe": {"missing_policy": "available", "min_share_present": 0.5},
        "normalise": {"method": "none"},
        "aggregate": {"aggregation": "arithmetic"},
        "indicator": [{"id": "a"}, {"id": "b"}, {"id": "c"}],
    }
    table = {
        "id": ["x", "y", "z"],
        "a": [1.0, 2.0, NAN],
        "b": [3.0, NAN, NAN],
        "c": [5.0, 4.0, 9.0],
    }
    out = CompositeIndex(parse_spec(raw)).fit(table).result_.columns
    # z has 1 of 3 values (33 % < 50 %): outside; y averages its two values
    assert out["score"].tolist() == pytest.approx([3.0, 3.0, NAN], nan_ok=True)
    assert out["rank"].tolist() == pytest.approx([1, 1, NAN], nan_ok=True)  # tie -> min rank


def test_higher_is_better_index_ranks_the_lowest_score_first() -> None:
    raw = {
        "index": {"id": "good", "id_column": "id", "direction": "higher_is_better"},
        "normalise": {"method": "none"},
        "indicator": [{"id": "employment", "direction": "higher_is_better"}],
    }
    table = {"id": ["x", "y", "z"], "employment": [0.9, 0.5, 0.7]}
    out = CompositeIndex(parse_spec(raw)).fit(table).result_.columns
    assert out["score"].tolist() == [0.9, 0.5, 0.7]  # not mirrored: same direction as the index
    assert out["rank"].tolist() == [3, 1, 2]


def test_sd_classes_on_the_score_like_area_types() -> None:
    raw = {
        "index": {"id": "types", "id_column": "id"},
        "normalise": {"method": "zscore"},
        "indicator": [{"id": "low_income"}],
        "classify": {"method": "sd", "k": [-1.0, 1.0], "labels": [3, 2, 1]},
    }
    table = {"id": list("vwxyz"), "low_income": [1.0, 2.0, 3.0, 4.0, 5.0]}
    out = CompositeIndex(parse_spec(raw)).fit(table).result_.columns
    # z-scores: (x - 3) / 1.5811 = -1.26, -0.63, 0, 0.63, 1.26 ; bands at -1 and +1 SD
    assert out["class"].tolist() == [3, 2, 2, 2, 1]


def test_outliers_and_imputation_run_inside_the_engine() -> None:
    raw = {
        "index": {"id": "treat", "id_column": "id"},
        "impute": {"method": "mean"},
        "outliers": {"method": "winsorise", "lower_quantile": 0.0, "upper_quantile": 0.75},
        "normalise": {"method": "none"},
        "indicator": [{"id": "a"}],
    }
    table = {"id": list("vwxyz"), "a": [1.0, 2.0, NAN, 3.0, 100.0]}
    model = CompositeIndex(parse_spec(raw)).fit(table)
    # impute x with the mean (1 + 2 + 3 + 100) / 4 = 26.5; then q0.75 of {1, 2, 26.5, 3, 100}
    # = 26.5 (position 3 of 0..4) -> 100 is clipped to 26.5
    assert model.result_.columns["score"].tolist() == [1.0, 2.0, 26.5, 3.0, 26.5]
    assert model.treatment_["a"].n_high == 1
    assert model.prepared_.imputed[:, 0].tolist() == [False, False, True, False, False]


def test_explain_in_swedish_and_english() -> None:
    from kraftsamling.index import explain

    spec = parse_spec(svi_like())
    sv = explain(spec)
    assert "Indikatorer (3):" in sv
    assert "- b (kolumn b): högre värde = mindre utsatt (vänds innan normalisering), vikt 1" in sv
    # Swedish words for the spec's settings, not its identifiers.
    assert "Områden med en folkmängd under 1 rangordnas inte" in sv and "POP" not in sv
    assert "Värdena -999 betyder saknat värde." in sv
    assert "minst 0,75" in sv  # Swedish decimal comma
    assert "- Normaliserade värden: 4 decimaler (0,5 avrundas uppåt)" in sv
    assert "2 lika stora klasser efter rang" in sv
    assert "percentilrang ((r-1)/(N-1); lika värden får den lägsta rangen)" in sv
    assert "ties" not in sv and "theme1_percentile" not in sv
    en = explain(spec, lang="en")
    assert "- theme1: the sum of a (1), b (1); then percentile rank ((r-1)/(N-1), ties: min)" in en
    assert "Rank 1 = most vulnerable (highest score)" in en
    with pytest.raises(InvalidInput, match="lang must be 'sv' or 'en'; got 'de'"):
        explain(spec, lang="de")


def test_explain_names_indicators_and_themes_in_swedish() -> None:
    from kraftsamling.index import explain

    raw = svi_like()
    raw["indicator"][0]["name_sv"] = "Fattigdom"
    raw["group"][0]["name_sv"] = "Ekonomi"
    sv = explain(parse_spec(raw))
    assert "- a “Fattigdom” (kolumn a): högre värde = mer utsatt, vikt 1, i temat Ekonomi." in sv
    assert "- Ekonomi: summan av Fattigdom (vikt 1), b (vikt 1); därefter räknas det om" in sv
    assert "- Indexets poäng: summan av Ekonomi (vikt 1), theme2 (vikt 1);" in sv
    # A page passes the stored indicators' names, which win over the spec's.
    named = explain(parse_spec(raw), names={"a": "Låg inkomst", "b": "Arbete"})
    assert "summan av Låg inkomst (vikt 1), Arbete (vikt 1)" in named
    # English keeps the ids where the spec has no English names.
    en = explain(parse_spec(raw), lang="en")
    assert "- theme1 “Ekonomi”: the sum of a (1), b (1)" in en


@pytest.mark.parametrize(
    "module",
    [
        "spec", "normalise", "outliers", "impute", "aggregate", "classify", "shrinkage",
        "rounding", "pipeline", "engine", "result", "explain", "uncertainty", "mc_draws",
        "mc_ranks", "sensitivity", "diagnostics",
    ],
)  # fmt: skip
def test_docstring_examples_run(module: str) -> None:
    import doctest
    import importlib

    mod = importlib.import_module(f"kraftsamling.index.{module}")
    failures, tried = doctest.testmod(mod, optionflags=doctest.ELLIPSIS)
    assert failures == 0 and tried > 0
