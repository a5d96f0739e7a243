"""``kraftsamling serve``: run the web application with uvicorn."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from fastapi import FastAPI

app = typer.Typer(no_args_is_help=False)


def app_from_settings() -> FastAPI:
    """The application built from the environment's settings; each worker process calls it."""
    from kraftsamling.core.settings import get_settings
    from kraftsamling.web.app import create_app

    app = create_app(get_settings())
    app.state.runs_reset_at_launch = True  # by ``serve``, before it started this process
    return app


@app.command("serve")
def serve(
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            min=1,
            help="Worker processes; each runs the whole application with its own database pool.",
        ),
    ] = 1,
    access_log: Annotated[
        bool, typer.Option("--access-log/--no-access-log", help="Log every request on stdout.")
    ] = True,
) -> None:
    """Migrate the database, then serve the application until stopped (Ctrl+C)."""
    import uvicorn

    from kraftsamling.core import migrate
    from kraftsamling.core.db import make_engine, make_sessionmaker
    from kraftsamling.core.settings import get_settings
    from kraftsamling.runs.worker import reset_cut_off_runs

    settings = get_settings()
    migrate.upgrade(settings.database_url)
    engine = make_engine(settings.database_url)
    try:
        reset_cut_off_runs(make_sessionmaker(engine))
    finally:
        engine.dispose()  # the worker processes open their own
    typer.echo(
        f"Kraftsamling on http://{host}:{port}/ ({settings.environment}, "
        f"{workers} worker{'s' if workers > 1 else ''})"
    )
    # An import string, not an app object: uvicorn starts extra workers by importing it.
    uvicorn.run(
        f"{__name__}:app_from_settings",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        access_log=access_log,
        proxy_headers=False,
    )
