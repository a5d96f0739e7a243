"""`kraftsamling index`: run with Monte Carlo, explain, compare, and a data file's error paths.

Each command is checked against the library call it stands for, so a dropped or misrouted
option (seed, draws, top k, language, limit) shows as a difference.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from kraftsamling import cli as main_cli
from kraftsamling.core.errors import InvalidInput, NotFound
from kraftsamling.index import CompositeIndex, IndexResult, MonteCarlo, explain, load_spec
from kraftsamling.index.cli import app
from kraftsamling.index.io import as_columns, read_table

ROOT = Path(__file__).parents[2]
MALMO = ROOT / "src" / "kraftsamling" / "index" / "specs" / "malmo_utsatthet.toml"
DEMO = ROOT / "examples" / "data" / "malmo_demo_2025.csv"

SMALL_SPEC = """\
[index]
id = "small"
id_column = "code"

[[indicator]]
id = "a"

[[indicator]]
id = "b"
weight = 2
"""
SMALL_CSV = "code,a,b\n0101,1,5\n0102,2,4\n0103,3,3\n0104,4,2\n"


def invoke(*args: object) -> tuple[int, str, BaseException | None]:
    """Exit code, output with line breaks undone (rich wraps at its width), exception."""
    result = CliRunner().invoke(app, [str(a) for a in args])
    return result.exit_code, " ".join(result.output.split()), result.exception


@pytest.fixture
def small(tmp_path: Path) -> Path:
    spec = tmp_path / "small.toml"
    spec.write_text(SMALL_SPEC, encoding="utf-8")
    (tmp_path / "small.csv").write_text(SMALL_CSV, encoding="utf-8")
    return spec


# --- run --mc ----------------------------------------------------------------------------------


def test_run_with_monte_carlo_writes_what_the_library_computes(tmp_path: Path) -> None:
    out = tmp_path / "cli.csv"
    code, output, _ = invoke(
        "run", MALMO, "--data", DEMO, "--out", out, "--mc", "40", "--seed", "3", "--top-k", "5"
    )
    assert code == 0, output
    assert f"Wrote 100 areas (93 ranked) to {out}, with 40 Monte Carlo draws." in output
    spec = load_spec(MALMO)
    table = as_columns(read_table(DEMO, spec.id_column))
    mc = MonteCarlo(spec, n_draws=40, seed=3, top_k=5).fit(table)
    expected = tmp_path / "library.csv"
    CompositeIndex(spec).fit(table).result_.with_uncertainty(mc).write(expected)
    assert out.read_text() == expected.read_text()

    frame = pd.read_csv(out, dtype={"area_code": str}).dropna(subset=["rank"])
    assert (frame["rank_p05"] <= frame["rank_median"]).all()
    assert (frame["rank_median"] <= frame["rank_p95"]).all()
    assert frame["p_top_k"].between(0, 1).all()
    # every draw puts five areas (more on a tie) in its top five
    assert 5 - 1e-9 <= frame["p_top_k"].sum() < 6


def test_run_monte_carlo_depends_on_seed_and_draws(tmp_path: Path) -> None:
    def mc_columns(*extra: str) -> pd.DataFrame:
        out = tmp_path / "out.csv"
        code, output, _ = invoke("run", MALMO, "--data", DEMO, "--out", out, *extra)
        assert code == 0, output
        return pd.read_csv(out, dtype={"area_code": str})

    first = mc_columns("--mc", "30", "--seed", "1")
    again = mc_columns("--mc", "30", "--seed", "1")
    pd.testing.assert_frame_equal(first, again)
    other_seed = mc_columns("--mc", "30", "--seed", "2")
    assert not first["rank_p95"].equals(other_seed["rank_p95"])
    more_draws = mc_columns("--mc", "31", "--seed", "1")
    assert not first["rank_p95"].equals(more_draws["rank_p95"])
    # without --top-k, k is the top tenth: ceil(93 / 10) = 10 of the 93 ranked areas
    top_ten = mc_columns("--mc", "30", "--seed", "1", "--top-k", "10")
    pd.testing.assert_series_equal(first["p_top_k"], top_ten["p_top_k"])
    top_five = mc_columns("--mc", "30", "--seed", "1", "--top-k", "5")
    assert top_five["p_top_k"].sum() < first["p_top_k"].sum()
    plain = mc_columns()
    assert "rank_median" not in plain.columns
    pd.testing.assert_series_equal(plain["score"], first["score"])


@pytest.mark.parametrize("suffix", [".json", ".parquet"])
def test_run_writes_every_result_format_readably(small: Path, suffix: str) -> None:
    out = small.with_name("out" + suffix)
    code, output, _ = invoke("run", small, "--data", small.with_suffix(".csv"), "--out", out)
    assert code == 0, output
    result = IndexResult.read(out)
    assert result.ids.tolist() == ["0101", "0102", "0103", "0104"]  # leading zeros kept
    # score = a's percentile + 2 * b's percentile: 0 + 2, 1/3 + 4/3, ...
    np.testing.assert_allclose(result.columns["score"], [2.0, 5 / 3, 4 / 3, 1.0])
    assert result.columns["rank"].tolist() == [1, 2, 3, 4]


def test_run_refuses_a_bad_output_suffix_or_draw_count(small: Path) -> None:
    out = small.with_name("out.xlsx")
    code, _, exc = invoke("run", small, "--data", small.with_suffix(".csv"), "--out", out)
    assert code != 0 and isinstance(exc, InvalidInput)
    assert "--out" in str(exc) and ".csv, .json, .parquet" in str(exc)
    assert not out.exists()
    code, output, _ = invoke(
        "run", small, "--data", small.with_suffix(".csv"), "--out", small.with_name("o.csv"),
        "--mc", "-1",
    )  # fmt: skip
    assert code == 2 and "--mc" in output


# --- explain -----------------------------------------------------------------------------------


def test_explain_prints_the_method_in_the_language_asked(small: Path) -> None:
    spec = load_spec(small)
    code, swedish, _ = invoke("explain", small)
    assert code == 0
    assert swedish == " ".join(explain(spec, lang="sv").split())
    code, english, _ = invoke("explain", small, "--lang", "en")
    assert code == 0
    assert english == " ".join(explain(spec, lang="en").split())
    assert swedish != english
    assert "weight 2" in english and "matrix product" in english
    code, _, exc = invoke("explain", small, "--lang", "de")
    assert code != 0 and "lang must be 'sv' or 'en'; got 'de'" in str(exc)


def test_explain_of_a_missing_spec_says_which_file(tmp_path: Path) -> None:
    code, _, exc = invoke("explain", tmp_path / "absent.toml")
    assert code != 0
    assert "absent.toml" in str(exc)


# --- compare -----------------------------------------------------------------------------------


def _result(tmp_path: Path, name: str, ranks: list[float], classes: list[float]) -> Path:
    ids = np.array(["x1", "x2", "x3", "x4", "x5"], dtype=object)
    columns = {"rank": np.array(ranks), "class": np.array(classes)}
    return IndexResult(ids, "code", columns).write(tmp_path / name)


def test_compare_lists_the_moves_and_writes_the_whole_comparison(tmp_path: Path) -> None:
    a = _result(tmp_path, "a.csv", [1, 2, 3, 4, 5], [1, 1, 2, 2, 3])
    b = _result(tmp_path, "b.json", [3, 2, 1, 5, 4], [2, 1, 1, 3, 2])
    out = tmp_path / "moves.csv"
    code, output, _ = invoke("compare", a, b, "--top-k", "2", "--out", out)
    assert code == 0, output
    assert "Largest moves from a.csv to b.json" in output
    assert "5 areas in both runs; 4 changed rank." in output
    assert "Spearman rank correlation: 0.5000." in output  # 1 - 6 * (4+0+4+1+1) / (5 * 24)
    assert "Entered the top 2: x3. Left it: x1." in output
    frame = pd.read_csv(out)
    assert frame.columns.tolist() == [
        "code", "rank_a", "rank_b", "rank_change", "class_a", "class_b", "class_changed",
        "in_top_k_a", "in_top_k_b",
    ]  # fmt: skip
    assert dict(zip(frame["code"], frame["rank_change"], strict=True)) == {
        "x1": 2, "x2": 0, "x3": -2, "x4": 1, "x5": -1,
    }  # fmt: skip
    by_code = frame.set_index("code")
    assert by_code["class_changed"].to_dict() == {"x1": 1, "x2": 0, "x3": 1, "x4": 1, "x5": 1}
    assert by_code["in_top_k_b"].to_dict() == {"x1": 0, "x2": 1, "x3": 1, "x4": 0, "x5": 0}


def test_compare_shows_an_area_ranked_in_one_run_only_as_blank(tmp_path: Path) -> None:
    a = _result(tmp_path, "a.csv", [1, 2, 3, 4, 5], [1, 1, 2, 2, 3])
    b = _result(tmp_path, "b.csv", [1, 2, 3, 4, np.nan], [1, 1, 2, 2, np.nan])
    out = tmp_path / "moves.csv"
    code, output, exc = invoke("compare", a, b, "--out", out)
    if exc is not None:
        raise exc
    assert code == 0, output
    assert "4 areas in both runs; 0 changed rank." in output
    assert np.isnan(pd.read_csv(out).set_index("code").loc["x5", "rank_change"])


def test_compare_limit_cuts_the_table_not_the_file(tmp_path: Path) -> None:
    a = _result(tmp_path, "a.csv", [1, 2, 3, 4, 5], [1, 1, 1, 1, 1])
    b = _result(tmp_path, "b.csv", [5, 4, 3, 2, 1], [1, 1, 1, 1, 1])
    out = tmp_path / "moves.csv"
    code, output, _ = invoke("compare", a, b, "--limit", "2", "--out", out)
    assert code == 0, output
    shown = [code for code in ("x1", "x2", "x3", "x4", "x5") if f" {code} " in output]
    assert len(shown) == 2
    assert len(pd.read_csv(out)) == 5
    assert "Entered the top" not in output  # no --top-k


def test_compare_refuses_a_result_without_ranks(tmp_path: Path) -> None:
    a = _result(tmp_path, "a.csv", [1, 2, 3, 4, 5], [1, 1, 1, 1, 1])
    no_rank = tmp_path / "scores.csv"
    no_rank.write_text("code,score\nx1,0.5\n", encoding="utf-8")
    code, _, exc = invoke("compare", a, no_rank)
    assert code != 0 and isinstance(exc, InvalidInput)
    assert "rank" in str(exc)


# --- reading a data file -----------------------------------------------------------------------


def test_a_missing_data_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(NotFound, match=r"Data file '.*absent\.csv' does not exist\."):
        read_table(tmp_path / "absent.csv", "code")


def test_a_data_file_of_another_kind_is_refused_with_the_kinds_read(tmp_path: Path) -> None:
    path = tmp_path / "data.ods"
    path.write_bytes(b"not read")
    with pytest.raises(InvalidInput, match=r"suffix '\.ods'; expected one of \.csv, \.parquet"):
        read_table(path, "code")


@pytest.mark.parametrize(
    "suffix",
    [
        ".xlsx",
        ".parquet",
    ],
)
def test_a_damaged_file_says_it_could_not_be_read(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"data{suffix}"
    path.write_bytes(b"PK\x03\x04 this is not a workbook or a parquet file")
    with pytest.raises(InvalidInput, match=rf"Could not read data file '.*data\{suffix}'"):
        read_table(path, "code")


def test_a_missing_id_column_lists_the_columns_found(tmp_path: Path) -> None:
    path = tmp_path / "data.csv"
    path.write_text("area,a,b\n0101,1,2\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as info:
        read_table(path, "code")
    assert "has no id column 'code' (the spec's index.id_column)" in str(info.value)
    assert "found columns: area, a, b." in str(info.value)


def test_a_duplicate_id_names_its_row_and_column(tmp_path: Path) -> None:
    path = tmp_path / "data.csv"
    path.write_text("code,a\n0101,1\n0102,2\n0103,3\n0102,4\n", encoding="utf-8")
    # the header is row 1, so the second 0102 is on row 5
    with pytest.raises(InvalidInput, match=r"row 5, column 'code': duplicate id '0102'\."):
        read_table(path, "code")


def test_swedish_excel_csv_is_read(tmp_path: Path) -> None:
    # Windows-1252, semicolons, leading zeros in the id
    path = tmp_path / "data.csv"
    path.write_bytes("code;namn;a\n0101;Rosengård;1\n0102;Södra Innerstaden;2\n".encode("cp1252"))
    frame = read_table(path, "code")
    assert frame["code"].tolist() == ["0101", "0102"]
    assert frame["namn"].tolist() == ["Rosengård", "Södra Innerstaden"]


def test_text_in_neither_encoding_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "data.csv"
    path.write_bytes(b"code,a\n\x81\x8d,1\n")  # undefined in Windows-1252, invalid UTF-8
    with pytest.raises(InvalidInput, match="neither UTF-8 nor Windows-1252"):
        read_table(path, "code")


def test_an_xlsx_sheet_is_chosen_by_name_or_position(small: Path, tmp_path: Path) -> None:
    path = tmp_path / "data.xlsx"
    with pd.ExcelWriter(path) as writer:
        pd.DataFrame({"note": ["synthetic"]}).to_excel(writer, sheet_name="Notes", index=False)
        pd.read_csv(small.with_suffix(".csv"), dtype={"code": str}).to_excel(
            writer, sheet_name="Data", index=False
        )
    for sheet in ("Data", "1"):
        out = tmp_path / f"out_{sheet}.csv"
        code, output, _ = invoke("run", small, "--data", path, "--out", out, "--sheet", sheet)
        assert code == 0, output
        assert pd.read_csv(out, dtype={"code": str})["code"].tolist()[0] == "0101"
    code, _, exc = invoke("run", small, "--data", path, "--out", tmp_path / "o.csv")
    assert code != 0 and "no id column 'code'" in str(exc)  # sheet 0 holds the notes


def test_the_command_line_turns_a_data_error_into_one_line_and_exit_code_2(
    small: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "absent.csv"
    argv = ["kraftsamling", "index", "run", str(small), "--data", str(missing), "--out", "o.csv"]
    monkeypatch.setattr(sys, "argv", argv)
    with pytest.raises(SystemExit) as info:
        main_cli.main()
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert err.strip() == f"Error: Data file '{missing}' does not exist."
