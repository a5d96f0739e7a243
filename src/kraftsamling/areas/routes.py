"""Area pages and their JSON twins.

Pages: the internal list and profile (any logged-in role), the public profile and map.
API: ``/api/v1/areas`` (bearer token, any role) and ``/api/v1/public/areas``, ``/public/map``
(anonymous, with the same disclosure control as the public pages).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import Response

from kraftsamling.accounts.schemas import ErrorResponse
from kraftsamling.areas import service
from kraftsamling.areas.charts import line_chart
from kraftsamling.areas.display import HELPERS
from kraftsamling.areas.schemas import AreaListOut, AreaProfileOut, AreaRowOut, PublicMapOut
from kraftsamling.core.errors import InvalidInput
from kraftsamling.stats.levels import Level
from kraftsamling.web.deps import PAGE_DEPENDENCIES, CurrentUser, OptionalUser, SessionDep
from kraftsamling.web.page_cache import render_cached
from kraftsamling.web.templating import render

LEVELS = tuple(level.value for level in Level)

pages = APIRouter(dependencies=PAGE_DEPENDENCIES, include_in_schema=False)
api = APIRouter(
    prefix="/api/v1/areas",
    tags=["areas"],
    responses={401: {"model": ErrorResponse}, 404: {"model": ErrorResponse}},
)
public_api = APIRouter(
    prefix="/api/v1/public",
    tags=["public"],
    responses={404: {"model": ErrorResponse}, 422: {"model": ErrorResponse}},
)


def _profile_page(request: Request, db: Session, code: str, *, public: bool) -> Response:
    def build() -> dict[str, Any]:
        profile = service.area_profile(db, code=code, public=public)
        charts = {
            s.id: line_chart(
                [(p.year, p.value) for p in s.points], [(p.year, p.city) for p in s.points]
            )
            for s in profile.series
        }
        return {"profile": profile, "charts": charts, **HELPERS}

    return render_cached(request, db, "areas/profile.html", build)


@pages.get("/areas")
def area_list(
    request: Request, db: SessionDep, user: CurrentUser, level: str = "sub_area"
) -> Response:
    listing = service.list_areas(db, level=level)
    # Only levels with areas are offered: an installation without DeSO boundaries has none.
    levels = service.stored_levels(db) or LEVELS
    return render(request, "areas/list.html", {"listing": listing, "levels": levels})


@pages.get("/areas/{code}")
def area_profile(request: Request, db: SessionDep, user: CurrentUser, code: str) -> Response:
    return _profile_page(request, db, code, public=False)


@pages.get("/public/areas/{code}")
def public_area_profile(
    request: Request, db: SessionDep, user: OptionalUser, code: str
) -> Response:
    return _profile_page(request, db, code, public=True)


@pages.get("/public/map")
def public_map(
    request: Request,
    db: SessionDep,
    user: OptionalUser,
    indicator: str | None = None,
    year: str | None = None,
) -> Response:
    chosen_year = _year(year)

    def build() -> dict[str, Any]:
        result = service.public_map(db, indicator_id=indicator or None, year=chosen_year)
        return {"map": result, **HELPERS}

    return render_cached(request, db, "areas/map.html", build)


def _year(text: str | None) -> int | None:
    # Parsed here rather than typed as int so an empty form field means "latest year".
    if text is None or not text.strip():
        return None
    try:
        return int(text)
    except ValueError:
        raise InvalidInput(f"The year must be a whole number such as 2024; got {text!r}.") from None


# -------------------------------------------------------------------------------- API


@api.get("", response_model=AreaListOut)
def api_list(
    db: SessionDep,
    user: CurrentUser,
    level: Annotated[str, Query(description="deso, regso, sub_area, district or municipality")] = (
        "sub_area"
    ),
) -> AreaListOut:
    """Every area of ``level`` with its parent, sorted by name."""
    listing = service.list_areas(db, level=level)
    areas = [AreaRowOut.model_validate(row) for row in listing.rows]
    return AreaListOut(level=listing.level, synthetic=listing.synthetic, areas=areas)


@api.get("/{code}", response_model=AreaProfileOut)
def api_profile(db: SessionDep, user: CurrentUser, code: str) -> AreaProfileOut:
    """An area's indicators over the years next to the city's, and its reference-run index."""
    return AreaProfileOut.of(service.area_profile(db, code=code, public=False))


@public_api.get("/areas/{code}", response_model=AreaProfileOut)
def api_public_profile(db: SessionDep, code: str) -> AreaProfileOut:
    """The public profile: small counts and the cells that would reveal them are hidden."""
    return AreaProfileOut.of(service.area_profile(db, code=code, public=True))


@public_api.get("/map", response_model=PublicMapOut)
def api_public_map(
    db: SessionDep, indicator: str | None = None, year: int | None = None
) -> PublicMapOut:
    """One indicator's sub-area values for a year (default: the first indicator, latest year),
    with disclosure control and the map's colour classes."""
    return PublicMapOut.model_validate(service.public_map(db, indicator_id=indicator, year=year))


# The pages and both APIs together, mounted by the app factory with one include.
router = APIRouter()
router.include_router(pages)
router.include_router(api)
router.include_router(public_api)
