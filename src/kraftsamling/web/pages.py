"""Pages that belong to no capability: the start page."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from kraftsamling.accounts.roles import Role
from kraftsamling.web.deps import PAGE_DEPENDENCIES, OptionalUser
from kraftsamling.web.templating import render

router = APIRouter(dependencies=PAGE_DEPENDENCIES, include_in_schema=False)

_CITY_OFFICE = frozenset({Role.ADMIN, Role.COORDINATOR})
# The internal pages offered on the start page: (path, text key, roles that may use it). The
# roles repeat what each page's own check lets in, so no one is offered a page that refuses them.
INTERNAL_PAGES: tuple[tuple[str, str, frozenset[Role]], ...] = (
    ("/targeting", "nav.targets", frozenset(Role)),
    ("/targeting/new", "targeting.new", _CITY_OFFICE),
    ("/areas", "nav.areas", frozenset(Role)),
    ("/index-runs", "nav.index_runs", frozenset(Role)),
    ("/index-runs/new", "runs.new", _CITY_OFFICE),
    ("/admin/audit", "nav.audit", _CITY_OFFICE),
    ("/admin/users", "nav.admin_users", frozenset({Role.ADMIN})),
    ("/account", "accounts.account.title", frozenset(Role)),
)


def internal_pages(role: Role) -> list[tuple[str, str]]:
    """(path, text key) of each internal page a user with ``role`` may open."""
    return [(path, key) for path, key, roles in INTERNAL_PAGES if role in roles]


@router.get("/")
def home(request: Request, user: OptionalUser) -> Response:
    links = internal_pages(user.role_enum) if user is not None else []
    return render(request, "home.html", {"internal_links": links})
