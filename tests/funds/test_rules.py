"""Pure rules of the fund not covered elsewhere: typed amounts and uploaded files."""

from __future__ import annotations

import io
import zipfile

import pytest

from kraftsamling.core.errors import InvalidInput
from kraftsamling.core.files import check_upload
from kraftsamling.funds.money import MAX_ORE, parse_kronor


@pytest.mark.parametrize(
    ("text", "ore"),
    [
        ("1 234,50", 123_450),
        ("1\u00a0234,5", 123_450),
        ("250 000 kr", 25_000_000),
        ("12.05", 1_205),
        ("7", 700),
        ("1 000 000 000", MAX_ORE),
    ],
)
def test_parse_kronor_reads_swedish_amounts(text: str, ore: int) -> None:
    assert parse_kronor("amount", text) == ore


@pytest.mark.parametrize(
    "text",
    ["-5", "0", "0,00", "1,234", "1,005", "12 34", "abc", "", "1 000 000 000,01", "1e6", "5 kr 5"],
)
def test_parse_kronor_refuses_what_is_not_a_positive_amount(text: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_kronor("amount", text)
    assert caught.value.key == "funds.error.amount"
    assert "amount" in str(caught.value) and repr(text)[1:-1][:10] in str(caught.value)


def test_parse_kronor_takes_zero_only_when_allowed() -> None:
    assert parse_kronor("co_financing", "0", allow_zero=True) == 0


def _zip(*names: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


def test_check_upload_knows_files_by_their_content() -> None:
    assert check_upload("memo.pdf", b"%PDF-1.7\n...") == "pdf"
    assert check_upload("memo.docx", _zip("[Content_Types].xml", "word/document.xml")) == "docx"
    assert check_upload("budget.xlsx", _zip("[Content_Types].xml", "xl/workbook.xml")) == "xlsx"


@pytest.mark.parametrize(
    ("name", "data", "key"),
    [
        ("invoice.pdf", b"MZ\x90\x00\x03" + b"\x00" * 100, "files.error.kind"),  # an .exe
        ("memo.docx", _zip("readme.txt"), "files.error.kind"),  # a plain zip
        ("memo.pdf", _zip("[Content_Types].xml", "word/document.xml"), "files.error.kind"),
        ("memo", b"%PDF-1.7", "files.error.kind"),
        ("empty.pdf", b"", "files.error.empty"),
    ],
)
def test_check_upload_refuses_disguised_and_empty_files(name: str, data: bytes, key: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        check_upload(name, data)
    assert caught.value.key == key and name in str(caught.value)


def test_check_upload_refuses_an_oversized_file() -> None:
    with pytest.raises(InvalidInput) as caught:
        check_upload("big.pdf", b"%PDF-" + b"0" * 2000, max_bytes=1000)
    assert caught.value.key == "files.error.size" and "2,005 bytes" in str(caught.value)
