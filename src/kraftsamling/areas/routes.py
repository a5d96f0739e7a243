"""Area pages: the internal list and profile (any logged-in role) and the public profile and map."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from kraftsamling.areas import service
from kraftsamling.areas.charts import line_chart
from kraftsamling.core.errors import InvalidInput
from kraftsamling.core.formatting import format_number, format_percent
from kraftsamling.stats.levels import Level
from kraftsamling.web.deps import PAGE_DEPENDENCIES, CurrentUser, OptionalUser, SessionDep
from kraftsamling.web.templating import render

LEVELS = tuple(level.value for level in Level)

router = APIRouter(dependencies=PAGE_DEPENDENCIES, include_in_schema=False)


def fmt(value: float | None, unit: str, *, axis: bool = False) -> str:
    """A value in Swedish format by its unit; axis labels drop the decimals."""
    if value is None:
        return "–"
    if unit == "percent":
        return format_percent(value, 0 if axis else 1)
    return format_number(value, 0 if axis or unit == "count" else 1)


def _profile_page(request: Request, profile: service.AreaProfile) -> Response:
    charts = {
        s.id: line_chart(
            [(p.year, p.value) for p in s.points], [(p.year, p.city) for p in s.points]
        )
        for s in profile.series
    }
    return render(request, "areas/profile.html", {"profile": profile, "charts": charts, "fmt": fmt})


@router.get("/areas")
def area_list(
    request: Request, db: SessionDep, user: CurrentUser, level: str = "sub_area"
) -> Response:
    listing = service.list_areas(db, level=level)
    return render(request, "areas/list.html", {"listing": listing, "levels": LEVELS})


@router.get("/areas/{code}")
def area_profile(request: Request, db: SessionDep, user: CurrentUser, code: str) -> Response:
    return _profile_page(request, service.area_profile(db, code=code, public=False))


@router.get("/public/areas/{code}")
def public_area_profile(
    request: Request, db: SessionDep, user: OptionalUser, code: str
) -> Response:
    return _profile_page(request, service.area_profile(db, code=code, public=True))


@router.get("/public/map")
def public_map(
    request: Request,
    db: SessionDep,
    user: OptionalUser,
    indicator: str | None = None,
    year: str | None = None,
) -> Response:
    chosen_year = _year(year)
    result = service.public_map(db, indicator_id=indicator or None, year=chosen_year)
    context: dict[str, Any] = {"map": result, "fmt": fmt}
    return render(request, "areas/map.html", context)


def _year(text: str | None) -> int | None:
    # Parsed here rather than typed as int so an empty form field means "latest year".
    if text is None or not text.strip():
        return None
    try:
        return int(text)
    except ValueError:
        raise InvalidInput(f"The year must be a whole number such as 2024; got {text!r}.") from None
