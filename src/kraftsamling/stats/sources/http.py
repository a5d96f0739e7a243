"""A small, polite HTTP layer for the statistics services (SCB PxWeb, Kolada).

Every outgoing request passes through one :class:`PoliteClient`, which

- refuses to build a live connection unless the network was explicitly allowed
  (``Settings.allow_network`` or the CLI flag ``--live``); tests inject an
  ``httpx.MockTransport`` instead and never touch the network;
- waits for a client-side :class:`RateLimiter` (a sliding window: at most
  ``max_calls`` requests in any ``window_seconds``), because SCB publishes such a limit
  in its ``/config`` and answers 429 when it is broken;
- retries 429, 502, 503, 504 and connection errors with exponential backoff and jitter,
  honouring ``Retry-After`` (seconds or an HTTP date) when the server sends it;
- raises :class:`~kraftsamling.core.errors.SourceUnavailable` after the last attempt,
  naming the URL, the last status and the number of attempts.

Clock, sleep, wall clock and the jitter source are injected so that retries and rate
limiting are tested without waiting.
"""

from __future__ import annotations

import random
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any, ClassVar, Self

import httpx

from kraftsamling import __version__
from kraftsamling.core.errors import InvalidInput, NotFound, SourceUnavailable

if TYPE_CHECKING:
    from kraftsamling.core.settings import Settings

Clock = Callable[[], float]
Sleep = Callable[[float], None]
WallClock = Callable[[], datetime]

RETRY_STATUSES = frozenset({429, 502, 503, 504})
USER_AGENT = f"kraftsamling/{__version__} (municipal statistics client; python-httpx)"
NETWORK_OFF_MESSAGE = (
    "Live calls to statistics services are turned off. Add --live to the command or set "
    "KRAFTSAMLING_ALLOW_NETWORK=true to allow them."
)


def require_network(allow_network: bool, service: str) -> None:
    """Refuse a live connection unless the network was explicitly allowed.

    Parameters
    ----------
    allow_network : bool
        ``Settings.allow_network`` or the CLI flag ``--live``.
    service : str
        Name of the service, used in the message.

    Raises
    ------
    InvalidInput
        When ``allow_network`` is false.
    """
    if not allow_network:
        raise InvalidInput(f"{service}: {NETWORK_OFF_MESSAGE}")


class RateLimiter:
    """Sliding-window limiter: at most ``max_calls`` calls in any ``window_seconds``.

    ``acquire()`` sleeps (through the injected ``sleep``) until one more call fits.

    Examples
    --------
    >>> t = [0.0]
    >>> waits = []
    >>> def sleep(s):
    ...     waits.append(s)
    ...     t[0] += s
    >>> limiter = RateLimiter(2, 1.0, clock=lambda: t[0], sleep=sleep)
    >>> for _ in range(3):
    ...     _ = limiter.acquire()
    >>> waits
    [1.0]
    """

    def __init__(
        self,
        max_calls: int,
        window_seconds: float,
        *,
        clock: Clock = time.monotonic,
        sleep: Sleep = time.sleep,
    ) -> None:
        self._clock = clock
        self._sleep = sleep
        self._calls: deque[float] = deque()
        self.max_calls = 0
        self.window_seconds = 0.0
        self.reconfigure(max_calls, window_seconds)

    def reconfigure(self, max_calls: int, window_seconds: float) -> None:
        """Change the limit, keeping the record of recent calls."""
        if max_calls < 1 or window_seconds <= 0:
            raise InvalidInput(
                "A rate limit needs max_calls >= 1 and window_seconds > 0; "
                f"got max_calls={max_calls}, window_seconds={window_seconds}."
            )
        self.max_calls = max_calls
        self.window_seconds = float(window_seconds)

    def acquire(self) -> float:
        """Wait until one more call is allowed, record it, and return the seconds waited."""
        waited = 0.0
        while True:
            now = self._clock()
            while self._calls and self._calls[0] <= now - self.window_seconds:
                self._calls.popleft()
            if len(self._calls) < self.max_calls:
                self._calls.append(now)
                return waited
            # the oldest call in the window decides when a slot frees up
            wait = self._calls[0] + self.window_seconds - now
            self._sleep(wait)
            waited += wait


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long to retry.

    The n-th retry waits ``min(max_delay, base_delay * 2**(n-1)) * (1 + jitter * u)`` with
    ``u`` uniform in [0, 1), unless the server sent ``Retry-After``, which is honoured as
    given (up to ``max_retry_after``; a longer demand ends the attempts at once).
    """

    max_attempts: int = 5
    base_delay: float = 1.0
    max_delay: float = 60.0
    jitter: float = 0.25
    max_retry_after: float = 300.0
    statuses: frozenset[int] = RETRY_STATUSES

    def backoff(self, retry_number: int, u: float) -> float:
        """Seconds to wait before retry number ``retry_number`` (1-based)."""
        return min(self.max_delay, self.base_delay * 2 ** (retry_number - 1)) * (
            1 + self.jitter * u
        )


def parse_retry_after(value: str | None, now: datetime) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or HTTP date), or None.

    Examples
    --------
    >>> parse_retry_after("3", datetime(2026, 1, 1, tzinfo=UTC))
    3.0
    >>> parse_retry_after("Thu, 01 Jan 2026 00:00:05 GMT", datetime(2026, 1, 1, tzinfo=UTC))
    5.0
    """
    if value is None or not value.strip():
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


