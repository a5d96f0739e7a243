"""Malmö's fund as the city council set it up: the fund, its delegation rules and a frame.

The council's decision of 2026-01-22 (case STK-2024-1374) keeps 10 MSEK a year in the executive
board's budget, called off as needed. The seeds do not give the paragraph number: the one
recorded here is invented and the decision is marked so. The delegation limits are the example
of the fund's design (the city director up to 300 000 kr, KSAU up to 1 000 000 kr, KS above).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from kraftsamling.core import audit
from kraftsamling.decisions.rules import BodyKind
from kraftsamling.decisions.service import DecisionIn, record_decision
from kraftsamling.funds.models import Fund
from kraftsamling.funds.setup import Clock, RuleIn, create_fund, set_frame

FUND_CODE = "kraftsamling"
FRAME_2026 = 10_000_000_00  # öre
COUNCIL_DECISION = DecisionIn(
    body_kind=BodyKind.COUNCIL,
    body="Kommunfullmäktige",
    meeting_date=dt.date(2026, 1, 22),
    paragraph="§ 12",
    case_number="STK-2024-1374",
    heading="Kraftsamlande insatser för barn och unga",
    text=(
        "Kommunfullmäktige beslutar att 10 miljoner kronor per år avsätts i kommunstyrelsens "
        "budget för kraftsamlande insatser, att avropas vid behov av nämnderna för insatser "
        "inom processerna lokal utveckling och universell prevention, med barn och unga som "
        "huvudsaklig målgrupp. (Paragrafnumret är påhittat i demodata.)"
    ),
    invented=True,
)
MALMO_RULES = (
    RuleIn("city_director", "Stadsdirektören", 300_000_00, delegated=True),
    RuleIn("KSAU", "Kommunstyrelsens arbetsutskott", 1_000_000_00),
    RuleIn("KS", "Kommunstyrelsen", None),
)


def seed_malmo_fund(session: Session, *, clock: Clock = audit.utc_now) -> Fund:
    """Malmö's fund with its 2026 frame; returns the existing fund when it is there already."""
    existing = session.scalar(select(Fund).where(Fund.code == FUND_CODE))
    if existing is not None:
        return existing
    decision = record_decision(session, COUNCIL_DECISION, user=None, clock=clock)
    fund = create_fund(
        session, code=FUND_CODE, name_sv="Kraftsamlande insatser",
        name_en="Concentrated efforts", municipality="Malmö stad", owner_code="STK",
        rules=MALMO_RULES, user=None, grant_id_prefix="360G-malmo-kraftsamling", clock=clock,
    )  # fmt: skip
    set_frame(session, fund_id=fund.id, year=2026, amount=FRAME_2026, decision_id=decision.id,
              user=None, clock=clock)  # fmt: skip
    return fund
