"""Structured security log records (logger ``kraftsamling.security``).

Each record carries ``event`` and a ``security`` dict of plain fields. Callers pass only ids,
paths and outcomes: never a password, token, cookie, e-mail address or personal identity number.
"""

from __future__ import annotations

import logging

from starlette.requests import Request

logger = logging.getLogger("kraftsamling.security")


def client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def security_event(request: Request, event: str, **fields: str | int | bool | None) -> None:
    """Log one security event with the request id, method, path and client address."""
    record = {
        "event": event,
        "request_id": getattr(request.state, "request_id", None),
        "method": request.method,
        "path": request.url.path,
        "ip": client_ip(request),
        **fields,
    }
    logger.warning("security event %s", event, extra={"event": event, "security": record})
