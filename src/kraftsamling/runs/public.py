"""The public page "Så byggs indexet" (``/public/index``) and its JSON twin; no login needed.

Both describe the reference run (:func:`kraftsamling.runs.reference.reference_run`).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from starlette.requests import Request
from starlette.responses import Response

from kraftsamling.accounts.schemas import ErrorResponse
from kraftsamling.areas.display import HELPERS
from kraftsamling.core.errors import InvalidInput, NotFound
from kraftsamling.runs.method import index_method
from kraftsamling.runs.schemas import IndexMethodOut
from kraftsamling.web.deps import PAGE_DEPENDENCIES, OptionalUser, SessionDep
from kraftsamling.web.i18n import LANGUAGES
from kraftsamling.web.page_cache import render_cached
from kraftsamling.web.templating import page_language

pages = APIRouter(dependencies=PAGE_DEPENDENCIES, include_in_schema=False)
api = APIRouter(
    prefix="/api/v1/public",
    tags=["public"],
    responses={404: {"model": ErrorResponse}, 422: {"model": ErrorResponse}},
)


@pages.get("/public/index")
def method_page(request: Request, db: SessionDep, user: OptionalUser) -> Response:
    lang = page_language(request)

    def build() -> dict[str, Any]:
        return {"method": index_method(db, lang=lang), **HELPERS}

    return render_cached(request, db, "runs/method.html", build)


@api.get("/index", response_model=IndexMethodOut)
def method_api(
    db: SessionDep,
    lang: Annotated[str, Query(description="Language of the method text: sv or en.")] = "sv",
) -> IndexMethodOut:
    """How the index is built: indicators, weights, themes, method and uncertainty analysis."""
    if lang not in LANGUAGES:
        raise InvalidInput(f"lang must be one of {', '.join(LANGUAGES)}; got {lang!r}.")
    method = index_method(db, lang=lang)
    if method is None:
        raise NotFound("No index run for the sub-areas has finished yet; there is no index.")
    return IndexMethodOut.model_validate(method)
