"""Client for PxWebApi 2.0 (SCB's Statistikdatabasen) returning JSON-stat 2.0.

Endpoints used (PxWebApi 2.0 specification, PxTools/PxApiSpecs ``PxAPI-2.yml``):

- ``GET {base}/config``: limits: ``maxDataCells`` per request, ``maxCallsPerTimeWindow``
  calls per ``timeWindow`` seconds; the rate limiter is set from them;
- ``GET {base}/tables?query=&pageSize=&pageNumber=``: the table catalogue, paged;
- ``GET {base}/tables/{id}/metadata``: the table's dimensions as JSON-stat 2.0;
- ``POST {base}/tables/{id}/data?outputFormat=json-stat2`` with a body
  ``{"selection": [{"variableCode": ..., "valueCodes": [...], "codeList": ...}]}``.

A variable left out of a selection is eliminated by the server when the table allows it
(``extension.elimination``); variables that cannot be eliminated are selected whole here,
so that the number of cells is known before asking. A request above ``maxDataCells`` is
split along its largest variable and the parts are merged back into one cube.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import httpx

from kraftsamling.core.errors import InvalidInput
from kraftsamling.stats.sources.http import (
    Clock,
    PoliteClient,
    RateLimiter,
    RetryPolicy,
    Sleep,
    SourceClient,
)
from kraftsamling.stats.sources.jsonstat import Dataset, merge_datasets, parse_dataset
from kraftsamling.stats.sources.selection import (
    Selection,
    resolve_selection,
    selection_body,
    split_selection,
)
from kraftsamling.stats.sources.tidy import Observation, check_unique, parse_year

SCB_BASE_URL = "https://statistikdatabasen.scb.se/api/v2"
SERVICE = "SCB PxWeb"


@dataclass(frozen=True)
class PxWebConfig:
    """The service limits and facts published at ``{base}/config``."""

    api_version: str
    max_data_cells: int
    max_calls_per_time_window: int
    time_window: float
    default_language: str = "sv"
    languages: tuple[str, ...] = ()
    license: str | None = None
    source_references: Mapping[str, str] = field(default_factory=dict)
    data_formats: tuple[str, ...] = ()

    @classmethod
    def from_json(cls, doc: Mapping[str, Any]) -> PxWebConfig:
        """Read a ``/config`` response; InvalidInput names a missing limit."""
        try:
            return cls(
                api_version=str(doc.get("apiVersion", "")),
                max_data_cells=int(doc["maxDataCells"]),
                max_calls_per_time_window=int(doc["maxCallsPerTimeWindow"]),
                time_window=float(doc["timeWindow"]),
                default_language=str(doc.get("defaultLanguage", "sv")),
                languages=tuple(str(x["id"]) for x in doc.get("languages", [])),
                license=doc.get("license"),
                source_references={
                    str(x["language"]): str(x["text"]) for x in doc.get("sourceReferences", [])
                },
                data_formats=tuple(str(x) for x in doc.get("dataFormats", [])),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise InvalidInput(
                "PxWeb /config must give maxDataCells, maxCallsPerTimeWindow and timeWindow as "
                f"numbers; reading it failed at {exc!r}."
            ) from exc


@dataclass(frozen=True)
class TableInfo:
    """One entry of the PxWeb table catalogue."""

    id: str
    label: str
    updated: str | None = None
    first_period: str | None = None
    last_period: str | None = None
    time_unit: str | None = None
    variable_names: tuple[str, ...] = ()
    subject_code: str | None = None
    discontinued: bool | None = None

    @classmethod
    def from_json(cls, doc: Mapping[str, Any]) -> TableInfo:
        """Read one element of ``tables`` in a ``/tables`` response."""
        return cls(
            id=str(doc["id"]),
            label=str(doc.get("label", "")),
            updated=doc.get("updated"),
            first_period=doc.get("firstPeriod"),
            last_period=doc.get("lastPeriod"),
            time_unit=doc.get("timeUnit"),
            variable_names=tuple(doc.get("variableNames") or ()),
            subject_code=doc.get("subjectCode"),
            discontinued=doc.get("discontinued"),
        )


class PxWebClient(SourceClient):
    """PxWebApi 2.0 client with paging, request splitting, rate limiting and retries.

    Parameters
    ----------
    base_url : str
        API root, e.g. ``https://statistikdatabasen.scb.se/api/v2``.
    transport : httpx.BaseTransport or None
        Injected transport; ``None`` is a live connection and needs ``allow_network=True``.
    allow_network : bool
        Permission for live calls (``Settings.allow_network`` or ``--live``).
    lang : str
        Language of labels (``sv`` or ``en`` at SCB).
    timeout, retry, clock, sleep, now, jitter_source :
        Passed to :class:`~kraftsamling.stats.sources.http.PoliteClient` and its limiter.
    """

    base_url_setting = "scb_base_url"

    def __init__(
        self,
        base_url: str = SCB_BASE_URL,
        transport: httpx.BaseTransport | None = None,
        *,
        allow_network: bool = False,
        lang: str = "sv",
        timeout: float = 30.0,
        retry: RetryPolicy | None = None,
        clock: Clock = time.monotonic,
        sleep: Sleep = time.sleep,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        jitter_source: Callable[[], float] = random.random,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.lang = lang
        # conservative until /config tells the real limit
        self._limiter = RateLimiter(1, 1.0, clock=clock, sleep=sleep)
        self._http = PoliteClient(
            transport=transport,
            allow_network=allow_network,
            service=SERVICE,
            timeout=timeout,
            retry=retry,
            rate_limiter=self._limiter,
            sleep=sleep,
            now=now,
            jitter_source=jitter_source,
        )
        self._config: PxWebConfig | None = None
        self._metadata: dict[str, Dataset] = {}

    def config(self) -> PxWebConfig:
        """The service's ``/config``, fetched once; sets the client-side rate limit."""
        if self._config is None:
            self._config = PxWebConfig.from_json(self._http.get_json(f"{self.base_url}/config"))
            self._limiter.reconfigure(
                self._config.max_calls_per_time_window, self._config.time_window
            )
        return self._config

    @property
    def source_label(self) -> str:
        """Credit line in the client's language as the service asks for it (``Källa: SCB``)."""
        refs = self.config().source_references
        return refs.get(self.lang) or next(iter(refs.values()), "Källa: SCB")

    def tables(
        self,
        query: str | None = None,
        *,
        page_size: int = 100,
        all_pages: bool = True,
        max_pages: int | None = None,
        past_days: int | None = None,
    ) -> list[TableInfo]:
        """List tables, following the pages while the response says there are more.

        Each next page is requested with this call's own parameters and the next page
        number, so the search and page size stay as asked whatever the links carry.
        """
        self.config()
        params: dict[str, Any] = {"lang": self.lang, "pageSize": page_size}
        if query:
            params["query"] = query
        if past_days is not None:
            params["pastDays"] = past_days
        out: list[TableInfo] = []
        page_number = 1
        while True:
            doc = self._http.get_json(
                f"{self.base_url}/tables", params={**params, "pageNumber": page_number}
            )
            batch = doc.get("tables") or []
            out.extend(TableInfo.from_json(t) for t in batch)
            page = doc.get("page") or {}
            done = not all_pages or not batch or not _has_next_page(page, page_number)
            if done or (max_pages is not None and page_number >= max_pages):
                return out
            page_number = int(page.get("pageNumber", page_number)) + 1

    def metadata(self, table_id: str) -> Dataset:
        """The table's dimensions (JSON-stat 2.0 without values), fetched once per table."""
        if table_id not in self._metadata:
            self.config()
            doc = self._http.get_json(
                f"{self.base_url}/tables/{table_id}/metadata", params={"lang": self.lang}
            )
            self._metadata[table_id] = parse_dataset(doc, require_values=False)
        return self._metadata[table_id]

    def plan(
        self,
        table_id: str,
        selection: Selection | None = None,
        *,
        codelists: Mapping[str, str] | None = None,
    ) -> list[dict[str, Any]]:
        """The request bodies :meth:`data` will send, each within ``maxDataCells``."""
        limit = self.config().max_data_cells
        resolved = resolve_selection(self.metadata(table_id), selection, codelists)
        return [selection_body(p, codelists) for p in split_selection(resolved, limit)]

    def data(
        self,
        table_id: str,
        selection: Selection | None = None,
        *,
        codelists: Mapping[str, str] | None = None,
    ) -> Dataset:
        """Fetch a selection of a table as one JSON-stat cube.

        Parameters
        ----------
        table_id : str
            Table id, e.g. ``TAB6471``.
        selection : mapping of variable code to value codes, optional
            ``"*"`` selects every value. ``None`` selects every value of the variables that
            cannot be eliminated and eliminates the rest.
        codelists : mapping of variable code to codelist id, optional
            Codelists (aggregations, value sets) to apply, sent as ``codeList``.

        Returns
        -------
        Dataset
            The merged cube of all the requests the selection was split into.
        """
        url = f"{self.base_url}/tables/{table_id}/data"
        params = {"lang": self.lang, "outputFormat": "json-stat2"}
        parts = [
            parse_dataset(self._http.post_json(url, body, params=params))
            for body in self.plan(table_id, selection, codelists=codelists)
        ]
        return merge_datasets(parts)


