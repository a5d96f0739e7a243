"""``kraftsamling demo load`` migrates, imports through the stats service, and repeats safely."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Connection, Engine, func, select, text
from typer.testing import CliRunner

pytest.importorskip("kraftsamling.stats.service")

from kraftsamling.core.db import Base
from kraftsamling.demo.cli import app
from kraftsamling.demo.places import sub_areas
from kraftsamling.stats.models import Area, Indicator, Observation
from kraftsamling.targeting.models import Comment, RoundArea, SelectionRound

runner = CliRunner()


def _empty(engine: Engine) -> None:
    Base.metadata.drop_all(engine)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))


@pytest.fixture
def empty_database(engine: Engine) -> Iterator[Engine]:
    """The test database with no tables at all, so that `load` has to migrate it."""
    _empty(engine)
    yield engine
    _empty(engine)


def _counts(engine: Engine) -> tuple[int, int, int]:
    def count(conn: Connection, table: type[Base]) -> int:
        return conn.scalar(select(func.count()).select_from(table)) or 0

    with engine.connect() as conn:
        return count(conn, Area), count(conn, Indicator), count(conn, Observation)


def _rounds(engine: Engine) -> list[tuple[str, int | None, int, int]]:
    """Each selection round's status, version, selected areas and comments."""
    with engine.connect() as conn:
        rounds = conn.execute(select(SelectionRound.id, SelectionRound.status,
                                     SelectionRound.version)).all()  # fmt: skip
        return [
            (status, version,
             conn.scalar(select(func.count()).where(RoundArea.round_id == rid,
                                                    RoundArea.selected.is_(True))) or 0,
             conn.scalar(select(func.count()).where(Comment.round_id == rid)) or 0)
            for rid, status, version in rounds
        ]  # fmt: skip


def test_load_twice_keeps_one_copy(empty_database: Engine) -> None:
    url = empty_database.url.render_as_string(hide_password=False)
    first = runner.invoke(app, ["load", "--database-url", url])
    assert first.exit_code == 0, first.output
    n_sub = len(sub_areas())
    expected = (1 + 10 + n_sub, 12, n_sub * 12 * 10)
    assert _counts(empty_database) == expected
    with empty_database.connect() as conn:
        synthetic = conn.scalar(select(func.count()).where(Area.synthetic.is_(True)))
        herrgarden = conn.scalar(select(Area.boundary).where(Area.code == "1280-09-03"))
    assert synthetic == expected[0]
    assert herrgarden is not None and '"Polygon"' in herrgarden
    assert _rounds(empty_database) == [("finalised", 1, 10, 2)]
    second = runner.invoke(app, ["load", "--database-url", url])
    assert second.exit_code == 0, second.output
    assert "already loaded" in second.output
    assert _counts(empty_database) == expected
    assert "selection round is already stored" in second.output
    assert _rounds(empty_database) == [("finalised", 1, 10, 2)]
