"""Closed-loop HTTP load generator for ``web_latency``, run in its own process.

Reads one JSON job on stdin, writes one JSON result on stdout. ``concurrency`` clients each hold
one keep-alive connection and send their next request as soon as the previous answer is read,
each with its own session cookie (or none). Clients stop issuing after ``requests`` requests or
``seconds`` seconds, whichever comes first, and the answers still in flight are waited for.
Every answer is checked: status 200, ``</html>`` at the end and every ``must_contain`` text
present; anything else counts as an error, with a sample.

The client speaks HTTP/1.1 over asyncio streams (Content-Length and chunked bodies) rather than
through httpx: on the 2-core machine httpx's AsyncClient cost 7.6 ms of CPU per 50 kB page with
one shared pool of 50 connections (3.0 ms with a client per connection), and these streams
0.17 ms, so the load generator no longer takes the cores the server needs. The process reports
its own CPU time (user + system) so a reader can check. Run as
``python -m benchmarks._web_load < job.json``.
"""

from __future__ import annotations

import asyncio
import json
import resource
import sys
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit


@dataclass
class Job:
    base_url: str
    path: str
    cookies: list[str | None]
    concurrency: int
    requests: int
    seconds: float
    must_contain: list[str] = field(default_factory=list)
    timeout: float = 60.0


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    samples: list[str] = field(default_factory=list)
    issued: int = 0
    last_done: float = 0.0


# A dropped or timed-out connection, or an answer that is not HTTP/1.1 as expected.
BROKEN = (
    TimeoutError, OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError,
    IndexError,
)  # fmt: skip


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes


class Connection:
    """One keep-alive HTTP/1.1 connection, reopened after an error or ``Connection: close``."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None

    async def get(self, path: str, cookie: str | None) -> Answer:
        if self.streams is None:
            self.streams = await asyncio.open_connection(self.host, self.port)
        reader, writer = self.streams
        lines = [f"GET {path} HTTP/1.1", f"Host: {self.host}:{self.port}", "Accept: text/html"]
        if cookie:
            lines.append(f"Cookie: {cookie}")
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
        head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
        status = int(head[0].split(" ", 2)[1])
        headers = {}
        for line in head[1:]:
            name, _, value = line.partition(":")
            if name:
                headers[name.strip().lower()] = value.strip()
        body = await self._body(reader, headers)
        if headers.get("connection", "").lower() == "close":
            self.close()
        return Answer(status, headers, body)

    @staticmethod
    async def _body(reader: asyncio.StreamReader, headers: dict[str, str]) -> bytes:
        if "content-length" in headers:
            return await reader.readexactly(int(headers["content-length"]))
        if headers.get("transfer-encoding", "").lower() == "chunked":
            parts = []
            while size := int((await reader.readuntil(b"\r\n")).split(b";")[0], 16):
                parts.append(await reader.readexactly(size))
                await reader.readexactly(2)
            await reader.readuntil(b"\r\n")  # no trailers are sent
            return b"".join(parts)
        return await reader.read()  # the body ends when the server closes

    def close(self) -> None:
        if self.streams is not None:
            self.streams[1].close()
            self.streams = None


def check(answer: Answer, must_contain: list[bytes]) -> str | None:
    """Why an answer is wrong, or ``None`` when it is a complete page with the expected text."""
    if answer.status != 200:
        return f"status {answer.status} (location {answer.headers.get('location')})"
    if not answer.body.rstrip().endswith(b"</html>"):
        return f"page does not end with </html> ({len(answer.body)} bytes)"
    for text in must_contain:
        if text not in answer.body:
            return f"page lacks {text.decode()!r}"
    return None


async def _client(job: Job, cookie: str | None, deadline: float, tally: Tally) -> None:
    url = urlsplit(job.base_url)
    connection = Connection(url.hostname or "127.0.0.1", url.port or 80)
    expected = [text.encode() for text in job.must_contain]
    try:
        while tally.issued < job.requests and time.perf_counter() < deadline:
            tally.issued += 1
            started = time.perf_counter()
            try:
                answer = await asyncio.wait_for(connection.get(job.path, cookie), job.timeout)
                problem = check(answer, expected)
            except BROKEN as exc:
                connection.close()
                problem = f"{type(exc).__name__}: {exc}"
            done = time.perf_counter()
            tally.last_done = max(tally.last_done, done)
            if problem is None:
                tally.latencies.append(done - started)
            else:
                tally.errors += 1
                if len(tally.samples) < 5:
                    tally.samples.append(problem)
    finally:
        connection.close()


async def run(job: Job) -> dict[str, Any]:
    """Drive the load and return latencies (seconds), errors, wall time and client CPU."""
    tally = Tally()
    cpu_before = resource.getrusage(resource.RUSAGE_SELF)
    started = time.perf_counter()
    deadline = started + job.seconds
    cookies = [job.cookies[i % len(job.cookies)] for i in range(job.concurrency)]
    await asyncio.gather(*(_client(job, c, deadline, tally) for c in cookies))
    cpu_after = resource.getrusage(resource.RUSAGE_SELF)
    wall = (tally.last_done or time.perf_counter()) - started
    cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
    return {
        "latencies": tally.latencies,
        "errors": tally.errors,
        "error_samples": tally.samples,
        "wall_seconds": wall,
        "client_cpu_seconds": cpu,
    }


def main() -> int:
    job = Job(**json.load(sys.stdin))
    json.dump(asyncio.run(run(job)), sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
