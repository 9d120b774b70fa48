"""The site's own 404 and 500 pages in development too (``DEBUG``), unless a developer asks for
Django's technical ones.

With ``DEBUG`` on, Django answers a missing page with its technical 404, which lists every URL
pattern of the project, and an error with its technical 500, the traceback. Under ``make run``
that is what a reader of the demo meets instead of the site's ``404.html`` (header, menu, a way
home) and ``500.html``. This middleware answers both as production does, through the
configured ``handler404`` and ``handler500`` (``core.outages.server_error``: a database outage
is still a 503). The traceback of a 500 is logged as Django logs it, so it shows in the
development server's console.

``DEBUG_404`` and ``DEBUG_500`` (environment variables, read in ``config/settings/base.py``)
bring back Django's technical page for each. Errors raised outside a view (in a middleware)
keep Django's technical page; a 403 or 400 keeps Django's handling. Without ``DEBUG`` the
middleware removes itself from the stack.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core import signals
from django.core.exceptions import (
    BadRequest,
    MiddlewareNotUsed,
    PermissionDenied,
    SuspiciousOperation,
)
from django.core.handlers.exception import get_exception_response
from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.urls import get_resolver, get_urlconf
from django.utils.log import log_response

# What django.core.handlers.exception.response_for_exception answers with a 4xx status rather
# than a 500 (tests/core/test_error_pages.py checks the list against Django).
CLIENT_ERRORS = (Http404, PermissionDenied, MultiPartParserError, BadRequest, SuspiciousOperation)


class DevelopmentErrorPagesMiddleware:
    """With ``DEBUG`` on, Http404 and uncaught exceptions answered with the site's pages."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        if not settings.DEBUG:
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # No view matched the address: Django has answered with its technical 404 already, as
        # the handler resolves the URL past this layer, where process_exception doesn't see
        # it. A view that answered 404 itself has a resolver_match.
        if response.status_code == 404 and request.resolver_match is None:
            return response if settings.DEBUG_404 else not_found(request, Http404())
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        """A view's (or its template's) Http404 or uncaught exception, answered with the site's
        page; ``None`` leaves it to Django."""
        if isinstance(exception, Http404):
            return None if settings.DEBUG_404 else not_found(request, exception)
        if (
            isinstance(exception, CLIENT_ERRORS)
            or settings.DEBUG_500
            or settings.DEBUG_PROPAGATE_EXCEPTIONS
        ):
            return None
        # As Django does for an uncaught exception: tell the listeners (the test client, error
        # trackers), answer with handler500, and log the traceback with the response.
        signals.got_request_exception.send(sender=None, request=request)
        response = rendered(get_resolver(get_urlconf()).resolve_error_handler(500)(request))
        log_response(
            "%s: %s",
            response.reason_phrase,
            request.path,
            response=response,
            request=request,
            exception=exception,
        )
        return response


def not_found(request: HttpRequest, exception: Http404) -> HttpResponse:
    """handler404's answer, as Django gives it without ``DEBUG`` (a failing handler404 is a
    500, the technical one in development)."""
    return rendered(get_exception_response(request, get_resolver(get_urlconf()), 404, exception))


def rendered(response: HttpResponse) -> HttpResponse:
    """``response`` rendered if it is a TemplateResponse, as Django renders an error handler's."""
    if not getattr(response, "is_rendered", True):
        response = response.render()
    return response
