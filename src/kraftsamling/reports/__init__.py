"""Documents out of plain data: Word (python-docx), Excel (openpyxl) and tagged PDF
(WeasyPrint), shared by the fund, follow-up and consultations. Nothing here reads a database
or knows the web: a capability gathers its figures, describes a :class:`Paper` or a sheet,
and gets bytes back.

Money arrives as integer öre and is shown with
:func:`~kraftsamling.core.formatting.format_ore` (``1 234 567 kr``) in documents, and as
exact kronor numbers in sheets (see :mod:`kraftsamling.reports.xlsx`).
"""

from kraftsamling.reports.docx import paper_docx
from kraftsamling.reports.paper import (
    Block,
    BulletList,
    Facts,
    Heading,
    NumberedList,
    Paper,
    Paragraph,
    Table,
    paragraphs,
)
from kraftsamling.reports.pdf import html_to_pdf, paper_html, paper_pdf
from kraftsamling.reports.xlsx import Money, add_sheet, new_workbook, workbook_bytes

__all__ = [
    "Block",
    "BulletList",
    "Facts",
    "Heading",
    "Money",
    "NumberedList",
    "Paper",
    "Paragraph",
    "Table",
    "add_sheet",
    "html_to_pdf",
    "new_workbook",
    "paper_docx",
    "paper_html",
    "paper_pdf",
    "paragraphs",
    "workbook_bytes",
]
