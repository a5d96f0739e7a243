"""The background worker that computes index runs, and picking runs up again after a restart.

Runs are computed on ``app.state.run_executor``: created on first use with one worker thread,
so runs queue instead of competing for the two cores and a long run never blocks a request;
tests put an inline executor there. A server that stops while runs are ``queued`` or
``running`` leaves them so in the database; :func:`resume_unfinished_runs`, called when the
next server starts (:func:`install_resume_on_startup`), queues them again; with several server
processes, ``kraftsamling serve`` resets cut-off runs once before starting them
(:func:`reset_cut_off_runs`).
"""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Protocol

from fastapi import FastAPI
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from kraftsamling.core.db import transaction
from kraftsamling.runs import service

log = logging.getLogger(__name__)


class Submitter(Protocol):
    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Any: ...


def executor_of(app: FastAPI) -> Submitter:
    """The app's run executor, created with one worker thread on first use."""
    executor: Submitter | None = getattr(app.state, "run_executor", None)
    if executor is None:
        executor = app.state.run_executor = ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="index-run"
        )
    return executor


def submit_run(app: FastAPI, run_id: int) -> None:
    """Hand a committed ``queued`` run to the worker; the request returns at once."""
    executor_of(app).submit(service.execute_run, app.state.session_factory, run_id)


def resume_unfinished_runs(app: FastAPI) -> list[int]:
    """Queue again every run left ``queued`` or ``running`` and hand them to the worker.

    Returns the ids handed over, oldest first. A ``running`` run is reset to ``queued`` first
    (see :func:`kraftsamling.runs.service.requeue_unfinished`), unless the launcher already did
    (``app.state.runs_reset_at_launch``): then another server process may be computing it.
    A database that cannot be read (not migrated yet) is logged and skipped, so the server
    still starts and shows its pages.
    """
    reset_running = not getattr(app.state, "runs_reset_at_launch", False)
    try:
        with transaction(app.state.session_factory) as session:
            run_ids = service.requeue_unfinished(session, reset_running=reset_running)
    except SQLAlchemyError as exc:
        log.warning("could not look for unfinished index runs at start-up: %s", exc)
        return []
    for run_id in run_ids:
        submit_run(app, run_id)
    if run_ids:
        log.info("resumed %d unfinished index run(s): %s", len(run_ids), run_ids)
    return run_ids


def reset_cut_off_runs(factory: sessionmaker[Session]) -> list[int]:
    """Reset the runs a stopped server left ``running`` to ``queued``, before any process starts.

    ``kraftsamling serve`` calls it once, so that its worker processes, each resuming only the
    queued runs, never reset a run that a sibling process is computing.
    """
    with transaction(factory) as session:
        return service.requeue_unfinished(session)


def install_resume_on_startup(app: FastAPI) -> None:
    """Run :func:`resume_unfinished_runs` when the server starts (once, however often called).

    At start-up, not in the app factory, so building an app never touches the database and a
    test can put its own executor on ``app.state`` before starting the app.
    """
    if getattr(app.state, "resume_runs_installed", False):
        return
    app.state.resume_runs_installed = True
    app.router.on_startup.append(lambda: resume_unfinished_runs(app))
