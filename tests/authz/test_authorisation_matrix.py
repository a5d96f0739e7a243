# ruff: noqa: E501 (the table is easier to check with one row per line)
"""Every route x every role x own/other organisation: allowed or refused, as one table.

Each principal gets a fresh database (SQLite and PostgreSQL) with the demo accounts, one more
officer in another committee, a finished index run and two selection rounds proposed by the
coordinator: round A in consultation with the own officer's committee (FRN) invited, round B
a draft. The call-off fund is seeded (Malmö's fund, its 2026 frame) with four call-offs:
{d} a draft and {s} a submitted call-off of the own officer's committee FRN, {g} a granted
one of FRN, and {k} a submitted call-off of the city office itself (STK, the coordinator's
and the admin's organisation: nobody handles their own organisation's call-off). Then every
row is requested in order, pages with the session cookie and a valid CSRF token, the API with
the principal's bearer token.

The fund's rows send valid bodies (a body's ``"{name}"`` string is replaced by that id, and
``"{v:name}"`` by that call-off's current version), so the permission check, not the
validation of the body, decides; a later row may still meet a call-off an earlier row moved
on (out of order: 422), and that counts as ``ok``.

Outcomes, read off the response: ``ok`` (the handler ran: 2xx, 3xx elsewhere than the login
page, or 4xx for the empty test body), ``login`` (401, or 303 to /login), ``deny`` (403) and
``hide`` (404: another user's object is not even shown to exist). A table entry of ``ok``
with an empty body therefore proves only that authorisation let the request through.

A test also checks that the table names every route of the application, so a new route
cannot be added without deciding who may use it. A route may have several rows (one per
object it is tried on: the fund's call-offs in different states and organisations); a
concrete request is in the table once.
"""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "web"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "targeting"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "funds"))

from funds_support import complete
from targeting_support import add_statistics, finished_run
from web_support import (
    ADMIN,
    COORDINATOR,
    OFFICER,
    VIEWER,
    FakeClock,
    app_routes,
    csrf_from,
    login,
    make_client,
)

from kraftsamling.accounts import service as accounts
from kraftsamling.accounts.models import ApiToken, User
from kraftsamling.accounts.secrets import FAST_TEST_POLICY
from kraftsamling.accounts.seed import seed_demo_accounts
from kraftsamling.core import audit
from kraftsamling.core.db import transaction
from kraftsamling.decisions.rules import BodyKind
from kraftsamling.decisions.service import DecisionIn
from kraftsamling.funds import service as funds
from kraftsamling.funds.attachments import attach
from kraftsamling.funds.models import CallOff
from kraftsamling.funds.seed import seed_malmo_fund
from kraftsamling.targeting import service as targeting

PRINCIPALS = ("anonymous", "viewer", "officer_own", "officer_other", "coordinator", "admin")
OTHER_OFFICER = ("grundskola@kraftsamling.example", "Annan-handlaggare-2026")
ACCOUNTS = {
    "viewer": VIEWER, "officer_own": OFFICER, "officer_other": OTHER_OFFICER,
    "coordinator": COORDINATOR, "admin": ADMIN,
}  # fmt: skip
COMMENT = {"stance": "support", "text": "Nämnden stöder förslaget.", "organisation": "FRN"}
DECISION = {"rationale": "Valda i samråd med nämnderna.", "decision_ref": "KS 2026-03-04 § 51"}
# The fund: a complete call-off's content (outside the target areas, with the reason), and the
# bodies of its actions; "{name}" strings are filled in from World.ids.
REASON = "Området gränsar till målområdena och delar deras skolor."
CONTENT = {
    "title": "Läxhjälp och föräldraträffar", "process": "universal_prevention",
    "description": "Läxhjälp två kvällar i veckan och träffar för föräldrar i området.",
    "themes": ["parents"], "areas": ["T1"], "area_reason": REASON, "age_bands": ["13-15"],
    "reach": 80, "amount_ore": 90_000_00, "period_start": "2026-03-01",
    "period_end": "2026-12-31", "contact_name": "Pia Prevention", "contact_email": "pia@example.org",
}  # fmt: skip
CREATE = {"fund_id": "{fund}", "year": 2026, **CONTENT}
EDIT = {"version": "{v:d}", **CONTENT}
EDIT_SUBMITTED = {"version": "{v:s}", **CONTENT}
RETURN = {"version": "{v:s}", "message": "Ange vilka föreningar som deltar."}
ASSESS = {"version": "{v:s}", "recommendation": "full",
          "assessment": "Insatsen stärker föräldrar i området och är billig."}  # fmt: skip
