"""The fund's generated papers, opened with python-docx, openpyxl and pypdf, their figures
checked against the data they were made from."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re

import docx
import openpyxl
import pypdf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kraftsamling.core.formatting import format_ore
from kraftsamling.funds.papers import (
    DecisionList,
    DelegatedDecision,
    DelegationReport,
    ListRow,
    Memo,
    decision_list_docx,
    decision_list_xlsx,
    delegation_report_docx,
    delegation_report_xlsx,
    memo_docx,
    memo_pdf,
)

KR = 100  # öre per krona


def _row(number: int, requested: int, recommended: int, after: int, **kw: object) -> ListRow:
    fields: dict[str, object] = {
        "case_number": f"STK-2026-{number:04d}",
        "organisation": "Fritidsnämnden",
        "title": f"Insats {number}",
        "process": "Lokal utveckling",
        "themes": ("Jämlik och meningsfull fritid",),
        "areas": ("Holma", "Kroksbäck"),
        "requested_ore": requested,
        "recommended_ore": recommended,
        "decision_body": "Kommunstyrelsen",
        "remaining_after_ore": after,
    }
    return ListRow(**{**fields, **kw})  # type: ignore[arg-type]


# Remaining before the meeting: 2 000 000,50 kr. Three call-offs recommended one after another.
BEFORE = 2_000_000 * KR + 50
ROWS = (
    _row(42, 900_000 * KR, 800_000 * KR, BEFORE - 800_000 * KR),
    _row(
        43,
        1_200_000 * KR,
        1_000_000 * KR + 25,
        BEFORE - 1_800_000 * KR - 25,
        organisation="Arbetsmarknads- och socialnämnden",
        process="Universell prevention",
        themes=("Stöd till föräldrar", "Ökad rörlighet i staden"),
    ),
    _row(44, 150_000 * KR, 0, BEFORE - 1_800_000 * KR - 25, organisation="MKB", areas=()),
)
LIST = DecisionList(
    municipality="Malmö stad",
    fund_name="Kraftsamlande insatser",
    year=2026,
    meeting_body="Kommunstyrelsen",
    meeting_date=dt.date(2026, 3, 18),
    frame_ore=10_000_000 * KR,
    frame_decision="KF 2026-01-22 § 12, STK-2024-1374",
    remaining_before_ore=BEFORE,
    rows=ROWS,
)

MEMO = Memo(
    municipality="Malmö stad",
    office="Stadskontoret",
    case_number="STK-2026-0042",
    date=dt.date(2026, 3, 2),
    title="Sommarlovsaktiviteter i Holma och Kroksbäck",
    organisation="Fritidsnämnden",
    process="Lokal utveckling",
    themes=("Jämlik och meningsfull fritid", "Ökad rörlighet i staden"),
    areas=("Holma", "Kroksbäck"),
    target_group="13–15 år, 16–19 år; cirka 120 barn och unga",
    description="Aktiviteter varje vardag\nunder sommarlovet.\n\nUnga leder själva en del.",
    effects=("Andel behöriga till gymnasiet: ska öka",),
    partners=("Föreningen Kvarterslyftet (förening)", "MKB (kommunalt bolag)"),
    period="2026-06-15 – 2026-08-15",
    requested_ore=450_000 * KR,
    recommended_ore=400_000 * KR,
    co_financing_ore=75_000 * KR + 50,
    assessment="Insatsen stärker lokal utveckling.\n\nBeloppet för lokaler är för högt.",
    decision_body="Kommunstyrelsens arbetsutskott",
    proposed_decision=(
        "Kommunstyrelsens arbetsutskott beviljar Fritidsnämnden 400 000 kr ur "
        "Kraftsamlande insatser 2026.",
        "Fritidsnämnden återrapporterar insatsen senast 2027-02-28.",
    ),
    frame_ore=10_000_000 * KR,
    remaining_ore=2_000_000 * KR,
    documents=("Avrop STK-2026-0042 från fritidsnämnden", "Budget för insatsen"),
    send_to=("Fritidsnämnden", "Stadskontorets handläggare"),
    responsible=("Anna Berg, samordnare", "Andreas Norbrant, stadsdirektör"),
)

REPORT = DelegationReport(
    municipality="Malmö stad",
    fund_name="Kraftsamlande insatser",
    body="Kommunstyrelsen",
    period_start=dt.date(2026, 1, 1),
    period_end=dt.date(2026, 3, 31),
    decisions=(
        DelegatedDecision(
            "STK-2026-0031", dt.date(2026, 3, 2), "Stadsdirektören (delegation)",
            "Kulturnämnden", "Läxhjälp på biblioteket", 250_000 * KR, "Delegationsbeslut 2026:4",
        ),
        DelegatedDecision(
            "STK-2026-0017", dt.date(2026, 2, 10), "Stadsdirektören (delegation)",
            "Grundskolenämnden", "Föräldracaféer", 120_000 * KR + 75, "Delegationsbeslut 2026:1",
        ),
    ),
)  # fmt: skip


def _norm(text: str) -> str:
    return text.replace("\xa0", " ")


def _docx(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def _table(doc: docx.document.Document) -> list[list[str]]:
    return [[_norm(cell.text) for cell in row.cells] for row in doc.tables[0].rows]


def _kr(text: str) -> int:
    """``"1 000 000,25 kr"`` -> öre, to check the papers' sums from what they show."""
    match = re.fullmatch(r"(−?)([\d ]+)(?:,(\d\d))? kr", _norm(text))
    assert match, text
    ore = int(match.group(2).replace(" ", "")) * KR + int(match.group(3) or 0)
    return -ore if match.group(1) else ore


