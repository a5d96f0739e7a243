"""The fund's pages on both backends: Swedish forms, every error at once with what was typed,
stale forms with one effect, hidden call-offs, the public page, and the papers' figures."""

from __future__ import annotations

import html as htmllib
import io
import re
from collections.abc import Iterator
from typing import Any

import pytest
from docx import Document
from fastapi.testclient import TestClient
from funds_support import COORDINATOR, OFFICER, OTHER_OFFICER, PASSWORDS, VIEWER
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from web_support import FakeClock, csrf_from, login, make_client

from kraftsamling.core.audit import AuditEntry
from kraftsamling.core.files import Attachment
from kraftsamling.funds.models import BudgetFrame, CallOff, Payment

DRAFT = {
    "frame": "1",
    "title": "Läxhjälp och föräldraträffar",
    "description": "Läxhjälp två kvällar i veckan och träffar för föräldrar i området.",
    "process": "universal_prevention",
    "themes": ["parents"],
    "areas": ["T1"],
    "age_bands": ["6-12", "13-15"],
    "reach": "80",
    "amount": "90 000",
    "period_start": "2026-03-01",
    "period_end": "2026-12-31",
    "path": "light",
    "contact_name": "Pia Prevention",
    "contact_email": "pia@example.org",
}
ASSESSMENT = "Insatsen stärker föräldrar i målområdet och är billig i förhållande till nyttan."
SECRET = "INTERN-BEDÖMNING-SOM-ALDRIG-VISAS"


@pytest.fixture
def client(world: sessionmaker[Session], clock: FakeClock) -> Iterator[TestClient]:
    with make_client(world, clock) as c:
        yield c


def _as(client: TestClient, email: str) -> None:
    client.cookies.clear()
    assert login(client, (email, PASSWORDS[email])) == 303


def _post(client: TestClient, url: str, data: dict[str, Any], page: str = "/fund") -> Any:
    return client.post(url, data={"csrf_token": csrf_from(client.get(page).text), **data})


def _version(client: TestClient, cid: int) -> str:
    match = re.search(r'name="version" value="(\d+)"', client.get(f"/fund/call-offs/{cid}").text)
    assert match, "no action form with a version"
    return match.group(1)


def _draft(client: TestClient, **changes: Any) -> int:
    response = _post(client, "/fund/call-offs", {**DRAFT, **changes})
    assert response.status_code == 303, response.text[:2000]
    match = re.fullmatch(r"/fund/call-offs/(\d+)\?done=create", response.headers["location"])
    assert match
    return int(match.group(1))


def _step(client: TestClient, cid: int, action: str, **data: Any) -> Any:
    return _post(client, f"/fund/call-offs/{cid}/{action}",
                 {"version": _version(client, cid), **data})  # fmt: skip


def _count(factory: sessionmaker[Session], model: Any) -> int:
    with factory() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def _text(html: str) -> str:
    return htmllib.unescape(re.sub(r"<[^>]+>", " ", html))


def _granted_call_off(client: TestClient, amount: str = "90 000") -> int:
    """A call-off drafted and submitted by the officer, assessed and granted by the city office."""
    _as(client, OFFICER)
    cid = _draft(client, amount=amount)
    assert _step(client, cid, "submit").status_code == 303
    _as(client, COORDINATOR)
    assert _step(client, cid, "assess", recommendation="full",
                 assessment=ASSESSMENT).status_code == 303  # fmt: skip
    decided = _step(client, cid, "decide", outcome="grant", body="city_director",
                    meeting_date="2026-02-10")  # fmt: skip
    assert decided.status_code == 303, decided.text[:2000]
    return cid


def test_the_draft_form_speaks_swedish_and_a_saved_draft_shows_its_checklist(
    client: TestClient,
) -> None:
    _as(client, OFFICER)
    form = client.get("/fund/call-offs/new")
    assert form.status_code == 200
    assert '<html lang="sv">' in form.text
    for label in ("Insatsens namn", "Sökt belopp (kronor)", "Målgrupp (åldrar)", "Spara utkast"):
        assert label in form.text
    assert 'name="csrf_token"' in form.text
    assert 'id="path-light"' in form.text  # the light path, chosen without script
    cid = _draft(client, description="kort", contact_email="")
    page = client.get(f"/fund/call-offs/{cid}?done=create")
    assert page.status_code == 200
    assert "Utkastet är sparat." in page.text
    text = _text(page.text)
    assert "Kontroll inför inlämning" in text
    assert "beskriv insatsen med minst 20 tecken" in text
    assert "ange en kontaktperson med e-postadress" in text
    assert "Förväntade effekter" not in text.split("Kontroll inför inlämning")[1].split("Vad")[0]
    english = client.get(f"/fund/call-offs/{cid}?lang=en")
    assert "Check before submitting" in english.text


