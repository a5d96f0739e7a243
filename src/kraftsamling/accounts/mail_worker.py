"""Sends notification e-mail in the background, soon after the change that queued it commits.

A request that queued notifications (``session.info["notified"]``) wakes the worker when its
transaction commits; the worker also looks once a minute, so e-mail a failed send left unsent
goes out once the SMTP server answers again. One worker per server process; sending marks each
notification sent in the database, so two processes never send one twice in sequence, and
``kraftsamling mail send`` does the same from a timer when no server runs.
"""

from __future__ import annotations

import logging
import threading

from fastapi import FastAPI
from sqlalchemy import event
from sqlalchemy.orm import Session, sessionmaker

from kraftsamling.accounts.inbox import Mailer, send_pending
from kraftsamling.core.audit import utc_now

log = logging.getLogger(__name__)
IDLE_SECONDS = 60.0


class MailWorker:
    def __init__(self, factory: sessionmaker[Session], mailer: Mailer) -> None:
        self.factory, self.mailer = factory, mailer
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="mail-worker", daemon=True)

    def wake(self) -> None:
        self._wake.set()

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.wait(IDLE_SECONDS)
            self._wake.clear()
            if self._stop.is_set():
                return
            try:
                with self.factory() as session:
                    send_pending(session, self.mailer, at=utc_now())
            except Exception:  # a broken database must not end the worker; it logs and waits
                log.exception("sending notification e-mail failed")


def install_mail_worker(app: FastAPI, factory: sessionmaker[Session], mailer: Mailer) -> None:
    """Start a :class:`MailWorker` with the server when ``mailer`` has an SMTP host."""
    if not mailer.host:
        return
    worker = MailWorker(factory, mailer)
    app.state.mail_worker = worker

    @event.listens_for(factory, "after_commit")
    def _woken(session: Session) -> None:
        if session.info.pop("notified", False):
            worker.wake()

    @event.listens_for(factory, "after_rollback")
    def _forgotten(session: Session) -> None:
        session.info.pop("notified", None)  # nothing was stored, nothing to send

    app.router.on_startup.append(worker.start)
    app.router.on_shutdown.append(worker.stop)
