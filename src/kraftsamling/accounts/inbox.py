"""Notifications: an in-app inbox per user, and e-mail sent after the change is committed.

A use case adds :class:`Notification` rows in its own transaction, so nobody is told of a
change that was rolled back; :func:`send_pending` then mails the unsent ones (SMTP) and marks
them sent. A failed send stays unsent and is tried again on the next call.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from collections.abc import Iterable
from dataclasses import dataclass
from email.message import EmailMessage

from sqlalchemy import ForeignKey, Integer, String, Text, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from kraftsamling.accounts.models import User
from kraftsamling.core.audit import UTCDateTime
from kraftsamling.core.db import Base
from kraftsamling.core.settings import Settings

log = logging.getLogger(__name__)


class Notification(Base):
    """One message to one user, shown in the inbox and sent by e-mail."""

    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    link: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    read_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    emailed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship(lazy="joined")


@dataclass(frozen=True)
class Mailer:
    """Where e-mail goes: an SMTP server (``host`` empty: e-mail is off, the inbox still works)."""

    host: str = ""
    port: int = 25
    sender: str = "kraftsamling@localhost"
    base_url: str = "http://127.0.0.1:8000"

    @classmethod
    def from_settings(cls, settings: Settings) -> Mailer:
        return cls(
            settings.smtp_host,
            settings.smtp_port,
            settings.mail_from,
            settings.public_url.rstrip("/"),
        )


def notify(
    session: Session, users: Iterable[User], *, subject: str, body: str, link: str, at: dt.datetime
) -> None:
    """Queue one notification per distinct active user (sent by :func:`send_pending`)."""
    seen: set[int] = set()
    session.info["notified"] = True  # wakes the mail worker once the transaction commits
    for user in users:
        if user.active and user.id not in seen:
            seen.add(user.id)
            session.add(
                Notification(
                    user_id=user.id, subject=subject[:200], body=body, link=link, created_at=at
                )
            )


def send_pending(session: Session, mailer: Mailer, *, at: dt.datetime, limit: int = 200) -> int:
    """E-mail the unsent notifications; returns how many were sent. Commits each one sent."""
    if not mailer.host:
        return 0
    pending = session.scalars(
        select(Notification)
        .where(Notification.emailed_at.is_(None))
        .order_by(Notification.id)
        .limit(limit)
    ).all()
    sent = 0
    try:
        with smtplib.SMTP(mailer.host, mailer.port, timeout=10) as smtp:
            for note in pending:
                smtp.send_message(_message(note, mailer))
                session.execute(
                    update(Notification).where(Notification.id == note.id).values(emailed_at=at)
                )
                session.commit()
                sent += 1
    except (OSError, smtplib.SMTPException) as exc:
        session.rollback()
        log.warning("e-mail not sent (%d of %d sent): %s", sent, len(pending), exc)
    return sent


def _message(note: Notification, mailer: Mailer) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = mailer.sender
    msg["To"] = note.user.email
    msg["Subject"] = note.subject
    link = f"\n\n{mailer.base_url}{note.link}" if note.link else ""
    msg.set_content(f"{note.body}{link}\n")
    return msg


def unread(session: Session, user_id: int) -> list[Notification]:
    return list(
        session.scalars(
            select(Notification)
            .where(Notification.user_id == user_id, Notification.read_at.is_(None))
            .order_by(Notification.id.desc())
        )
    )


def inbox(session: Session, user_id: int, *, limit: int = 100) -> list[Notification]:
    return list(
        session.scalars(
            select(Notification)
            .where(Notification.user_id == user_id)
            .order_by(Notification.id.desc())
            .limit(limit)
        )
    )


def mark_read(session: Session, user_id: int, *, at: dt.datetime) -> None:
    session.execute(
        update(Notification)
        .where(Notification.user_id == user_id, Notification.read_at.is_(None))
        .values(read_at=at)
    )
