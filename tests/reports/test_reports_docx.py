"""The Word building blocks: open what they write with python-docx and read it back."""

from __future__ import annotations

import datetime as dt
import doctest
import io

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.section import Section

import kraftsamling.reports.docx as report_docx
import kraftsamling.reports.paper as report_paper
from kraftsamling.core.formatting import format_ore
from kraftsamling.reports import (
    BulletList,
    Facts,
    Heading,
    NumberedList,
    Paper,
    Paragraph,
    Table,
    paper_docx,
    paragraphs,
)

PAPER = Paper(
    title="Avrop: Sommarlovsaktiviteter i Holma",
    issuer="Malmö stad, Stadskontoret",
    kind="Tjänsteskrivelse",
    date=dt.date(2026, 3, 2),
    reference="STK-2026-0042",
    subject="Kraftsamlande insatser",
    keywords=("avrop", "kraftsamlande insatser"),
    blocks=(
        Heading("Avrop: Sommarlovsaktiviteter i Holma", 1),
        Heading("Sammanfattning"),
        Paragraph("Fritidsnämnden avropar medel."),
        Heading("Förslag till beslut"),
        Paragraph("Kommunstyrelsen beslutar", bold=True),
        NumberedList(("Avropet beviljas.", "Medlen betalas ut i förskott.")),
        Heading("Beslutsunderlag"),
        BulletList(("Avrop STK-2026-0042", "Bilaga 1")),
        Heading("Insatsen", 3),
        Facts((("Nämnd", "Fritidsnämnden"), ("Teman", ("Rörlighet", "Fritid")), ("Partner", ()))),
        Table(
            header=("Post", "Belopp"),
            rows=(("Sökt", "100 kr"), ("Föreslaget", "80 kr")),
            numeric=frozenset({1}),
            total=("Summa", "180 kr"),
        ),
    ),
)


def _open(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def test_core_properties_and_the_text_language_are_swedish() -> None:
    doc = _open(paper_docx(PAPER))
    props = doc.core_properties
    assert props.title == "Avrop: Sommarlovsaktiviteter i Holma"
    assert props.language == "sv-SE"
    assert props.author == "Malmö stad, Stadskontoret"
    assert props.keywords == "avrop, kraftsamlande insatser"
    assert props.created == dt.datetime(2026, 3, 2, tzinfo=dt.UTC)
    lang = doc.styles.element.find(f"{qn('w:docDefaults')}//{qn('w:lang')}")
    assert lang is not None and lang.get(qn("w:val")) == "sv-SE"


def test_a4_portrait_and_landscape() -> None:
    def size(section: Section) -> tuple[float, float]:
        assert section.page_width is not None and section.page_height is not None
        return round(section.page_width.cm, 1), round(section.page_height.cm, 1)

    portrait = _open(paper_docx(PAPER)).sections[0]
    assert size(portrait) == (21.0, 29.7)
    assert portrait.orientation == WD_ORIENT.PORTRAIT
    wide = Paper(PAPER.title, PAPER.issuer, PAPER.kind, PAPER.blocks, landscape=True)
    landscape = _open(paper_docx(wide)).sections[0]
    assert size(landscape) == (29.7, 21.0)
    assert landscape.orientation == WD_ORIENT.LANDSCAPE


def test_headings_use_word_heading_styles_in_order() -> None:
    doc = _open(paper_docx(PAPER))
    headings = [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith("Head")]
    assert headings == [
        ("Heading 1", "Avrop: Sommarlovsaktiviteter i Holma"),
        ("Heading 2", "Sammanfattning"),
        ("Heading 2", "Förslag till beslut"),
        ("Heading 2", "Beslutsunderlag"),
        ("Heading 3", "Insatsen"),
    ]


def test_numbered_points_carry_their_numbers_and_bullets_the_list_style() -> None:
    doc = _open(paper_docx(PAPER))
    texts = [p.text for p in doc.paragraphs]
    assert "1.\tAvropet beviljas." in texts
    assert "2.\tMedlen betalas ut i förskott." in texts
    bullets = [p.text for p in doc.paragraphs if p.style.name == "List Bullet"]
    assert bullets == ["Avrop STK-2026-0042", "Bilaga 1", "Rörlighet", "Fritid"]
    assert "Partner: –" in texts  # an empty list of values says so
    bold = [p for p in doc.paragraphs if p.text == "Kommunstyrelsen beslutar"]
    assert bold[0].runs[0].bold


def test_letterhead_in_the_page_header_and_page_numbers_in_the_footer() -> None:
    doc = _open(paper_docx(PAPER))
    header = [p.text for p in doc.sections[0].header.paragraphs]
    assert header[0] == "Malmö stad, Stadskontoret\tTjänsteskrivelse"
    assert "2026-03-02" in header[1] and "STK-2026-0042" in header[1]
    fields = doc.sections[0].footer._element.findall(f".//{qn('w:fldSimple')}")
    assert [f.get(qn("w:instr")) for f in fields] == ["PAGE", "NUMPAGES"]


def test_table_header_repeats_numbers_align_right_and_the_total_is_bold() -> None:
    table = _open(paper_docx(PAPER)).tables[0]
    cells = [[c.text for c in row.cells] for row in table.rows]
    assert cells == [
        ["Post", "Belopp"],
        ["Sökt", "100 kr"],
        ["Föreslaget", "80 kr"],
        ["Summa", "180 kr"],
    ]
    assert table.rows[0]._tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
    assert table.rows[1]._tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is None
    assert all(
        row._tr.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None for row in table.rows
    )
    assert table.rows[1].cells[1].paragraphs[0].alignment == 2  # right
    assert table.rows[1].cells[0].paragraphs[0].alignment is None
    assert all(run.bold for cell in table.rows[-1].cells for run in cell.paragraphs[0].runs)
    assert not table.rows[1].cells[0].paragraphs[0].runs[0].bold


def test_a_table_row_of_the_wrong_width_is_refused() -> None:
    with pytest.raises(ValueError, match="2 cells like its header; got 1"):
        Table(header=("A", "B"), rows=(("x",),))


def test_heading_levels_are_bounded() -> None:
    with pytest.raises(ValueError, match="1 to 4; got 7"):
        Heading("x", 7)


def test_paragraphs_split_on_blank_lines_and_join_wrapped_lines() -> None:
    text = "Första raden\nfortsätter.\n\n  \nAndra stycket.\r\n\r\nTredje."
    assert [p.text for p in paragraphs(text)] == [
        "Första raden fortsätter.",
        "Andra stycket.",
        "Tredje.",
    ]
    assert paragraphs("  \n\n ") == ()


def test_module_examples() -> None:
    for module in (report_docx, report_paper):
        failures, tried = doctest.testmod(module)
        assert tried > 0 and failures == 0, module.__name__


def test_format_ore_shows_ore_only_when_there_are_some() -> None:
    assert format_ore(123_456_700) == "1\xa0234\xa0567\xa0kr"
    assert format_ore(123_456_750) == "1\xa0234\xa0567,50\xa0kr"
    assert format_ore(5) == "0,05\xa0kr"
    assert format_ore(0) == "0\xa0kr"
    assert format_ore(-30_000_000) == "−300\xa0000\xa0kr"
    assert format_ore(None) == "–"
    with pytest.raises(TypeError, match=r"whole öre as an int; got 12\.5"):
        format_ore(12.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        format_ore(True)
