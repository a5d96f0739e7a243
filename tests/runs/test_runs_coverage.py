"""A partial import of a new year: runs default to a well-covered year, and a run that ranks no
area fails with its reason instead of finishing as done."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from runs_support import TINY_SPEC
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from web_support import COORDINATOR, csrf_from, login

from kraftsamling.core.audit import AuditEntry
from kraftsamling.core.db import transaction
from kraftsamling.runs import service
from kraftsamling.runs.models import IndexRun
from kraftsamling.stats.models import Area, Observation


def _partial_2026(factory: sessionmaker[Session]) -> None:
    """One observation of one indicator for one area in 2026: what a partial import leaves."""
    with transaction(factory) as session:
        a1 = session.scalars(select(Area).where(Area.code == "A1")).one()
        session.add(Observation(area_id=a1.id, indicator_id="poverty", year=2026, value=70))


def _run(factory: sessionmaker[Session], year: int) -> IndexRun:
    with transaction(factory) as session:
        run_id = service.create_run(
            session, spec_toml=TINY_SPEC, year=year, n_draws=10, seed=1, user=None
        ).id
    service.execute_run(factory, run_id, n_jobs=1)
    with transaction(factory) as session:
        return service.get_run(session, run_id)


def test_the_latest_year_passes_over_a_thin_one(stats: sessionmaker[Session]) -> None:
    _partial_2026(stats)
    with transaction(stats) as session:
        assert service.available_years(session) == [2026, 2024, 2023]
        assert service.latest_year(session, indicators=["poverty", "jobs"]) == 2024
        choices = service.year_choices(session, ["poverty", "jobs"])
    assert choices.default == 2024
    assert sorted(choices.thin) == [2026]
    assert (choices.thin[2026].areas, choices.thin[2026].total) == (0, 6)  # jobs is missing


def test_the_default_run_is_made_on_the_covered_year(
    stats: sessionmaker[Session], spec_folder: Path
) -> None:
    _partial_2026(stats)
    run = service.ensure_default_run(stats, spec_folder / "tiny.toml", n_draws=10)
    assert run is not None and (run.year, run.status) == (2024, "done")


def test_a_run_that_ranks_no_area_fails_with_its_reason(stats: sessionmaker[Session]) -> None:
    _partial_2026(stats)
    run = _run(stats, 2026)
    assert run.status == "failed" and run.result is None
    assert run.error is not None and run.error.startswith("the run ranked no area")
    assert "level sub_area" in run.error and "2026" in run.error
    with transaction(stats) as session:
        finished = session.scalars(
            select(AuditEntry).where(AuditEntry.object_type == "index_run",
                                     AuditEntry.action == "state_change")
        ).one()  # fmt: skip
    assert finished.after["status"] == "failed"  # type: ignore[index]


def test_a_run_with_ranked_areas_still_finishes(stats: sessionmaker[Session]) -> None:
    assert _run(stats, 2024).status == "done"


@pytest.fixture
def thin_client(client: TestClient, seeded: sessionmaker[Session]) -> TestClient:
    _partial_2026(seeded)
    login(client, COORDINATOR)
    return client


def test_the_form_defaults_to_the_covered_year_and_marks_the_thin_one(
    thin_client: TestClient,
) -> None:
    page = thin_client.get("/index-runs/new").text
    assert '<option value="2024" selected>2024</option>' in page
    assert '<option value="2026">2026 (värden för bara 0 av 6 områden)</option>' in page
    assert "minst hälften av områdena" in page
    english = thin_client.get("/index-runs/new?lang=en").text
    assert "2026 (values for only 0 of 6 areas)" in english


def test_the_failed_run_page_says_why_in_the_page_language(thin_client: TestClient) -> None:
    token = csrf_from(thin_client.get("/index-runs/new").text)
    answer = thin_client.post("/index-runs", data={
        "csrf_token": token, "spec": "tiny", "year": "2026", "n_draws": "10", "seed": "0",
    })  # fmt: skip
    assert answer.status_code == 303
    page = thin_client.get(answer.headers["location"]).text
    assert "Körningen rangordnade inget område: inget område på nivån delområde" in page
    assert "indikatorer 2026" in page
    english = thin_client.get(answer.headers["location"] + "?lang=en").text
    assert "The run ranked no area: no area at level sub-area" in english


def test_another_failure_is_shown_as_stored(stats: sessionmaker[Session]) -> None:
    from kraftsamling.runs.views import failure_text

    run = IndexRun(year=2024, level="sub_area", error="spec 'x': something else")
    assert failure_text(run, "sv") == "spec 'x': something else"