def _headings(doc: docx.document.Document) -> list[str]:
    return [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]


# --- the decision list -------------------------------------------------------------------


def test_decision_list_docx_rows_totals_and_remaining_after() -> None:
    doc = _docx(decision_list_docx(LIST))
    table = _table(doc)
    assert table[0] == [
        "Nr", "Diarienummer", "Nämnd eller bolag", "Insats", "Process", "Teman", "Områden",
        "Beslutas av", "Sökt", "Föreslaget", "Kvar av ramen efter",
    ]  # fmt: skip
    body, total = table[1:-1], table[-1]
    assert [row[1] for row in body] == ["STK-2026-0042", "STK-2026-0043", "STK-2026-0044"]
    assert body[1][5] == "Stöd till föräldrar, Ökad rörlighet i staden"
    assert body[2][6] == "–"  # no area named
    assert [row[8:] for row in body] == [
        ["900 000 kr", "800 000 kr", "1 200 000,50 kr"],
        ["1 200 000 kr", "1 000 000,25 kr", "200 000,25 kr"],
        ["150 000 kr", "0 kr", "200 000,25 kr"],
    ]
    # each "remaining after" is the one above less this row's recommended amount
    remaining = BEFORE
    for row in body:
        remaining -= _kr(row[9])
        assert _kr(row[10]) == remaining
    assert total[1:3] == ["Summa", "3 avrop"]
    assert _kr(total[8]) == sum(_kr(row[8]) for row in body) == 2_250_000 * KR
    assert _kr(total[9]) == sum(_kr(row[9]) for row in body) == 1_800_000 * KR + 25
    assert _kr(total[10]) == _kr(body[-1][10])


