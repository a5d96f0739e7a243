"""The board's papers for the fund, generated from plain data (no database, no web): the
decision list of a board meeting (DOCX, XLSX), the draft tjänsteskrivelse for one call-off
(DOCX, PDF) and the report of delegated decisions for the board's agenda (DOCX, XLSX).

The service gathers the figures from the ledger into the frozen dataclasses below; this module
only lays them out, in Swedish and in the city's memo form seen in the minutes (Sammanfattning,
Förslag till beslut, Beslutsunderlag, Beslutet skickas till, Ärendet, Ansvariga). Money is
integer öre throughout. One rule is checked here because a wrong figure must not reach the
board: a decision list's "remaining after" must be what remains before the meeting less every
recommended amount down to that row.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kraftsamling.core.formatting import format_date, format_ore
from kraftsamling.reports import paper as p
from kraftsamling.reports.docx import paper_docx
from kraftsamling.reports.pdf import paper_pdf
from kraftsamling.reports.swedish import genitive, in_sentence, listing
from kraftsamling.reports.xlsx import Cell, Money, add_sheet, new_workbook, workbook_bytes

__all__ = [
    "DecisionList",
    "DelegatedDecision",
    "DelegationReport",
    "ListRow",
    "Memo",
    "decision_list_docx",
    "decision_list_xlsx",
    "delegation_report_docx",
    "delegation_report_xlsx",
    "memo_docx",
    "memo_pdf",
]


@dataclass(frozen=True)
class ListRow:
    """One call-off on a board meeting's decision list."""

    case_number: str
    organisation: str
    title: str
    process: str
    themes: tuple[str, ...]
    areas: tuple[str, ...]
    requested_ore: int
    recommended_ore: int
    decision_body: str
    remaining_after_ore: int  # the frame's remainder if this row and those above are granted


@dataclass(frozen=True)
class DecisionList:
    municipality: str
    fund_name: str
    year: int
    meeting_body: str
    meeting_date: dt.date
    frame_ore: int
    frame_decision: str
    remaining_before_ore: int
    rows: tuple[ListRow, ...]

    def __post_init__(self) -> None:
        remaining = self.remaining_before_ore
        for row in self.rows:
            remaining -= row.recommended_ore
            if row.remaining_after_ore != remaining:
                raise ValueError(
                    f"The decision list's remaining amount after {row.case_number} must be "
                    f"{remaining} öre (remaining before the meeting less the recommended "
                    f"amounts so far); got {row.remaining_after_ore}."
                )


@dataclass(frozen=True)
class Memo:
    """A draft tjänsteskrivelse for one call-off."""

    municipality: str
    office: str
    case_number: str
    date: dt.date
    title: str
    organisation: str
    process: str
    themes: tuple[str, ...]
    areas: tuple[str, ...]
    target_group: str
    description: str
    effects: tuple[str, ...]
    partners: tuple[str, ...]
    period: str
    requested_ore: int
    recommended_ore: int
    co_financing_ore: int
    assessment: str
    decision_body: str
    proposed_decision: tuple[str, ...]
    frame_ore: int
    remaining_ore: int  # remaining before this call-off
    documents: tuple[str, ...]
    send_to: tuple[str, ...]
    responsible: tuple[str, ...]

    def __post_init__(self) -> None:
        if not self.proposed_decision:
            raise ValueError(
                f"The memo for {self.case_number} needs at least one point in its proposed "
                "decision; got none."
            )


@dataclass(frozen=True)
class DelegatedDecision:
    case_number: str
    decided_on: dt.date
    decided_by: str
    organisation: str
    title: str
    amount_ore: int
    decision_ref: str


@dataclass(frozen=True)
class DelegationReport:
    """Anmälan av delegationsbeslut, for the agenda of ``body``."""

    municipality: str
    fund_name: str
    body: str
    period_start: dt.date
    period_end: dt.date
    decisions: tuple[DelegatedDecision, ...]

    def __post_init__(self) -> None:
        if self.period_end < self.period_start:
            raise ValueError(
                f"A report's period must end on or after its start ({self.period_start}); "
                f"got {self.period_end}."
            )
        for decision in self.decisions:
            if not self.period_start <= decision.decided_on <= self.period_end:
                raise ValueError(
                    f"The decision on {decision.case_number} ({decision.decided_on}) lies "
                    f"outside the report's period {self.period_start} – {self.period_end}."
                )


