"""PDF for publishing, from HTML with WeasyPrint: tagged PDF/UA-1 (published documents fall
under the accessibility law), with the document's language and title, in DejaVu Sans from the
machine's own fonts (Debian's fonts-dejavu-core), and nothing fetched from anywhere: the HTML
may only refer to ``data:`` URLs.

WeasyPrint is imported when a PDF is made, not with this module: it loads Pango through its C
interface on import, which every process that merely imports the reports would otherwise pay
for, and which fails on a machine without the libraries even when no PDF is ever asked for.
"""

from __future__ import annotations

import functools
import html
import warnings
from collections.abc import Iterable
from typing import Any

from kraftsamling.core.formatting import format_date
from kraftsamling.reports import paper as p

PDF_VARIANT = "pdf/ua-1"

STYLESHEET = """
@page {
  size: A4; margin: 2.5cm 2.2cm 2.2cm 2.2cm;
  @top-left { content: string(issuer); font-size: 8pt; color: #444; }
  @top-right { content: string(reference); font-size: 8pt; color: #444; }
  @bottom-right { content: "Sida " counter(page) " av " counter(pages); font-size: 8pt; }
}
@page landscape { size: A4 landscape; }
body.landscape { page: landscape; }
html { font-family: "DejaVu Sans", sans-serif; font-size: 10pt; line-height: 1.4; color: #000; }
.letterhead { border-bottom: 1px solid #000; margin-bottom: 1.5em; padding-bottom: .4em; }
.letterhead .issuer { string-set: issuer content(); font-weight: bold; }
.letterhead .reference { string-set: reference content(); }
.letterhead p { margin: 0; }
h1 { font-size: 16pt; margin: 0 0 .6em; }
h2 { font-size: 12.5pt; margin: 1.4em 0 .4em; break-after: avoid; }
h3 { font-size: 11pt; margin: 1.1em 0 .3em; break-after: avoid; }
h4 { font-size: 10pt; margin: 1em 0 .3em; break-after: avoid; }
p { margin: 0 0 .6em; }
ul, ol { margin: 0 0 .6em; padding-left: 1.6em; }
dl { display: grid; grid-template-columns: 12em 1fr; gap: .2em .8em; margin: 0 0 .8em; }
dt { font-weight: bold; }
dd { margin: 0; }
dd ul { padding-left: 1.2em; margin: 0; }
table { border-collapse: collapse; width: 100%; margin: 0 0 1em; font-size: 8.5pt; }
caption { text-align: left; font-weight: bold; margin-bottom: .3em; }
th, td { border: 1px solid #555; padding: .25em .4em; vertical-align: top; text-align: left; }
thead th { background: #e8e8e8; }
.num { text-align: right; white-space: nowrap; }
tr.total td { font-weight: bold; border-top: 2px solid #000; }
tr { break-inside: avoid; }
"""


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def paper_html(paper: p.Paper) -> str:
    """``paper`` as a complete HTML document (``lang`` and ``<title>`` set)."""
    lang = paper.language.split("-")[0]
    letterhead = [f'<p class="issuer">{esc(paper.issuer)}</p>', f"<p>{esc(paper.kind)}</p>"]
    if paper.date:
        letterhead.append(f"<p>Datum: <time>{format_date(paper.date)}</time></p>")
    if paper.reference:
        letterhead.append(
            f'<p>Diarienummer: <span class="reference">{esc(paper.reference)}</span></p>'
        )
    body = "\n".join(_block_html(block) for block in paper.blocks)
    body_class = ' class="landscape"' if paper.landscape else ""
    return (
        f'<!DOCTYPE html>\n<html lang="{esc(lang)}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{esc(paper.title)}</title>\n"
        f'<meta name="author" content="{esc(paper.issuer)}">\n'
        f'<meta name="description" content="{esc(paper.subject)}">\n'
        f'<meta name="keywords" content="{esc(", ".join(paper.keywords))}">\n'
        f"</head>\n<body{body_class}>\n"
        f'<header class="letterhead">{"".join(letterhead)}</header>\n'
        f"<main>\n{body}\n</main>\n</body>\n</html>\n"
    )


def _block_html(block: p.Block) -> str:
    match block:
        case p.Heading(text, level):
            return f"<h{level}>{esc(text)}</h{level}>"
        case p.Paragraph(text, bold):
            return f"<p><strong>{esc(text)}</strong></p>" if bold else f"<p>{esc(text)}</p>"
        case p.BulletList(items):
            return _list("ul", items)
        case p.NumberedList(items):
            return _list("ol", items)
        case p.Facts(pairs):
            return "<dl>" + "".join(_fact(label, value) for label, value in pairs) + "</dl>"
        case p.Table():
            return _table(block)
    raise TypeError(f"Not a block of a paper: {block!r}.")  # pragma: no cover


def _list(tag: str, items: Iterable[str]) -> str:
    return f"<{tag}>" + "".join(f"<li>{esc(item)}</li>" for item in items) + f"</{tag}>"


def _fact(label: str, value: str | tuple[str, ...]) -> str:
    if isinstance(value, str):
        return f"<dt>{esc(label)}</dt><dd>{esc(value)}</dd>"
    shown = _list("ul", value) if value else "–"
    return f"<dt>{esc(label)}</dt><dd>{shown}</dd>"


NUM, COL = ' class="num"', ' scope="col"'


def _table(table: p.Table) -> str:
    def cells(row: tuple[str, ...], tag: str, scope: str = "") -> str:
        return "".join(
            f"<{tag}{scope}{NUM if i in table.numeric else ''}>{esc(text)}</{tag}>"
            for i, text in enumerate(row)
        )

    parts = ["<table>"]
    if table.caption:
        parts.append(f"<caption>{esc(table.caption)}</caption>")
    parts.append(f"<thead><tr>{cells(table.header, 'th', COL)}</tr></thead>")
    parts.append("<tbody>" + "".join(f"<tr>{cells(row, 'td')}</tr>" for row in table.rows))
    if table.total:  # the last body row: a tfoot would repeat the totals on every page
        parts.append(f'<tr class="total">{cells(table.total, "td")}</tr>')
    parts.append("</tbody></table>")
    return "".join(parts)


@functools.cache
def _weasyprint() -> Any:
    """The WeasyPrint module, imported once."""
    with warnings.catch_warnings():
        # WeasyPrint warns on import that a future version will require HarfBuzz's subsetting
        # library when it is missing; scripts/ensure-pdf-libs.sh installs it, and a machine
        # without it still makes correct PDFs today.
        warnings.filterwarnings("ignore", message="HarfBuzz-Subset", category=DeprecationWarning)
        import weasyprint
        import weasyprint.urls
    return weasyprint


def html_to_pdf(document: str, *, stylesheet: str = STYLESHEET) -> bytes:
    """A complete HTML document as tagged PDF/UA-1. Refers it to anything but a ``data:`` URL,
    the PDF goes without it: no paper is made from another host."""
    weasyprint = _weasyprint()
    fetcher = weasyprint.urls.URLFetcher(allowed_protocols=("data",))
    source = weasyprint.HTML(string=document, url_fetcher=fetcher)
    css = weasyprint.CSS(string=stylesheet, url_fetcher=fetcher)
    pdf = source.write_pdf(stylesheets=[css], pdf_variant=PDF_VARIANT)
    assert isinstance(pdf, bytes)
    return pdf


def paper_pdf(paper: p.Paper) -> bytes:
    """``paper`` as tagged PDF/UA-1."""
    return html_to_pdf(paper_html(paper))
