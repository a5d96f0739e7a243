"""``index explain`` says how Monte Carlo draws are scored, as the fit itself reports it."""

from __future__ import annotations

from pathlib import Path

import pytest

from kraftsamling.index.explain import explain
from kraftsamling.index.spec import load_spec

SPECS = Path(__file__).resolve().parents[2] / "src" / "kraftsamling" / "index" / "specs"


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("svi2022.toml", "dragningarna räknas i block"),
        ("imd2019.toml", "matrisprodukt"),
    ],
)
def test_the_monte_carlo_path_is_named(name: str, words: str) -> None:
    text = explain(load_spec(SPECS / name))
    section = text.split("Osäkerhet (Monte Carlo):", 1)[1]
    assert words in section


def test_a_step_scored_draw_by_draw_is_named() -> None:
    from kraftsamling.index.spec import parse_spec

    spec = parse_spec({
        "index": {"id": "t", "id_column": "id"},
        "indicator": [{"id": "a", "group": "g"}, {"id": "b", "group": "g"}],
        "group": [{"id": "g", "renormalise": {"method": "zscore"}, "pass_up": "normalised"}],
    })  # fmt: skip
    text = explain(spec, lang="en")
    assert "one draw at a time" in text and "'g'" in text
