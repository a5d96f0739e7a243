"""User-interface text of the decision register, Swedish and English (merged by ``web.i18n``)."""

from __future__ import annotations

from typing import Final

MESSAGES: Final[dict[str, dict[str, str]]] = {
    "sv": {
        "decisions.nav": "Beslut",
        "decisions.public.title": "Beslutsregistret",
        "decisions.public.intro": (
            "Offentliga beslut om kraftsamlande insatser: vem som beslutade, när, under vilken "
            "paragraf och i vilket ärende, med reservationer och särskilda yttranden."
        ),
        "decisions.public.json": "Beslutsregistret som öppna data (JSON)",
        "decisions.public.none": "Inga offentliga beslut är registrerade ännu.",
        "decisions.body": "Beslutande",
        "decisions.date": "Datum",
        "decisions.paragraph": "Paragraf",
        "decisions.case_number": "Diarienummer",
        "decisions.kind": "Slag av beslut",
        "decisions.kind.council": "kommunfullmäktige",
        "decisions.kind.board": "kommunstyrelsen",
        "decisions.kind.board_committee": "kommunstyrelsens arbetsutskott",
        "decisions.kind.committee": "nämnd eller bolagsstyrelse",
        "decisions.kind.delegate": "delegationsbeslut",
        "decisions.statement.reservation": "Reservation:",
        "decisions.statement.special": "Särskilt yttrande:",
        "decisions.invented": "Demodata: paragrafnumret och texten är påhittade.",
        "decisions.error.prefix": (
            "Ett diarienummers prefix är 2–10 versaler, till exempel STK; du skrev ”{value}”."
        ),
        "decisions.error.case_number": (
            "Ett diarienummer skrivs som STK-2026-0042; du skrev ”{value}”."
        ),
        "decisions.error.heading": "Beslutet behöver en rubrik på 1–{max} tecken.",
        "decisions.error.paragraph": "En paragraf är ett nummer som § 141; du skrev ”{value}”.",
        "decisions.error.missing": "Beslutet finns inte.",
        "decisions.error.statement": (
            "Ett yttrande är en reservation eller ett särskilt yttrande och anger sina partier."
        ),
    },
    "en": {
        "decisions.nav": "Decisions",
        "decisions.public.title": "The decision register",
        "decisions.public.intro": (
            "Public decisions on concentrated efforts: who decided, when, under which paragraph "
            "and in which case, with dissents and special statements."
        ),
        "decisions.public.json": "The decision register as open data (JSON)",
        "decisions.public.none": "No public decisions are registered yet.",
        "decisions.body": "Decided by",
        "decisions.date": "Date",
        "decisions.paragraph": "Paragraph",
        "decisions.case_number": "Case number",
        "decisions.kind": "Kind of decision",
        "decisions.kind.council": "city council",
        "decisions.kind.board": "city executive board",
        "decisions.kind.board_committee": "executive committee of the board",
        "decisions.kind.committee": "committee or company board",
        "decisions.kind.delegate": "decision by delegation",
        "decisions.statement.reservation": "Dissent:",
        "decisions.statement.special": "Special statement:",
        "decisions.invented": "Demo data: the paragraph number and the text are invented.",
        "decisions.error.prefix": (
            'A case number\'s prefix is 2-10 capital letters, like STK; you wrote "{value}".'
        ),
        "decisions.error.case_number": (
            'A case number is written like STK-2026-0042; you wrote "{value}".'
        ),
        "decisions.error.heading": "The decision needs a heading of 1-{max} characters.",
        "decisions.error.paragraph": 'A paragraph is a number like § 141; you wrote "{value}".',
        "decisions.error.missing": "The decision does not exist.",
        "decisions.error.statement": (
            "A statement is a dissent or a special statement and names its parties."
        ),
    },
}