ASSESS_OWN = {**ASSESS, "version": "{v:k}"}
DECIDE = {"version": "{v:s}", "granted": True, "body": "city_director",
          "meeting_date": "2026-02-10"}  # fmt: skip
MONEY = {"amount_ore": 10_000_00, "paid_on": "2026-02-20", "reference": "VER-1"}
FRAME = {"year": 2026, "amount_ore": 10_000_000_00, "decision_id": "{council}"}

# The same steps as the fund's pages send them: kronor as typed, dates as a date field sends.
PAGE_RETURN = {"version": "{v:s}", "message": "Ange vilka föreningar som deltar."}
PAGE_ASSESS = {"version": "{v:s}", "recommendation": "full",
               "assessment": "Insatsen stärker föräldrar i området och är billig."}  # fmt: skip
PAGE_ASSESS_OWN = {**PAGE_ASSESS, "version": "{v:k}"}
PAGE_DECIDE = {"version": "{v:s}", "outcome": "grant", "body": "city_director",
               "meeting_date": "2026-02-10"}  # fmt: skip
PAGE_MONEY = {"version": "{v:g}", "amount": "10 000", "paid_on": "2026-02-20"}

# method, route as declared, concrete path ({a}, {b}: rounds; {run}: index run; {token}: an
# API token of the own officer; {user}: the viewer's id), body, outcome per PRINCIPALS.
# Rows run in this order for each principal: state changes come after the reads they affect.
MATRIX: list[tuple[str, str, str, dict[str, Any] | None, str]] = [
    # public pages and API
    ("GET", "/", "/", None,                                   "ok     ok     ok     ok     ok     ok"),
    ("GET", "/login", "/login", None,                         "ok     ok     ok     ok     ok     ok"),
    ("POST", "/login", "/login", {},                          "ok     ok     ok     ok     ok     ok"),
    ("GET", "/public/map", "/public/map", None,               "ok     ok     ok     ok     ok     ok"),
    ("GET", "/public/areas/{code}", "/public/areas/T1", None, "ok     ok     ok     ok     ok     ok"),
    ("GET", "/public/index", "/public/index", None,           "ok     ok     ok     ok     ok     ok"),
    ("GET", "/public/targets", "/public/targets", None,       "ok     ok     ok     ok     ok     ok"),
    ("GET", "/api/v1/openapi.json", "/api/v1/openapi.json", None, "ok ok     ok     ok     ok     ok"),
    ("GET", "/api/v1/public/map", "/api/v1/public/map", None, "ok     ok     ok     ok     ok     ok"),
    ("GET", "/api/v1/public/areas/{code}", "/api/v1/public/areas/T1", None,
                                                              "ok     ok     ok     ok     ok     ok"),
    ("GET", "/api/v1/public/index", "/api/v1/public/index", None,
                                                              "ok     ok     ok     ok     ok     ok"),
    ("GET", "/api/v1/public/targets", "/api/v1/public/targets", None,
                                                              "ok     ok     ok     ok     ok     ok"),
    # own account
    ("GET", "/account/password", "/account/password", None,   "login  ok     ok     ok     ok     ok"),
    ("GET", "/account", "/account", None,                     "login  ok     ok     ok     ok     ok"),
    ("POST", "/account/password", "/account/password", {},    "login  ok     ok     ok     ok     ok"),
    ("GET", "/account/tokens", "/account/tokens", None,       "login  ok     ok     ok     ok     ok"),
    ("POST", "/account/tokens", "/account/tokens", {},        "login  ok     ok     ok     ok     ok"),
    ("GET", "/api/v1/me", "/api/v1/me", None,                 "login  ok     ok     ok     ok     ok"),
    ("GET", "/api/v1/organisations", "/api/v1/organisations", None,
                                                              "login  ok     ok     ok     ok     ok"),
    # areas and index runs: read by every role, runs created by the city office
    ("GET", "/areas", "/areas", None,                         "login  ok     ok     ok     ok     ok"),
    ("GET", "/areas/{code}", "/areas/T1", None,               "login  ok     ok     ok     ok     ok"),
    ("GET", "/api/v1/areas", "/api/v1/areas", None,           "login  ok     ok     ok     ok     ok"),
    ("GET", "/api/v1/areas/{code}", "/api/v1/areas/T1", None, "login  ok     ok     ok     ok     ok"),
    ("GET", "/index-runs", "/index-runs", None,               "login  ok     ok     ok     ok     ok"),
    ("GET", "/index-runs/compare", "/index-runs/compare", None, "login ok    ok     ok     ok     ok"),
    ("GET", "/index-runs/{run_id}", "/index-runs/{run}", None, "login ok     ok     ok     ok     ok"),
    ("GET", "/index-runs/new", "/index-runs/new", None,       "login  deny   deny   deny   ok     ok"),
    ("POST", "/index-runs", "/index-runs", {},                "login  deny   deny   deny   ok     ok"),
    ("GET", "/api/v1/index-runs", "/api/v1/index-runs", None, "login  ok     ok     ok     ok     ok"),
    ("GET", "/api/v1/index-runs/{run_id}", "/api/v1/index-runs/{run}", None,
                                                              "login  ok     ok     ok     ok     ok"),
    ("POST", "/api/v1/index-runs", "/api/v1/index-runs", {},  "login  deny   deny   deny   ok     ok"),
    # the call-off fund: read by every role; an officer reads only their own organisation's
    # call-offs, a draft only its own organisation (and admins); applicant actions by an officer
    # of the call-off's organisation or an admin; city-office actions by a coordinator or an
    # admin, never on their own organisation's call-off ({k} is the city office's own)
    ("GET", "/api/v1/funds", "/api/v1/funds", None,           "login  ok     ok     ok     ok     ok"),
    ("GET", "/api/v1/funds/{fund_id}", "/api/v1/funds/{fund}", None,
                                                              "login  ok     ok     ok     ok     ok"),
    ("POST", "/api/v1/funds/{fund_id}/frames", "/api/v1/funds/{fund}/frames", FRAME,
                                                              "login  deny   deny   deny   ok     ok"),
    ("GET", "/api/v1/decisions", "/api/v1/decisions", None,   "login  ok     ok     ok     ok     ok"),
    ("GET", "/api/v1/public/decisions", "/api/v1/public/decisions", None,
                                                              "ok     ok     ok     ok     ok     ok"),
    ("GET", "/api/v1/public/grants", "/api/v1/public/grants", None,
                                                              "ok     ok     ok     ok     ok     ok"),
    ("GET", "/api/v1/call-offs", "/api/v1/call-offs", None,   "login  ok     ok     ok     ok     ok"),
    ("GET", "/api/v1/call-offs/{call_off_id}", "/api/v1/call-offs/{d}", None,
                                                              "login  hide   ok     hide   hide   ok"),
    ("GET", "/api/v1/call-offs/{call_off_id}", "/api/v1/call-offs/{s}", None,
                                                              "login  ok     ok     hide   ok     ok"),
    ("GET", "/api/v1/call-offs/{call_off_id}", "/api/v1/call-offs/{k}", None,
                                                              "login  ok     hide   hide   ok     ok"),
    ("POST", "/api/v1/call-offs", "/api/v1/call-offs", CREATE, "login deny   ok     ok     deny   ok"),
    ("PUT", "/api/v1/call-offs/{call_off_id}", "/api/v1/call-offs/{d}", EDIT,
                                                              "login  hide   ok     hide   hide   ok"),
    ("PUT", "/api/v1/call-offs/{call_off_id}", "/api/v1/call-offs/{s}", EDIT_SUBMITTED,
                                                              "login  deny   ok     hide   deny   ok"),
    ("POST", "/api/v1/call-offs/{call_off_id}/submit", "/api/v1/call-offs/{d}/submit",
     {"version": "{v:d}"},                                    "login  hide   ok     hide   hide   ok"),
    ("POST", "/api/v1/call-offs/{call_off_id}/return", "/api/v1/call-offs/{s}/return", RETURN,
                                                              "login  deny   deny   hide   ok     ok"),
    ("POST", "/api/v1/call-offs/{call_off_id}/resubmit", "/api/v1/call-offs/{s}/resubmit",
     {"version": "{v:s}"},                                    "login  deny   ok     hide   deny   ok"),
    ("POST", "/api/v1/call-offs/{call_off_id}/assess", "/api/v1/call-offs/{k}/assess",
     ASSESS_OWN,                                              "login  deny   hide   hide   deny   deny"),
    ("POST", "/api/v1/call-offs/{call_off_id}/assess", "/api/v1/call-offs/{s}/assess", ASSESS,
                                                              "login  deny   deny   hide   ok     ok"),
    ("POST", "/api/v1/call-offs/{call_off_id}/decide", "/api/v1/call-offs/{s}/decide", DECIDE,
                                                              "login  deny   deny   hide   ok     ok"),
    ("POST", "/api/v1/call-offs/{call_off_id}/payments", "/api/v1/call-offs/{g}/payments", MONEY,
                                                              "login  deny   deny   hide   ok     ok"),
    ("POST", "/api/v1/call-offs/{call_off_id}/refunds", "/api/v1/call-offs/{g}/refunds", MONEY,
                                                              "login  deny   deny   hide   ok     ok"),
    ("POST", "/api/v1/call-offs/{call_off_id}/reporting", "/api/v1/call-offs/{g}/reporting",
     {"version": "{v:g}"},                                    "login  deny   deny   hide   ok     ok"),
    ("POST", "/api/v1/call-offs/{call_off_id}/close", "/api/v1/call-offs/{g}/close",
     {"version": "{v:g}"},                                    "login  deny   deny   hide   ok     ok"),
    ("POST", "/api/v1/call-offs/{call_off_id}/withdraw", "/api/v1/call-offs/{s}/withdraw",
     {"version": "{v:s}"},                                    "login  deny   ok     hide   deny   ok"),
    ("POST", "/api/v1/call-offs/{call_off_id}/withdraw", "/api/v1/call-offs/{k}/withdraw",
     {"version": "{v:k}"},                                    "login  deny   hide   hide   deny   ok"),
    # the fund's pages: the same rules as its API; a call-off's page and its papers are read by
    # whoever may read the call-off; the board's papers by the city office and the viewers
    ("GET", "/fund", "/fund", None,                           "login  ok     ok     ok     ok     ok"),
    ("GET", "/fund/call-offs", "/fund/call-offs", None,       "login  ok     ok     ok     ok     ok"),
    ("GET", "/fund/call-offs/new", "/fund/call-offs/new", None, "login deny   ok     ok     deny   ok"),
    ("POST", "/fund/call-offs", "/fund/call-offs", {},        "login  deny   ok     ok     deny   ok"),
    ("GET", "/fund/call-offs/{call_off_id}", "/fund/call-offs/{d}", None,
                                                              "login  hide   ok     hide   hide   ok"),
    ("GET", "/fund/call-offs/{call_off_id}", "/fund/call-offs/{s}", None,
                                                              "login  ok     ok     hide   ok     ok"),
    ("GET", "/fund/call-offs/{call_off_id}/edit", "/fund/call-offs/{d}/edit", None,
                                                              "login  hide   ok     hide   hide   ok"),
    ("GET", "/fund/call-offs/{call_off_id}/edit", "/fund/call-offs/{s}/edit", None,
                                                              "login  deny   ok     hide   deny   ok"),
    ("POST", "/fund/call-offs/{call_off_id}/edit", "/fund/call-offs/{d}/edit", {"version": "{v:d}"},
                                                              "login  hide   ok     hide   hide   ok"),
    ("POST", "/fund/call-offs/{call_off_id}/edit", "/fund/call-offs/{s}/edit", {"version": "{v:s}"},
                                                              "login  deny   ok     hide   deny   ok"),
    ("POST", "/fund/call-offs/{call_off_id}/attachments", "/fund/call-offs/{d}/attachments", {},
                                                              "login  hide   ok     hide   hide   ok"),
    ("GET", "/fund/call-offs/{call_off_id}/attachments/{attachment_id}",
     "/fund/call-offs/{s}/attachments/{file}", None,          "login  ok     ok     hide   ok     ok"),
    ("GET", "/fund/call-offs/{call_off_id}/memo.docx", "/fund/call-offs/{g}/memo.docx", None,
                                                              "login  ok     ok     hide   ok     ok"),
    ("GET", "/fund/call-offs/{call_off_id}/memo.pdf", "/fund/call-offs/{g}/memo.pdf", None,
                                                              "login  ok     ok     hide   ok     ok"),
    ("POST", "/fund/call-offs/{call_off_id}/submit", "/fund/call-offs/{d}/submit",
     {"version": "{v:d}"},                                    "login  hide   ok     hide   hide   ok"),
    ("POST", "/fund/call-offs/{call_off_id}/assess", "/fund/call-offs/{k}/assess",
     PAGE_ASSESS_OWN,                                         "login  deny   hide   hide   deny   deny"),
    ("POST", "/fund/call-offs/{call_off_id}/return", "/fund/call-offs/{s}/return", PAGE_RETURN,
                                                              "login  deny   deny   hide   ok     ok"),
    ("POST", "/fund/call-offs/{call_off_id}/resubmit", "/fund/call-offs/{s}/resubmit",
     {"version": "{v:s}"},                                    "login  deny   ok     hide   deny   ok"),
    ("POST", "/fund/call-offs/{call_off_id}/assess", "/fund/call-offs/{s}/assess", PAGE_ASSESS,
                                                              "login  deny   deny   hide   ok     ok"),
    ("POST", "/fund/call-offs/{call_off_id}/decide", "/fund/call-offs/{s}/decide", PAGE_DECIDE,
                                                              "login  deny   deny   hide   ok     ok"),
    ("POST", "/fund/call-offs/{call_off_id}/pay", "/fund/call-offs/{g}/pay", PAGE_MONEY,
                                                              "login  deny   deny   hide   ok     ok"),
    ("POST", "/fund/call-offs/{call_off_id}/refund", "/fund/call-offs/{g}/refund", PAGE_MONEY,
                                                              "login  deny   deny   hide   ok     ok"),
    ("POST", "/fund/call-offs/{call_off_id}/reporting", "/fund/call-offs/{g}/reporting",
     {"version": "{v:g}"},                                    "login  deny   deny   hide   ok     ok"),
    ("POST", "/fund/call-offs/{call_off_id}/close", "/fund/call-offs/{g}/close",
     {"version": "{v:g}", "confirm": "yes"},                  "login  deny   deny   hide   ok     ok"),
    ("POST", "/fund/call-offs/{call_off_id}/withdraw", "/fund/call-offs/{s}/withdraw",
     {"version": "{v:s}", "confirm": "yes"},                  "login  deny   ok     hide   deny   ok"),
    ("GET", "/fund/meetings", "/fund/meetings", None,         "login  ok     deny   deny   ok     ok"),
    ("GET", "/fund/meetings.docx", "/fund/meetings.docx", None, "login ok     deny   deny   ok     ok"),
    ("GET", "/fund/meetings.xlsx", "/fund/meetings.xlsx", None, "login ok     deny   deny   ok     ok"),
    ("POST", "/fund/meetings", "/fund/meetings", {},          "login  deny   deny   deny   ok     ok"),
    ("GET", "/fund/delegated", "/fund/delegated", None,       "login  ok     deny   deny   ok     ok"),
    ("GET", "/fund/delegated.docx", "/fund/delegated.docx", None, "login ok   deny   deny   ok     ok"),
    ("GET", "/fund/delegated.xlsx", "/fund/delegated.xlsx", None, "login ok   deny   deny   ok     ok"),
    ("GET", "/inbox", "/inbox", None,                         "login  ok     ok     ok     ok     ok"),
    ("POST", "/inbox/read", "/inbox/read", {},                "login  ok     ok     ok     ok     ok"),
    ("GET", "/public/fund", "/public/fund", None,             "ok     ok     ok     ok     ok     ok"),
    ("GET", "/public/decisions", "/public/decisions", None,   "ok     ok     ok     ok     ok     ok"),
    # targeting: read by every role; comments by the invited committee's own officer (or the
    # city office on its behalf); everything else by the city office; never one's own decision
    ("GET", "/targeting", "/targeting", None,                 "login  ok     ok     ok     ok     ok"),
    ("GET", "/targeting/{round_id}", "/targeting/{a}", None,  "login  ok     ok     ok     ok     ok"),
    ("GET", "/targeting/new", "/targeting/new", None,         "login  deny   deny   deny   ok     ok"),
    ("POST", "/targeting", "/targeting", {},                  "login  deny   deny   deny   ok     ok"),
    ("POST", "/targeting/{round_id}/areas", "/targeting/{b}/areas", {},
                                                              "login  deny   deny   deny   ok     ok"),
    ("POST", "/targeting/{round_id}/consultation", "/targeting/{b}/consultation", {},
                                                              "login  deny   deny   deny   ok     ok"),
    ("POST", "/targeting/{round_id}/comments", "/targeting/{a}/comments", COMMENT,
                                                              "login  deny   ok     deny   ok     ok"),
    ("POST", "/targeting/{round_id}/finalise", "/targeting/{a}/finalise", DECISION,
                                                              "login  deny   deny   deny   deny   ok"),
    ("GET", "/targeting/{round_id}/cancel", "/targeting/{b}/cancel", None,
                                                              "login  deny   deny   deny   ok     ok"),
    ("POST", "/targeting/{round_id}/cancel", "/targeting/{b}/cancel", {},
                                                              "login  deny   deny   deny   ok     ok"),
    ("GET", "/api/v1/targeting/current", "/api/v1/targeting/current", None,
                                                              "login  ok     ok     ok     ok     ok"),
    ("GET", "/api/v1/targeting/rounds", "/api/v1/targeting/rounds", None,
                                                              "login  ok     ok     ok     ok     ok"),
    ("GET", "/api/v1/targeting/rounds/{round_id}", "/api/v1/targeting/rounds/{a}", None,
                                                              "login  ok     ok     ok     ok     ok"),
    ("POST", "/api/v1/targeting/rounds", "/api/v1/targeting/rounds", {},
                                                              "login  deny   deny   deny   ok     ok"),
    ("POST", "/api/v1/targeting/rounds/{round_id}/areas", "/api/v1/targeting/rounds/{b}/areas",
     {},                                                      "login  deny   deny   deny   ok     ok"),
    ("POST", "/api/v1/targeting/rounds/{round_id}/consultation",
     "/api/v1/targeting/rounds/{b}/consultation", {},         "login  deny   deny   deny   ok     ok"),
    ("POST", "/api/v1/targeting/rounds/{round_id}/comments",
     "/api/v1/targeting/rounds/{a}/comments", COMMENT,        "login  deny   ok     deny   ok     ok"),
    ("POST", "/api/v1/targeting/rounds/{round_id}/finalise",
     "/api/v1/targeting/rounds/{a}/finalise", DECISION,       "login  deny   deny   deny   deny   ok"),
    ("POST", "/api/v1/targeting/rounds/{round_id}/cancel", "/api/v1/targeting/rounds/{b}/cancel",
     {},                                                      "login  deny   deny   deny   ok     ok"),
    # the audit trail: the city office and admins
    ("GET", "/admin/audit", "/admin/audit", None,             "login  deny   deny   deny   ok     ok"),
    ("GET", "/admin/audit.csv", "/admin/audit.csv", None,     "login  deny   deny   deny   ok     ok"),
    ("POST", "/admin/audit.csv", "/admin/audit.csv", {},      "login  deny   deny   deny   ok     ok"),
    ("GET", "/api/v1/audit", "/api/v1/audit", None,           "login  deny   deny   deny   ok     ok"),
    # users: admins only; a token only by the user it belongs to
    ("GET", "/admin/users", "/admin/users", None,             "login  deny   deny   deny   deny   ok"),
    ("POST", "/admin/users", "/admin/users", {},              "login  deny   deny   deny   deny   ok"),
    ("GET", "/api/v1/users", "/api/v1/users", None,           "login  deny   deny   deny   deny   ok"),
    ("GET", "/admin/users/{user_id}/password", "/admin/users/{user}/password", None,
                                                              "login  deny   deny   deny   deny   ok"),
    ("POST", "/admin/users/{user_id}/password", "/admin/users/{user}/password", {},
                                                              "login  deny   deny   deny   deny   ok"),
    ("GET", "/admin/users/{user_id}/deactivate", "/admin/users/{user}/deactivate", None,
                                                              "login  deny   deny   deny   deny   ok"),
    ("POST", "/admin/users/{user_id}/deactivate", "/admin/users/{user}/deactivate", {},
                                                              "login  deny   deny   deny   deny   ok"),
    ("POST", "/admin/users/{user_id}/unlock", "/admin/users/{user}/unlock", {},
                                                              "login  deny   deny   deny   deny   ok"),
    ("POST", "/admin/users/{user_id}/reactivate", "/admin/users/{user}/reactivate", {},
                                                              "login  deny   deny   deny   deny   ok"),
    ("GET", "/account/tokens/{token_id}/revoke", "/account/tokens/{token}/revoke", None,
                                                              "login  hide   ok     hide   hide   hide"),
    ("POST", "/account/tokens/{token_id}/revoke", "/account/tokens/{token}/revoke", {},
                                                              "login  hide   ok     hide   hide   hide"),
    ("POST", "/logout", "/logout", {},                        "ok     ok     ok     ok     ok     ok"),
]  # fmt: skip


