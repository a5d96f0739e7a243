"""Index runs without the web: create, execute from stored observations, compare, ranking rows."""

from __future__ import annotations

from pathlib import Path

import pytest
from runs_support import TINY_SPEC, decide
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from kraftsamling.core.audit import AuditEntry
from kraftsamling.core.db import transaction
from kraftsamling.core.errors import InvalidInput, NotFound, SpecError
from kraftsamling.runs import reference, service, spec_files
from kraftsamling.runs.models import IndexRun
from kraftsamling.runs.ranking import interval_bar, ranking_rows


def _run(factory: sessionmaker[Session], year: int, **kw: object) -> IndexRun:
    with transaction(factory) as session:
        run_id = service.create_run(
            session, spec_toml=TINY_SPEC, year=year, n_draws=20, seed=1, user=None, **kw
        ).id  # type: ignore[arg-type]
    service.execute_run(factory, run_id, n_jobs=1)
    with transaction(factory) as session:
        return service.get_run(session, run_id)


def test_run_computes_ranks_and_intervals_from_stored_observations(
    stats: sessionmaker[Session],
) -> None:
    run = _run(stats, 2024)
    assert run.status == "done" and run.progress == 100 and run.finished_at is not None
    assert run.result is not None and run.data_hash
    areas = run.result["areas"]
    assert [areas[c]["rank"] for c in ["A1", "A2", "A3", "A4", "A5", "A6"]] == [1, 2, 3, 4, 5, 6]
    # The indicators agree, so no draw can change the order: the interval is the rank itself.
    assert areas["A3"]["rank_p05"] == areas["A3"]["rank_p95"] == 3
    # Default k: the top tenth of six areas, rounded up = 1; only A1 is ever rank 1.
    assert run.top_k == 1
    assert areas["A1"]["p_top_k"] == 1.0 and areas["A2"]["p_top_k"] == 0.0
    assert areas["A1"]["area_name"] == "Område A1"


def test_create_and_finish_are_audited(stats: sessionmaker[Session]) -> None:
    run = _run(stats, 2024)
    with transaction(stats) as session:
        entries = session.scalars(
            select(AuditEntry).where(AuditEntry.object_type == "index_run").order_by(AuditEntry.id)
        ).all()
        assert [(e.object_id, e.action) for e in entries] == [
            (str(run.id), "create"), (str(run.id), "state_change"),
        ]  # fmt: skip
        assert entries[1].after["status"] == "done"  # type: ignore[index]
        assert entries[1].actor_label == "system"


def test_invalid_spec_and_unknown_year_store_nothing(stats: sessionmaker[Session]) -> None:
    with transaction(stats) as session:
        with pytest.raises(SpecError, match="not valid TOML"):
            service.create_run(session, spec_toml="[index", year=2024, user=None)
        with pytest.raises(InvalidInput, match=r"no observations for 1999.*2023, 2024"):
            service.create_run(session, spec_toml=TINY_SPEC, year=1999, user=None)
        missing = TINY_SPEC.replace('id = "jobs"', 'id = "income"')
        with pytest.raises(InvalidInput, match="income that are not stored"):
            service.create_run(session, spec_toml=missing, year=2024, user=None)
        assert session.scalar(select(func.count()).select_from(IndexRun)) == 0


@pytest.mark.parametrize(
    ("numbers", "key", "message"),
    [
        ({"seed": -1}, "runs.error.seed", "seed must be a whole number from 0 to 2147483647"),
        ({"seed": 2**31}, "runs.error.seed", "got 2147483648"),
        ({"n_draws": 0}, "runs.error.n_draws", "n_draws must be between 1 and 10000"),
        ({"n_draws": 10_001}, "runs.error.n_draws", "got 10001"),
        ({"top_k": 0}, "runs.error.top_k", "top_k must be a positive integer"),
        ({"top_k": 7}, "runs.error.top_k_areas", "at most 6, the number of areas"),
        ({"year": 1999}, "runs.error.year", "no observations for 1999"),
    ],
)
def test_numbers_out_of_range_are_refused_before_anything_is_stored(
    stats: sessionmaker[Session], numbers: dict[str, int], key: str, message: str
) -> None:
    arguments: dict[str, int] = {"year": 2024, **numbers}
    with transaction(stats) as session:
        with pytest.raises(InvalidInput, match=message) as caught:
            service.create_run(session, spec_toml=TINY_SPEC, user=None, **arguments)
        assert caught.value.key == key
        assert session.scalar(select(func.count()).select_from(IndexRun)) == 0
        # The largest values that fit are accepted: k may be every area with data.
        run = service.create_run(
            session, spec_toml=TINY_SPEC, year=2024, seed=2**31 - 1, top_k=6, user=None
        )
        assert (run.seed, run.top_k) == (2**31 - 1, 6)