@pytest.mark.parametrize("typed", ["-5", "0", "1,234", "12,345", "abc"])
def test_a_bad_amount_is_refused_in_swedish_with_everything_kept(
    client: TestClient, world: sessionmaker[Session], typed: str
) -> None:
    _as(client, OFFICER)
    before = _count(world, CallOff)
    response = _post(client, "/fund/call-offs", {**DRAFT, "amount": typed, "reach": "många"})
    assert response.status_code == 422
    assert _count(world, CallOff) == before
    page = htmllib.unescape(response.text)
    # Every error at once: a summary at the top, each beside its field.
    assert "Formuläret sparades inte. Antal fel att rätta: 2" in page
    assert "skriv ett belopp i kronor över noll och högst 1 000 000 000 kr" in page
    assert f"Du skrev ”{typed}”." in page
    assert 'href="#f-amount"' in page and 'id="e-amount"' in page and 'id="e-reach"' in page
    assert 'aria-invalid="true"' in page
    assert f'name="amount" inputmode="decimal" value="{typed}"' in page
    assert 'value="Läxhjälp och föräldraträffar"' in page
    assert 'value="parents" checked' in page and 'value="T1" checked' in page


def test_a_disguised_attachment_is_refused_and_a_real_one_is_kept(
    client: TestClient, world: sessionmaker[Session]
) -> None:
    _as(client, OFFICER)
    cid = _draft(client)
    token = csrf_from(client.get(f"/fund/call-offs/{cid}").text)
    exe = b"MZ\x90\x00" + b"\x00" * 200
    refused = client.post(f"/fund/call-offs/{cid}/attachments", data={"csrf_token": token},
                          files={"file": ("plan.pdf", exe, "application/pdf")})  # fmt: skip
    assert refused.status_code == 422
    assert "är inte en PDF-, Word- eller Excel-fil enligt sitt innehåll" in htmllib.unescape(
        refused.text
    )
    assert _count(world, Attachment) == 0
    pdf = b"%PDF-1.4\n% plan\n"
    kept = client.post(f"/fund/call-offs/{cid}/attachments", data={"csrf_token": token},
                       files={"file": ("plan.pdf", pdf, "application/pdf")})  # fmt: skip
    assert kept.status_code == 303
    page = client.get(f"/fund/call-offs/{cid}")
    link = re.search(rf'href="(/fund/call-offs/{cid}/attachments/\d+)">plan.pdf', page.text)
    assert link
    download = client.get(link.group(1))
    assert download.content == pdf and download.headers["content-type"] == "application/pdf"
    with world() as session:
        entries = session.scalars(
            select(AuditEntry).where(AuditEntry.object_type == "attachment")
        ).all()
        assert len(entries) == 1


def test_a_stale_form_sent_twice_has_exactly_one_effect(
    client: TestClient, world: sessionmaker[Session]
) -> None:
    _as(client, OFFICER)
    cid = _draft(client)
    version = _version(client, cid)
    first = _post(client, f"/fund/call-offs/{cid}/submit", {"version": version})
    assert first.status_code == 303
    second = _post(client, f"/fund/call-offs/{cid}/submit", {"version": version})
    assert second.status_code in (409, 422)  # out of order once submitted: refused either way
    with world() as session:
        changes = session.scalar(
            select(func.count()).select_from(AuditEntry)
            .where(AuditEntry.object_type == "call_off", AuditEntry.object_id == str(cid),
                   AuditEntry.action == "state_change")
        )  # fmt: skip
        assert changes == 1
    # A payment form sent twice: the second is refused as stale, one payment is registered.
    gid = _granted_call_off(client)
    version = _version(client, gid)
    money = {"version": version, "amount": "10 000", "paid_on": "2026-02-20"}
    assert _post(client, f"/fund/call-offs/{gid}/pay", money).status_code == 303
    again = _post(client, f"/fund/call-offs/{gid}/pay", money)
    assert again.status_code == 409
    assert "Avropet har ändrats sedan formuläret visades" in htmllib.unescape(again.text)
    with world() as session:
        payments = session.scalars(select(Payment).where(Payment.call_off_id == gid)).all()
        assert [p.amount for p in payments] == [10_000_00]
        assert session.get(CallOff, gid).paid == 10_000_00  # type: ignore[union-attr]