@dataclass(frozen=True)
class World:
    factory: sessionmaker[Session]
    ids: dict[str, int]
    tokens: dict[str, str]


def _build_world(factory: sessionmaker[Session], clock: FakeClock) -> World:
    with transaction(factory) as session:
        add_statistics(session)
        seed_demo_accounts(session, policy=FAST_TEST_POLICY, clock=clock)
        accounts.create_user(
            session, email=OTHER_OFFICER[0], name="Annan Handläggare", organisation_code="GRN",
            role="officer", password=OTHER_OFFICER[1], policy=FAST_TEST_POLICY, clock=clock,
            by=audit.SYSTEM,
        )  # fmt: skip
    run_id = finished_run(factory)
    with transaction(factory) as session:
        users = {u.email: u for u in session.scalars(select(User))}
        coordinator = users[COORDINATOR[0]]
        a = targeting.create_round(session, run_id=run_id, k=3, title="A", user=coordinator,
                                   clock=clock)  # fmt: skip
        targeting.open_consultation(
            session, round_id=a.id, organisation_codes=["FRN"], user=coordinator,
            deadline=(clock() + dt.timedelta(days=14)).date(), clock=clock,
        )  # fmt: skip
        b = targeting.create_round(session, run_id=run_id, k=3, title="B", user=coordinator,
                                   clock=clock)  # fmt: skip
        tokens = {
            who: accounts.create_api_token(
                session, user=users[account[0]], name="matris", clock=clock
            )[0]
            for who, account in ACCOUNTS.items()
        }
        own_token = session.scalars(
            select(ApiToken).where(ApiToken.user_id == users[OFFICER[0]].id)
        ).one()
        ids = {"run": run_id, "a": a.id, "b": b.id, "token": own_token.id,
               "user": users[VIEWER[0]].id}  # fmt: skip
    with transaction(factory) as session:
        ids |= _fund_world(session, clock)
    return World(factory, ids, tokens)


