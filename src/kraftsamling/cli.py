"""The ``kraftsamling`` command line. Each capability contributes its own Typer app."""

from __future__ import annotations

import sys

import typer
from rich.console import Console

from kraftsamling import __version__
from kraftsamling.core.errors import KraftsamlingError

app = typer.Typer(
    name="kraftsamling",
    help="Area analysis and vulnerability index for a municipality's concentrated efforts.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


def _register() -> None:
    # Imported here so that `import kraftsamling.cli` stays cheap and free of side effects.
    from kraftsamling.demo.cli import app as demo_app
    from kraftsamling.index.cli import app as index_app
    from kraftsamling.stats.cli import app as stats_app
    from kraftsamling.stats.sources.cli import app as sources_app

    app.add_typer(index_app, name="index", help="Build, explain and compare composite indices.")
    app.add_typer(stats_app, name="stats", help="Import, aggregate and export statistics.")
    app.add_typer(sources_app, name="sources", help="Fetch statistics from SCB and Kolada.")
    app.add_typer(demo_app, name="demo", help="Synthetic Malmö demo data.")


@app.command()
def version() -> None:
    """Print the package version."""
    typer.echo(__version__)


def main() -> None:
    """Entry point: known errors become one line on stderr and exit code 2."""
    _register()
    try:
        app(standalone_mode=False)
    except KraftsamlingError as exc:
        Console(stderr=True).print(f"[bold red]Error:[/] {exc}", highlight=False, soft_wrap=True)
        sys.exit(2)
    except typer.Abort:
        sys.exit(1)
    except Exception as exc:
        # click's usage errors carry their own exit code and message
        import click

        if isinstance(exc, click.exceptions.ClickException):
            exc.show()
            sys.exit(exc.exit_code)
        if isinstance(exc, click.exceptions.Exit):
            sys.exit(exc.exit_code)
        raise
