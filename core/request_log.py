"""A request id on every request, its answer and every log record made while serving it, and
one access line per request.

The id comes from the header ``REQUEST_ID_HEADER`` names (``X-Request-ID``, as a load balancer or
proxy sets it) when it holds a sensible value, else it is made here; the answer carries it as
``X-Request-ID``. ``RequestIdFilter`` adds it to every log record (``request_id``), so the lines
of one request, from Django, Wagtail or the site, can be found together; production writes
them as JSON objects (``config/settings/production.py``, docs/deploy.md "Logs").

The access line (logger ``smakom.access``, INFO) names the method, path, status, duration and,
for someone signed in, their user id. The health checks are left out: a load balancer asks every
few seconds. Answers served in front of Django (``core/caching/wsgi.py``) are logged the same way.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable, Mapping
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

access_logger = logging.getLogger("smakom.access")

_request_id: ContextVar[str] = ContextVar("smakom_request_id", default="")
# What a request id from outside may look like: a UUID, a trace id, a proxy's counter.
SENSIBLE_ID = re.compile(r"[A-Za-z0-9._:@/+=-]{1,200}")
NOT_LOGGED = ("/healthz/", "/readyz/")


def current_request_id() -> str:
    """The id of the request being served, or "" outside one."""
    return _request_id.get()


def request_id_from(meta: Mapping[str, Any]) -> str:
    """The request's id: the configured header's value if sensible, else a new one."""
    header = settings.REQUEST_ID_HEADER
    if header:
        given = meta.get("HTTP_" + header.upper().replace("-", "_"), "")
        if SENSIBLE_ID.fullmatch(given):
            return given
    return uuid.uuid4().hex


def log_access(
    request_id: str,
    method: str,
    path: str,
    status: int,
    started: float,
    user_id: int | None = None,
) -> None:
    """The access line of one request (``started``: its ``time.perf_counter()``)."""
    if (
        not settings.ACCESS_LOG
        or path in NOT_LOGGED
        or not access_logger.isEnabledFor(logging.INFO)
    ):
        return
    duration_ms = round((time.perf_counter() - started) * 1000, 1)
    access_logger.info(
        "%s %s %s %.1f ms",
        method,
        path,
        status,
        duration_ms,
        extra={
            "request_id": request_id,
            "method": method,
            "path": path,
            "status": status,
            "duration_ms": duration_ms,
            "user_id": user_id,
        },
    )


class RequestLogMiddleware:
    """Gives the request its id (for its log records and its answer) and logs its access line.
    First in ``MIDDLEWARE``: the duration is the whole of Django's work."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        started = time.perf_counter()
        request_id = request_id_from(request.META)
        request.request_id = request_id
        token = _request_id.set(request_id)
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            log_access(
                request_id,
                request.method,
                request.path,
                response.status_code,
                started,
                signed_in_user_id(request),
            )
            return response
        finally:
            _request_id.reset(token)


def signed_in_user_id(request: HttpRequest) -> int | None:
    """The id of the user signed in, when the request already looked them up (the admin
    does; a reader's page never does, and this makes it no query)."""
    user = request.__dict__.get("_cached_user")
    if user is not None and user.is_authenticated:
        return user.pk
    return None


class RequestIdFilter(logging.Filter):
    """Adds the id of the request being served (``request_id``) to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", ""):
            # Django logs an error answer's line after the middleware returned: from its request.
            request = getattr(record, "request", None)
            record.request_id = getattr(request, "request_id", "") or _request_id.get()
        return True
