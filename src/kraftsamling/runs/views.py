"""What the runs templates need besides the service: form parsing, the stored specs a form
offers, and the pair of runs the compare page shows.

Form fields arrive as text and are parsed here, so that a value that is not a number re-renders
the form with the values kept and a message in the reader's language instead of an error page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from kraftsamling.index.result import Comparison
from kraftsamling.runs import service
from kraftsamling.runs.models import IndexRun
from kraftsamling.runs.spec_files import StoredSpec
from kraftsamling.web.deps import MAX_RECORD_ID
from kraftsamling.web.forms import whole
from kraftsamling.web.i18n import translate


@dataclass(frozen=True)
class RunForm:
    """The numbers of the new-run form, parsed."""

    year: int
    n_draws: int
    seed: int
    top_k: int | None


def parse_run_form(*, year: str, n_draws: str, seed: str, top_k: str) -> RunForm:
    """The form's numbers; the service checks the year against the data and k against the
    number of areas."""
    k = None
    if top_k.strip():
        k = whole("top_k", top_k, low=1, high=service.MAX_INT, key="runs.error.top_k")
    return RunForm(
        year=whole("year", year, low=1, high=service.MAX_INT, key="runs.error.year_text"),
        n_draws=whole("n_draws", n_draws, low=1, high=service.MAX_DRAWS,
                      key="runs.error.n_draws", max=service.MAX_DRAWS),
        seed=whole("seed", seed, low=0, high=service.MAX_INT, key="runs.error.seed",
                   max=service.MAX_INT),
        top_k=k,
    )  # fmt: skip


@dataclass(frozen=True)
class SpecChoice:
    """A stored spec on the form; ``missing`` lists the indicators it reads that are not stored
    (it can run only when there are none)."""

    key: str
    title: str
    missing: tuple[str, ...]
    n_inputs: int

    @property
    def runnable(self) -> bool:
        return not self.missing


def spec_choices(session: Session, specs: Sequence[StoredSpec]) -> list[SpecChoice]:
    """Each stored spec with the indicators it lacks on this installation."""
    stored = service.stored_indicators(session)
    return [
        SpecChoice(s.key, s.title, tuple(c for c in s.inputs if c not in stored), len(s.inputs))
        for s in specs
    ]


def run_id(name: str, text: str | None) -> int | None:
    """A run number from the query string; empty means not chosen."""
    if text is None or not text.strip():
        return None
    return whole(name, text, low=1, high=MAX_RECORD_ID, key="runs.error.run_id",
                 max=MAX_RECORD_ID)  # fmt: skip


def default_pair(done: Sequence[IndexRun], a: int | None, b: int | None) -> tuple[int, int]:
    """The runs the compare form pre-selects: those asked for, else two different finished
    runs (the newer as b) when there are two. ``done`` is newest first and not empty."""
    ids = [r.id for r in done]
    if b is None:
        b = next((i for i in ids if i != a), ids[0])
    if a is None:
        a = next((i for i in ids if i != b), ids[0])
    return a, b


@dataclass(frozen=True)
class RunComparison:
    """Two finished runs compared, with the areas' names from the runs themselves."""

    comparison: Comparison
    names: dict[str, str]

    def label(self, code: str) -> str:
        name = self.names.get(code)
        return f"{name} ({code})" if name and name != code else code

    def labels(self, codes: Sequence[str]) -> list[str]:
        return [self.label(c) for c in codes]


def compare_pair(session: Session, *, a: int, b: int) -> RunComparison:
    """Run ``a`` compared with run ``b`` (see :func:`kraftsamling.runs.service.compare_runs`)."""
    comparison = service.compare_runs(session, a=a, b=b)
    names: dict[str, str] = {}
    for number in (a, b):  # the later run's name wins for an area renamed in between
        result = service.get_run(session, number).result or {}
        names.update({c: str(r.get("area_name") or c) for c, r in result.get("areas", {}).items()})
    return RunComparison(comparison, names)


def failure_text(run: IndexRun, language: str) -> str | None:
    """A failed run's reason in ``language`` when it is one the service states, else the stored
    (English) error as it is. The run stores the English message only, so a known reason is
    recognised by rebuilding it from the run's year and level."""
    known = service.no_ranked_area(year=run.year, level=run.level)
    if run.error == str(known):
        level = translate(language, f"level.{run.level}")
        return translate(language, "runs.error.no_ranked", year=run.year, level=level)
    return run.error
