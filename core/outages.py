"""What readers and API consumers get while the database is down, unreachable or frozen.

Django answers an uncaught exception with its ``handler500`` view, whichever layer raised it (a
middleware reading the session, a view, a template). This one answers a database error
(``OperationalError`` or ``InterfaceError``: refused, cut off, timed out by
``core/db_timeouts.py``) with 503 Service Unavailable and ``Retry-After``: a calm page in the
reader's language (``503.html``, which reads nothing from the database), or problem+json on the
APIs. Anything else stays a 500.

The log gets one line per failed request (``core.log_filters.DatabaseOutageFilter``), not a
traceback each: during an outage every request fails the same way. Nothing needs restarting
afterwards: Django drops the broken connection and the next request opens a new one. API v3
answers problem+json; API v2 keeps its own error dialect, ``{"message": …}``.
"""

from __future__ import annotations

import sys

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.views import defaults

from core.api.middleware import API_PREFIX, problem
from core.log_filters import is_database_outage


def server_error(request: HttpRequest) -> HttpResponse:
    """``handler500``: 503 for a database outage, else Django's own 500 page."""
    if is_database_outage(sys.exc_info()[1]):
        return unavailable(request)
    return defaults.server_error(request)


def unavailable(request: HttpRequest) -> HttpResponse:
    """503 with ``Retry-After``: problem+json on the APIs, else the page in the reader's
    language (from the address, as the site serves it)."""
    if request.path.startswith(API_PREFIX):
        response = problem(
            503,
            "Service Unavailable",
            "The site's database can't be reached just now. Try again shortly.",
            request,
        )
    else:
        language = translation.get_language_from_path(request.path_info)
        with translation.override(language or settings.LANGUAGE_CODE):
            response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(settings.OUTAGE_RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return response