def _join(items: tuple[str, ...]) -> str:
    return ", ".join(items) if items else "–"


def _text(cell: Cell) -> str:
    """A sheet's cell as a Word or PDF table shows it."""
    if isinstance(cell, Money):
        return format_ore(cell.ore)
    if isinstance(cell, dt.date):
        return format_date(cell)
    return "" if cell is None else str(cell)


def _texts(cells: tuple[Cell, ...]) -> tuple[str, ...]:
    return tuple(_text(cell) for cell in cells)


# --- the decision list --------------------------------------------------------------------

LIST_HEADER = (
    "Nr",
    "Diarienummer",
    "Nämnd eller bolag",
    "Insats",
    "Process",
    "Teman",
    "Områden",
    "Beslutas av",
    "Sökt",
    "Föreslaget",
    "Kvar av ramen efter",
)
LIST_MONEY = frozenset({8, 9, 10})


def _list_rows(data: DecisionList) -> list[tuple[Cell, ...]]:
    return [
        (number, row.case_number, row.organisation, row.title, row.process, _join(row.themes),
         _join(row.areas), row.decision_body, Money(row.requested_ore),
         Money(row.recommended_ore), Money(row.remaining_after_ore))
        for number, row in enumerate(data.rows, start=1)
    ]  # fmt: skip


def _list_total(data: DecisionList) -> tuple[Cell, ...]:
    """Sum of requested and recommended; what remains if every row is granted as proposed."""
    requested = sum(row.requested_ore for row in data.rows)
    recommended = sum(row.recommended_ore for row in data.rows)
    after = data.remaining_before_ore - recommended
    count = f"{len(data.rows)} avrop"
    blank = (None,) * 5
    return (None, "Summa", count, *blank, Money(requested), Money(recommended), Money(after))


def _list_title(data: DecisionList) -> str:
    return (
        f"Avrop från {data.fund_name} {data.year} – "
        f"{data.meeting_body} {format_date(data.meeting_date)}"
    )


def _list_paper(data: DecisionList) -> p.Paper:
    total = _list_total(data)
    recommended, after = (cell.ore for cell in total[-2:] if isinstance(cell, Money))
    count = len(data.rows)
    blocks: list[p.Block] = [
        p.Heading(_list_title(data), 1),
        p.Facts(
            (
                ("Sammanträde", f"{data.meeting_body} {format_date(data.meeting_date)}"),
                (f"Ram {data.year}", f"{format_ore(data.frame_ore)} ({data.frame_decision})"),
                ("Kvar av ramen före sammanträdet", format_ore(data.remaining_before_ore)),
                ("Föreslaget att bevilja", f"{format_ore(recommended)} ({count} avrop)"),
                ("Kvar av ramen om förslagen bifalls", format_ore(after)),
            )
        ),
    ]
    if after < 0:
        blocks.append(
            p.Paragraph(
                f"Observera: de föreslagna beloppen överstiger det som är kvar av ramen med "
                f"{format_ore(-after)}. Avrop där kvar av ramen är negativt ryms inte.",
                bold=True,
            )
        )
    if not data.rows:
        blocks.append(p.Paragraph("Inga avrop är föreslagna till detta sammanträde."))
        return _list_wrap(data, blocks)
    blocks += [
        p.Heading("Förslag till beslut"),
        p.Paragraph(f"{data.meeting_body} beslutar", bold=True),
        p.NumberedList(
            (
                f"{data.meeting_body} beviljar avropen i listan nedan med de föreslagna "
                f"beloppen, sammanlagt {format_ore(recommended)}, ur {data.fund_name} "
                f"{data.year}.",
            )
        ),
        p.Heading("Avrop"),
        p.Table(
            header=LIST_HEADER,
            rows=tuple(_texts(row) for row in _list_rows(data)),
            numeric=frozenset({0}) | LIST_MONEY,
            total=_texts(total),
        ),
    ]
    return _list_wrap(data, blocks)


def _list_wrap(data: DecisionList, blocks: list[p.Block]) -> p.Paper:
    return p.Paper(
        title=_list_title(data),
        issuer=data.municipality,
        kind="Beslutslista",
        date=data.meeting_date,
        blocks=tuple(blocks),
        landscape=True,
        subject=data.fund_name,
        keywords=("beslutslista", "avrop", data.fund_name),
    )