def _fund_world(session: Session, clock: FakeClock) -> dict[str, int]:
    """Malmö's fund and the call-offs {d}, {s}, {g} (FRN) and {k} (STK); {file} is {s}'s."""
    users = {u.email: u for u in session.scalars(select(User))}
    officer, admin = users[OFFICER[0]], users[ADMIN[0]]
    coordinator = users[COORDINATOR[0]]
    fund = seed_malmo_fund(session, clock=clock)
    content = complete(90_000, areas=("T1",), area_reason=REASON)

    def draft(by: User, organisation_id: int | None = None) -> Any:
        return funds.create_call_off(session, fund_id=fund.id, year=2026, content=content,
                                     user=by, organisation_id=organisation_id, clock=clock)  # fmt: skip

    d, s, g = draft(officer), draft(officer), draft(officer)
    plan = attach(session, call_off_id=s.id, filename="plan.pdf", data=b"%PDF-1.4 plan",
                  user=officer, clock=clock)  # fmt: skip
    k = draft(admin, organisation_id=admin.organisation_id)
    for c, by in ((s, officer), (g, officer), (k, admin)):
        funds.submit(session, call_off_id=c.id, user=by, version=c.version, clock=clock)
    funds.assess(session, call_off_id=g.id, recommendation="full", user=coordinator,
                 assessment="Insatsen når unga i området och är billig.", version=g.version,
                 clock=clock)  # fmt: skip
    funds.decide(
        session, call_off_id=g.id, granted=True, user=coordinator, version=g.version,
        decision=DecisionIn(body_kind=BodyKind.BOARD, body="city_director",
                            meeting_date=dt.date(2026, 2, 10), heading=""),
        clock=clock,
    )  # fmt: skip
    states = (d.status, s.status, g.status, k.status)
    assert states == ("draft", "submitted", "granted", "submitted")
    return {"fund": fund.id, "council": fund.frames[0].decision_id,
            "d": d.id, "s": s.id, "g": g.id, "k": k.id, "file": plan.id}  # fmt: skip


