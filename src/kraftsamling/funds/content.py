"""A call-off's content to and from the JSON stored with it (pure)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from kraftsamling.funds.eligibility import Content, Direction, Effect, Partner, PartnerKind


def to_json(c: Content) -> dict[str, Any]:
    return {
        "title": c.title,
        "description": c.description,
        "process": c.process,
        "themes": list(c.themes),
        "other_theme": c.other_theme,
        "areas": list(c.areas),
        "area_reason": c.area_reason,
        "age_bands": list(c.age_bands),
        "reach": c.reach,
        "effects": [{"indicator": e.indicator, "direction": e.direction.value} for e in c.effects],
        "amount": c.amount,
        "period_start": c.period_start.isoformat() if c.period_start else None,
        "period_end": c.period_end.isoformat() if c.period_end else None,
        "co_financing": c.co_financing,
        "partners": [{"name": p.name, "kind": p.kind.value} for p in c.partners],
        "contact_name": c.contact_name,
        "contact_email": c.contact_email,
    }


def _date(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def from_json(data: dict[str, Any]) -> Content:
    return Content(
        title=data.get("title", ""),
        description=data.get("description", ""),
        process=data.get("process", ""),
        themes=tuple(data.get("themes", ())),
        other_theme=data.get("other_theme", ""),
        areas=tuple(data.get("areas", ())),
        area_reason=data.get("area_reason", ""),
        age_bands=tuple(data.get("age_bands", ())),
        reach=data.get("reach"),
        effects=tuple(
            Effect(e["indicator"], Direction(e["direction"])) for e in data.get("effects", ())
        ),
        amount=data.get("amount"),
        period_start=_date(data.get("period_start")),
        period_end=_date(data.get("period_end")),
        co_financing=data.get("co_financing", 0),
        partners=tuple(
            Partner(p["name"], PartnerKind(p["kind"])) for p in data.get("partners", ())
        ),
        contact_name=data.get("contact_name", ""),
        contact_email=data.get("contact_email", ""),
    )
