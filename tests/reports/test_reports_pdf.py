"""The PDF building block: tagged PDF/UA-1 with its language, read back with pypdf."""

from __future__ import annotations

import datetime as dt
import http.server
import io
import subprocess
import sys
import threading

import pypdf
from pypdf.generic import ArrayObject, DictionaryObject

from kraftsamling.reports import (
    BulletList,
    Facts,
    Heading,
    NumberedList,
    Paper,
    Paragraph,
    Table,
    html_to_pdf,
    paper_html,
    paper_pdf,
)

PAPER = Paper(
    title="Avrop: Läxhjälp & <fritid>",
    issuer="Malmö stad, Stadskontoret",
    kind="Tjänsteskrivelse",
    date=dt.date(2026, 3, 2),
    reference="STK-2026-0042",
    blocks=(
        Heading("Avrop: Läxhjälp & <fritid>", 1),
        Heading("Förslag till beslut"),
        NumberedList(("Avropet beviljas med 250 000 kr.", "Beslutet justeras omedelbart.")),
        BulletList(("Bilaga 1",)),
        Facts((("Nämnd", "Fritidsnämnden"), ("Områden", ("Holma", "Kroksbäck")))),
        Paragraph("Åtta öre är åtta öre."),
        Table(
            ("Post", "Belopp"), (("Sökt", "300 000 kr"),), frozenset({1}), ("Summa", "300 000 kr")
        ),
    ),
)


def text_of(pdf: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages).replace("\xa0", " ")


def _structure_types(pdf: bytes) -> list[str]:
    """The standard types of the structure tree's elements, depth first."""
    root = pypdf.PdfReader(io.BytesIO(pdf)).trailer["/Root"]
    found: list[str] = []

    def walk(node: object) -> None:
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, ArrayObject):
            for child in node:
                walk(child)
        elif isinstance(node, DictionaryObject):
            if "/S" in node:
                found.append(str(node["/S"]))
            if "/K" in node:
                walk(node["/K"])

    walk(root["/StructTreeRoot"])
    return found


def test_the_pdf_is_tagged_pdf_ua_with_swedish_as_its_language() -> None:
    pdf = paper_pdf(PAPER)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "sv"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    assert reader.metadata is not None and reader.metadata.title == "Avrop: Läxhjälp & <fritid>"
    xmp = root["/Metadata"].get_object().get_data()
    assert b'pdfuaid:part="1"' in xmp


def test_the_structure_tree_has_headings_lists_and_a_table_with_header_cells() -> None:
    types = _structure_types(paper_pdf(PAPER))
    for wanted in ("/H1", "/H2", "/L", "/LI", "/Lbl", "/Table", "/TH", "/TD", "/P"):
        assert wanted in types, wanted
    assert types.index("/H1") < types.index("/H2") < types.index("/Table")


def test_text_escaped_and_extractable_with_the_letterhead() -> None:
    text = text_of(paper_pdf(PAPER))
    assert "Avrop: Läxhjälp & <fritid>" in text
    assert "Åtta öre är åtta öre." in text
    assert "Avropet beviljas med 250 000 kr." in text
    assert "Malmö stad, Stadskontoret" in text and "STK-2026-0042" in text
    assert "Sida 1 av 1" in text


def test_the_font_is_embedded_dejavu() -> None:
    reader = pypdf.PdfReader(io.BytesIO(paper_pdf(PAPER)))
    fonts = reader.pages[0]["/Resources"]["/Font"]
    names = {str(fonts[key].get_object()["/BaseFont"]).split("+")[-1] for key in fonts}
    assert names == {"DejaVu-Sans", "DejaVu-Sans-Bold"}
    for key in fonts:  # embedded (as a subset), as PDF/UA requires
        descendant = fonts[key].get_object()["/DescendantFonts"][0].get_object()
        assert "/FontFile2" in descendant["/FontDescriptor"].get_object()


def test_html_has_language_title_and_escapes_everything() -> None:
    html = paper_html(PAPER)
    assert html.startswith('<!DOCTYPE html>\n<html lang="sv">')
    assert "<title>Avrop: Läxhjälp &amp; &lt;fritid&gt;</title>" in html
    assert "<fritid>" not in html
    assert '<th scope="col">Post</th><th scope="col" class="num">Belopp</th>' in html
    assert '<tr class="total"><td>Summa</td><td class="num">300 000 kr</td></tr></tbody>' in html
    assert "<ol><li>Avropet beviljas" in html


def test_nothing_is_fetched_from_another_host() -> None:
    requests: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            requests.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/css")
            self.end_headers()
            self.wfile.write(b"p { color: red }")

        def log_message(self, *args: object) -> None:
            pass

    with http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler) as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        base = f"http://127.0.0.1:{server.server_address[1]}"
        page = (
            '<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8"><title>x</title>'
            f'<link rel="stylesheet" href="{base}/style.css"></head>'
            f'<body><p>Text</p><img src="{base}/logo.png" alt="logotyp"></body></html>'
        )
        pdf = html_to_pdf(page)
        server.shutdown()
        thread.join(timeout=5)
    assert requests == []
    assert "Text" in text_of(pdf)


def test_the_papers_import_neither_storage_nor_web_nor_weasyprint_until_a_pdf_is_made() -> None:
    probe = (
        "import sys, kraftsamling.reports, kraftsamling.funds.papers\n"
        "print(sorted(m for m in ('weasyprint', 'sqlalchemy', 'fastapi', 'starlette')"
        " if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "[]"
