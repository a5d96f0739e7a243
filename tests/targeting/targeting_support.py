"""Shared data of the targeting tests (a module name no other test folder uses).

Eight sub-areas T1..T8 in a row of unit squares, two indicators that agree (so every Monte
Carlo draw ranks T1 first down to T8 last), and a tiny spec over them.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from kraftsamling.accounts import service as accounts
from kraftsamling.accounts.models import User
from kraftsamling.core.audit import AuditEntry
from kraftsamling.core.db import transaction
from kraftsamling.runs import service as runs
from kraftsamling.runs.models import IndexRun
from kraftsamling.stats.models import Area, Indicator, Observation

CODES = [f"T{i}" for i in range(1, 9)]
YEAR = 2024
SPEC = """
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
ADMIN_EMAIL = "admin@kraftsamling.example"
COORDINATOR_EMAIL = "samordnare@kraftsamling.example"
OFFICER_EMAIL = "handlaggare@kraftsamling.example"
VIEWER_EMAIL = "lasare@kraftsamling.example"


def _square(i: int) -> str:
    x0, y0 = 13.0 + 0.01 * i, 55.6
    ring = [[x0, y0], [x0 + 0.01, y0], [x0 + 0.01, y0 + 0.01], [x0, y0 + 0.01], [x0, y0]]
    return json.dumps({"type": "Polygon", "coordinates": [ring]})


def add_statistics(session: Session) -> None:
    areas = [
        Area(code=c, name=f"Område {c}", level="sub_area", boundary=_square(i))
        for i, c in enumerate(CODES)
    ]
    session.add_all(areas)
    session.add_all(
        [
            Indicator(
                id="poverty", name_sv="Fattigdom", unit="percent", direction="higher_is_worse"
            ),
            Indicator(
                id="jobs", name_sv="Sysselsättning", unit="percent", direction="higher_is_better"
            ),
        ]
    )
    session.flush()
    for i, area in enumerate(areas):
        session.add(Observation(area_id=area.id, indicator_id="poverty", year=YEAR, value=80 - i))
        session.add(Observation(area_id=area.id, indicator_id="jobs", year=YEAR, value=10 + i))


def finished_run(factory: sessionmaker[Session]) -> int:
    """A computed run of the tiny spec (rank 1 = T1 ... rank 8 = T8)."""
    with transaction(factory) as session:
        run = runs.create_run(
            session, spec_toml=SPEC, year=YEAR, n_draws=20, seed=1, top_k=3, user=None
        )
        run_id = run.id
    runs.execute_run(factory, run_id, n_jobs=1)
    return run_id


def unrank(factory: sessionmaker[Session], run_id: int, code: str) -> None:
    """Make the run leave ``code`` unranked, as it does an area with too few residents."""
    with transaction(factory) as session:
        run = session.get(IndexRun, run_id)
        assert run is not None and run.result is not None
        result = copy.deepcopy(run.result)
        row = result["areas"][code]
        for key in ("rank", "score", "class", "rank_p05", "rank_median", "rank_p95", "p_top_k"):
            row[key] = None
        run.result = result


def forget_top_k(factory: sessionmaker[Session], run_id: int) -> None:
    """A run that did not record its k (``top_k`` null), as older runs may be."""
    with transaction(factory) as session:
        run = session.get(IndexRun, run_id)
        assert run is not None
        run.top_k = None


def queued_run(factory: sessionmaker[Session]) -> int:
    with transaction(factory) as session:
        return runs.create_run(session, spec_toml=SPEC, year=YEAR, n_draws=5, user=None).id


def user(session: Session, email: str) -> User:
    return session.scalars(select(User).where(User.email == email)).one()


def audit_count(session: Session, object_type: str) -> int:
    query = select(func.count()).where(AuditEntry.object_type == object_type)
    return session.scalar(query) or 0


def api_token(factory: sessionmaker[Session], email: str, clock: object) -> dict[str, str]:
    with transaction(factory) as session:
        plain, _ = accounts.create_api_token(
            session,
            user=user(session, email),
            name="test",
            clock=clock,  # type: ignore[arg-type]
        )
    return {"Authorization": f"Bearer {plain}"}


def form_and_csrf_counts(html: str) -> tuple[int, int]:
    """How many POST forms a page has, and how many CSRF fields."""
    forms = len(re.findall(r'<form method="post"', html))
    return forms, html.count('name="csrf_token"')


def days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)
