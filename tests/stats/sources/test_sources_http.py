"""The polite HTTP layer: network gate, retries with backoff, Retry-After, rate limit."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest
from sources_fakes import FakeClock, Recorder, json_response

from kraftsamling import __version__
from kraftsamling.core.errors import InvalidInput, NotFound, SourceUnavailable
from kraftsamling.core.settings import Settings
from kraftsamling.stats.sources.http import (
    PoliteClient,
    RateLimiter,
    RetryPolicy,
    parse_retry_after,
)
from kraftsamling.stats.sources.kolada import KoladaClient
from kraftsamling.stats.sources.pxweb import PxWebClient

URL = "https://example.test/api/v2/config"
NOW = datetime(2026, 1, 22, 9, 0, 0, tzinfo=UTC)


def _client(
    handler: Recorder, clock: FakeClock, *, attempts: int = 5, limiter: RateLimiter | None = None
) -> PoliteClient:
    return PoliteClient(
        transport=handler.transport,
        service="Test",
        retry=RetryPolicy(max_attempts=attempts, base_delay=1.0, jitter=0.25),
        rate_limiter=limiter,
        sleep=clock.sleep,
        now=lambda: NOW,
        jitter_source=lambda: 0.5,
    )


def _sequence(*responses: httpx.Response | Exception) -> Recorder:
    queue = list(responses)

    def route(request: httpx.Request) -> httpx.Response:
        item = queue.pop(0)
        if isinstance(item, Exception):
            raise item
        return item

    return Recorder(route)


def test_retry_after_seconds_is_honoured_then_success(clock: FakeClock) -> None:
    handler = _sequence(
        json_response({"error": "slow down"}, 429, **{"Retry-After": "2"}),
        json_response({"ok": True}),
    )
    assert _client(handler, clock).get_json(URL) == {"ok": True}
    assert len(handler.requests) == 2
    assert clock.sleeps == [2.0]


def test_retry_after_http_date_is_honoured(clock: FakeClock) -> None:
    # NOW is 09:00:00 GMT; the server asks to come back at 09:00:07, i.e. in 7 s
    handler = _sequence(
        json_response({}, 503, **{"Retry-After": "Thu, 22 Jan 2026 09:00:07 GMT"}),
        json_response({"ok": 1}),
    )
    assert _client(handler, clock).get_json(URL) == {"ok": 1}
    assert clock.sleeps == [7.0]


def test_backoff_is_exponential_with_jitter_and_gives_up(clock: FakeClock) -> None:
    handler = _sequence(*[json_response({}, 503) for _ in range(4)])
    with pytest.raises(SourceUnavailable) as info:
        _client(handler, clock, attempts=4).get_json(URL)
    # retry n waits 1.0 * 2**(n-1) * (1 + 0.25 * 0.5): 1.125, 2.25, 4.5; no wait after the last
    assert clock.sleeps == [1.125, 2.25, 4.5]
    assert len(handler.requests) == 4
    message = str(info.value)
    assert URL in message and "503" in message and "4 attempts" in message


def test_connection_errors_are_retried(clock: FakeClock) -> None:
    handler = _sequence(
        httpx.ConnectError("refused"),
        httpx.ReadTimeout("slow"),
        json_response({"ok": True}),
    )
    assert _client(handler, clock).get_json(URL) == {"ok": True}
    assert clock.sleeps == [1.125, 2.25]


def test_connection_errors_until_the_end_name_the_error(clock: FakeClock) -> None:
    handler = _sequence(*[httpx.ConnectError("refused") for _ in range(3)])
    with pytest.raises(SourceUnavailable, match=r"after 3 attempts; last connection error"):
        _client(handler, clock, attempts=3).get_json(URL)


def test_retry_after_longer_than_allowed_gives_up_at_once(clock: FakeClock) -> None:
    handler = _sequence(json_response({}, 429, **{"Retry-After": "3600"}))
    with pytest.raises(SourceUnavailable, match="asked to wait 3600 s"):
        _client(handler, clock).get_json(URL)
    assert clock.sleeps == []


@pytest.mark.parametrize(
    ("status", "error"),
    [(404, NotFound), (400, InvalidInput), (403, InvalidInput), (500, SourceUnavailable)],
)
def test_other_statuses_are_not_retried(clock: FakeClock, status: int, error: type) -> None:
    handler = _sequence(httpx.Response(status, text="Too many cells selected"))
    with pytest.raises(error, match="Too many cells selected"):
        _client(handler, clock).get_json(URL)
    assert len(handler.requests) == 1
    assert clock.sleeps == []


def test_body_that_is_not_json_is_reported(clock: FakeClock) -> None:
    handler = _sequence(httpx.Response(200, text="<html>maintenance</html>"))
    with pytest.raises(SourceUnavailable, match="not JSON"):
        _client(handler, clock).get_json(URL)


def test_user_agent_names_the_package_and_version(clock: FakeClock) -> None:
    handler = _sequence(json_response({}))
    _client(handler, clock).get_json(URL)
    assert handler.requests[0].headers["User-Agent"].startswith(f"kraftsamling/{__version__} ")


def test_timeout_comes_from_settings(clock: FakeClock) -> None:
    config = {"maxDataCells": 1, "maxCallsPerTimeWindow": 1, "timeWindow": 1}
    handler = _sequence(json_response(config))
    settings = Settings(http_timeout_seconds=7.5)
    PxWebClient.from_settings(settings, handler.transport, sleep=clock.sleep).config()
    assert handler.requests[0].extensions["timeout"]["read"] == 7.5


def test_rate_limiter_delays_the_fourth_call_within_one_second(clock: FakeClock) -> None:
    limiter = RateLimiter(3, 1.0, clock=clock, sleep=clock.sleep)
    for _ in range(3):
        assert limiter.acquire() == 0.0
        clock.advance(0.1)
    # calls at 0.0, 0.1 and 0.2; the fourth at 0.3 must wait until the first leaves at 1.0
    assert limiter.acquire() == pytest.approx(0.7)
    assert clock.sleeps == [pytest.approx(0.7)]
    assert clock.now == pytest.approx(1.0)


def test_rate_limiter_lets_calls_through_after_the_window(clock: FakeClock) -> None:
    limiter = RateLimiter(3, 1.0, clock=clock, sleep=clock.sleep)
    for _ in range(3):
        limiter.acquire()
    clock.advance(1.0)
    assert limiter.acquire() == 0.0
    assert clock.sleeps == []


def test_requests_pass_through_the_limiter(clock: FakeClock) -> None:
    sent_at: list[float] = []

    def route(request: httpx.Request) -> httpx.Response:
        sent_at.append(clock.now)
        return json_response({})

    limiter = RateLimiter(3, 1.0, clock=clock, sleep=clock.sleep)
    client = _client(Recorder(route), clock, limiter=limiter)
    for _ in range(7):
        client.get_json(URL)
    assert sent_at == [0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 2.0]


def test_retries_count_against_the_rate_limit(clock: FakeClock) -> None:
    handler = _sequence(json_response({}, 429, **{"Retry-After": "0"}), json_response({}))
    limiter = RateLimiter(1, 1.0, clock=clock, sleep=clock.sleep)
    _client(handler, clock, limiter=limiter).get_json(URL)
    # Retry-After 0 sleeps 0 s, then the limiter holds the retry back for the window
    assert clock.sleeps == [0.0, 1.0]


def test_invalid_rate_limit_is_refused(clock: FakeClock) -> None:
    with pytest.raises(InvalidInput, match="max_calls >= 1"):
        RateLimiter(0, 1.0, clock=clock, sleep=clock.sleep)


@pytest.mark.parametrize(
    "build",
    [
        lambda: PoliteClient(),
        lambda: PxWebClient(),
        lambda: KoladaClient(),
        lambda: PxWebClient.from_settings(Settings(allow_network=False)),
        lambda: KoladaClient.from_settings(Settings(allow_network=False)),
    ],
)
def test_live_client_needs_explicit_permission(build: object) -> None:
    with pytest.raises(InvalidInput) as info:
        build()  # type: ignore[operator]
    assert "--live" in str(info.value)
    assert "KRAFTSAMLING_ALLOW_NETWORK=true" in str(info.value)


@pytest.mark.parametrize(
    ("cls", "setting"), [(PxWebClient, "scb_base_url"), (KoladaClient, "kolada_base_url")]
)
def test_live_client_can_be_built_when_allowed(
    cls: type[PxWebClient] | type[KoladaClient], setting: str
) -> None:
    # Building opens no connection and sends nothing; it takes every HTTP setting over.
    settings = Settings.model_validate(
        {
            "allow_network": True,
            setting: "https://stats.example.test/api/",
            "http_timeout_seconds": 7.5,
            "http_max_retries": 2,
        }
    )
    with cls.from_settings(settings) as client:
        assert client.base_url == "https://stats.example.test/api"
        polite = client._http
        assert polite.retry.max_attempts == 3  # the first try and two retries
        assert polite._client.timeout == httpx.Timeout(7.5)
        assert not polite._client.is_closed
    assert polite._client.is_closed


def test_parse_retry_after_forms() -> None:
    assert parse_retry_after("12", NOW) == 12.0
    assert parse_retry_after("Thu, 22 Jan 2026 08:59:00 GMT", NOW) == 0.0  # in the past
    assert parse_retry_after("soon", NOW) is None
    assert parse_retry_after(None, NOW) is None
