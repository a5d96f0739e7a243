"""``kraftsamling demo export`` writes the files; ``load`` explains itself without the service."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kraftsamling.core.errors import NotFound
from kraftsamling.demo.cli import app

runner = CliRunner()


def test_export_writes_the_files_with_the_seed(tmp_path: Path) -> None:
    result = runner.invoke(app, ["export", str(tmp_path / "out"), "--seed", "5"])
    assert result.exit_code == 0, result.output
    assert "seed 5" in result.output
    readme = (tmp_path / "out" / "README.txt").read_text(encoding="utf-8")
    assert "Seed: 5" in readme
    assert (tmp_path / "out" / "wide_2025.csv").is_file()


def test_load_without_statistics_service_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A None entry in sys.modules makes the import fail, as if the module did not exist.
    monkeypatch.setitem(sys.modules, "kraftsamling.stats.service", None)
    result = runner.invoke(app, ["load"])
    assert result.exit_code != 0
    assert isinstance(result.exception, NotFound)
    assert "kraftsamling.stats.service" in str(result.exception)
    assert "demo export" in str(result.exception)
