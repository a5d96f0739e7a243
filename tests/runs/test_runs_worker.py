"""Runs left unfinished by a stopped server are computed when the next one starts."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest
from runs_support import TINY_SPEC, add_statistics
from sqlalchemy import create_engine
from sqlalchemy.orm import Session, sessionmaker
from web_support import FakeClock, make_client

from kraftsamling.core.db import transaction
from kraftsamling.runs import service, spec_files, worker


class InlineExecutor:
    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> None:
        fn(*args, **kwargs)


class Recorder:
    """Remembers what was submitted and runs nothing."""

    def __init__(self) -> None:
        self.calls: list[tuple[Any, ...]] = []

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> None:
        self.calls.append(args)


def _queued(factory: sessionmaker[Session], status: str = "queued") -> int:
    with transaction(factory) as session:
        run = service.create_run(session, spec_toml=TINY_SPEC, year=2024, n_draws=10, user=None)
        run.status, run.progress = status, 40 if status == "running" else 0
        return run.id


def _status(factory: sessionmaker[Session], run_id: int) -> tuple[str, int]:
    with transaction(factory) as session:
        run = service.get_run(session, run_id)
        return run.status, run.progress


def test_requeue_resets_running_and_keeps_queued(stats: sessionmaker[Session]) -> None:
    queued, running = _queued(stats), _queued(stats, "running")
    done = _queued(stats)
    service.execute_run(stats, done, n_jobs=1)
    with transaction(stats) as session:
        assert service.requeue_unfinished(session) == [queued, running]
    assert _status(stats, running) == ("queued", 0)
    assert _status(stats, done) == ("done", 100)


def test_resume_computes_the_left_over_runs(
    seeded: sessionmaker[Session], clock: FakeClock
) -> None:
    queued, running = _queued(seeded), _queued(seeded, "running")
    app: Any = make_client(seeded, clock).app  # not started: the test calls the hook itself
    app.state.run_executor = InlineExecutor()
    assert worker.resume_unfinished_runs(app) == [queued, running]
    assert worker.resume_unfinished_runs(app) == []  # nothing is left the second time
    assert _status(seeded, queued) == ("done", 100)
    assert _status(seeded, running) == ("done", 100)


def test_installed_hook_runs_when_the_server_starts(
    seeded: sessionmaker[Session], clock: FakeClock
) -> None:
    run_id = _queued(seeded, "running")
    client = make_client(seeded, clock)
    app: Any = client.app
    recorder = Recorder()
    app.state.run_executor = recorder
    worker.install_resume_on_startup(app)
    worker.install_resume_on_startup(app)  # a second install adds no second hook
    assert recorder.calls == []  # building the app touches no database
    with client:
        pass
    assert recorder.calls == [(seeded, run_id)]
    assert _status(seeded, run_id) == ("queued", 0)


def test_a_run_already_taken_is_not_computed_twice(stats: sessionmaker[Session]) -> None:
    run_id = _queued(stats, "running")
    service.execute_run(stats, run_id, n_jobs=1)
    assert _status(stats, run_id) == ("running", 40)


def test_unreadable_database_does_not_stop_the_server(
    clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    empty = sessionmaker(create_engine("sqlite://"))  # no tables at all
    app: Any = make_client(empty, clock).app
    with caplog.at_level(logging.WARNING, logger="kraftsamling.runs.worker"):
        assert worker.resume_unfinished_runs(app) == []
    assert "could not look for unfinished index runs" in caplog.text
    empty.kw["bind"].dispose()


def test_the_stored_specs_are_part_of_the_package() -> None:
    # Inside the package, so an installed wheel offers them as a source checkout does.
    assert spec_files.STORED_SPECS_DIR.parent.name == "index"
    assert (spec_files.STORED_SPECS_DIR.parent / "__init__.py").is_file()
    keys = [spec.key for spec in spec_files.stored_specs()]
    assert keys == ["imd2019", "malmo_utsatthet", "omradestyper", "svi2020", "svi2022"]


def test_with_several_processes_a_sibling_s_running_run_is_left_alone(
    seeded: sessionmaker[Session], clock: FakeClock
) -> None:
    # ``kraftsamling serve`` resets cut-off runs once, then starts its worker processes; a
    # process starting later must not take a run that another one is computing.
    cut_off = _queued(seeded, "running")
    assert worker.reset_cut_off_runs(seeded) == [cut_off]
    assert _status(seeded, cut_off) == ("queued", 0)
    first: Any = make_client(seeded, clock).app
    first.state.runs_reset_at_launch = True
    first.state.run_executor = Recorder()
    assert worker.resume_unfinished_runs(first) == [cut_off]
    with transaction(seeded) as session:  # the first process starts computing it
        service.get_run(session, cut_off).status = "running"
    queued = _queued(seeded)
    second: Any = make_client(seeded, clock).app
    second.state.runs_reset_at_launch = True
    second.state.run_executor = InlineExecutor()
    assert worker.resume_unfinished_runs(second) == [queued]
    assert _status(seeded, cut_off) == ("running", 0)
    assert _status(seeded, queued) == ("done", 100)


def test_serve_resets_cut_off_runs_once_before_starting_its_processes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn
    from typer.testing import CliRunner

    from kraftsamling.core.db import make_engine, make_sessionmaker
    from kraftsamling.core.migrate import upgrade
    from kraftsamling.web import cli

    url = f"sqlite:///{tmp_path / 'serve.sqlite3'}"
    upgrade(url, "head")
    engine = make_engine(url)
    factory = make_sessionmaker(engine)
    with transaction(factory) as session:
        add_statistics(session)
    cut_off = _queued(factory, "running")
    started: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: started.append(options))
    monkeypatch.setenv("DATABASE_URL", url)
    result = CliRunner().invoke(cli.app, ["--workers", "2"])
    assert result.exit_code == 0, result.output
    assert _status(factory, cut_off) == ("queued", 0)  # before any worker process started
    assert started and started[0]["workers"] == 2 and started[0]["factory"] is True
    # Each process the launcher starts then takes only queued runs.
    assert cli.app_from_settings().state.runs_reset_at_launch is True
    engine.dispose()
