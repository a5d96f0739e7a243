"""The board's papers carry the ledger's figures: decision list, memo, delegated decisions."""

from __future__ import annotations

import datetime as dt
import io

from docx import Document
from funds_support import COORDINATOR, OFFICER, complete, user
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from kraftsamling.core.db import transaction
from kraftsamling.decisions.rules import BodyKind
from kraftsamling.decisions.service import DecisionIn
from kraftsamling.funds import board, papers, service
from kraftsamling.funds.models import BudgetFrame, CallOff, Fund

MEETING = dt.date(2026, 4, 15)


def _assessed(factory: sessionmaker[Session], amounts_kr: list[int]) -> list[int]:
    ids = []
    for kr in amounts_kr:
        with transaction(factory) as s:
            fund = s.scalars(select(Fund)).one()
            c = service.create_call_off(
                s, fund_id=fund.id, year=2026, content=complete(kr), user=user(s, OFFICER)
            )
            service.submit(s, call_off_id=c.id, user=user(s, OFFICER), version=None)
            service.assess(
                s,
                call_off_id=c.id,
                recommendation="full",
                version=None,
                assessment="Väl underbyggd insats i målområdena.",
                user=user(s, COORDINATOR),
            )
            ids.append(c.id)
    return ids


def test_the_decision_list_runs_down_the_frame_row_by_row(world: sessionmaker[Session]) -> None:
    _assessed(world, [2_000_000, 3_000_000, 200_000])
    with world() as s:
        frame = s.scalars(select(BudgetFrame)).one()
        data = board.decision_list(s, frame, body="KS", meeting_date=MEETING)
    assert [r.recommended_ore for r in data.rows] == [2_000_000_00, 3_000_000_00]  # KS only
    assert [r.remaining_after_ore for r in data.rows] == [8_000_000_00, 5_000_000_00]
    assert data.frame_decision.startswith("Kommunfullmäktige 2026-01-22")
    sheet = load_workbook(io.BytesIO(papers.decision_list_xlsx(data))).active
    assert sheet is not None
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert any("5 000 000" in str(c) or c in (5_000_000, 5_000_000_00) for c in cells)
    doc = Document(io.BytesIO(papers.decision_list_docx(data)))
    text = "\n".join(p.text for p in doc.paragraphs) + "\n".join(
        cell.text for t in doc.tables for row in t.rows for cell in row.cells
    )
    assert "8\u00a0000\u00a0000\u00a0kr" in text or "8 000 000 kr" in text


def test_a_whole_list_is_decided_under_one_paragraph(world: sessionmaker[Session]) -> None:
    ids = _assessed(world, [2_000_000, 3_000_000])
    decision = DecisionIn(
        body_kind=BodyKind.BOARD,
        body="Kommunstyrelsen",
        meeting_date=MEETING,
        heading="Avrop ur kraftsamlande insatser",
        paragraph="§ 101",
    )
    with transaction(world) as s:
        service.decide_list(
            s,
            items=[(ids[0], None, True, None), (ids[1], None, False, None)],
            decision=decision,
            user=user(s, COORDINATOR),
        )
    with world() as s:
        rows = [s.get(CallOff, i) for i in ids]
        assert [r.status for r in rows if r] == ["granted", "rejected"]
        assert len({r.decision_id for r in rows if r}) == 1
        assert rows[0] is not None and rows[0].decision is not None
        assert rows[0].decision.case_number == "STK-2024-1374"
        assert s.scalars(select(BudgetFrame)).one().granted == 2_000_000_00


def test_delegated_decisions_are_listed_for_the_board(world: sessionmaker[Session]) -> None:
    ids = _assessed(world, [250_000, 2_000_000])
    with transaction(world) as s:
        service.decide(
            s,
            call_off_id=ids[0],
            granted=True,
            version=None,
            user=user(s, COORDINATOR),
            decision=DecisionIn(
                body_kind=BodyKind.DELEGATE,
                body="Stadsdirektören",
                meeting_date=MEETING,
                heading="",
            ),
        )
    with world() as s:
        fund = s.scalars(select(Fund)).one()
        report = board.delegation_report(
            s, fund, start=dt.date(2026, 1, 1), end=dt.date(2026, 6, 30)
        )
        memo = board.memo(s, s.get(CallOff, ids[1]), author=user(s, COORDINATOR), date=MEETING)  # type: ignore[arg-type]
    assert [d.amount_ore for d in report.decisions] == [250_000_00]
    assert report.body == "Kommunstyrelsen"
    assert memo.recommended_ore == 2_000_000_00 and memo.decision_body == "Kommunstyrelsen"
    assert memo.remaining_ore == 10_000_000_00 - 250_000_00
    doc = Document(io.BytesIO(papers.memo_docx(memo)))
    headings = [
        p.text for p in doc.paragraphs if p.style is not None and p.style.name.startswith("Heading")
    ]
    for wanted in ("Sammanfattning", "Förslag till beslut", "Beslutsunderlag", "Ansvariga"):
        assert wanted in headings
