"""Does the money follow need? Granted money per target area against each area's share of need.

The declared formula (a fund setting, shown on the fund page): an area's need is its young
residents (the fund's ``need_indicator``, by default residents aged 0-19, latest year) times
its index percentile in the reference run, where the most vulnerable of ``n`` ranked areas has
percentile 1 and the least ``1/n`` (``1 - (rank - 1) / n``). A call-off's money counts equally
for each of its target areas, since call-offs do not split their budget by area.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kraftsamling.funds.models import CallOff, Fund
from kraftsamling.funds.workflow import HOLDS_GRANT
from kraftsamling.stats.models import Area, Observation


@dataclass(frozen=True)
class AreaShare:
    code: str
    name: str
    granted: int  # öre
    young: int | None  # residents counted by the need indicator
    percentile: float | None
    need_share: float | None  # of the target areas' total need
    money_share: float | None  # of the money granted to target areas

    @property
    def per_young(self) -> int | None:
        """Öre granted per young resident."""
        return round(self.granted / self.young) if self.young else None


def shares(
    areas: Iterable[tuple[str, str]], money: Mapping[str, int], young: Mapping[str, int],
    percentile: Mapping[str, float],
) -> list[AreaShare]:  # fmt: skip
    """Pure: each area's money and need as shares of the target areas' totals."""
    rows = list(areas)
    need = {c: young[c] * percentile[c] for c, _ in rows if c in young and c in percentile}
    total_need = sum(need.values())
    total_money = sum(money.get(c, 0) for c, _ in rows)
    return [
        AreaShare(
            code=c, name=n, granted=money.get(c, 0), young=young.get(c),
            percentile=percentile.get(c),
            need_share=need[c] / total_need if c in need and total_need else None,
            money_share=money.get(c, 0) / total_money if total_money else None,
        )
        for c, n in rows
    ]  # fmt: skip


def money_by_area(grants: Iterable[tuple[dict[str, Any] | None, int]]) -> dict[str, int]:
    """Money kept by grants, split equally over each grant's areas: ``grants`` are a call-off's
    stored content and the money it keeps (granted less released and refunded)."""
    out: dict[str, int] = {}
    for content, kept in grants:
        codes = list(dict.fromkeys((content or {}).get("areas", [])))
        for i, code in enumerate(codes):
            # Whole öre: the first areas take the remainder, so the parts sum to the whole.
            part = kept // len(codes) + (1 if i < kept % len(codes) else 0)
            out[code] = out.get(code, 0) + part
    return out


def _latest_counts(session: Session, indicator: str, codes: list[str]) -> dict[str, int]:
    latest = (
        select(Observation.area_id, func.max(Observation.year).label("year"))
        .where(Observation.indicator_id == indicator).group_by(Observation.area_id).subquery()
    )  # fmt: skip
    rows = session.execute(
        select(Area.code, Observation.value)
        .join(Observation, Observation.area_id == Area.id)
        .join(latest, (latest.c.area_id == Observation.area_id)
              & (latest.c.year == Observation.year))
        .where(Observation.indicator_id == indicator, Area.code.in_(codes))
    )  # fmt: skip
    return {code: round(value) for code, value in rows if value is not None}


def distribution(session: Session, fund: Fund, frame_id: int | None = None) -> list[AreaShare]:
    """The current target areas with their money and need (empty before targets are decided)."""
    from kraftsamling.runs.reference import reference_run
    from kraftsamling.targeting.queries import current_targets

    current = current_targets(session)
    if current is None:
        return []
    # Two columns, not whole call-offs with their joined rows: the fund page asks on every view.
    kept = CallOff.granted - CallOff.released - CallOff.refunded
    query = select(CallOff.content, kept).where(CallOff.status.in_([s.value for s in HOLDS_GRANT]))
    if frame_id is not None:
        query = query.where(CallOff.frame_id == frame_id)
    money = money_by_area((content, int(money)) for content, money in session.execute(query))
    codes = [a.code for a in current.areas]
    run = reference_run(session)
    ranked = [r for r in ((run.result or {}).get("areas", {}) if run else {}).values()
              if r.get("rank") is not None]  # fmt: skip
    n = len(ranked)
    percentile = {a.code: 1 - (a.rank - 1) / n for a in current.areas if a.rank is not None and n}
    young = _latest_counts(session, fund.need_indicator, codes)
    return shares([(a.code, a.name) for a in current.areas], money, young, percentile)