def decision_list_docx(data: DecisionList) -> bytes:
    """The meeting's decision list as an editable Word document (A4 landscape)."""
    return paper_docx(_list_paper(data))


def decision_list_xlsx(data: DecisionList) -> bytes:
    """The meeting's decision list as a sheet; amounts are kronor numbers."""
    wb = new_workbook(title=_list_title(data), author=data.municipality, subject=data.fund_name)
    add_sheet(
        wb,
        "Beslutslista",
        title=_list_title(data),
        notes=(
            f"Ram {data.year}: {format_ore(data.frame_ore)} ({data.frame_decision})",
            f"Kvar av ramen före sammanträdet: {format_ore(data.remaining_before_ore)}",
            "Kvar av ramen efter: om avropet och alla ovanför beviljas med föreslagna belopp.",
        ),
        header=LIST_HEADER,
        rows=_list_rows(data),
        total=_list_total(data),
    )
    return workbook_bytes(wb)


# --- the memo (tjänsteskrivelse) ----------------------------------------------------------


def _summary(memo: Memo) -> str:
    where = f" i {listing(memo.areas)}" if memo.areas else ""
    asked = (
        f"{memo.organisation} avropar {format_ore(memo.requested_ore)} för insatsen "
        f"”{memo.title}” inom {memo.process.lower()}{where} under perioden {memo.period}."
    )
    if memo.recommended_ore <= 0:
        proposal = f"{memo.office} föreslår att avropet avslås."
    elif memo.recommended_ore == memo.requested_ore:
        proposal = f"{memo.office} föreslår att avropet beviljas i sin helhet."
    else:
        proposal = (
            f"{memo.office} föreslår att avropet beviljas med {format_ore(memo.recommended_ore)}"
            f" av sökta {format_ore(memo.requested_ore)}."
        )
    after = memo.remaining_ore - memo.recommended_ore
    frame = (
        f"Av årets ram på {format_ore(memo.frame_ore)} återstår "
        f"{format_ore(memo.remaining_ore)} före detta avrop och {format_ore(after)} om "
        "förslaget bifalls."
    )
    if after < 0:
        frame += " Förslaget ryms inte inom det som återstår av ramen."
    return " ".join(
        (asked, proposal, f"{memo.decision_body} beslutar enligt delegationsordningen.", frame)
    )


def _economy(memo: Memo) -> p.Table:
    after = memo.remaining_ore - memo.recommended_ore
    return p.Table(
        header=("Post", "Belopp"),
        rows=(
            ("Sökt belopp", format_ore(memo.requested_ore)),
            ("Medfinansiering", format_ore(memo.co_financing_ore)),
            ("Föreslaget belopp", format_ore(memo.recommended_ore)),
            ("Årets ram", format_ore(memo.frame_ore)),
            ("Kvar av ramen före avropet", format_ore(memo.remaining_ore)),
            ("Kvar av ramen om förslaget bifalls", format_ore(after)),
        ),
        numeric=frozenset({1}),
    )


def _memo_paper(memo: Memo) -> p.Paper:
    lines = p.paragraphs
    blocks: tuple[p.Block, ...] = (
        p.Heading(memo.title, 1),
        p.Paragraph(memo.case_number),
        p.Heading("Sammanfattning"),
        p.Paragraph(_summary(memo)),
        p.Heading("Förslag till beslut"),
        p.Paragraph(f"{memo.decision_body} beslutar", bold=True),
        p.NumberedList(memo.proposed_decision),
        p.Heading("Beslutsunderlag"),
        p.BulletList(memo.documents) if memo.documents else p.Paragraph("–"),
        p.Heading("Beslutet skickas till"),
        *(p.Paragraph(name) for name in memo.send_to or ("–",)),
        p.Heading("Ärendet"),
        p.Heading("Insatsen", 3),
        *lines(memo.description),
        p.Facts(
            (
                ("Nämnd eller bolag", memo.organisation),
                ("Process", memo.process),
                ("Teman", memo.themes),
                ("Målområden", memo.areas),
                ("Målgrupp", memo.target_group or "–"),
                ("Period", memo.period),
                ("Förväntade effekter", memo.effects),
                ("Samverkanspartner", memo.partners),
                ("Beslutas av", memo.decision_body),
            )
        ),
        p.Heading("Ekonomi", 3),
        _economy(memo),
        p.Heading(f"{genitive(memo.office)} bedömning", 3),
        *(lines(memo.assessment) or (p.Paragraph("–"),)),
        p.Heading("Ansvariga"),
        *(p.Paragraph(name) for name in memo.responsible or ("–",)),
    )
    return p.Paper(
        title=memo.title,
        issuer=f"{memo.municipality}, {memo.office}",
        kind="Tjänsteskrivelse",
        date=memo.date,
        reference=memo.case_number,
        blocks=blocks,
        subject=f"Avrop {memo.case_number}",
        keywords=("tjänsteskrivelse", "avrop", memo.case_number),
    )


