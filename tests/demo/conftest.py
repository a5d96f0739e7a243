"""Shared demo fixtures: the default data set is generated once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from kraftsamling.demo.export import write_demo_files
from kraftsamling.demo.generate import DemoData, generate


@pytest.fixture(scope="session")
def demo() -> DemoData:
    return generate()


@pytest.fixture(scope="session")
def demo_files(demo: DemoData, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    write_demo_files(demo, folder)
    return folder