def _fill(body: dict[str, Any] | None, world: World) -> dict[str, Any] | None:
    """The body with each ``"{name}"`` value replaced by ``ids[name]``, and ``"{v:name}"`` by
    the current version of call-off ``name`` (so an allowed action is not merely stale)."""
    if body is None:
        return None
    filled = dict(body)
    with world.factory() as session:
        for key, value in body.items():
            if not (isinstance(value, str) and value.startswith("{") and value.endswith("}")):
                continue
            name = value[1:-1]
            if name.startswith("v:"):
                filled[key] = session.get(CallOff, world.ids[name[2:]]).version  # type: ignore[union-attr]
            else:
                filled[key] = world.ids[name]
    return filled


def _outcome(response: Any) -> str:
    status = response.status_code
    assert status < 500, f"{status}: {response.text[:300]}"
    location = response.headers.get("location", "")
    if status == 401 or (300 <= status < 400 and urlsplit(location).path == "/login"):
        return "login"
    return {403: "deny", 404: "hide"}.get(status, "ok")


def _request(client: TestClient, world: World, who: str, row: tuple[Any, ...]) -> str:
    method, _, path, raw, _ = row
    url, body = path.format(**world.ids), _fill(raw, world)
    if url.startswith("/api/"):
        headers = {"Authorization": f"Bearer {world.tokens[who]}"} if who in world.tokens else {}
        if method == "GET":
            return _outcome(client.get(url, headers=headers))
        return _outcome(client.request(method, url, json=body, headers=headers))
    if method == "GET":
        return _outcome(client.get(url))
    token = csrf_from(client.get("/login" if who == "anonymous" else "/").text)
    return _outcome(client.post(url, data={**(body or {}), "csrf_token": token}))


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def world(session_factory: sessionmaker[Session], clock: FakeClock) -> World:
    return _build_world(session_factory, clock)