def test_decision_list_docx_heading_facts_and_proposal() -> None:
    doc = _docx(decision_list_docx(LIST))
    assert doc.core_properties.title == (
        "Avrop från Kraftsamlande insatser 2026 – Kommunstyrelsen 2026-03-18"
    )
    assert doc.core_properties.language == "sv-SE"
    assert _headings(doc) == [doc.core_properties.title, "Förslag till beslut", "Avrop"]
    texts = [_norm(p.text) for p in doc.paragraphs]
    assert "Ram 2026: 10 000 000 kr (KF 2026-01-22 § 12, STK-2024-1374)" in texts
    assert "Kvar av ramen före sammanträdet: 2 000 000,50 kr" in texts
    assert "Föreslaget att bevilja: 1 800 000,25 kr (3 avrop)" in texts
    assert "Kvar av ramen om förslagen bifalls: 200 000,25 kr" in texts
    assert any(t.startswith("1.\tKommunstyrelsen beviljar avropen") for t in texts)
    assert not any(t.startswith("Observera") for t in texts)
    assert doc.sections[0].page_width > doc.sections[0].page_height  # type: ignore[operator]


def test_decision_list_warns_when_the_proposals_exceed_the_frame() -> None:
    short = dataclasses.replace(
        LIST,
        remaining_before_ore=500_000 * KR,
        rows=(_row(42, 900_000 * KR, 800_000 * KR, -300_000 * KR),),
    )
    doc = _docx(decision_list_docx(short))
    texts = [_norm(p.text) for p in doc.paragraphs]
    assert any(t.startswith("Observera") and "300 000 kr" in t for t in texts)
    assert _table(doc)[1][10] == "−300 000 kr"
    sheet = openpyxl.load_workbook(io.BytesIO(decision_list_xlsx(short))).active
    assert sheet is not None and sheet["K7"].value == -300_000


def test_decision_list_refuses_a_wrong_remaining_after() -> None:
    wrong = (*ROWS[:2], dataclasses.replace(ROWS[2], remaining_after_ore=0))
    with pytest.raises(ValueError, match=r"after STK-2026-0044 must be 20000025 öre.*got 0"):
        dataclasses.replace(LIST, rows=wrong)


def test_decision_list_without_rows_says_so() -> None:
    empty = dataclasses.replace(LIST, rows=())
    doc = _docx(decision_list_docx(empty))
    assert doc.tables == []
    assert "Inga avrop är föreslagna till detta sammanträde." in [p.text for p in doc.paragraphs]
    sheet = openpyxl.load_workbook(io.BytesIO(decision_list_xlsx(empty)))["Beslutslista"]
    assert [c.value for c in sheet[7]][1:3] == ["Summa", "0 avrop"]
    assert sheet["K7"].value == 2_000_000.5


def test_decision_list_xlsx_money_as_exact_kronor_and_a_total_row() -> None:
    wb = openpyxl.load_workbook(io.BytesIO(decision_list_xlsx(LIST)))
    sheet = wb["Beslutslista"]
    assert wb.properties.language == "sv-SE"
    assert (
        sheet["A1"].value == "Avrop från Kraftsamlande insatser 2026 – Kommunstyrelsen 2026-03-18"
    )
    assert _norm(sheet["A2"].value) == "Ram 2026: 10 000 000 kr (KF 2026-01-22 § 12, STK-2024-1374)"
    assert sheet.freeze_panes == "A7"  # title, three notes, a blank row, the header
    assert [c.value for c in sheet[6]][-3:] == ["Sökt", "Föreslaget", "Kvar av ramen efter"]
    data = [[c.value for c in row] for row in sheet.iter_rows(min_row=7, max_row=9)]
    assert [row[0] for row in data] == [1, 2, 3]
    for row, source in zip(data, ROWS, strict=True):
        assert row[1] == source.case_number
        assert [round(v * KR) for v in row[8:]] == [
            source.requested_ore, source.recommended_ore, source.remaining_after_ore,
        ]  # fmt: skip
    total = [c.value for c in sheet[10]]
    assert total[1:3] == ["Summa", "3 avrop"]
    assert round(total[8] * KR) == sum(r.requested_ore for r in ROWS)
    assert round(total[9] * KR) == sum(r.recommended_ore for r in ROWS)
    assert round(total[10] * KR) == ROWS[-1].remaining_after_ore
    assert sheet["J8"].number_format == '#,##0.00 "kr"'  # 1 000 000,25 kr has öre
    assert sheet["J7"].number_format == '#,##0 "kr"'
    assert sheet["J10"].font.b and not sheet["J9"].font.b


