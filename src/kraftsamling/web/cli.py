"""``kraftsamling serve``: run the web application with uvicorn."""

from __future__ import annotations

from typing import Annotated

import typer

app = typer.Typer(no_args_is_help=False)


@app.command("serve")
def serve(
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
) -> None:
    """Migrate the database, then serve the application until stopped (Ctrl+C)."""
    import uvicorn

    from kraftsamling.core import migrate
    from kraftsamling.core.settings import get_settings
    from kraftsamling.web.app import create_app

    settings = get_settings()
    migrate.upgrade(settings.database_url)
    typer.echo(f"Kraftsamling on http://{host}:{port}/ ({settings.environment})")
    uvicorn.run(create_app(settings), host=host, port=port, proxy_headers=False)
