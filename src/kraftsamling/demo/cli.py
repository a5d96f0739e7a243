"""``kraftsamling demo``: write the synthetic Malmö demo files, or load them into the database."""

from __future__ import annotations

import importlib
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from sqlalchemy.orm import Session, sessionmaker

from kraftsamling.demo.generate import DEFAULT_SEED

app = typer.Typer(no_args_is_help=True)

SeedOption = Annotated[int, typer.Option("--seed", help="Random seed; same seed, same files.")]


@app.command("export")
def export(
    folder: Annotated[Path, typer.Argument(help="Folder to write the files into.")],
    seed: SeedOption = DEFAULT_SEED,
) -> None:
    """Write the synthetic demo data (CSV, GeoJSON, README) into FOLDER."""
    from kraftsamling.demo.export import write_demo_files
    from kraftsamling.demo.generate import generate

    paths = write_demo_files(generate(seed=seed), folder)
    typer.echo(f"Wrote {len(paths)} files of synthetic demo data (seed {seed}) to {folder}.")


def _stats_service() -> ModuleType:
    from kraftsamling.core.errors import NotFound

    try:
        # Imported by name: the demo only needs the service at run time, not to type-check.
        service = importlib.import_module("kraftsamling.stats.service")
    except ImportError as exc:
        raise NotFound(
            "Cannot load the demo: the statistics service (kraftsamling.stats.service) is not "
            f"available ({exc}). Use 'kraftsamling demo export FOLDER' to get the files instead."
        ) from exc
    return service


def _already_loaded(session: Session, code: str) -> bool:
    """True when the demo's first sub-area is already stored, so a second load changes nothing."""
    from sqlalchemy import select

    from kraftsamling.stats.models import Area

    return session.scalar(select(Area.code).where(Area.code == code)) is not None


@app.command("load")
def load(
    seed: SeedOption = DEFAULT_SEED,
    database_url: Annotated[
        str | None,
        typer.Option(
            "--database-url",
            help="SQLAlchemy database URL; defaults to the DATABASE_URL setting.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Import the demo data into the database (migrated first); skips if it is already there."""
    from kraftsamling.core.db import make_engine, make_sessionmaker, transaction
    from kraftsamling.core.migrate import upgrade
    from kraftsamling.core.settings import get_settings
    from kraftsamling.demo.places import sub_areas

    service = _stats_service()
    url = database_url or get_settings().database_url
    upgrade(url)
    engine = make_engine(url)
    try:
        factory = make_sessionmaker(engine)
        with transaction(factory) as session:
            loaded = _already_loaded(session, sub_areas()[0].code)
        if loaded:
            typer.echo("Demo statistics are already loaded; nothing changed.")
        else:
            _load_statistics(factory, service, seed)
            typer.echo(f"Loaded the synthetic Malmö demo data (seed {seed}) into the database.")
        _seed_accounts(factory)
        _store_default_run(factory)
        _store_demo_round(factory)
        _store_demo_fund(factory)
    finally:
        engine.dispose()


def _load_statistics(factory: sessionmaker[Session], service: Any, seed: int) -> None:
    from kraftsamling.core.db import transaction
    from kraftsamling.demo.export import write_demo_files
    from kraftsamling.demo.generate import generate

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_demo_files(generate(seed=seed), folder)
        # One transaction: either all three imports are stored or none is.
        with transaction(factory) as session, _progress() as report:
            service.import_areas(
                session, folder / "areas.csv", boundaries=folder / "boundaries.geojson"
            )
            service.import_indicators(session, folder / "indicators.csv")
            service.import_observations(
                session, folder / "observations.csv", fmt="tidy", progress=report
            )


def _store_default_run(factory: sessionmaker[Session]) -> None:
    """The default index run (Malmö spec, latest year, 200 draws); kept if already stored."""
    from kraftsamling.runs.service import ensure_default_run
    from kraftsamling.runs.spec_files import STORED_SPECS_DIR

    run = ensure_default_run(factory, STORED_SPECS_DIR / "malmo_utsatthet.toml", n_draws=200)
    if run is None:
        typer.echo("The default index run is already stored; nothing changed.")
    else:
        typer.echo(f"Stored the default index run {run.id} ({run.year}, {run.status}).")


def _store_demo_round(factory: sessionmaker[Session]) -> None:
    """One decided selection round (the default run's top 10); none if any round exists."""
    from kraftsamling.core.db import transaction
    from kraftsamling.targeting.seed import ensure_demo_round

    with transaction(factory) as session:
        made = ensure_demo_round(session)
        message = (
            "A selection round is already stored (or no finished run); nothing changed."
            if made is None
            else f"Stored the demo selection round {made.id}: version {made.version}, "
            f"{sum(a.selected for a in made.areas)} target areas."
        )
    typer.echo(message)


def _store_demo_fund(factory: sessionmaker[Session]) -> None:
    """Malmö's fund, its 2026 frame and a dozen call-offs in every state; once."""
    from kraftsamling.core.db import transaction
    from kraftsamling.funds.demo import ensure_demo_fund

    with transaction(factory) as session:
        made = ensure_demo_fund(session)
    typer.echo(
        f"Stored the demo fund with {made} call-offs."
        if made
        else "The demo fund's call-offs are already stored (or no target areas); nothing changed."
    )


def _seed_accounts(factory: sessionmaker[Session]) -> None:
    """Malmö's organisations and one demo account per role; existing ones are kept."""
    from kraftsamling.accounts.seed import DEMO_ACCOUNTS, seed_demo_accounts
    from kraftsamling.core.db import transaction

    with transaction(factory) as session:
        added = seed_demo_accounts(session)
    typer.echo(f"Demo accounts ({added} new; demo passwords, never use them in production):")
    for account in DEMO_ACCOUNTS:
        typer.echo(f"  {account.role.value:<12} {account.email:<36} {account.password}")


@contextmanager
def _progress() -> Iterator[Callable[[str, int, int | None], None]]:
    """A Rich progress bar fed by the service's (phase, done, total) callback."""
    with Progress(
        TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(), transient=True
    ) as bar:
        tasks: dict[str, TaskID] = {}

        def report(phase: str, done: int, total: int | None) -> None:
            if phase not in tasks:
                tasks[phase] = bar.add_task(f"Observations: {phase}", total=total)
            bar.update(tasks[phase], completed=done, total=total)

        yield report
