"""Edge checks for the APIs: malformed query strings get a clear 400, never a server error;
v3 writes are refused unless enabled; a bearer token that doesn't authenticate is a 401.

Wagtail's API views trust some parameters further than the database does: an offset of 2**63
overflows PostgreSQL's bigint, a NUL byte cannot be sent to PostgreSQL at all, and v2's
``find/?id=abc`` reaches ``int()`` unguarded. Checking the query string once, before any view
runs, keeps every endpoint (including ones added later) safe in the same way.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from http import HTTPStatus

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import translation
from wagtail.models import APIToken

API_PREFIX = "/api/"
API_LANGUAGE = "en"
API_V3_PREFIX = "/api/v3/"
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
# Wagtail's v2 answers some 404s with an empty message; those get a useful one.
EMPTY_MESSAGES = {b'{"message":""}', b'{\n    "message": ""\n}'}
MAX_PARAMETER_LENGTH = 1000
MAX_SEARCH_LENGTH = 500
MAX_OFFSET = 1_000_000_000

NON_NEGATIVE = re.compile(r"[0-9]{1,10}")
ID = re.compile(r"[0-9]{1,18}")
ID_OR_ROOT = re.compile(r"[0-9]{1,18}|root")
# Every snippet model of the project has a numeric primary key.
SNIPPET_DETAIL = re.compile(r"^/api/v3/snippets/[^/]+/(?P<pk>[^/]+)/")

# Parameters whose value must be a number (or "root"), on every API endpoint that knows them;
# any other "…_id" parameter must be a numeric id too.
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


def bearer_token_error(request: HttpRequest) -> str | None:
    """Why the request's bearer token does not authenticate, or None (no header, or it does).

    Wagtail's v3 treats a bad token as anonymous; a consumer is better told, so its mistake
    doesn't look like an empty result.
    """
    header = request.headers.get("Authorization", "")
    if not header:
        return None
    scheme, _, token = header.partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        return "Use an Authorization header of the form: Bearer <token>."
    if not APIToken.validate_token_format(token):
        return "The bearer token is not a valid API token."
    api_token = (
        APIToken.objects.select_related("user")
        .filter(key_hash__in=APIToken.candidate_key_hashes(token))
        .first()
    )
    if api_token is None:
        return "The bearer token is not a valid API token."
    if api_token.revoked_at is not None:
        return "The bearer token has been revoked."
    if not api_token.user.is_active:
        return "The bearer token belongs to an inactive user."
    return None


def query_string_error(request: HttpRequest) -> str | None:
    """What is wrong with the request's query string, or None when nothing is."""
    for name, values in request.GET.lists():
        for value in values:
            if "\x00" in name or "\x00" in value:
                return f"The parameter {name!r} contains a NUL character."
            if name == "search" and len(value) > MAX_SEARCH_LENGTH:
                return f"The search text is longer than {MAX_SEARCH_LENGTH} characters."
            if name == "search" and connection.vendor == "sqlite" and value.count('"') % 2:
                # SQLite's full-text syntax fails on an unbalanced quote (PostgreSQL copes).
                return "The search text has an unbalanced quote: remove quotation marks."
            if len(value) > MAX_PARAMETER_LENGTH:
                return f"The parameter {name!r} is longer than {MAX_PARAMETER_LENGTH} characters."
            pattern = NUMERIC_PARAMETERS.get(name) or (ID if name.endswith("_id") else None)
            if pattern is not None and not pattern.fullmatch(value):
                if value.isascii() and value.isdigit():
                    return f"The parameter {name!r} is too large."
                return f"The parameter {name!r} must be a non-negative whole number."
            if (
                name == "rich_text_format"
                and value != "html"
                and not request.headers.get("Authorization")
            ):
                # The other formats carry the ids and addresses of linked pages and documents
                # as stored, including ones anonymous readers may not see.
                return "Without a token, rich text is served as HTML only (rich_text_format=html)."
            if name == "offset" and int(value) > MAX_OFFSET:
                return f"The offset must not be larger than {MAX_OFFSET}."
    return None


def content_language(request: HttpRequest) -> str:
    """The languages of an API response's content: the one asked for, else all the site's."""
    locale = request.GET.get("locale", "")
    languages = [code for code, _name in settings.LANGUAGES]
    return locale if locale in languages else ", ".join(languages)


class APIInputValidationMiddleware:
    """Checks API requests at the edge and answers API 404s in JSON.

    Malformed query strings get 400; on v3, writes get 405 while ``API_WRITE_ENABLED`` is off
    and a bearer token that does not authenticate an active user gets 401.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        # The APIs talk to developers in English (errors, validation messages, the OpenAPI
        # document); the content itself comes in each item's own language.
        with translation.override(API_LANGUAGE):
            request.LANGUAGE_CODE = API_LANGUAGE
            response = self.check_and_respond(request)
        response.headers.setdefault("Content-Language", content_language(request))
        return response

    def check_and_respond(self, request: HttpRequest) -> HttpResponse:
        error = query_string_error(request)
        if error:
            return problem(400, "Bad Request", error, request)
        snippet = SNIPPET_DETAIL.match(request.path)
        if snippet and not ID.fullmatch(snippet["pk"]):
            return problem(404, "Not Found", "No snippet has this id.", request)
        if request.path.startswith(API_V3_PREFIX):
            if request.method in WRITE_METHODS and not settings.API_WRITE_ENABLED:
                response = problem(
                    405,
                    "Method Not Allowed",
                    "Writing through the API is turned off on this site (API_WRITE_ENABLED).",
                    request,
                )
                response["Allow"] = "GET"
                return response
            error = bearer_token_error(request)
            if error:
                response = problem(401, "Unauthorized", error, request)
                response["WWW-Authenticate"] = 'Bearer realm="api"'
                return response
        response = self.get_response(request)
        if 400 <= response.status_code < 500 and (
            "json" not in response.get("Content-Type", "") or response.content in EMPTY_MESSAGES
        ):
            return self.as_api_error(request, response)
        return response

    @staticmethod
    def as_api_error(request: HttpRequest, response: HttpResponse) -> HttpResponse:
        """A framework's HTML (or empty) error page, answered in the API's error format."""
        status = response.status_code
        title = HTTPStatus(status).phrase
        detail = {
            404: "No API endpoint or object matches this URL.",
            405: f"This endpoint does not answer {request.method} requests.",
        }.get(status, title)
        answer = problem(status, title, detail, request)
        if response.has_header("Allow"):
            answer["Allow"] = response["Allow"]
        return answer