def test_another_organisations_call_off_is_not_found(client: TestClient) -> None:
    _as(client, OFFICER)
    cid = _draft(client)
    _as(client, OTHER_OFFICER)
    assert client.get(f"/fund/call-offs/{cid}").status_code == 404
    assert client.get(f"/fund/call-offs/{cid}/edit").status_code == 404
    assert _post(client, f"/fund/call-offs/{cid}/submit", {"version": "1"}).status_code == 404
    assert f"/fund/call-offs/{cid}" not in client.get("/fund/call-offs").text


def test_the_frame_exceeded_is_a_conflict_in_the_pages_language(
    client: TestClient, world: sessionmaker[Session]
) -> None:
    with world.begin() as session:
        session.get(BudgetFrame, 1).amount = 100_000_00  # type: ignore[union-attr]
    _as(client, OFFICER)
    cid = _draft(client, amount="90 000")
    assert _step(client, cid, "submit").status_code == 303
    _as(client, COORDINATOR)
    assert _step(client, cid, "assess", recommendation="full",
                 assessment=ASSESSMENT).status_code == 303  # fmt: skip
    with world.begin() as session:
        session.get(BudgetFrame, 1).amount = 50_000_00  # type: ignore[union-attr]
    refused = _step(client, cid, "decide", outcome="grant", body="city_director",
                    meeting_date="2026-02-10", paragraph="§ 7")  # fmt: skip
    assert refused.status_code == 409
    page = htmllib.unescape(refused.text)
    assert "Budgetramen skulle överskridas" in page and "Beslutet registrerades inte" in page
    assert 'value="§ 7"' in page  # what was typed is kept
    with world() as session:
        assert session.get(BudgetFrame, 1).granted == 0  # type: ignore[union-attr]