# --- the memo ----------------------------------------------------------------------------

MEMO_SECTIONS = [
    "Sommarlovsaktiviteter i Holma och Kroksbäck",
    "Sammanfattning",
    "Förslag till beslut",
    "Beslutsunderlag",
    "Beslutet skickas till",
    "Ärendet",
    "Insatsen",
    "Ekonomi",
    "Stadskontorets bedömning",
    "Ansvariga",
]


def _after(paragraphs: list[str], heading: str, count: int) -> list[str]:
    start = paragraphs.index(heading) + 1
    return paragraphs[start : start + count]


def test_memo_docx_has_the_memo_form_in_order() -> None:
    doc = _docx(memo_docx(MEMO))
    assert _headings(doc) == MEMO_SECTIONS
    levels = {p.text: p.style.name for p in doc.paragraphs if p.style.name.startswith("Head")}
    assert levels["Sommarlovsaktiviteter i Holma och Kroksbäck"] == "Heading 1"
    assert levels["Sammanfattning"] == "Heading 2" and levels["Insatsen"] == "Heading 3"
    props = doc.core_properties
    assert (props.title, props.language) == (MEMO.title, "sv-SE")
    header = _norm(" ".join(p.text for p in doc.sections[0].header.paragraphs))
    assert "Malmö stad, Stadskontoret" in header and "Tjänsteskrivelse" in header
    assert "2026-03-02" in header and "STK-2026-0042" in header


def test_memo_docx_numbered_decision_and_the_lists() -> None:
    texts = [_norm(p.text) for p in _docx(memo_docx(MEMO)).paragraphs]
    assert _after(texts, "Förslag till beslut", 3) == [
        "Kommunstyrelsens arbetsutskott beslutar",
        "1.\tKommunstyrelsens arbetsutskott beviljar Fritidsnämnden 400 000 kr ur "
        "Kraftsamlande insatser 2026.",
        "2.\tFritidsnämnden återrapporterar insatsen senast 2027-02-28.",
    ]
    assert _after(texts, "Beslutsunderlag", 2) == list(MEMO.documents)
    assert _after(texts, "Beslutet skickas till", 2) == list(MEMO.send_to)
    assert _after(texts, "Ansvariga", 2) == list(MEMO.responsible)
    assert _after(texts, "Stadskontorets bedömning", 2) == [
        "Insatsen stärker lokal utveckling.",
        "Beloppet för lokaler är för högt.",
    ]
    assert _after(texts, "Insatsen", 2) == [
        "Aktiviteter varje vardag under sommarlovet.",
        "Unga leder själva en del.",
    ]


def test_memo_summary_and_facts_state_the_figures() -> None:
    doc = _docx(memo_docx(MEMO))
    texts = [_norm(p.text) for p in doc.paragraphs]
    (summary,) = _after(texts, "Sammanfattning", 1)
    assert summary.startswith(
        "Fritidsnämnden avropar 450 000 kr för insatsen ”Sommarlovsaktiviteter i Holma och "
        "Kroksbäck” inom lokal utveckling i Holma och Kroksbäck under perioden "
        "2026-06-15 – 2026-08-15."
    )
    assert "föreslår att avropet beviljas med 400 000 kr av sökta 450 000 kr." in summary
    assert "återstår 2 000 000 kr före detta avrop och 1 600 000 kr om förslaget" in summary
    assert "Målgrupp: 13–15 år, 16–19 år; cirka 120 barn och unga" in texts
    assert "Beslutas av: Kommunstyrelsens arbetsutskott" in texts
    assert "Föreningen Kvarterslyftet (förening)" in texts  # partners listed
    assert "Andel behöriga till gymnasiet: ska öka" in texts
    economy = dict(row for row in _table(doc)[1:])  # type: ignore[misc]
    assert economy == {
        "Sökt belopp": "450 000 kr",
        "Medfinansiering": "75 000,50 kr",
        "Föreslaget belopp": "400 000 kr",
        "Årets ram": "10 000 000 kr",
        "Kvar av ramen före avropet": "2 000 000 kr",
        "Kvar av ramen om förslaget bifalls": "1 600 000 kr",
    }


