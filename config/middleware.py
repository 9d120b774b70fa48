"""Edge validation for the APIs: malformed query strings get a clear 400, never a server error.

Wagtail's API views trust some parameters further than the database does: an offset of 2**63
overflows PostgreSQL's bigint, a NUL byte cannot be sent to PostgreSQL at all, and v2's
``find/?id=abc`` reaches ``int()`` unguarded. Checking the query string once, before any view
runs, keeps every endpoint (including ones added later) safe in the same way.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse

API_PREFIX = "/api/"
MAX_PARAMETER_LENGTH = 1000
MAX_SEARCH_LENGTH = 500
MAX_OFFSET = 1_000_000_000

NON_NEGATIVE = re.compile(r"[0-9]{1,10}")
ID = re.compile(r"[0-9]{1,18}")
ID_OR_ROOT = re.compile(r"[0-9]{1,18}|root")

# Parameters whose value must be a number (or "root"), on every API endpoint that knows them.
NUMERIC_PARAMETERS = {
    "offset": NON_NEGATIVE,
    "limit": NON_NEGATIVE,
    "id": ID,
    "ancestor_of": ID,
    "child_of": ID_OR_ROOT,
    "descendant_of": ID_OR_ROOT,
    "translation_of": ID_OR_ROOT,
}


def problem(status: int, title: str, detail: str, request: HttpRequest) -> HttpResponse:
    """An error body in the dialect of the API that was asked: problem+json for v3."""
    if request.path.startswith("/api/v2/"):
        return JsonResponse({"message": detail}, status=status)
    return JsonResponse(
        {"type": "about:blank", "title": title, "status": status, "detail": detail},
        status=status,
        content_type="application/problem+json",
    )


def query_string_error(request: HttpRequest) -> str | None:
    """What is wrong with the request's query string, or None when nothing is."""
    for name, values in request.GET.lists():
        for value in values:
            if "\x00" in name or "\x00" in value:
                return f"The parameter {name!r} contains a NUL character."
            if name == "search" and len(value) > MAX_SEARCH_LENGTH:
                return f"The search text is longer than {MAX_SEARCH_LENGTH} characters."
            if len(value) > MAX_PARAMETER_LENGTH:
                return f"The parameter {name!r} is longer than {MAX_PARAMETER_LENGTH} characters."
            pattern = NUMERIC_PARAMETERS.get(name)
            if pattern is not None and not pattern.fullmatch(value):
                return f"The parameter {name!r} must be a non-negative whole number."
            if name == "offset" and int(value) > MAX_OFFSET:
                return f"The offset must not be larger than {MAX_OFFSET}."
    return None


class APIInputValidationMiddleware:
    """Rejects malformed API query strings with 400 and answers API 404s in JSON."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        error = query_string_error(request)
        if error:
            return problem(400, "Bad Request", error, request)
        response = self.get_response(request)
        if response.status_code == 404 and "json" not in response.get("Content-Type", ""):
            return problem(404, "Not Found", "No API endpoint or object matches this URL.", request)
        return response
