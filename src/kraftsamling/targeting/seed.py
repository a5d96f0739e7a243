"""The demo selection round: created by ``kraftsamling demo load``, once.

The demo coordinator proposes the ten most vulnerable areas of the newest finished index run
and invites the two committees that run the existing processes the city council named
(fritidsnämnden: local development; arbetsmarknads- och socialnämnden: universal prevention).
The demo officer comments for fritidsnämnden, the coordinator records the other committee's
answer, and the demo admin decides the round, so the round is decided by someone other than
its proposer. All of it is synthetic, like the rest of the demo data.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from kraftsamling.accounts.models import User
from kraftsamling.core import audit
from kraftsamling.targeting import queries, rules, service
from kraftsamling.targeting.models import SelectionRound

DEMO_K = 10
DEMO_TITLE = "Målområden för kraftsamlande insatser (demo)"
COORDINATOR = "samordnare@kraftsamling.example"
OFFICER = "handlaggare@kraftsamling.example"
ADMIN = "admin@kraftsamling.example"
INVITED = ("FRN", "ASN")
RATIONALE = (
    "Urvalet följer indexets förslag: de tio delområden som har högst utsatthet och som i "
    "de flesta Monte Carlo-dragningarna hamnar bland de tio mest utsatta.\n\n"
    "Fritidsnämnden tillstyrker urvalet och arbetsmarknads- och socialnämnden har inga "
    "invändningar. Nämndernas synpunkter om befintliga mötesplatser och pågående "
    "förebyggande arbete tas med i planeringen av insatserna. Detta är påhittade demodata."
)


def ensure_demo_round(
    session: Session, *, clock: service.Clock = audit.utc_now
) -> SelectionRound | None:
    """Create and decide the demo round unless a round exists; ``None`` when nothing was made.

    Nothing is made either without a finished index run or without the demo accounts.
    """
    if session.scalar(select(SelectionRound.id).limit(1)) is not None:
        return None
    runs = queries.finished_runs(session)
    users = {u.email: u for u in session.scalars(
        select(User).where(User.email.in_((COORDINATOR, OFFICER, ADMIN))))}  # fmt: skip
    if not runs or len(users) < 3:
        return None
    run = runs[0]
    n_ranked = len(rules.ranked_codes(run.result["areas"] if run.result else {}))
    rnd = service.create_round(session, run_id=run.id, k=min(DEMO_K, n_ranked),
                               title=DEMO_TITLE, user=users[COORDINATOR], clock=clock)  # fmt: skip
    deadline = rules.city_date(clock()) + dt.timedelta(days=14)
    service.open_consultation(session, round_id=rnd.id, organisation_codes=INVITED,
                              deadline=deadline, user=users[COORDINATOR], clock=clock)  # fmt: skip
    first = next(a for a in rnd.areas if a.selected)
    service.add_comment(
        session, round_id=rnd.id, user=users[OFFICER], stance="support", clock=clock,
        text=("Fritidsnämnden tillstyrker förslaget. Flera av områdena har redan mötesplatser "
              "för unga som kan förstärkas inom lokal utveckling."),
    )  # fmt: skip
    service.add_comment(
        session, round_id=rnd.id, user=users[COORDINATOR], organisation_code="ASN",
        stance="neutral", area_code=first.area_code, clock=clock,
        text=(f"Arbetsmarknads- och socialnämnden har inga invändningar. I {first.area_name} "
              "pågår redan universellt förebyggande arbete som insatserna bör samordnas med."),
    )  # fmt: skip
    return service.finalise_round(session, round_id=rnd.id, rationale=RATIONALE,
                                  user=users[ADMIN], clock=clock)  # fmt: skip
