"""Client for the Kolada API v3 (municipal key figures, RKA).

Data are read from ``GET {base}/data/kpi/{ids}/municipality/{ids}/year/{years}?per_page=N``.
Each path segment takes at most 25 comma-separated ids, so longer lists are cut into
chunks and one request is made per combination of chunks. A page holds at most 5,000
values; the response's ``next_url`` (``next_page`` in older responses) points at the
next page and is followed until it is absent or empty.

Response shape (one element of ``values``)::

    {"kpi": "N15428", "municipality": "1280", "period": 2024,
     "values": [{"gender": "T", "count": 1, "status": "", "value": 79.0}, ...]}

Kolada's terms allow the credit "Källa: Kolada" only on values shown as published, not
on values that were processed (aggregated, combined into an index); ``source_label``
holds that credit for the places that show raw values.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import product
from typing import Any
from urllib.parse import urljoin

import httpx

from kraftsamling.core.errors import InvalidInput, SourceUnavailable
from kraftsamling.stats.sources.http import (
    Clock,
    PoliteClient,
    RateLimiter,
    RetryPolicy,
    Sleep,
    SourceClient,
)
from kraftsamling.stats.sources.tidy import Observation, check_unique

KOLADA_BASE_URL = "https://api.kolada.se/v3"
SERVICE = "Kolada"
SOURCE_LABEL = "Källa: Kolada"
MAX_IDS_PER_SEGMENT = 25
MAX_PER_PAGE = 5000
GENDERS = ("T", "K", "M")


@dataclass(frozen=True)
class Kpi:
    """One key figure of Kolada's catalogue."""

    id: str
    title: str
    description: str = ""
    operating_area: str = ""
    is_divided_by_gender: bool = False
    publication_date: str | None = None

    @classmethod
    def from_json(cls, doc: Mapping[str, Any]) -> Kpi:
        """Read one element of ``values`` in a ``/kpi`` response."""
        return cls(
            id=str(doc["id"]),
            title=str(doc.get("title", "")),
            description=str(doc.get("description") or ""),
            operating_area=str(doc.get("operating_area") or ""),
            is_divided_by_gender=bool(doc.get("is_divided_by_gender", False)),
            publication_date=doc.get("publication_date"),
        )


@dataclass(frozen=True)
class KoladaValue:
    """One published value: key figure, municipality, year and gender (T, K or M)."""

    kpi: str
    municipality: str
    period: int
    gender: str
    value: float | None
    count: int | None
    status: str


def chunked(ids: Iterable[str], size: int = MAX_IDS_PER_SEGMENT) -> list[list[str]]:
    """Split ids (duplicates dropped, order kept) into lists of at most ``size``.

    Examples
    --------
    >>> [len(c) for c in chunked([f"N{i:05d}" for i in range(30)])]
    [25, 5]
    """
    unique = list(dict.fromkeys(_check_id(i) for i in ids))
    return [unique[i : i + size] for i in range(0, len(unique), size)]


def data_paths(
    kpi_ids: Sequence[str],
    municipality_ids: Sequence[str] | None = None,
    years: Sequence[int] | None = None,
) -> list[str]:
    """Request paths (relative to the base) covering every combination of id chunks."""
    if not kpi_ids:
        raise InvalidInput("Kolada data needs at least one KPI id (such as N15428); got none.")
    if not municipality_ids and not years:
        raise InvalidInput(
            "Kolada data needs municipality ids, years or both besides the KPI ids; got neither."
        )
    segments: list[list[str]] = [[f"kpi/{','.join(c)}" for c in chunked(kpi_ids)]]
    if municipality_ids:
        segments.append([f"municipality/{','.join(c)}" for c in chunked(municipality_ids)])
    if years:
        segments.append([f"year/{','.join(c)}" for c in chunked(str(int(y)) for y in years)])
    return ["data/" + "/".join(parts) for parts in product(*segments)]


def _check_id(value: object) -> str:
    text = str(value).strip()
    if not text or any(ch in text for ch in ",/?&# "):
        raise InvalidInput(
            f"Kolada id {value!r} is not valid; expected a plain id such as N15428 or 1280."
        )
    return text


