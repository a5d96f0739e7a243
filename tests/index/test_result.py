"""Results: hashes, files (CSV, Parquet, JSON) and comparing two runs."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

from kraftsamling import __version__
from kraftsamling.core.errors import InvalidInput, NotFound
from kraftsamling.index import CompositeIndex, IndexResult, compare, parse_spec

NAN = float("nan")
SPEC = parse_spec(
    {
        "index": {"id": "r", "id_column": "code"},
        "universe": {"population_column": "pop"},
        "indicator": [{"id": "a", "flag": "F_A"}, {"id": "b"}],
        "flags": {"threshold": 0.5},
        "classify": {"method": "quantile", "n": 2},
    }
)
TABLE = {
    "code": ["0101", "0102", "0103", "0104"],
    "pop": [10, 0, 30, 40],
    "a": [1.0, 5.0, 3.0, 2.0],
    "b": [4.0, 1.0, 2.0, 1.0],
}


def fit(table: dict[str, list[object]]) -> IndexResult:
    return CompositeIndex(SPEC).fit(table).result_


def test_result_carries_spec_hashes_and_version() -> None:
    res = fit(TABLE)
    assert res.spec == SPEC and res.spec_hash == SPEC.spec_hash
    assert res.version == __version__
    assert len(res.data_hash) == 64


def test_data_hash_ignores_column_order_and_unused_columns_but_not_rows_or_values() -> None:
    base = fit(TABLE).data_hash
    reordered = {k: TABLE[k] for k in ("b", "a", "pop", "code")}
    assert fit(reordered).data_hash == base
    assert fit({**TABLE, "unused": [1, 2, 3, 4]}).data_hash == base
    swapped = {k: [v[1], v[0], v[2], v[3]] for k, v in TABLE.items()}
    assert fit(swapped).data_hash != base
    assert fit({**TABLE, "a": [1.0, 5.0, 3.0, 2.5]}).data_hash != base
    ints = {**TABLE, "a": [1, 5, 3, 2]}  # same numbers as integers
    assert fit(ints).data_hash == base


@pytest.mark.parametrize("suffix", [".csv", ".parquet", ".json"])
def test_write_and_read_back(tmp_path: Path, suffix: str) -> None:
    res = fit(TABLE)
    path = res.write(tmp_path / f"run{suffix}")
    back = IndexResult.read(path)
    assert back.ids.tolist() == ["0101", "0102", "0103", "0104"]  # leading zeros kept
    assert back.id_column == "code"
    assert list(back.columns) == list(res.columns)
    for name, values in res.columns.items():
        np.testing.assert_allclose(back.columns[name], values, equal_nan=True)
    if suffix == ".csv":
        assert back.spec is None
    else:
        assert back.spec == SPEC and back.data_hash == res.data_hash
        assert back.version == __version__


def test_csv_writes_whole_numbers_without_decimals_and_nan_as_empty(tmp_path: Path) -> None:
    path = fit(TABLE).write(tmp_path / "run.csv")
    lines = path.read_text().splitlines()
    assert lines[0] == "code,score,rank,percentile,class,F_A,a_percentile,b_percentile"
    assert lines[2].startswith("0102,,,,,")  # outside the universe: empty cells
    rank_cells = [line.split(",")[2] for line in lines[1:]]
    assert rank_cells == ["2", "", "1", "3"]


def test_json_holds_metadata_and_null_for_nan(tmp_path: Path) -> None:
    path = fit(TABLE).write(tmp_path / "run.json")
    doc = json.loads(path.read_text())
    assert doc["metadata"]["spec"]["index"]["id"] == "r"
    assert doc["metadata"]["spec_hash"] == SPEC.spec_hash
    assert doc["columns"][:3] == ["code", "score", "rank"]
    assert doc["rows"][1]["rank"] is None
    assert doc["rows"][2]["rank"] == 1


def test_bad_paths(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match=r"expected one of \.csv, \.parquet, \.json"):
        fit(TABLE).write(tmp_path / "run.xlsx")
    with pytest.raises(NotFound):
        IndexResult.read(tmp_path / "none.csv")
    bad = tmp_path / "bad.json"
    bad.write_text("[]")
    with pytest.raises(InvalidInput, match="is not a result JSON"):
        IndexResult.read(bad)


def test_with_uncertainty_appends_columns() -> None:
    res = fit(TABLE)
    more = res.with_uncertainty({"rank_median": [2, NAN, 1, 3]})
    assert list(more.columns)[-1] == "rank_median" and "rank_median" not in res.columns
    with pytest.raises(InvalidInput, match="expected one value per area"):
        res.with_uncertainty({"p_top_k": [0.5]})


def result(ids: list[str], ranks: list[float], classes: list[float]) -> IndexResult:
    return IndexResult(
        ids=np.asarray(ids, dtype=object),
        id_column="area",
        columns={"rank": np.array(ranks, dtype=float), "class": np.array(classes, dtype=float)},
    )


def test_compare_by_hand() -> None:
    a = result(["p", "q", "r", "s", "t"], [1, 2, 3, 4, 5], [1, 1, 2, 2, 2])
    b = result(["p", "q", "r", "s", "u"], [3, 1, 2, 4, 5], [2, 1, 1, 2, 2])
    c = compare(a, b, top_k=2)
    # moves: p +2, q -1, r -1, s 0; t only in a, u only in b (NaN, listed last by id)
    assert c.ids.tolist() == ["p", "q", "r", "s", "t", "u"]
    assert c.rank_change.tolist() == pytest.approx([2, -1, -1, 0, NAN, NAN], nan_ok=True)
    assert c.class_changed.tolist() == pytest.approx([1, 0, 1, 0, NAN, NAN], nan_ok=True)
    assert c.entered_top_k == ("r",) and c.left_top_k == ("p",)
    # Spearman over p q r s: ranks a 1 2 3 4, b 3 1 2 4; d = -2 1 1 0, sum d^2 = 6
    # rho = 1 - 6 * 6 / (4 * 15) = 0.4
    assert c.spearman == pytest.approx(0.4)
    assert c.n_common == 4
    frame = c.to_frame()
    assert list(frame.columns) == [
        "area", "rank_a", "rank_b", "rank_change", "class_a", "class_b", "class_changed",
        "in_top_k_a", "in_top_k_b",
    ]  # fmt: skip
    assert "Entered the top 2: r. Left it: p." in c.summary()
    assert "In bland de 2 mest utsatta: r." in c.summary("sv")


def test_compare_identical_runs_and_errors() -> None:
    a = result(["p", "q", "r"], [1, 2, 3], [1, 1, 2])
    c = compare(a, a)
    assert c.spearman == pytest.approx(1.0) and not np.any(c.rank_change)
    assert c.entered_top_k == () and c.top_k is None
    with pytest.raises(InvalidInput, match="top_k must be a positive integer"):
        compare(a, a, top_k=0)
    no_rank = IndexResult(np.asarray(["p"], dtype=object), "area", {"score": np.ones(1)})
    with pytest.raises(InvalidInput, match="result b has no 'rank' column"):
        compare(a, no_rank)
    single = result(["p"], [1], [1])
    assert math.isnan(compare(single, single).spearman)


def test_areas_unranked_in_a_run_do_not_count_as_moved() -> None:
    # q is unranked in both runs, r only in b, s only in a: none of them moved.
    a = result(["p", "q", "r", "s"], [1, NAN, 2, NAN], [1, NAN, 1, NAN])
    b = result(["p", "q", "r", "s"], [1, NAN, NAN, 2], [1, NAN, NAN, 1])
    same = compare(a, a)
    assert same.n_moved == 0 and same.n_common == 2
    assert "2 areas in both runs; 0 changed rank" in same.summary()
    assert compare(a, b).n_moved == 0
    swapped = compare(a, result(["p", "q", "r", "s"], [2, NAN, 1, NAN], [1, NAN, 1, NAN]))
    assert swapped.n_moved == 2
    assert "2 bytte rang. Spearmans rangkorrelation: -1,0000." in swapped.summary("sv")


def test_compare_runs_read_from_files(tmp_path: Path) -> None:
    first = fit(TABLE).write(tmp_path / "a.parquet")
    second = fit({**TABLE, "a": [9.0, 5.0, 3.0, 2.0]}).write(tmp_path / "b.csv")
    c = compare(IndexResult.read(first), IndexResult.read(second), top_k=1)
    # a: 0101 rank 2 -> 1 after its value a rises to the top
    assert c.ids[0] == "0101" and c.rank_change[0] == -1
    assert c.entered_top_k == ("0101",) and c.left_top_k == ("0103",)
