"""Index specs stored as TOML files, offered on the new-run form and by the API.

They are read from the first folder of this chain that exists, with no setting to configure:
the app's ``app.state.spec_folder`` (tests, or a deployment with its own specs; read in
``runs.routes``), the repository's ``kraftsamling/index/specs`` (a source checkout), and last
``kraftsamling/runs/specs`` inside the installed package.
"""

from __future__ import annotations

import logging
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Protocol

from kraftsamling.core.errors import NotFound, SpecError
from kraftsamling.index import IndexSpec, parse_spec

log = logging.getLogger(__name__)

STORED_SPECS_DIR = Path(__file__).resolve().parents[1] / "index" / "specs"


@dataclass(frozen=True)
class StoredSpec:
    """A spec file offered on the form: ``key`` is the file name without ``.toml``; ``inputs``
    are the stored indicators it reads."""

    key: str
    title: str
    path: Path
    inputs: tuple[str, ...] = ()


def stored_specs(folder: Path | None = None) -> list[StoredSpec]:
    """The readable ``*.toml`` specs in ``folder`` (default ``STORED_SPECS_DIR``), sorted by key;
    unreadable ones are left out, and a missing folder has none."""
    folder = folder or STORED_SPECS_DIR
    specs = []
    for path in sorted(folder.glob("*.toml")):
        try:
            spec = parse_spec_toml(path.read_text(encoding="utf-8"), source=path.name)
        except SpecError:
            log.warning("stored spec %s is invalid and is not offered", path)
            continue
        inputs = tuple(c for c in spec.required_columns() if c != spec.id_column)
        specs.append(StoredSpec(path.stem, spec.name or spec.id, path, inputs))
    return specs


def stored_spec_toml(key: str, folder: Path | None = None) -> str:
    """The TOML text of stored spec ``key``; ``NotFound`` lists the known keys."""
    for spec in stored_specs(folder):
        if spec.key == key:
            return spec.path.read_text(encoding="utf-8")
    known = ", ".join(s.key for s in stored_specs(folder)) or "none"
    raise NotFound(
        f"No stored index spec {key!r}; stored specs: {known}.",
        key="runs.error.unknown_spec", spec=key[:100], known=known,
    )  # fmt: skip


def parse_spec_toml(text: str, *, source: str = "spec") -> IndexSpec:
    """Parse and validate a TOML spec; ``SpecError`` names ``source`` and what was wrong."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SpecError(f"{source} is not valid TOML: {exc}.") from exc
    try:
        return parse_spec(data)
    except SpecError as exc:
        raise SpecError(f"{source}: {exc}") from exc


def run_spec(text: str, *, source: str = "spec") -> IndexSpec:
    """:func:`parse_spec_toml` for a stored run's spec, remembered by the text itself.

    A run's spec never changes and every area page reads the reference run's, so it is parsed
    once per process. The cache is keyed on the text (its hash, then equality), never on time,
    so a different spec is always parsed anew; ``IndexSpec`` is frozen, so sharing it is safe.
    """
    try:
        return _remembered(text)
    except SpecError:
        return parse_spec_toml(text, source=source)  # raises again, naming ``source``


class Named(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def name_sv(self) -> str: ...


def names_of(item: Named) -> tuple[str, str]:
    """(Swedish, English) name of a spec's indicator or theme: each language falls back on the
    other, then on the id."""
    return (item.name_sv or item.name or item.id, item.name or item.name_sv or item.id)


@lru_cache(maxsize=32)
def _remembered(text: str) -> IndexSpec:
    return parse_spec_toml(text)