def memo_docx(memo: Memo) -> bytes:
    """The draft tjänsteskrivelse as an editable Word document."""
    return paper_docx(_memo_paper(memo))


def memo_pdf(memo: Memo) -> bytes:
    """The draft tjänsteskrivelse as tagged PDF/UA, for publishing with the agenda."""
    return paper_pdf(_memo_paper(memo))


# --- the report of delegated decisions ----------------------------------------------------

REPORT_HEADER = (
    "Diarienummer",
    "Beslutsdatum",
    "Beslutsfattare",
    "Nämnd eller bolag",
    "Insats",
    "Belopp",
    "Beslut",
)


def _report_rows(report: DelegationReport) -> list[tuple[Cell, ...]]:
    decisions = sorted(report.decisions, key=lambda d: (d.decided_on, d.case_number))
    return [
        (d.case_number, d.decided_on, d.decided_by, d.organisation, d.title,
         Money(d.amount_ore), d.decision_ref)
        for d in decisions
    ]  # fmt: skip


def _report_total(report: DelegationReport) -> tuple[Cell, ...]:
    total = Money(sum(d.amount_ore for d in report.decisions))
    return ("Summa", f"{len(report.decisions)} beslut", None, None, None, total, None)


def _report_title(report: DelegationReport) -> str:
    return (
        f"Anmälan av delegationsbeslut – {report.fund_name}, "
        f"{format_date(report.period_start)} – {format_date(report.period_end)}"
    )


def _report_paper(report: DelegationReport) -> p.Paper:
    decisions = report.decisions
    total = sum(d.amount_ore for d in decisions)
    period = f"{format_date(report.period_start)} – {format_date(report.period_end)}"
    to_body = in_sentence(report.body)
    if decisions:
        summary = (
            f"Under perioden {period} har {len(decisions)} beslut om avrop från "
            f"{report.fund_name} fattats med stöd av delegationsordningen, sammanlagt "
            f"{format_ore(total)}. Besluten anmäls till {to_body}."
        )
    else:
        summary = (
            f"Under perioden {period} har inga beslut om avrop från {report.fund_name} "
            "fattats med stöd av delegationsordningen."
        )
    blocks: list[p.Block] = [
        p.Heading(_report_title(report), 1),
        p.Heading("Sammanfattning"),
        p.Paragraph(summary),
        p.Heading("Förslag till beslut"),
        p.Paragraph(f"{report.body} beslutar", bold=True),
        p.NumberedList(
            (f"{report.body} lägger anmälan av delegationsbesluten till handlingarna.",)
        ),
    ]
    if decisions:
        blocks += [
            p.Heading("Delegationsbeslut"),
            p.Table(
                header=REPORT_HEADER,
                rows=tuple(_texts(row) for row in _report_rows(report)),
                numeric=frozenset({5}),
                total=_texts(_report_total(report)),
            ),
        ]
    return p.Paper(
        title=_report_title(report),
        issuer=report.municipality,
        kind="Anmälan av delegationsbeslut",
        date=report.period_end,
        blocks=tuple(blocks),
        landscape=True,
        subject=report.fund_name,
        keywords=("delegationsbeslut", report.fund_name),
    )


def delegation_report_docx(report: DelegationReport) -> bytes:
    """The report of delegated decisions as an editable Word document, for the agenda."""
    return paper_docx(_report_paper(report))


def delegation_report_xlsx(report: DelegationReport) -> bytes:
    """The report of delegated decisions as a sheet; amounts are kronor numbers."""
    wb = new_workbook(title=_report_title(report), author=report.municipality)
    add_sheet(
        wb,
        "Delegationsbeslut",
        title=_report_title(report),
        notes=(f"Anmäls till {in_sentence(report.body)}.",),
        header=REPORT_HEADER,
        rows=_report_rows(report),
        total=_report_total(report),
    )
    return workbook_bytes(wb)
