"""Every successful import appends one audit entry in its own transaction; a failed one none."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from kraftsamling.core import audit, audit_query
from kraftsamling.core.audit_query import AuditFilter
from kraftsamling.core.errors import ImportFailed, InvalidInput
from kraftsamling.stats.cli import app
from kraftsamling.stats.service import import_areas, import_indicators, import_observations

AREAS_CSV = """code,name,level,parent_code
1280,Malmö,municipality,
1280-D01,Centrum,district,1280
1280-D02,Söder,district,1280
1280-01-01,Gamla staden,sub_area,1280-D01
1280-01-02,Inre hamnen,sub_area,1280-D01
1280-02-01,Möllevången,sub_area,1280-D02
"""
INDICATORS_CSV = """id,name_sv,name_en,unit,direction,age_band,source,is_share
population,Folkmängd,Population,count,n/a,all,test,false
child_poverty,Barnfattigdom,Child poverty,percent,higher_is_worse,0-17,test,true
median_income,Medianinkomst,Median income,SEK,higher_is_better,20-64,test,false
"""
ANNA = audit.Actor(7, "anna@malmo.se")
NEW_YEARS = """area,indicator,year,value,numerator,denominator
1280-01-01,population,2023,4900,,
1280-01-01,population,2024,5050,,
1280-02-01,child_poverty,2025,25,125,500
"""


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _entries(factory: sessionmaker[Session]) -> list[audit.AuditEntry]:
    with factory() as session:
        return audit_query.query(session, AuditFilter(action="import"), newest_first=False)


def _heads(factory: sessionmaker[Session]) -> list[tuple[int, str]]:
    return [(e.id, e.hash) for e in _entries(factory)]


def _verified(factory: sessionmaker[Session]) -> int:
    with factory() as session:
        report = audit.verify(session)
    assert report.ok, str(report)
    return report.checked


def test_each_import_records_file_counts_and_system_actor(
    session_factory: sessionmaker[Session], tmp_path: Path
) -> None:
    import_areas(session_factory, write(tmp_path / "areas.csv", AREAS_CSV))
    import_indicators(session_factory, write(tmp_path / "indicators.csv", INDICATORS_CSV))
    import_observations(session_factory, write(tmp_path / "obs.csv", NEW_YEARS))

    areas, indicators, observations = _entries(session_factory)
    assert {(e.actor_id, e.actor_label, e.action) for e in (areas, indicators, observations)} == {
        (None, "system", "import")
    }
    assert (areas.object_type, areas.object_id) == ("areas", None)
    assert areas.after == {
        "file": "areas.csv", "boundaries": None, "created": 6, "updated": 0,
        "with_boundary": 0, "levels": ["district", "municipality", "sub_area"],
    }  # fmt: skip
    assert indicators.object_type == "indicators"
    assert indicators.after == {
        "file": "indicators.csv", "created": 3, "updated": 0,
        "indicators": ["child_poverty", "median_income", "population"],
    }  # fmt: skip
    assert observations.object_type == "observations"
    assert observations.after == {
        "file": "obs.csv", "format": "tidy", "sheet": None, "replace": False,
        "created": 3, "updated": 0, "years": [2023, 2025],
        "indicators": ["child_poverty", "population"], "ignored_columns": [],
    }  # fmt: skip
    assert _verified(session_factory) == 3


def test_replacing_import_counts_updates_and_names_the_actor(
    world: sessionmaker[Session], tmp_path: Path
) -> None:
    before = len(_entries(world))
    import_observations(
        world, write(tmp_path / "again.csv", NEW_YEARS), replace=True, actor=ANNA,
        request_id="req-42",
    )  # fmt: skip

    entries = _entries(world)
    assert len(entries) == before + 1
    entry = entries[-1]
    assert (entry.actor_id, entry.actor_label, entry.request_id) == (7, "anna@malmo.se", "req-42")
    assert entry.after is not None and isinstance(entry.after, dict)
    # 1280-01-01 population 2024 is in the baseline; the other two keys are new.
    assert (entry.after["created"], entry.after["updated"], entry.after["replace"]) == (2, 1, True)
    assert _verified(world) == before + 1


@pytest.mark.parametrize(
    "bad_import",
    [
        pytest.param(
            lambda f, d: import_observations(
                f, write(d / "bad.csv", NEW_YEARS + "9999-99-99,population,2025,1,,\n")
            ),
            id="observations-unknown-area",
        ),
        pytest.param(
            # The baseline already holds 1280-01-01 population 2024: refused without replace.
            lambda f, d: import_observations(f, write(d / "dup.csv", NEW_YEARS)) and None,
            id="observations-already-stored",
        ),
        pytest.param(
            lambda f, d: import_indicators(
                f, write(d / "ind.csv", INDICATORS_CSV.replace("percent,higher", "count,higher"))
            ),
            id="indicators-change-kind",
        ),
        pytest.param(
            lambda f, d: import_areas(
                f, write(d / "areas.csv", AREAS_CSV + "1280-09-09,Ny,sub_area,1280-D99\n")
            ),
            id="areas-unknown-parent",
        ),
    ],
)
def test_failed_import_writes_no_entry(
    world: sessionmaker[Session],
    tmp_path: Path,
    take_snapshot: Callable[[], object],
    bad_import: Callable[[sessionmaker[Session], Path], object],
) -> None:
    stored, entries = take_snapshot(), _heads(world)
    with pytest.raises(ImportFailed):
        bad_import(world, tmp_path)
    assert take_snapshot() == stored
    assert _heads(world) == entries
    assert _verified(world) == len(entries)


def test_entry_and_rows_share_one_transaction(
    world: sessionmaker[Session], tmp_path: Path, take_snapshot: Callable[[], object]
) -> None:
    stored, entries = take_snapshot(), _heads(world)
    # The rows are written before the entry; an entry that cannot be written takes them along.
    with pytest.raises(InvalidInput, match="request_id"):
        import_observations(world, write(tmp_path / "new.csv", NEW_YEARS), replace=True,
                            request_id="x" * 101)  # fmt: skip
    assert take_snapshot() == stored
    assert _heads(world) == entries

    # Inside a caller's session the entry is kept only if the caller commits.
    with world() as session:
        import_observations(session, tmp_path / "new.csv", replace=True)
        assert len(audit_query.query(session, AuditFilter(action="import"))) == len(entries) + 1
        session.rollback()
    assert take_snapshot() == stored
    assert _heads(world) == entries
    assert _verified(world) == len(entries)


def test_cli_imports_are_recorded_as_the_operator(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/k.sqlite3"
    runner = CliRunner()
    for args in (
        ("import-areas", str(write(tmp_path / "areas.csv", AREAS_CSV))),
        ("import-indicators", str(write(tmp_path / "indicators.csv", INDICATORS_CSV))),
        ("import", str(write(tmp_path / "obs.csv", NEW_YEARS))),
    ):
        result = runner.invoke(app, [*args, "--database-url", url])
        assert result.exit_code == 0, result.output
    rejected = runner.invoke(app, ["import", str(tmp_path / "obs.csv"), "--database-url", url])
    assert rejected.exit_code == 2

    from kraftsamling.core.db import make_engine, make_sessionmaker

    engine = make_engine(url)
    try:
        entries = _entries(make_sessionmaker(engine))
        assert [e.object_type for e in entries] == ["areas", "indicators", "observations"]
        assert all(e.actor_id is None and e.actor_label.startswith("cli") for e in entries)
        assert _verified(make_sessionmaker(engine)) == 3
    finally:
        engine.dispose()