def test_reference_says_whether_target_areas_were_decided_on_it(
    seeded: sessionmaker[Session],
) -> None:
    stats = seeded
    older, newer = _run(stats, 2023), _run(stats, 2024)
    with transaction(stats) as session:
        found = reference.reference(session)
        assert found is not None and (found.run.id, found.decided) == (newer.id, False)
        decide(session, older.id)
    with transaction(stats) as session:
        found = reference.reference(session)
        assert found is not None and (found.run.id, found.decided) == (older.id, True)
        run = reference.reference_run(session)
        assert run is not None and run.id == older.id


def test_compare_reports_moved_areas(stats: sessionmaker[Session]) -> None:
    a, b = _run(stats, 2023), _run(stats, 2024)
    with transaction(stats) as session:
        comparison = service.compare_runs(session, a=a.id, b=b.id)
    moves = dict(zip(comparison.ids.tolist(), comparison.rank_change.tolist(), strict=True))
    assert moves == {"A1": -1.0, "A2": 1.0, "A3": 0.0, "A4": 0.0, "A5": 0.0, "A6": 0.0}
    assert comparison.entered_top_k == ("A1",) and comparison.left_top_k == ("A2",)


def test_get_unknown_run_is_not_found(stats: sessionmaker[Session]) -> None:
    with transaction(stats) as session, pytest.raises(NotFound, match="id 99"):
        service.get_run(session, 99)


def test_default_run_is_stored_once(stats: sessionmaker[Session], spec_folder: Path) -> None:
    first = service.ensure_default_run(stats, spec_folder / "tiny.toml", n_draws=10)
    again = service.ensure_default_run(stats, spec_folder / "tiny.toml", n_draws=10)
    assert first is not None and first.year == 2024 and first.status == "done"
    assert again is None


def test_stored_specs_lists_valid_files_only(tmp_path: Path) -> None:
    (tmp_path / "good.toml").write_text(TINY_SPEC, encoding="utf-8")
    (tmp_path / "bad.toml").write_text("[index", encoding="utf-8")
    assert [(s.key, s.title) for s in spec_files.stored_specs(tmp_path)] == [
        ("good", "Litet testindex")
    ]
    with pytest.raises(NotFound, match="stored specs: good"):
        spec_files.stored_spec_toml("bad", tmp_path)


def test_ranking_rows_sort_with_empty_values_last() -> None:
    result = {
        "columns": ["score", "rank"],
        "areas": {
            "b": {"area_name": "B", "score": 0.2, "rank": 2},
            "a": {"area_name": "A", "score": None, "rank": None},
            "c": {"area_name": "C", "score": 0.9, "rank": 1},
        },
    }
    assert [r["area_code"] for r in ranking_rows(result, sort="score", order="desc")] == [
        "c", "b", "a",
    ]  # fmt: skip
    assert [r["area_code"] for r in ranking_rows(result, sort="area_code")] == ["a", "b", "c"]
    with pytest.raises(InvalidInput, match="sort must be one of"):
        ranking_rows(result, sort="password")


def test_interval_bar_positions() -> None:
    # Ranks 3..5 of 11 on a 100-wide axis: x = (3-1)/10*100 = 20, width 20, median 4 -> 30.
    assert interval_bar(3, 5, 4, 11, width=100) == {"x": 20.0, "w": 20.0, "m": 30.0}
    assert interval_bar(None, 5, 4, 11) is None