def _has_next_page(page: Mapping[str, Any], page_number: int) -> bool:
    links = page.get("links")
    if links is not None:
        return any(link.get("rel") == "next" for link in links)
    total = page.get("totalPages")
    return total is not None and int(page.get("pageNumber", page_number)) < int(total)


def to_observations(
    dataset: Dataset,
    *,
    region: str | None = None,
    time: str | None = None,
    content: str | None = None,
    indicator: str | Mapping[str, str] | None = None,
    fixed: Mapping[str, str] | None = None,
    period_to_year: Callable[[str], int] = parse_year,
) -> list[Observation]:
    """Turn a cube into observations (area, indicator, year, value).

    Parameters
    ----------
    dataset : Dataset
        A parsed JSON-stat cube.
    region, time, content : str, optional
        Dimension ids of the area, the period and the content (measure). By default the
        JSON-stat roles ``geo``, ``time`` and ``metric`` decide, and a dimension called
        ``Region`` is taken as the area.
    indicator : str or mapping, optional
        Indicator id: one string for every content code, or a mapping from content code
        to indicator id. By default the content code itself.
    fixed : mapping, optional
        One code for each other dimension (``{"Kon": "TotSa"}``); a dimension with a single
        category needs none.
    period_to_year : callable
        Reads a year from a period code; by default only plain years are accepted.

    Returns
    -------
    list of Observation
        In cube order; cells without a value are left out.
    """
    region_dim = _pick(dataset, region, "geo", "Region", "region")
    time_dim = _pick(dataset, time, "time", "Tid", "time")
    metric = dataset.dimension_with_role("metric")
    content_dim = dataset.dimension(content).id if content else (metric.id if metric else None)
    fixed = dict(fixed or {})
    for dim in dataset.dimensions:
        if dim.id in (region_dim, time_dim, content_dim) or dim.id in fixed:
            continue
        if len(dim.codes) != 1:
            raise InvalidInput(
                f"Dimension '{dim.id}' has {len(dim.codes)} categories; fix one with "
                f"fixed={{'{dim.id}': code}} (CLI: --select {dim.id}=CODE) so that each "
                "area, indicator and year has one value."
            )
        fixed[dim.id] = dim.codes[0]
    for dim_id, code in fixed.items():
        dataset.dimension(dim_id).position(code)
    out = []
    for row in dataset.rows():
        if row["value"] is None or any(row[d] != c for d, c in fixed.items()):
            continue
        code = row[content_dim] if content_dim else ""
        out.append(
            Observation(
                area=row[region_dim],
                indicator=_indicator_id(indicator, code),
                year=period_to_year(row[time_dim]),
                value=row["value"],
            )
        )
    return check_unique(out)


def _pick(dataset: Dataset, given: str | None, role: str, fallback: str, what: str) -> str:
    if given:
        return dataset.dimension(given).id
    by_role = dataset.dimension_with_role(role)
    if by_role is not None:
        return by_role.id
    if fallback in dataset.ids:
        return fallback
    raise InvalidInput(
        f"Cannot tell which dimension is the {what}; name it (one of {', '.join(dataset.ids)})."
    )


def _indicator_id(indicator: str | Mapping[str, str] | None, content_code: str) -> str:
    if indicator is None:
        if not content_code:
            raise InvalidInput("The table has no content dimension; give an indicator id.")
        return content_code
    if isinstance(indicator, str):
        return indicator
    try:
        return indicator[content_code]
    except KeyError:
        raise InvalidInput(
            f"No indicator id given for content code '{content_code}'; "
            f"the mapping has: {', '.join(indicator)}."
        ) from None
