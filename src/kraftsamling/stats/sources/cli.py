"""``kraftsamling sources``: fetch statistics from SCB (PxWeb API v2) and Kolada (API v3).

Every command calls the network only with ``--live`` or ``KRAFTSAMLING_ALLOW_NETWORK=true``.
Output files are tidy CSV (area, indicator, year, value) as ``kraftsamling stats import
--format tidy`` reads them. Tests pass a transport (and clock, sleep) in ``ctx.obj``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import httpx
import typer

from kraftsamling.core.errors import InvalidInput
from kraftsamling.core.settings import Settings, get_settings
from kraftsamling.stats.sources.kolada import KoladaClient
from kraftsamling.stats.sources.kolada import to_observations as kolada_observations
from kraftsamling.stats.sources.pxweb import PxWebClient
from kraftsamling.stats.sources.pxweb import to_observations as pxweb_observations
from kraftsamling.stats.sources.tidy import parse_year, write_tidy_csv, year_of_period

app = typer.Typer(
    help="Fetch statistics from SCB (PxWeb API v2) and Kolada (API v3) into tidy CSV.",
    no_args_is_help=True,
)

Live = Annotated[
    bool,
    typer.Option(
        "--live", help="Allow calls over the network (or set KRAFTSAMLING_ALLOW_NETWORK=true)."
    ),
]
Out = Annotated[Path, typer.Option("--out", "-o", help="Tidy CSV file to write.")]


def _settings(live: bool) -> Settings:
    settings = get_settings()
    if not (live or settings.allow_network):
        raise InvalidInput(
            "This command calls SCB or Kolada over the network, which is off: add --live "
            "or set KRAFTSAMLING_ALLOW_NETWORK=true."
        )
    return settings.model_copy(update={"allow_network": True})


def _transport(ctx: typer.Context) -> httpx.BaseTransport | None:
    obj: Any = ctx.obj
    return obj.get("transport") if isinstance(obj, dict) else None


def _injected(ctx: typer.Context) -> dict[str, Any]:
    # clock and sleep can be injected like the transport, so tests never wait
    obj: Any = ctx.obj
    return {k: obj[k] for k in ("clock", "sleep") if k in obj} if isinstance(obj, dict) else {}


def _split_codes(values: list[str]) -> list[str]:
    return [code.strip() for value in values for code in value.split(",") if code.strip()]


def parse_select(options: list[str]) -> dict[str, list[str]]:
    """Read ``--select DIM=CODE1,CODE2`` options into a selection (repeats add codes)."""
    selection: dict[str, list[str]] = {}
    for option in options:
        dim, sep, codes = option.partition("=")
        if not sep or not dim.strip() or not codes.strip():
            raise InvalidInput(
                f"--select expects DIM=CODE1,CODE2 (e.g. Region=1280 or Tid=*); got {option!r}."
            )
        selection.setdefault(dim.strip(), []).extend(_split_codes([codes]))
    return selection


@app.command("scb-tables")
def scb_tables(
    ctx: typer.Context,
    live: Live = False,
    query: Annotated[str | None, typer.Option("--query", "-q", help="Search words.")] = None,
    max_pages: Annotated[int, typer.Option(help="Stop after this many pages.")] = 10,
    lang: Annotated[str, typer.Option(help="Label language: sv or en.")] = "sv",
) -> None:
    """List SCB tables (id, period range, title), optionally matching a search."""
    settings = _settings(live)
    with PxWebClient.from_settings(
        settings, _transport(ctx), lang=lang, **_injected(ctx)
    ) as client:
        for table in client.tables(query, max_pages=max_pages):
            period = f"{table.first_period or ''}-{table.last_period or ''}"
            typer.echo(f"{table.id}\t{period}\t{table.label}")


@app.command("scb-data")
def scb_data(
    ctx: typer.Context,
    table: Annotated[str, typer.Argument(help="Table id, e.g. TAB6471.")],
    out: Out,
    live: Live = False,
    select: Annotated[
        list[str] | None,
        typer.Option("--select", "-s", help="DIM=CODE1,CODE2 (repeatable); DIM=* for all."),
    ] = None,
    region_dim: Annotated[str | None, typer.Option(help="Dimension holding the area.")] = None,
    time_dim: Annotated[str | None, typer.Option(help="Dimension holding the period.")] = None,
    content_dim: Annotated[str | None, typer.Option(help="Dimension holding the measure.")] = None,
    indicator: Annotated[
        str | None, typer.Option(help="Indicator id to use instead of the content code.")
    ] = None,
    year_from_period: Annotated[
        bool, typer.Option(help="Take the year from periods such as 2024M12 or 2024K4.")
    ] = False,
    lang: Annotated[str, typer.Option(help="Label language: sv or en.")] = "sv",
) -> None:
    """Fetch a selection of an SCB table and write it as tidy CSV."""
    settings = _settings(live)
    with PxWebClient.from_settings(
        settings, _transport(ctx), lang=lang, **_injected(ctx)
    ) as client:
        dataset = client.data(table, parse_select(select or []))
        observations = pxweb_observations(
            dataset,
            region=region_dim,
            time=time_dim,
            content=content_dim,
            indicator=indicator,
            period_to_year=year_of_period if year_from_period else parse_year,
        )
        rows = write_tidy_csv(observations, out)
        typer.echo(f"Wrote {rows} rows to {out}. {client.source_label}")


@app.command("kolada-data")
def kolada_data(
    ctx: typer.Context,
    kpi: Annotated[list[str], typer.Argument(help="KPI ids, e.g. N15428 N02797.")],
    out: Out,
    live: Live = False,
    municipality: Annotated[
        list[str] | None,
        typer.Option("--municipality", "-m", help="Municipality code(s); 1280 is Malmö."),
    ] = None,
    year: Annotated[list[str] | None, typer.Option("--year", "-y", help="Year(s).")] = None,
    gender: Annotated[str, typer.Option(help="T (total), K (women) or M (men).")] = "T",
) -> None:
    """Fetch Kolada key figures and write them as tidy CSV."""
    years = []
    for text in _split_codes(year or []):
        if not text.isdigit():
            raise InvalidInput(f"--year expects years such as 2023; got {text!r}.")
        years.append(int(text))
    settings = _settings(live)
    with KoladaClient.from_settings(settings, _transport(ctx), **_injected(ctx)) as client:
        values = client.data(
            _split_codes(kpi), _split_codes(municipality or []), years, gender=gender
        )
        rows = write_tidy_csv(kolada_observations(values), out)
        typer.echo(f"Wrote {rows} rows to {out}. {client.source_label} (unprocessed values)")
