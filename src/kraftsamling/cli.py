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


_registered = False


def _register() -> None:
    """Attach each capability's commands once; imported late to keep `import` cheap."""
    global _registered
    if _registered:
        return
    _registered = True
    from kraftsamling.accounts.cli import app as users_app
    from kraftsamling.core.audit_cli import app as audit_app
    from kraftsamling.core.cli import app as db_app
    from kraftsamling.demo.cli import app as demo_app
    from kraftsamling.funds.cli import app as fund_app
    from kraftsamling.index.cli import app as index_app
    from kraftsamling.stats.cli import app as stats_app
    from kraftsamling.stats.sources.cli import app as sources_app
    from kraftsamling.web.cli import serve

    app.add_typer(index_app, name="index", help="Build, explain and compare composite indices.")
    app.add_typer(stats_app, name="stats", help="Import, aggregate and export statistics.")
    app.add_typer(sources_app, name="sources", help="Fetch statistics from SCB and Kolada.")
    app.add_typer(demo_app, name="demo", help="Synthetic Malmö demo data.")
    app.add_typer(db_app, name="db", help="Database schema migrations.")
    app.add_typer(users_app, name="users", help="User accounts.")
    app.add_typer(audit_app, name="audit", help="Verify and export the audit trail.")
    app.add_typer(fund_app, name="fund", help="The call-off fund: figures, open data, e-mail.")
    app.command("serve")(serve)


@app.command()
def version() -> None:
    """Print the package version."""
    typer.echo(__version__)


def main() -> None:
    """Entry point: known errors become one line on stderr and exit code 2.

    Usage errors are handled by Typer itself (exit code 2 with the usage line); anything
    else propagates with its traceback, because it is a bug to fix, not a message to read.
    """
    _register()
    try:
        app()
    except KraftsamlingError as exc:
        Console(stderr=True).print(f"[bold red]Error:[/] {exc}", highlight=False, soft_wrap=True)
        sys.exit(2)