class KoladaClient(SourceClient):
    """Kolada API v3 client with chunking, paging, rate limiting and retries.

    Parameters
    ----------
    base_url : str
        API root, ``https://api.kolada.se/v3``.
    transport : httpx.BaseTransport or None
        Injected transport; ``None`` is a live connection and needs ``allow_network=True``.
    allow_network : bool
        Permission for live calls (``Settings.allow_network`` or ``--live``).
    max_calls, window_seconds : int, float
        Client-side rate limit. Kolada publishes none; a few calls a second is polite.
    timeout, retry, clock, sleep, now, jitter_source :
        Passed to :class:`~kraftsamling.stats.sources.http.PoliteClient` and its limiter.
    """

    source_label = SOURCE_LABEL
    base_url_setting = "kolada_base_url"

    def __init__(
        self,
        base_url: str = KOLADA_BASE_URL,
        transport: httpx.BaseTransport | None = None,
        *,
        allow_network: bool = False,
        max_calls: int = 5,
        window_seconds: float = 1.0,
        timeout: float = 30.0,
        retry: RetryPolicy | None = None,
        clock: Clock = time.monotonic,
        sleep: Sleep = time.sleep,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        jitter_source: Callable[[], float] = random.random,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._http = PoliteClient(
            transport=transport,
            allow_network=allow_network,
            service=SERVICE,
            timeout=timeout,
            retry=retry,
            rate_limiter=RateLimiter(max_calls, window_seconds, clock=clock, sleep=sleep),
            sleep=sleep,
            now=now,
            jitter_source=jitter_source,
        )

    def kpis(self, ids: Sequence[str] | None = None, *, title: str | None = None) -> list[Kpi]:
        """Key figures by id (``/kpi/{ids}``) or by a search in their titles (``/kpi?title=``)."""
        if ids:
            urls = [f"{self.base_url}/kpi/{','.join(c)}" for c in chunked(ids)]
            params: dict[str, Any] = {"per_page": MAX_PER_PAGE}
        elif title:
            urls = [f"{self.base_url}/kpi"]
            params = {"title": title, "per_page": MAX_PER_PAGE}
        else:
            raise InvalidInput("Give KPI ids or a title to search for; got neither.")
        return [Kpi.from_json(v) for url in urls for v in self._values(url, params)]

    def data(
        self,
        kpi_ids: Sequence[str],
        municipality_ids: Sequence[str] | None = None,
        years: Sequence[int] | None = None,
        *,
        gender: str | None = "T",
        per_page: int = MAX_PER_PAGE,
    ) -> list[KoladaValue]:
        """Values of key figures for municipalities and years, as tidy rows.

        Parameters
        ----------
        kpi_ids : sequence of str
            Key figure ids, e.g. ``["N15428"]``; any number (cut into chunks of 25).
        municipality_ids : sequence of str, optional
            Municipality codes, e.g. ``["1280", "0000"]`` (0000 is the whole country).
        years : sequence of int, optional
            Years; at least one of ``municipality_ids`` and ``years`` is needed.
        gender : {"T", "K", "M"} or None
            Keep only this gender (T = total); ``None`` keeps all.
        per_page : int
            Values per page, 1 to 5000.

        Returns
        -------
        list of KoladaValue
        """
        if not 1 <= per_page <= MAX_PER_PAGE:
            raise InvalidInput(f"per_page must be between 1 and {MAX_PER_PAGE}; got {per_page}.")
        if gender is not None and gender not in GENDERS:
            raise InvalidInput(f"gender must be one of T, K, M or None; got {gender!r}.")
        out: list[KoladaValue] = []
        for path in data_paths(kpi_ids, municipality_ids, years):
            for item in self._values(f"{self.base_url}/{path}", {"per_page": per_page}):
                out.extend(_value_rows(item, gender))
        return out

    def _values(self, url: str, params: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
        for page in self._pages(url, params):
            yield from page.get("values") or []

    def _pages(self, url: str, params: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
        seen: set[str] = set()
        next_url: str | None = url
        next_params: Mapping[str, Any] | None = params
        while next_url:
            doc = self._http.get_json(next_url, params=next_params)
            if not isinstance(doc, Mapping):
                raise SourceUnavailable(
                    f"Kolada: {next_url} returned {type(doc).__name__}; expected an object."
                )
            yield doc
            seen.add(next_url)
            link = doc.get("next_url") or doc.get("next_page")
            # the link already carries the query (page, per_page)
            next_url, next_params = (urljoin(next_url, str(link)), None) if link else (None, None)
            if next_url in seen:
                raise SourceUnavailable(f"Kolada: next_url {next_url} repeats a page; stopped.")


def _value_rows(item: Mapping[str, Any], gender: str | None) -> Iterator[KoladaValue]:
    for v in item.get("values") or []:
        if gender is not None and v.get("gender") != gender:
            continue
        raw = v.get("value")
        yield KoladaValue(
            kpi=str(item["kpi"]),
            municipality=str(item["municipality"]),
            period=int(item["period"]),
            gender=str(v.get("gender", "")),
            value=None if raw is None else float(raw),
            count=None if v.get("count") is None else int(v["count"]),
            status=str(v.get("status") or ""),
        )


def to_observations(
    rows: Iterable[KoladaValue], *, indicator: Mapping[str, str] | None = None
) -> list[Observation]:
    """Observations (area = municipality code, indicator = KPI id or its mapped id, year).

    Rows without a value are left out; rows must be of one gender per key (filter first).
    """
    out = [
        Observation(
            area=r.municipality,
            indicator=(indicator or {}).get(r.kpi, r.kpi),
            year=r.period,
            value=r.value,
        )
        for r in rows
        if r.value is not None
    ]
    return check_unique(out)
