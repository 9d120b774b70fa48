"""Stored answers served in front of Django's request handler (``config/wsgi.py``).

``AnonymousResponseCacheMiddleware`` serves a stored answer from inside Django: the request
still passes Django's handler (the ``request_started`` and ``request_finished`` signals, which
check the database connections and close the caches), a middleware before it and a new
``HttpResponse`` whose every header is checked again. That was most of what a hit cost.
``serve_stored_answers`` wraps the WSGI application and answers a hit before any of it, with
the middleware's own lookup (``stored_answer``), rules for who may be served
(``anonymous_request``) and answer (``served_answer``: the stored headers, or a 304 to a
conditional GET that matches). The middleware stays the one place that stores answers, and
serves hits wherever this wrapper is not in front (the test client, ``runserver``).

Django answers everything else: a miss, a request from someone in particular, a request for a
host not in ``ALLOWED_HOSTS``, a failed precondition, and every request when the cache is off.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from http import HTTPStatus
from typing import Any

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest

from core.caching.middleware import anonymous_request, served_answer, stored_answer
from core.request_log import log_access, request_id_from

WSGIApplication = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def status_line(status: int) -> str:
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return f"{status} Unknown Status Code"


def serve_stored_answers(application: WSGIApplication) -> WSGIApplication:
    """``application`` with stored answers for anonymous readers served in front of it."""

    def serve(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if settings.RESPONSE_CACHE_ENABLED and environ.get("REQUEST_METHOD") in ("GET", "HEAD"):
            started = time.perf_counter()
            request = WSGIRequest(environ)
            try:
                entry = stored_answer(request)[1] if anonymous_request(request) else None
            except DisallowedHost:
                # Django answers it (400), as it answers every request for another host.
                entry = None
            answer = served_answer(request, entry) if entry is not None else None
            if answer is not None:
                status, headers, content = answer
                # The request id and access line that RequestLogMiddleware gives the others.
                request_id = request_id_from(environ)
                start_response(status_line(status), [*headers, ("X-Request-ID", request_id)])
                log_access(request_id, request.method, request.path, status, started)
                return [content]
        return application(environ, start_response)

    return serve
