"""Pages that belong to no capability: the start page."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from kraftsamling.web.deps import PAGE_DEPENDENCIES, OptionalUser
from kraftsamling.web.templating import render

router = APIRouter(dependencies=PAGE_DEPENDENCIES, include_in_schema=False)


@router.get("/")
def home(request: Request, user: OptionalUser) -> Response:
    return render(request, "home.html")