@pytest.mark.parametrize(
    ("recommended", "remaining", "wanted"),
    [
        (450_000 * KR, 2_000_000 * KR, "föreslår att avropet beviljas i sin helhet."),
        (0, 2_000_000 * KR, "föreslår att avropet avslås."),
        (400_000 * KR, 300_000 * KR, "Förslaget ryms inte inom det som återstår av ramen."),
    ],
)
def test_memo_summary_follows_the_recommendation(
    recommended: int, remaining: int, wanted: str
) -> None:
    memo = dataclasses.replace(MEMO, recommended_ore=recommended, remaining_ore=remaining)
    texts = [_norm(p.text) for p in _docx(memo_docx(memo)).paragraphs]
    assert wanted in _after(texts, "Sammanfattning", 1)[0]


def test_a_memo_needs_a_proposed_decision() -> None:
    with pytest.raises(ValueError, match="STK-2026-0042 needs at least one point"):
        dataclasses.replace(MEMO, proposed_decision=())


def test_memo_pdf_text_tags_and_language() -> None:
    reader = pypdf.PdfReader(io.BytesIO(memo_pdf(MEMO)))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "sv"
    assert bool(root["/MarkInfo"]["/Marked"]) and "/StructTreeRoot" in root
    assert b'pdfuaid:part="1"' in root["/Metadata"].get_object().get_data()
    assert reader.metadata is not None and reader.metadata.title == MEMO.title
    text = _norm("\n".join(page.extract_text() for page in reader.pages))
    lines = [line.strip() for line in text.splitlines()]
    positions = [lines.index(heading) for heading in MEMO_SECTIONS]
    assert positions == sorted(positions)  # every section, in the memo's order
    for wanted in (
        "Kommunstyrelsens arbetsutskott beslutar",
        "Fritidsnämnden återrapporterar insatsen senast 2027-02-28.",
        "75 000,50 kr",
        "1 600 000 kr",
        "Anna Berg, samordnare",
        "STK-2026-0042",
    ):
        assert wanted in text, wanted
    # the decision points are an ordered list: numbered labels in the tagged structure
    assert "1." in lines and "2." in lines


# --- the report of delegated decisions ---------------------------------------------------


def test_delegation_report_docx_sorted_by_date_with_a_total() -> None:
    doc = _docx(delegation_report_docx(REPORT))
    assert _headings(doc) == [
        "Anmälan av delegationsbeslut – Kraftsamlande insatser, 2026-01-01 – 2026-03-31",
        "Sammanfattning",
        "Förslag till beslut",
        "Delegationsbeslut",
    ]
    table = _table(doc)
    assert table[0] == [
        "Diarienummer", "Beslutsdatum", "Beslutsfattare", "Nämnd eller bolag", "Insats",
        "Belopp", "Beslut",
    ]  # fmt: skip
    assert [row[:2] for row in table[1:-1]] == [
        ["STK-2026-0017", "2026-02-10"],
        ["STK-2026-0031", "2026-03-02"],
    ]
    assert [row[5] for row in table[1:]] == ["120 000,75 kr", "250 000 kr", "370 000,75 kr"]
    assert table[-1][:2] == ["Summa", "2 beslut"]
    texts = [_norm(p.text) for p in doc.paragraphs]
    assert (
        "Under perioden 2026-01-01 – 2026-03-31 har 2 beslut om avrop från Kraftsamlande "
        "insatser fattats med stöd av delegationsordningen, sammanlagt 370 000,75 kr. "
        "Besluten anmäls till kommunstyrelsen."
    ) in texts
    assert "1.\tKommunstyrelsen lägger anmälan av delegationsbesluten till handlingarna." in texts


