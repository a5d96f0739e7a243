"""JSON-stat 2.0 parsing, checked against SCB's recorded TAB6471 cube and small hand cubes."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sources_fakes import load_json, subset_jsonstat

from kraftsamling.core.errors import InvalidInput
from kraftsamling.stats.sources.jsonstat import flat_index, merge_datasets, parse_dataset

DATA = "pxweb/pxweb_v2_scb_TAB6471_data.json"
META = "pxweb/pxweb_v2_scb_TAB6471_metadata.json"


def test_tab6471_shape() -> None:
    ds = parse_dataset(load_json(DATA))
    assert ds.ids == ("Region", "Alder", "Kon", "ContentsCode", "Tid")
    assert ds.size == (21, 11, 3, 1, 4)
    assert ds.n_cells == 2772 == len(ds.values)
    assert ds.dimension("Tid").role == "time"
    assert ds.dimension("ContentsCode").role == "metric"
    assert ds.dimension("Kon").elimination is True
    assert ds.dimension("Kon").elimination_value_code == "TotSa"
    assert ds.dimension("Region").labels["12"] == "Skåne län"
    assert ds.notes[0].startswith("Från och med referensåret 2025")


# Positions read from the category indexes in the raw file; strides for size
# [21, 11, 3, 1, 4] are 132, 12, 4, 4, 1. The values are the raw "value" array at that index.
CELLS = [
    # Region 01 (0), Alder 0-9 (0), Kon TotSa (0), 000007SF (0), Tid 2026M01 (0): index 0
    ({"Region": "01", "Alder": "0-9", "Kon": "TotSa", "Tid": "2026M01"}, 0, 245284.0),
    # Region 03 (1), Alder 10-19 (1), Kon 1 (1), Tid 2026M02 (1):
    # (((1*11 + 1)*3 + 1)*1 + 0)*4 + 1 = 149
    ({"Region": "03", "Alder": "10-19", "Kon": "1", "Tid": "2026M02"}, 149, 24817.0),
    # Region 12 Skåne (9), Alder 20-29 (2), Kon 2 women (2), Tid 2026M04 (3):
    # (((9*11 + 2)*3 + 2)*1 + 0)*4 + 3 = 1223
    ({"Region": "12", "Alder": "20-29", "Kon": "2", "Tid": "2026M04"}, 1223, 83498.0),
    # Region 25 (20), Alder 100+10 (10), Kon 2 (2), Tid 2026M04 (3): the last cell
    # (((20*11 + 10)*3 + 2)*1 + 0)*4 + 3 = 2771
    ({"Region": "25", "Alder": "100+10", "Kon": "2", "Tid": "2026M04"}, 2771, 54.0),
]


@pytest.mark.parametrize(("coords", "index", "value"), CELLS)
def test_tab6471_cells_by_hand(coords: dict[str, str], index: int, value: float) -> None:
    ds = parse_dataset(load_json(DATA))
    full = {**coords, "ContentsCode": "000007SF"}
    assert ds.flat_index(full) == index
    assert ds.cell(full) == value
    row = ds.rows()[index]
    assert {k: row[k] for k in full} == full
    assert row["value"] == value


def test_rows_and_frame_are_row_major() -> None:
    ds = parse_dataset(load_json(DATA))
    rows = ds.rows(labels=True)
    assert len(rows) == 2772
    # the last dimension (Tid) varies fastest, then ContentsCode, Kon, Alder, Region
    assert [r["Tid"] for r in rows[:5]] == ["2026M01", "2026M02", "2026M03", "2026M04", "2026M01"]
    assert [r["Kon"] for r in rows[:12:4]] == ["TotSa", "1", "2"]
    assert rows[132]["Region"] == "03" and rows[131]["Region"] == "01"
    assert rows[1223]["Region_label"] == "Skåne län"
    frame = ds.to_frame()
    assert frame.shape == (2772, 7)
    assert frame.loc[1223, "value"] == 83498


def test_metadata_without_values() -> None:
    meta = parse_dataset(load_json(META), require_values=False)
    assert meta.size == (312, 134, 3, 1, 16)
    assert meta.values == ()
    assert meta.dimension("Region").elimination is True
    assert meta.dimension("Alder").elimination is False
    assert "vs_CKM02Län" in meta.dimension("Region").codelists
    assert meta.dimension("Region").position("1280") == 127
    with pytest.raises(InvalidInput, match="no values"):
        parse_dataset(load_json(META))


def _tiny(**overrides: object) -> dict[str, object]:
    doc: dict[str, object] = {
        "version": "2.0",
        "class": "dataset",
        "id": ["a", "b"],
        "size": [2, 3],
        "dimension": {
            "a": {"category": {"index": ["x", "y"]}},
            "b": {"category": {"index": {"p": 0, "q": 1, "r": 2}}},
        },
        "value": [1, 2, 3, 4, 5, 6],
    }
    doc.update(overrides)
    return doc


def test_index_as_list_or_object_and_row_major() -> None:
    ds = parse_dataset(_tiny())
    # row-major: (y, q) is position (1, 1) -> 1*3 + 1 = 4 -> the fifth value
    assert ds.cell({"a": "y", "b": "q"}) == 5.0
    assert ds.cell({"a": "x", "b": "r"}) == 3.0


def test_object_index_out_of_order_is_sorted_by_position() -> None:
    doc = _tiny()
    doc["dimension"]["b"]["category"]["index"] = {"r": 2, "p": 0, "q": 1}  # type: ignore[index]
    assert parse_dataset(doc).dimension("b").codes == ("p", "q", "r")


def test_single_category_without_index_uses_label_key() -> None:
    doc = _tiny(
        id=["a", "c"],
        size=[2, 1],
        dimension={
            "a": {"category": {"index": ["x", "y"]}},
            "c": {"category": {"label": {"only": "The only one"}}},
        },
        value=[7, 8],
    )
    ds = parse_dataset(doc)
    assert ds.dimension("c").codes == ("only",)
    assert ds.cell({"a": "y", "c": "only"}) == 8.0


def test_sparse_values_and_status_forms() -> None:
    ds = parse_dataset(_tiny(value={"0": 1.5, "5": 9}, status={"5": "p"}))
    assert ds.values == (1.5, None, None, None, None, 9.0)
    assert ds.status == {5: "p"}
    assert parse_dataset(_tiny(status="e")).status == dict.fromkeys(range(6), "e")
    listed = parse_dataset(_tiny(status=["", "..", None, "", "", "x"]))
    assert listed.status == {1: "..", 5: "x"}
    assert [r["status"] for r in listed.rows()] == [None, "..", None, None, None, "x"]


def test_null_values_are_kept_as_missing() -> None:
    ds = parse_dataset(_tiny(value=[1, None, 3, 4, 5, 6]))
    assert ds.cell({"a": "x", "b": "q"}) is None


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"value": [1, 2, 3]}, "has 3 entries but the sizes multiply to 6"),
        ({"size": [2, 4]}, "has 3 categories but 'size' says 4"),
        ({"class": "collection"}, "Expected a JSON-stat 2.0 dataset"),
        ({"value": [1, 2, "x", 4, 5, 6]}, "at index 2 must be a number"),
        ({"value": {"6": 1}}, "outside 0..5"),
    ],
)
def test_inconsistent_documents_are_refused(overrides: dict[str, object], message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        parse_dataset(_tiny(**overrides))


def test_unknown_category_names_the_valid_ones() -> None:
    ds = parse_dataset(_tiny())
    with pytest.raises(InvalidInput, match="no category 'z'; expected one of: x, y"):
        ds.cell({"a": "z", "b": "p"})


def test_merge_reassembles_a_cube_split_by_region() -> None:
    raw = load_json(DATA)
    regions = list(raw["dimension"]["Region"]["category"]["index"])
    parts = [
        parse_dataset(subset_jsonstat(raw, {"Region": regions[i : i + 8]})) for i in range(0, 21, 8)
    ]
    merged = merge_datasets(parts)
    original = parse_dataset(raw)
    assert merged.size == original.size
    assert merged.values == original.values


def test_merge_along_an_inner_dimension() -> None:
    raw = load_json(DATA)
    parts = [
        parse_dataset(subset_jsonstat(raw, {"Tid": ["2026M01", "2026M02"]})),
        parse_dataset(subset_jsonstat(raw, {"Tid": ["2026M03", "2026M04"]})),
    ]
    assert merge_datasets(parts).values == parse_dataset(raw).values


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(1, 5), min_size=1, max_size=5), st.data())
def test_flat_index_matches_numpy_row_major(size: list[int], data: st.DataObject) -> None:
    positions = [data.draw(st.integers(0, n - 1)) for n in size]
    assert flat_index(size, positions) == np.ravel_multi_index(positions, size, order="C")
    assert flat_index(size, [n - 1 for n in size]) == math.prod(size) - 1
