"""Revision 0006 creates the targeting tables (as the models have them once 0008 linked
rounds to decision records), and removes them again."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from kraftsamling.core.db import make_engine
from kraftsamling.core.migrate import current_revision, downgrade, load_metadata, upgrade

TABLES = {
    "selection_rounds",
    "selection_round_areas",
    "selection_round_invitations",
    "selection_round_comments",
}


def _tables(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def _differences(url: str) -> list[object]:
    def ours(name: str | None, type_: str, parents: object) -> bool:
        return type_ != "table" or name in TABLES

    def our_objects(
        obj: object, name: str | None, type_: str, reflected: bool, other: object
    ) -> bool:
        table = obj if type_ == "table" else getattr(obj, "table", None)
        return getattr(table, "name", None) in TABLES

    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            opts = {"compare_type": True, "include_name": ours, "include_object": our_objects}
            context = MigrationContext.configure(conn, opts=opts)
            return list(compare_metadata(context, load_metadata()))
    finally:
        engine.dispose()


def test_0006_matches_the_models_and_downgrades(empty_url: str) -> None:
    upgrade(empty_url, "0006_targeting")
    assert _tables(empty_url) >= TABLES
    upgrade(empty_url)  # 0008 links rounds to decision records: the models are at head
    assert _differences(empty_url) == []
    downgrade(empty_url, "0006_targeting")
    downgrade(empty_url, "0005_account_flags")
    assert not _tables(empty_url) & TABLES
    assert current_revision(empty_url) == "0005_account_flags"
    upgrade(empty_url, "0006_targeting")
    assert _tables(empty_url) >= TABLES
    downgrade(empty_url, "base")