def test_the_whole_path_through_the_pages_and_the_public_page(
    client: TestClient, world: sessionmaker[Session]
) -> None:
    _as(client, OFFICER)
    cid = _draft(client, amount="400 000", path="full")
    refused = _step(client, cid, "submit")
    assert refused.status_code == 422  # the full path asks for effects and partners
    assert "koppla den förväntade effekten till minst en indikator" in htmllib.unescape(
        refused.text
    )
    edit = client.get(f"/fund/call-offs/{cid}/edit")
    assert (
        edit.status_code == 200 and 'id="path-full" name="path" value="full" checked' in edit.text
    )
    full = {**DRAFT, "amount": "400 000", "path": "full", "effect_indicator": ["jobs", "", ""],
            "effect_direction": ["increase", "", ""],
            "partner_name": ["IK Framåt", "", ""], "partner_kind": ["association"] * 3,
            "version": _version(client, cid)}  # fmt: skip
    assert _post(client, f"/fund/call-offs/{cid}/edit", full).status_code == 303
    assert _step(client, cid, "submit").status_code == 303
    _as(client, COORDINATOR)
    message = "Ange vilka föreningar som deltar och hur."
    assert _step(client, cid, "return", message=message).status_code == 303
    _as(client, OFFICER)
    assert message in client.get(f"/fund/call-offs/{cid}").text
    assert "återsänt för komplettering" in client.get("/inbox").text
    assert _step(client, cid, "resubmit").status_code == 303
    _as(client, COORDINATOR)
    assessed = _step(client, cid, "assess", recommendation="partial",
                     partial_amount="350 000", assessment=SECRET + " " + ASSESSMENT)  # fmt: skip
    assert assessed.status_code == 303
    meeting = client.get("/fund/meetings?body=KSAU&date=2026-03-04")
    assert meeting.status_code == 200 and "350\u00a0000\u00a0kr" in meeting.text
    sheet = load_workbook(io.BytesIO(client.get("/fund/meetings.xlsx?body=KSAU&date=2026-03-04")
                                     .content))  # fmt: skip
    cells = [c.value for row in sheet.active.iter_rows() for c in row]
    assert any(isinstance(v, int | float) and round(v * 100) == 350_000_00 for v in cells) or any(
        "350 000" in str(v).replace("\u00a0", " ") for v in cells
    )
    words = Document(io.BytesIO(client.get("/fund/meetings.docx?body=KSAU&date=2026-03-04")
                                .content))  # fmt: skip
    table_text = " ".join(c.text for t in words.tables for r in t.rows for c in r.cells)
    assert "350\u00a0000\u00a0kr" in table_text or "350 000 kr" in table_text
    memo = Document(io.BytesIO(client.get(f"/fund/call-offs/{cid}/memo.docx").content))
    memo_text = " ".join(p.text for p in memo.paragraphs)
    assert "350\u00a0000\u00a0kr" in memo_text or "350 000 kr" in memo_text
    pdf = PdfReader(io.BytesIO(client.get(f"/fund/call-offs/{cid}/memo.pdf").content))
    pdf_text = " ".join(page.extract_text() for page in pdf.pages).replace("\u00a0", " ")
    assert "350 000 kr" in pdf_text
    version = re.search(r'name="version" value="(\d+)"', meeting.text)
    assert version
    decided = _post(client, "/fund/meetings", {
        "body": "KSAU", "date": "2026-03-04", "paragraph": "§ 51", "text": "",
        "call_off": [str(cid)], "version": [version.group(1)], "outcome": ["grant"],
        "amount": ["350 000"],
    }, page="/fund/meetings")  # fmt: skip
    assert decided.status_code == 303, decided.text[:2000]
    assert "Besluten för listan är registrerade." in client.get(decided.headers["location"]).text
    paid = _step(client, cid, "pay", amount="100 000", paid_on="2026-03-10", reference="V-1")
    assert paid.status_code == 303
    fund = client.get("/fund").text
    assert "350\u00a0000\u00a0kr" in fund and "100\u00a0000\u00a0kr" in fund
    assert "9\u00a0650\u00a0000\u00a0kr" in fund  # remaining of the 10 MSEK frame
    client.cookies.clear()
    public = client.get("/public/fund")
    assert public.status_code == 200
    assert "Läxhjälp och föräldraträffar" in public.text and "350\u00a0000\u00a0kr" in public.text
    assert "§ 51" in public.text
    assert SECRET not in public.text and "Stadskontorets bedömning" not in public.text
    assert SECRET not in client.get("/api/v1/public/grants").text


def test_irreversible_steps_ask_once_more_without_script(
    client: TestClient, world: sessionmaker[Session]
) -> None:
    _as(client, OFFICER)
    cid = _draft(client)
    asked = _step(client, cid, "withdraw")
    assert asked.status_code == 200 and "Återkalla avropet?" in asked.text
    assert 'name="confirm" value="yes"' in asked.text
    with world() as session:
        assert session.get(CallOff, cid).status == "draft"  # type: ignore[union-attr]
    token = csrf_from(asked.text)
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', asked.text))
    done = client.post(f"/fund/call-offs/{cid}/withdraw", data={**fields, "csrf_token": token})
    assert done.status_code == 303
    with world() as session:
        assert session.get(CallOff, cid).status == "withdrawn"  # type: ignore[union-attr]


def test_the_viewer_reads_the_board_papers_but_changes_nothing(client: TestClient) -> None:
    cid = _granted_call_off(client)
    _as(client, VIEWER)
    assert client.get("/fund/meetings").status_code == 200
    report = client.get("/fund/delegated?from=2026-01-01&to=2026-12-31")
    assert report.status_code == 200 and "90\u00a0000\u00a0kr" in report.text
    sheet = load_workbook(io.BytesIO(client.get(
        "/fund/delegated.xlsx?from=2026-01-01&to=2026-12-31").content))  # fmt: skip
    assert any("STK-2026" in str(c.value) for row in sheet.active.iter_rows() for c in row)
    bad = client.get("/fund/delegated?from=2026-13-01")
    assert bad.status_code == 422 and "ÅÅÅÅ-MM-DD" in bad.text
    assert _post(client, f"/fund/call-offs/{cid}/reporting", {"version": "1"}).status_code == 403
    assert client.get("/public/decisions").status_code == 200
