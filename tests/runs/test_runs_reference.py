"""The reference run and what it says about one area, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from runs_support import TINY_SPEC
from sqlalchemy.orm import Session, sessionmaker
from web_support import FakeClock

from kraftsamling.core.db import transaction
from kraftsamling.core.errors import SpecError
from kraftsamling.runs import reference, service, spec_files
from kraftsamling.runs.models import IndexRun


def _done_run(factory: sessionmaker[Session], clock: FakeClock, year: int = 2024) -> int:
    with transaction(factory) as session:
        run_id = service.create_run(
            session, spec_toml=TINY_SPEC, year=year, n_draws=20, seed=1, user=None, clock=clock
        ).id
    service.execute_run(factory, run_id, n_jobs=1, clock=clock)
    return run_id


def _stored_run(factory: sessionmaker[Session], clock: FakeClock, **fields: object) -> int:
    """A run row written directly, for states the worker does not produce on demand."""
    values: dict[str, object] = {
        "name": "stored", "spec_toml": TINY_SPEC, "spec_id": "tiny", "spec_hash": "x" * 64,
        "year": 2024, "level": "sub_area", "status": "done", "progress": 100,
        "created_at": clock(), "finished_at": clock(), "n_draws": 10, "seed": 0,
        "result": {"columns": ["score", "rank"], "areas": {}},
    }  # fmt: skip
    values.update(fields)
    with transaction(factory) as session:
        run = IndexRun(**values)
        session.add(run)
        session.flush()
        return run.id


def test_no_reference_run_before_a_run_has_finished(
    stats: sessionmaker[Session], clock: FakeClock
) -> None:
    with transaction(stats) as session:
        assert reference.reference_run(session) is None
        assert reference.area_index(session, code="A1") is None
        service.create_run(session, spec_toml=TINY_SPEC, year=2024, user=None)  # queued only
        assert reference.reference_run(session) is None


def test_reference_is_the_newest_finished_sub_area_run(
    stats: sessionmaker[Session], clock: FakeClock
) -> None:
    older = _done_run(stats, clock, 2024)
    clock.advance(hours=1)
    newer = _done_run(stats, clock, 2023)  # an older year, but finished later
    clock.advance(hours=1)
    _stored_run(stats, clock, status="failed", result=None)
    _stored_run(stats, clock, level="deso")
    _stored_run(stats, clock, status="running", finished_at=None)
    with transaction(stats) as session:
        chosen = reference.reference_run(session)
        assert chosen is not None and chosen.id == newer != older
        assert chosen.year == 2023


def test_ranked_area_has_score_rank_interval_and_named_drivers(
    stats: sessionmaker[Session], clock: FakeClock
) -> None:
    run_id = _done_run(stats, clock)
    with transaction(stats) as session:
        top = reference.area_index(session, code="A1")
        second = reference.area_index(session, code="A2")
    assert top is not None and second is not None
    assert (top.run_id, top.status, top.rank, top.n_ranked, top.year) == (
        run_id, "ranked", 1, 6, 2024,
    )  # fmt: skip
    assert top.spec_name == "Litet testindex"
    assert (top.rank_p05, top.rank_p95, top.p_top_k) == (1, 1, 1.0)
    assert top.bar == {"x": 0.0, "w": 1.0, "m": 0.0}  # rank 1 of 6, a one-rank interval
    # Equal weights: each indicator carries half the index. A2 is second on both indicators,
    # (r - 1) / (N - 1) = 4 / 5 = 0.8, so each contributes 0.5 x 0.8 = 0.4.
    assert [(d.column, d.name_sv, d.weight_share) for d in second.drivers] == [
        ("jobs", "Sysselsättning", 0.5),
        ("poverty", "Fattigdom", 0.5),
    ]
    assert [d.contribution for d in second.drivers] == pytest.approx([0.4, 0.4])
    assert second.driver_kind == "indicator" and second.withheld == 0


def test_hidden_cells_of_the_run_year_are_withheld_from_the_drivers(
    stats: sessionmaker[Session], clock: FakeClock
) -> None:
    _done_run(stats, clock)
    with transaction(stats) as session:
        public = reference.area_index(session, code="A2", hidden={("poverty", 2024)})
        other_year = reference.area_index(session, code="A2", hidden={("poverty", 2023)})
    assert public is not None and other_year is not None
    assert [d.column for d in public.drivers] == ["jobs"] and public.withheld == 1
    assert len(other_year.drivers) == 2 and other_year.withheld == 0


def test_areas_outside_the_run_or_its_universe_say_so(
    stats: sessionmaker[Session], clock: FakeClock
) -> None:
    result = {
        "columns": ["score", "rank"],
        "areas": {"A1": {"area_name": "A1", "score": 0.9, "rank": 1},
                  "A2": {"area_name": "A2", "score": None, "rank": None}},
    }  # fmt: skip
    _stored_run(stats, clock, result=result)
    with transaction(stats) as session:
        unranked = reference.area_index(session, code="A2")
        absent = reference.area_index(session, code="ZZ")
        ranked = reference.area_index(session, code="A1")
    assert unranked is not None and unranked.status == "not_ranked" and unranked.rank is None
    assert absent is not None and absent.status == "not_in_run" and not absent.drivers
    # A run stored before normalised values were kept, with a spec without groups: no drivers.
    assert ranked is not None and ranked.status == "ranked" and ranked.n_ranked == 1
    assert ranked.drivers == () and ranked.driver_kind is None


def test_stored_result_keeps_normalised_values(
    stats: sessionmaker[Session], clock: FakeClock
) -> None:
    run_id = _done_run(stats, clock)
    with transaction(stats) as session:
        result = service.get_run(session, run_id).result
    assert result is not None
    assert result["normalised"]["A1"] == {"poverty": 1.0, "jobs": 1.0}
    assert result["normalised"]["A6"] == {"poverty": 0.0, "jobs": 0.0}
    assert "normalised" not in result["columns"]


def test_finished_at_orders_even_when_ids_do_not(
    stats: sessionmaker[Session], clock: FakeClock
) -> None:
    later = _stored_run(stats, clock, finished_at=clock() + dt.timedelta(days=1))
    _stored_run(stats, clock)  # a higher id that finished earlier
    with transaction(stats) as session:
        chosen = reference.reference_run(session)
    assert chosen is not None and chosen.id == later


def test_a_runs_spec_is_parsed_once_per_text() -> None:
    first = spec_files.run_spec(TINY_SPEC, source="index run 1")
    assert spec_files.run_spec(TINY_SPEC, source="index run 2") is first
    renamed = spec_files.run_spec(TINY_SPEC.replace("Litet testindex", "Annat"))
    assert renamed is not first and renamed.name == "Annat"  # another text is parsed anew
    with pytest.raises(SpecError, match="index run 7"):
        spec_files.run_spec("[index", source="index run 7")


def test_a_changed_spec_text_changes_the_area_index(
    stats: sessionmaker[Session], clock: FakeClock
) -> None:
    run_id = _done_run(stats, clock)
    with transaction(stats) as session:
        before = reference.area_index(session, code="A1")
        run = session.get(IndexRun, run_id)
        assert run is not None
        run.spec_toml = TINY_SPEC.replace("Litet testindex", "Omdöpt testindex")
    with transaction(stats) as session:
        after = reference.area_index(session, code="A1")
    assert before is not None and after is not None
    assert (before.spec_name, after.spec_name) == ("Litet testindex", "Omdöpt testindex")