@pytest.mark.parametrize("who", PRINCIPALS)
def test_every_route_allows_or_refuses_as_the_table_says(
    who: str, world: World, clock: FakeClock
) -> None:
    column = PRINCIPALS.index(who)
    got, expected = {}, {}
    with make_client(world.factory, clock) as client:
        if who in ACCOUNTS:
            assert login(client, ACCOUNTS[who]) == 303
        for row in MATRIX:
            key = f"{row[0]} {row[2]}"
            expected[key] = row[4].split()[column]
            got[key] = _request(client, world, who, row)
    wrong = {k: f"got {got[k]}, table says {v}" for k, v in expected.items() if got[k] != v}
    assert wrong == {}


def test_the_table_names_every_route(clock: FakeClock) -> None:
    from kraftsamling.core.settings import Settings
    from kraftsamling.web.app import create_app

    app = create_app(Settings(environment="test", DATABASE_URL="sqlite:///:memory:"))  # type: ignore[arg-type]
    requests = [(row[0], row[2]) for row in MATRIX]
    assert len(requests) == len(set(requests)), "a request is in the table twice"
    assert {(row[0], row[1]) for row in MATRIX} == set(app_routes(app.routes))
    assert all(len(row[4].split()) == len(PRINCIPALS) for row in MATRIX)
