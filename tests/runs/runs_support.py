"""Shared data of the index-run tests (a module name no other test folder uses)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from kraftsamling.accounts.models import User
from kraftsamling.core.audit import utc_now
from kraftsamling.stats.models import Area, Indicator, Observation
from kraftsamling.targeting.models import SelectionRound

TINY_SPEC = """
[index]
id = "tiny"
name = "Litet testindex"
id_column = "area_code"

[[indicator]]
id = "poverty"
direction = "higher_is_worse"

[[indicator]]
id = "jobs"
direction = "higher_is_better"
"""


def decide(session: Session, run_id: int) -> None:
    """A finalised selection round on ``run_id``, written directly (needs a stored user): the
    current target areas are then decided on that run."""
    user = session.scalars(select(User).order_by(User.id)).first()
    assert user is not None, "decide() needs a stored user"
    session.add(
        SelectionRound(title="Beslut", index_run_id=run_id, k=1, status="finalised", version=1,
                       proposed_by=user.id, proposed_at=utc_now())
    )  # fmt: skip


CODES = ["A1", "A2", "A3", "A4", "A5", "A6"]
# Both indicators agree, so every Monte Carlo draw ranks the areas alike: in 2024 A1 is the
# most vulnerable (rank 1) down to A6 (rank 6); in 2023 A1 and A2 are swapped.
POVERTY = {2024: [60, 50, 40, 30, 20, 10], 2023: [50, 60, 40, 30, 20, 10]}
JOBS = {2024: [10, 20, 30, 40, 50, 60], 2023: [20, 10, 30, 40, 50, 60]}


def add_statistics(session: Session) -> None:
    areas = [Area(code=c, name=f"Område {c}", level="sub_area") for c in CODES]
    session.add_all(areas)
    session.add_all([
        Indicator(id="poverty", name_sv="Fattigdom", unit="percent", direction="higher_is_worse"),
        Indicator(id="jobs", name_sv="Sysselsättning", unit="percent",
                  direction="higher_is_better"),
    ])  # fmt: skip
    session.flush()
    for year in (2023, 2024):
        for area, pov, job in zip(areas, POVERTY[year], JOBS[year], strict=True):
            session.add(Observation(area_id=area.id, indicator_id="poverty", year=year, value=pov))
            session.add(Observation(area_id=area.id, indicator_id="jobs", year=year, value=job))
