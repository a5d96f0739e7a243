"""A paper described once, as plain blocks, and rendered to Word (:mod:`.docx`) or to PDF
(:mod:`.pdf`), so that the editable and the published version of a document say the same thing.

The blocks are what the city's memos are made of: headings, paragraphs, bullet and numbered
lists, facts (label: value) and tables with a header row. Texts are plain strings; the
renderers escape them. Amounts arrive already formatted (:func:`~kraftsamling.core.formatting.
format_ore`): a paper shows figures, it does not compute them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Heading:
    """A heading; level 1 is the paper's own title, 2 a section (Sammanfattning), 3 below."""

    text: str
    level: int = 2

    def __post_init__(self) -> None:
        if not 1 <= self.level <= 4:
            raise ValueError(f"A heading's level must be 1 to 4; got {self.level}.")


@dataclass(frozen=True)
class Paragraph:
    text: str
    bold: bool = False


@dataclass(frozen=True)
class BulletList:
    items: tuple[str, ...]


@dataclass(frozen=True)
class NumberedList:
    """Numbered points, such as a proposed decision's. The numbers are part of the text
    ("1. ...") rather than automatic list numbering: a decision is cited by its point, so the
    number must survive copying into minutes and stay put while the Word copy is edited."""

    items: tuple[str, ...]


@dataclass(frozen=True)
class Facts:
    """Label and value pairs (``Diarienummer``: ``STK-2026-0042``); a value may list lines."""

    pairs: tuple[tuple[str, str | tuple[str, ...]], ...]


@dataclass(frozen=True)
class Table:
    """A table with a header row; ``numeric`` are the indexes of right-aligned columns and
    ``total`` an optional last row shown in bold."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: frozenset[int] = frozenset()
    total: tuple[str, ...] | None = None
    caption: str | None = None

    def __post_init__(self) -> None:
        width = len(self.header)
        for row in (*self.rows, *([self.total] if self.total else [])):
            if len(row) != width:
                raise ValueError(
                    f"Every row of a table must have {width} cells like its header; "
                    f"got {len(row)} in {row!r}."
                )


Block = Heading | Paragraph | BulletList | NumberedList | Facts | Table


@dataclass(frozen=True)
class Paper:
    """One document: its title (also the file's title property), the letterhead (issuer, kind
    of paper, date, case number) and its blocks in order."""

    title: str
    issuer: str  # "Malmö stad, Stadskontoret"
    kind: str  # "Tjänsteskrivelse", "Beslutslista"
    blocks: tuple[Block, ...]
    date: dt.date | None = None
    reference: str | None = None  # the case number, when the paper has one
    landscape: bool = False
    language: str = "sv-SE"
    subject: str = ""
    keywords: tuple[str, ...] = field(default=())


def paragraphs(text: str) -> tuple[Paragraph, ...]:
    """Text whose paragraphs are separated by blank lines, as paragraphs; lines inside a
    paragraph are joined with a space, the way a form's text area wraps.

    >>> [p.text for p in paragraphs("Ett\\nstycke.\\n\\n\\nTvå.")]
    ['Ett stycke.', 'Två.']
    """
    chunks = (" ".join(line.strip() for line in chunk.splitlines()) for chunk in _split(text))
    return tuple(Paragraph(chunk.strip()) for chunk in chunks if chunk.strip())


def _split(text: str) -> list[str]:
    chunks: list[str] = [""]
    for line in text.replace("\r\n", "\n").split("\n"):
        if line.strip():
            chunks[-1] += line + "\n"
        elif chunks[-1]:
            chunks.append("")
    return chunks
