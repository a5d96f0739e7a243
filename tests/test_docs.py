"""Every setting and every CLI command is documented, once, where users look for it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import typer.main

from kraftsamling import cli
from kraftsamling.core.settings import Settings

DOCS = Path(__file__).resolve().parents[1] / "docs"


def _documented_names(doc: str) -> set[str]:
    return set(re.findall(r"^\| `[^`]+` \| `([a-z_]+)` \|", doc, flags=re.MULTILINE))


def test_every_setting_is_documented() -> None:
    documented = _documented_names((DOCS / "settings.md").read_text(encoding="utf-8"))
    assert documented == set(Settings.model_fields)


def _command_paths(group: Any, prefix: str = "") -> set[str]:
    paths: set[str] = set()
    for name, command in group.commands.items():
        path = f"{prefix}{name}"
        if hasattr(command, "commands"):  # a group of sub-commands
            paths |= _command_paths(command, prefix=f"{path} ")
        else:
            paths.add(path)
    return paths


def test_every_cli_command_is_documented() -> None:
    cli._register()
    commands = _command_paths(typer.main.get_group(cli.app))
    doc = (DOCS / "cli.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^### `kraftsamling ([a-z -]+?)`", doc, flags=re.MULTILINE))
    assert commands == documented
