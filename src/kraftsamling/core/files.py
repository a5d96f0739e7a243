"""Attachments: files people upload, checked by their content, not by their name.

Only the formats the municipality's papers come in are taken: PDF, DOCX and XLSX. A file is
recognised by its first bytes and, for the Office formats, by the parts inside its ZIP
container; an ``.exe`` renamed ``.pdf`` is refused, whatever its name says.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import zipfile

from sqlalchemy import ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from kraftsamling.core.audit import UTCDateTime
from kraftsamling.core.db import Base
from kraftsamling.core.errors import InvalidInput
from kraftsamling.core.formatting import shortened

MAX_BYTES = 10 * 1024 * 1024  # a memo with scanned appendices fits; a video does not
MEDIA_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class Attachment(Base):
    """One uploaded file, stored in the database with its checksum."""

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # What the file belongs to: ("call_off", 7), ("decision", 3); empty until linked.
    owner_type: Mapped[str] = mapped_column(String(40), index=True)
    owner_id: Mapped[int | None] = mapped_column(Integer, index=True)
    filename: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(8))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES[self.kind]


def sniff(data: bytes) -> str | None:
    """``pdf``, ``docx`` or ``xlsx`` when ``data`` is such a file, else ``None``."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if not data.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        return None
    if "[Content_Types].xml" not in names:
        return None
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return None


def check_upload(filename: str, data: bytes, *, max_bytes: int = MAX_BYTES) -> str:
    """The kind of an acceptable upload; ``InvalidInput`` when it is empty, too large, or not
    a PDF, DOCX or XLSX by its content, or its name's extension says another kind."""
    name = shortened(filename or "", 80)
    if not data:
        raise InvalidInput(f"The file {name!r} is empty.", key="files.error.empty", name=name)
    if len(data) > max_bytes:
        raise InvalidInput(
            f"The file {name!r} is {len(data):,} bytes; at most {max_bytes:,} bytes are taken.",
            key="files.error.size",
            name=name,
            mb=max_bytes // (1024 * 1024),
        )
    kind = sniff(data)
    extension = (filename or "").rsplit(".", 1)[-1].lower() if "." in (filename or "") else ""
    if kind is None or extension != kind:
        raise InvalidInput(
            f"The file {name!r} is not a PDF, DOCX or XLSX file by its content "
            f"(found: {kind or 'another format'}, named: .{extension or '?'}).",
            key="files.error.kind",
            name=name,
        )
    return kind


def store(
    data: bytes,
    filename: str,
    *,
    owner_type: str,
    owner_id: int | None,
    user_id: int | None,
    at: dt.datetime,
) -> Attachment:
    """A checked, not yet added :class:`Attachment` of ``data``."""
    kind = check_upload(filename, data)
    return Attachment(
        owner_type=owner_type,
        owner_id=owner_id,
        filename=shortened(filename, 200),
        kind=kind,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        data=data,
        uploaded_by=user_id,
        uploaded_at=at,
    )
