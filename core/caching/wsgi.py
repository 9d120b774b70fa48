"""Stored answers served in front of Django's request handler (``config/wsgi.py``).

``AnonymousResponseCacheMiddleware`` serves a stored answer from inside Django: the request
still passes Django's handler (the ``request_started`` and ``request_finished`` signals, which
check the database connections and close the caches), two middleware, a new ``HttpResponse``
whose every header is checked again, and Django's conditional-GET code. That is most of what a
hit costs. ``serve_stored_answers`` wraps the WSGI application and answers a hit before any of
it, with the same lookup (``stored_answer``), the same rules for who may be served
(``anonymous_request``) and the same headers (``hit_headers``); the middleware stays the one
place that stores answers, and serves hits wherever this wrapper is not in front (the test
client, ``runserver``).

It leaves to Django everything that is not a plain hit: a conditional request (the middleware
answers it, with a 304 where it matches), a request from a host not in ``ALLOWED_HOSTS``, and
every request when the cache is off.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from http import HTTPStatus
from typing import Any

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest

from core.caching.middleware import ENTRY_CONTENT, ENTRY_STATUS, anonymous_request, hit_headers
from core.caching.middleware import stored_answer as find_stored_answer

WSGIApplication = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]

# Conditional requests go through Django (the middleware answers them from the cache too).
CONDITIONAL_HEADERS = (
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_IF_MATCH",
    "HTTP_IF_UNMODIFIED_SINCE",
)


def status_line(status: int) -> str:
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return f"{status} Unknown Status Code"


def serve_stored_answers(application: WSGIApplication) -> WSGIApplication:
    """``application`` with stored answers for anonymous readers served in front of it."""

    def serve(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if (
            settings.RESPONSE_CACHE_ENABLED
            and environ.get("REQUEST_METHOD") in ("GET", "HEAD")
            and not any(header in environ for header in CONDITIONAL_HEADERS)
        ):
            request = WSGIRequest(environ)
            try:
                entry = find_stored_answer(request)[1] if anonymous_request(request) else None
            except DisallowedHost:
                # Django answers it (400), as it answers every request for another host.
                entry = None
            if entry is not None:
                start_response(status_line(entry[ENTRY_STATUS]), hit_headers(entry))
                return [entry[ENTRY_CONTENT]]
        return application(environ, start_response)

    return serve
