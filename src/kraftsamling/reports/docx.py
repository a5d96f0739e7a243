"""Word documents in the city's memo form, with python-docx: A4, the letterhead (issuer, kind
of paper, date, case number) in the page header, page numbers in the footer, Swedish as the
document's and the text's language (so Word checks the spelling in Swedish), headings in
Word's own heading styles (the navigation pane and screen readers use them), bullet lists,
numbered decision points and tables whose header row repeats on every page.

>>> from kraftsamling.reports.paper import Heading, Paper, Paragraph
>>> data = paper_docx(Paper("Prov", "Malmö stad", "PM", (Heading("Prov", 1), Paragraph("Text."))))
>>> data[:2]
b'PK'
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence

from docx import Document as new_docx
from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph as DocxParagraph

from kraftsamling.core.formatting import format_date
from kraftsamling.reports import paper as p

A4 = (Cm(21.0), Cm(29.7))
MARGIN = Cm(2.5)


def new_document(
    *,
    title: str,
    author: str = "",
    language: str = "sv-SE",
    subject: str = "",
    keywords: Sequence[str] = (),
    created: dt.date | None = None,
    landscape: bool = False,
) -> Document:
    """An empty A4 document with its core properties (title, language ...) set."""
    doc = new_docx()
    props = doc.core_properties
    props.title = title
    props.language = language
    props.subject = subject
    props.keywords = ", ".join(keywords)
    props.author = props.last_modified_by = author
    props.comments = ""
    props.revision = 1
    if created is not None:
        props.created = props.modified = dt.datetime.combine(created, dt.time(), dt.UTC)
    _set_text_language(doc, language)
    section = doc.sections[0]
    width, height = A4
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (height, width) if landscape else (width, height)
    section.left_margin = section.right_margin = MARGIN
    section.top_margin = section.bottom_margin = MARGIN
    return doc


def _set_text_language(doc: Document, language: str) -> None:
    """The default language of every run (the template says en-US)."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    assert defaults is not None  # python-docx's template has them
    rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    assert rpr is not None
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), language)


def _text_width(doc: Document) -> int:
    section = doc.sections[0]
    assert section.page_width is not None and section.left_margin is not None
    assert section.right_margin is not None
    return section.page_width - section.left_margin - section.right_margin


def set_letterhead(
    doc: Document, *, issuer: str, kind: str, date: dt.date | None, reference: str | None
) -> None:
    """The page header: issuer on the left, the kind of paper, date and case number on the
    right, on every page; the footer numbers the pages ("Sida 2 av 3")."""
    section = doc.sections[0]
    header = section.header
    first = header.paragraphs[0]
    first.paragraph_format.tab_stops.add_tab_stop(_text_width(doc), WD_TAB_ALIGNMENT.RIGHT)
    first.add_run(issuer).bold = True
    first.add_run(f"\t{kind}")
    details = [text for text in (format_date(date) if date else "", reference or "") if text]
    if details:
        second = header.add_paragraph()
        second.paragraph_format.tab_stops.add_tab_stop(_text_width(doc), WD_TAB_ALIGNMENT.RIGHT)
        second.add_run("\t" + "   ".join(details))
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer.add_run("Sida ")
    _add_field(footer, "PAGE", "1")
    footer.add_run(" av ")
    _add_field(footer, "NUMPAGES", "1")


def _add_field(paragraph: DocxParagraph, instruction: str, shown: str) -> None:
    """A simple Word field (page number), with ``shown`` until Word updates it."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = shown
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def add_heading(doc: Document, text: str, level: int = 2) -> DocxParagraph:
    return doc.add_heading(text, level)


def add_paragraph(doc: Document, text: str, *, bold: bool = False) -> DocxParagraph:
    paragraph = doc.add_paragraph()
    paragraph.add_run(text).bold = bold
    return paragraph


def add_bullets(doc: Document, items: Iterable[str]) -> list[DocxParagraph]:
    return [doc.add_paragraph(item, style="List Bullet") for item in items]


def add_numbered(doc: Document, items: Iterable[str]) -> list[DocxParagraph]:
    """Numbered points with the number in the text and a hanging indent
    (see :class:`~kraftsamling.reports.paper.NumberedList` for why)."""
    added = []
    for number, item in enumerate(items, start=1):
        paragraph = doc.add_paragraph(f"{number}.\t{item}")
        fmt = paragraph.paragraph_format
        fmt.left_indent, fmt.first_line_indent = Cm(0.75), Cm(-0.75)
        fmt.tab_stops.add_tab_stop(Cm(0.75))
        added.append(paragraph)
    return added


def add_facts(doc: Document, pairs: Iterable[tuple[str, str | tuple[str, ...]]]) -> None:
    """``Label: value`` paragraphs, the label in bold; a value of several lines is a list."""
    for label, value in pairs:
        paragraph = doc.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(4)
        paragraph.add_run(f"{label}: ").bold = True
        if isinstance(value, str):
            paragraph.add_run(value)
        elif not value:
            paragraph.add_run("–")
        else:
            add_bullets(doc, value)


def add_table(
    doc: Document,
    header: Sequence[str],
    rows: Iterable[Sequence[str]],
    *,
    numeric: Iterable[int] = (),
    total: Sequence[str] | None = None,
    caption: str | None = None,
) -> None:
    """A grid table: the header row bold and repeated on every page, ``numeric`` columns
    right-aligned, an optional bold total row."""
    if caption:
        doc.add_paragraph(caption, style="Caption")
    right = set(numeric)
    table = doc.add_table(rows=1, cols=len(header))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    head = table.rows[0]
    for index, text in enumerate(header):
        _fill(head.cells[index], text, bold=True, right=index in right)
    for row in rows:
        cells = table.add_row().cells
        for index, text in enumerate(row):
            _fill(cells[index], text, right=index in right)
    if total is not None:
        cells = table.add_row().cells
        for index, text in enumerate(total):
            _fill(cells[index], text, bold=True, right=index in right)
    for each in table.rows:  # a row is never split across pages (the order of trPr matters)
        each._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    head._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    doc.add_paragraph()  # Word joins two tables that touch


def _fill(cell: _Cell, text: str, *, bold: bool = False, right: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.space_after = Pt(0)
    if right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = paragraph.add_run(text)
    run.bold = bold
    run.font.size = Pt(9)


def document_bytes(doc: Document) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def paper_docx(paper: p.Paper) -> bytes:
    """``paper`` as an editable Word document."""
    doc = new_document(
        title=paper.title,
        author=paper.issuer,
        language=paper.language,
        subject=paper.subject,
        keywords=paper.keywords,
        created=paper.date,
        landscape=paper.landscape,
    )
    set_letterhead(
        doc, issuer=paper.issuer, kind=paper.kind, date=paper.date, reference=paper.reference
    )
    for block in paper.blocks:
        _add_block(doc, block)
    return document_bytes(doc)


def _add_block(doc: Document, block: p.Block) -> None:
    match block:
        case p.Heading(text, level):
            add_heading(doc, text, level)
        case p.Paragraph(text, bold):
            add_paragraph(doc, text, bold=bold)
        case p.BulletList(items):
            add_bullets(doc, items)
        case p.NumberedList(items):
            add_numbered(doc, items)
        case p.Facts(pairs):
            add_facts(doc, pairs)
        case p.Table():
            add_table(
                doc,
                block.header,
                block.rows,
                numeric=block.numeric,
                total=block.total,
                caption=block.caption,
            )