class PoliteClient:
    """An ``httpx.Client`` wrapped with the network gate, rate limit and retries.

    Parameters
    ----------
    transport : httpx.BaseTransport or None
        Injected transport (``httpx.MockTransport`` in tests). ``None`` means a live
        connection, which requires ``allow_network=True``.
    allow_network : bool
        Must be true to build a live client.
    service : str
        Name of the service for messages, e.g. ``"SCB PxWeb"``.
    timeout : float
        Per-request timeout in seconds (``Settings.http_timeout_seconds``).
    retry : RetryPolicy
        Retry policy; ``max_attempts`` counts the first try.
    rate_limiter : RateLimiter or None
        Shared limiter; ``None`` means no client-side limit.
    sleep, now, jitter_source :
        Injected sleep function, wall clock (for ``Retry-After`` dates) and source of
        uniform numbers in [0, 1) for jitter. The limiter carries its own clock.
    """

    def __init__(
        self,
        *,
        transport: httpx.BaseTransport | None = None,
        allow_network: bool = False,
        service: str = "statistics service",
        timeout: float = 30.0,
        retry: RetryPolicy | None = None,
        rate_limiter: RateLimiter | None = None,
        sleep: Sleep = time.sleep,
        now: WallClock = lambda: datetime.now(UTC),
        jitter_source: Callable[[], float] = random.random,
    ) -> None:
        if transport is None:
            require_network(allow_network, service)
        self.service = service
        self.retry = retry or RetryPolicy()
        self.rate_limiter = rate_limiter
        self._sleep = sleep
        self._now = now
        self._jitter = jitter_source
        self._client = httpx.Client(
            transport=transport,
            timeout=timeout,
            headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
            follow_redirects=True,
        )

    def close(self) -> None:
        """Close the underlying connection pool."""
        self._client.close()

    def __enter__(self) -> PoliteClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get_json(self, url: str, params: Mapping[str, Any] | None = None) -> Any:
        """GET ``url`` and return the decoded JSON body."""
        return _decode(self.request("GET", url, params=params))

    def post_json(self, url: str, body: Any, params: Mapping[str, Any] | None = None) -> Any:
        """POST ``body`` as JSON to ``url`` and return the decoded JSON body."""
        return _decode(self.request("POST", url, params=params, json=body))

    def request(
        self,
        method: str,
        url: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
    ) -> httpx.Response:
        """Send one request with rate limiting and retries; return a 2xx response.

        Raises
        ------
        SourceUnavailable
            When every attempt failed with a retryable status or a connection error,
            when a 5xx status is not retryable, or when ``Retry-After`` asks for too long.
        NotFound
            On 404.
        InvalidInput
            On any other 4xx (the request itself is wrong); the server's text is quoted.
        """
        attempts = 0
        last = ""
        while True:
            attempts += 1
            if self.rate_limiter is not None:
                self.rate_limiter.acquire()
            retry_after: float | None = None
            try:
                response = self._client.request(method, url, params=params, json=json)
            except httpx.TransportError as exc:
                last = f"connection error {type(exc).__name__}: {exc}"
                shown_url = url
            else:
                shown_url = str(response.request.url)
                if response.is_success:
                    return response
                last = f"status {response.status_code} {response.reason_phrase}".rstrip()
                if response.status_code not in self.retry.statuses:
                    _raise_for_status(self.service, method, response)
                retry_after = parse_retry_after(response.headers.get("Retry-After"), self._now())
            if attempts >= self.retry.max_attempts:
                raise SourceUnavailable(
                    f"{self.service}: {method} {shown_url} failed after {attempts} attempts; "
                    f"last {last}."
                )
            if retry_after is None:
                delay = self.retry.backoff(attempts, self._jitter())
            elif retry_after > self.retry.max_retry_after:
                raise SourceUnavailable(
                    f"{self.service}: {method} {shown_url} answered {last} and asked to wait "
                    f"{retry_after:.0f} s (Retry-After), more than the "
                    f"{self.retry.max_retry_after:.0f} s allowed; gave up after {attempts} tries."
                )
            else:
                delay = retry_after
            self._sleep(delay)


def _decode(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError as exc:
        raise SourceUnavailable(
            f"{response.request.method} {response.request.url} returned a body that is not JSON "
            f"(content-type {response.headers.get('content-type', 'unknown')!r}): {exc}"
        ) from exc


def _raise_for_status(service: str, method: str, response: httpx.Response) -> None:
    url = response.request.url
    text = response.text.strip().replace("\n", " ")[:300]
    status = f"{response.status_code} {response.reason_phrase}".rstrip()
    if response.status_code == 404:
        raise NotFound(f"{service}: {method} {url} answered {status}: {text or 'no details'}")
    if 400 <= response.status_code < 500:
        raise InvalidInput(f"{service}: {method} {url} rejected the request ({status}): {text}")
    raise SourceUnavailable(f"{service}: {method} {url} failed with {status}: {text}")


class SourceClient:
    """What every statistics-source client shares: construction from settings and closing.

    Subclasses name the setting that holds their base URL and keep a ``PoliteClient`` in
    ``_http``.
    """

    base_url_setting: ClassVar[str]
    _http: PoliteClient

    @classmethod
    def from_settings(
        cls, settings: Settings, transport: httpx.BaseTransport | None = None, **kwargs: Any
    ) -> Self:
        """Build a client from ``Settings`` (base URL, network permission, timeout, retries)."""
        kwargs.setdefault("allow_network", settings.allow_network)
        # Subclasses take (base_url, transport, *, timeout, retry, ...); the base has no __init__.
        build: Callable[..., Self] = cls
        return build(
            getattr(settings, cls.base_url_setting),
            transport,
            timeout=settings.http_timeout_seconds,
            retry=RetryPolicy(max_attempts=settings.http_max_retries + 1),
            **kwargs,
        )

    def close(self) -> None:
        """Close the connection pool."""
        self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
