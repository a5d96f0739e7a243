"""Every module's docstring examples run and print what they say.

One test per module under ``src/kraftsamling`` (found by walking the package, so a new module
is covered without a list to keep), run as ``pytest --doctest-modules`` would run it: the
module's globals, ``ELLIPSIS`` (pytest's default flag), warnings as errors.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import kraftsamling

# Modules that cannot be imported on their own.
NOT_IMPORTABLE = {
    "kraftsamling.__main__": "runs the command line when imported",
    "kraftsamling.migrations.env": "reads alembic's context, which exists only inside alembic",
}

# Docstrings that are wrong today in code owned elsewhere; strict, so the test says when
# the fix lands and the entry can go.
KNOWN_BROKEN: dict[str, str] = {}

MODULES = sorted(
    info.name
    for info in pkgutil.walk_packages(kraftsamling.__path__, "kraftsamling.")
    if info.name not in NOT_IMPORTABLE
)


def _params() -> list[object]:
    return [
        pytest.param(name, marks=pytest.mark.xfail(reason=KNOWN_BROKEN[name], strict=True))
        if name in KNOWN_BROKEN
        else name
        for name in MODULES
    ]


@pytest.mark.parametrize("name", _params())
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    runner = doctest.DocTestRunner(verbose=False, optionflags=doctest.ELLIPSIS)
    report: list[str] = []
    for test in doctest.DocTestFinder(exclude_empty=True).find(module):
        runner.run(test, out=report.append)
    assert runner.failures == 0, "".join(report)


def test_the_walk_finds_the_modules_and_their_examples() -> None:
    # A walk that found nothing would make every test above pass.
    assert {"kraftsamling.index.normalise", "kraftsamling.runs.ranking"} <= set(MODULES)
    assert any(name.startswith("kraftsamling.funds.") for name in MODULES)
    attempted = 0
    for name in ("kraftsamling.index.normalise", "kraftsamling.areas.charts"):
        runner = doctest.DocTestRunner(verbose=False, optionflags=doctest.ELLIPSIS)
        for test in doctest.DocTestFinder().find(importlib.import_module(name)):
            runner.run(test, out=lambda _text: None)
        attempted += runner.tries
    assert attempted >= 3
    assert set(KNOWN_BROKEN) <= set(MODULES)