def test_delegation_report_xlsx_dates_and_amounts() -> None:
    sheet = openpyxl.load_workbook(io.BytesIO(delegation_report_xlsx(REPORT)))["Delegationsbeslut"]
    assert sheet["A2"].value == "Anmäls till kommunstyrelsen."
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=5, max_row=6)]
    assert [row[1] for row in rows] == [dt.datetime(2026, 2, 10), dt.datetime(2026, 3, 2)]
    assert sheet["B5"].number_format == "yyyy-mm-dd"
    assert [round(row[5] * KR) for row in rows] == [120_000 * KR + 75, 250_000 * KR]
    total = [c.value for c in sheet[7]]
    assert total[:2] == ["Summa", "2 beslut"] and round(total[5] * KR) == 370_000 * KR + 75
    assert format_ore(round(total[5] * KR)) == "370\xa0000,75\xa0kr"


def test_an_empty_delegation_report_has_no_table_but_says_why() -> None:
    empty = dataclasses.replace(REPORT, decisions=())
    doc = _docx(delegation_report_docx(empty))
    assert doc.tables == []
    assert any("har inga beslut om avrop" in p.text for p in doc.paragraphs)
    sheet = openpyxl.load_workbook(io.BytesIO(delegation_report_xlsx(empty)))["Delegationsbeslut"]
    assert [c.value for c in sheet[5]][:2] == ["Summa", "0 beslut"]


def test_a_delegation_report_refuses_a_decision_outside_its_period() -> None:
    late = dataclasses.replace(REPORT.decisions[0], decided_on=dt.date(2026, 4, 1))
    with pytest.raises(ValueError, match=r"STK-2026-0031 \(2026-04-01\) lies outside"):
        dataclasses.replace(REPORT, decisions=(late,))
    with pytest.raises(ValueError, match="must end on or after"):
        dataclasses.replace(REPORT, period_end=dt.date(2025, 12, 31), decisions=())


# --- properties ---------------------------------------------------------------------------

amounts = st.integers(min_value=0, max_value=10_000_000 * KR)


@given(st.integers(min_value=-(10**13), max_value=10**13))
def test_format_ore_reads_back_to_the_same_ore(ore: int) -> None:
    assert _kr(format_ore(ore)) == ore


@settings(max_examples=25, deadline=None)
@given(before=amounts, pairs=st.lists(st.tuples(amounts, amounts), max_size=6))
def test_any_decision_list_sums_and_runs_down_exactly(
    before: int, pairs: list[tuple[int, int]]
) -> None:
    rows, remaining = [], before
    for number, (requested, recommended) in enumerate(pairs, start=1):
        remaining -= recommended
        rows.append(_row(number, requested, recommended, remaining))
    data = dataclasses.replace(LIST, remaining_before_ore=before, rows=tuple(rows))
    doc = _docx(decision_list_docx(data))
    sheet = openpyxl.load_workbook(io.BytesIO(decision_list_xlsx(data)))["Beslutslista"]
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=7)]
    if rows:
        shown = [[_kr(cell) for cell in row[8:]] for row in _table(doc)[1:]]
        assert shown[-1] == [sum(p[0] for p in pairs), sum(p[1] for p in pairs), remaining]
        assert shown[:-1] == [
            [r.requested_ore, r.recommended_ore, r.remaining_after_ore] for r in rows
        ]
    else:
        assert doc.tables == []
    assert [round(v * KR) for v in values[-1][8:]] == [
        sum(p[0] for p in pairs), sum(p[1] for p in pairs), remaining,
    ]  # fmt: skip
    assert len(values) == len(rows) + 1
