"""Notifications reach the inbox in the same transaction and go out by SMTP after the commit:
a real SMTP server (aiosmtpd) receives them, once."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from email import message_from_bytes
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from funds_support import COORDINATOR, OFFICER, complete, user
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from kraftsamling.accounts.inbox import Mailer, Notification, send_pending
from kraftsamling.accounts.mail_worker import MailWorker, install_mail_worker
from kraftsamling.cli import _register, app
from kraftsamling.core.audit import utc_now
from kraftsamling.core.db import transaction
from kraftsamling.funds import service
from kraftsamling.funds.models import Fund


class Inbox:
    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    handler = Inbox()
    with socket.socket() as probe:  # a free port (the controller checks it by connecting)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, port
    finally:
        controller.stop()


def _submit(factory: sessionmaker[Session]) -> None:
    with transaction(factory) as s:
        fund = s.scalars(select(Fund)).one()
        c = service.create_call_off(
            s, fund_id=fund.id, year=2026, content=complete(), user=user(s, OFFICER)
        )
        service.submit(s, call_off_id=c.id, user=user(s, OFFICER), version=None)


def test_a_submission_is_mailed_to_the_coordinators_once(
    world: sessionmaker[Session], smtp: tuple[Inbox, int]
) -> None:
    handler, port = smtp
    _submit(world)
    mailer = Mailer("127.0.0.1", port, "fond@malmo.example", "https://kraftsamling.example")
    with world() as s:
        assert send_pending(s, mailer, at=utc_now()) >= 1
        assert send_pending(s, mailer, at=utc_now()) == 0  # sent ones are not sent again
        waiting = s.scalars(select(Notification).where(Notification.emailed_at.is_(None))).all()
        assert waiting == []
    to = {m["To"] for m in handler.messages}
    assert COORDINATOR in to and OFFICER not in to
    body = handler.messages[0].get_payload()
    assert "https://kraftsamling.example/fund/call-offs/" in body and "inkommet" in body


def test_nothing_is_sent_or_kept_for_a_rolled_back_change(
    world: sessionmaker[Session], smtp: tuple[Inbox, int]
) -> None:
    handler, port = smtp
    with pytest.raises(RuntimeError), transaction(world) as s:
        fund = s.scalars(select(Fund)).one()
        c = service.create_call_off(
            s, fund_id=fund.id, year=2026, content=complete(), user=user(s, OFFICER)
        )
        service.submit(s, call_off_id=c.id, user=user(s, OFFICER), version=None)
        raise RuntimeError("the request failed after the submission")
    with world() as s:
        assert send_pending(s, Mailer("127.0.0.1", port), at=utc_now()) == 0
    assert handler.messages == []


def test_the_worker_sends_soon_after_the_commit(
    world: sessionmaker[Session], smtp: tuple[Inbox, int]
) -> None:
    from fastapi import FastAPI

    handler, port = smtp
    app = FastAPI()
    install_mail_worker(app, world, Mailer("127.0.0.1", port))
    worker: MailWorker = app.state.mail_worker
    worker.start()
    try:
        _submit(world)
        deadline = time.monotonic() + 10
        while not handler.messages and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        worker.stop()
    assert handler.messages, "the worker did not send within 10 s of the commit"


def test_send_mail_command_needs_a_server(monkeypatch: pytest.MonkeyPatch) -> None:
    _register()
    monkeypatch.delenv("KRAFTSAMLING_SMTP_HOST", raising=False)
    result = CliRunner().invoke(app, ["fund", "send-mail", "--database-url", "sqlite://"])
    assert result.exit_code != 0
    assert "KRAFTSAMLING_SMTP_HOST" in str(result.exception)
