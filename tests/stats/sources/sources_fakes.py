"""Fakes shared by the statistics-client tests: a clock moved only by sleep, a recording
transport handler, recorded responses and a JSON-stat cutter."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import numpy as np

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


class FakeClock:
    """Monotonic time that advances only when ``sleep`` is called (or ``advance``)."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    def advance(self, seconds: float) -> None:
        self.now += seconds


class Recorder:
    """A MockTransport handler that records every request and answers through ``route``."""

    def __init__(self, route: Callable[[httpx.Request], httpx.Response]) -> None:
        self.route = route
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self.route(request)

    @property
    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self)

    def bodies(self) -> list[Any]:
        return [json.loads(r.content) for r in self.requests if r.method == "POST"]


def load_json(relative: str) -> Any:
    return json.loads((FIXTURES / relative).read_text(encoding="utf-8"))


def subset_jsonstat(doc: dict[str, Any], selection: dict[str, list[str]]) -> dict[str, Any]:
    """Cut a JSON-stat cube down to ``selection`` the way a server would answer it.

    Written independently of the parser under test: numpy reshapes the flat values to the
    cube (row-major, as JSON-stat stores them) and takes the selected positions per axis.
    The answer lists category indexes as arrays, the other form the format allows.
    """
    cube = np.array(doc["value"], dtype=float).reshape(doc["size"])
    out_dims = {}
    for axis, dim_id in enumerate(doc["id"]):
        category = doc["dimension"][dim_id]["category"]
        index = category["index"]
        codes = selection.get(dim_id) or sorted(index, key=index.get)
        cube = np.take(cube, [index[c] for c in codes], axis=axis)
        out_dims[dim_id] = {
            "label": doc["dimension"][dim_id]["label"],
            "category": {"index": list(codes), "label": {c: category["label"][c] for c in codes}},
        }
    return {
        "version": "2.0",
        "class": "dataset",
        "label": doc["label"],
        "role": doc.get("role", {}),
        "id": doc["id"],
        "size": list(cube.shape),
        "dimension": out_dims,
        "value": [int(v) for v in cube.ravel()],
    }


def json_response(doc: Any, status: int = 200, **headers: str) -> httpx.Response:
    return httpx.Response(status, json=doc, headers=headers)


BASE = "https://statistikdatabasen.scb.se/api/v2"
CONFIG = load_json("pxweb/pxweb_v2_scb_config.json")
TABLES = load_json("pxweb/pxweb_v2_scb_tables.json")
META = load_json("pxweb/pxweb_v2_scb_TAB6471_metadata.json")
DATA = load_json("pxweb/pxweb_v2_scb_TAB6471_data.json")


class FakeScb:
    """Answers like SCB: /config, /tables pages, TAB6471 metadata and data cut per request."""

    def __init__(self, config: dict[str, Any] | None = None) -> None:
        self.config = config or CONFIG
        self.pages = {1: TABLES}
        self.recorder = Recorder(self.route)

    def route(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path.removeprefix("/api/v2")
        if path == "/config":
            return json_response(self.config)
        if path == "/tables":
            return json_response(self.pages[int(request.url.params["pageNumber"])])
        if path == "/tables/TAB6471/metadata":
            return json_response(META)
        if path == "/tables/TAB6471/data" and request.method == "POST":
            body = json.loads(request.content)
            selection = {s["variableCode"]: s["valueCodes"] for s in body["selection"]}
            return json_response(subset_jsonstat(DATA, selection))
        return httpx.Response(404, text=f"no route for {path}")

    def client(self, clock: FakeClock) -> Any:
        from kraftsamling.stats.sources.pxweb import PxWebClient

        return PxWebClient(BASE, self.recorder.transport, clock=clock, sleep=clock.sleep)

    def paths(self) -> list[str]:
        return [r.url.path.removeprefix("/api/v2") for r in self.recorder.requests]
