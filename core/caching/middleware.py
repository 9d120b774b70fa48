"""The whole-response cache for anonymous readers, HTML and both APIs.

Why not Django's ``UpdateCacheMiddleware``/``FetchFromCacheMiddleware`` or wagtail-cache: both key
a response by the request's cookies wherever the response says ``Vary: Cookie`` (every Wagtail
page does, for the editors' userbar), so every reader with a cookie of their own (an analytics
cookie, the CSRF cookie left by a form) gets an entry of their own; neither can retire every
entry at once when content changes; and Django's adds the active language to the key, which here
comes from the path. This middleware:

- serves only requests that can be no one's in particular: GET or HEAD, no session or
  messages cookie (so no signed-in editor, no reader who passed a page's password, no pending
  message), no ``Authorization`` header (API v3's bearer tokens), not the admin, previews,
  downloads or renditions (``RESPONSE_CACHE_EXCLUDED_PATHS``), not Wagtail's simulated
  preview requests;
- stores only what is the same for every such reader (on a GET): 200, 301, 404 and 410
  answers that set no cookie, did not put a CSRF token in the page (the forms), are not
  streamed and that the view did not mark private;
- keys each answer by the absolute URL (scheme, host, path and query; the language is in the
  path) and the request headers the answer varies on, Cookie aside (learned per URL, as Django
  does: API v2's ``Vary: Accept``), and serves it only under the content version it was stored
  with (``core.caching.version``): a change retires every entry at once, and the next render
  of a URL replaces its entry;
- sends ``Cache-Control: public`` with a short ``max-age`` for browsers and a longer
  ``s-maxage`` for a CDN (never past the moment content changes by time), and
  ``private, no-store`` on every other answer to a GET that does not say otherwise.

It comes first in ``MIDDLEWARE``: a hit costs one round trip to the cache, no SQL query and none
of the other layers, whose headers (the security headers, the ETag) were stored with the answer.
A conditional GET that matches a stored answer's ETag or Last-Modified gets a 304, as
``ConditionalGetMiddleware`` gives it on a miss. In production the same lookup
(``stored_answer``, ``served_answer``) runs in front of Django's handler (``core/caching/wsgi.py``),
so that only misses reach this middleware.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.cache import (
    cc_delim_re,
    get_conditional_response,
    get_max_age,
    patch_cache_control,
    set_response_etag,
)
from django.utils.http import parse_http_date_safe

from core.caching.version import current_version, current_version_and, seconds_to_next_change

STORED_STATUSES = frozenset({200, 301, 404, 410})
# Whether a response came from the cache; for operators and tests (a header, not a secret).
CACHE_STATUS_HEADER = "X-Cache"
# The request headers an answer varies on that do not make it personal.
IGNORED_VARY = frozenset({"cookie", "*"})


def anonymous_request(request: HttpRequest) -> bool:
    """True when nothing in ``request`` can make its answer anyone's in particular."""
    if request.method not in ("GET", "HEAD") or getattr(request, "is_dummy", False):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES:
        return False
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    return not request.path_info.startswith(tuple(settings.RESPONSE_CACHE_EXCLUDED_PATHS))


def storable(request: HttpRequest, response: HttpResponseBase) -> bool:
    """True when ``response`` is the same for every anonymous reader of its URL."""
    if response.status_code not in STORED_STATUSES or response.streaming:
        return False
    if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    if "*" in vary_headers(response):
        return False
    cache_control = response.get("Cache-Control", "").lower()
    return not any(word in cache_control for word in ("private", "no-store", "no-cache")) and (
        get_max_age(response) != 0
    )


def vary_headers(response: HttpResponseBase) -> list[str]:
    return [header.strip().lower() for header in cc_delim_re.split(response.get("Vary", ""))]


def _url_key(request: HttpRequest) -> str:
    """The request's absolute URL, hashed: scheme, host (checked against ``ALLOWED_HOSTS``), path
    and query string."""
    url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return hashlib.md5(url.encode(), usedforsecurity=False).hexdigest()


def _entry_key(url_key: str, request: HttpRequest, headers: list[str]) -> str:
    """Where the answer for this URL and these values of the headers it varies on is kept (the
    entry names its content version: one entry per URL, replaced when content changes)."""
    if not headers:
        return f"smakom:response:{url_key}"
    varying = hashlib.md5(usedforsecurity=False)
    for header in headers:
        varying.update(request.META.get("HTTP_" + header.upper().replace("-", "_"), "").encode())
        varying.update(b"\0")
    return f"smakom:response:{url_key}:{varying.hexdigest()}"


def _headers_key(url_key: str) -> str:
    return f"smakom:response-vary:{url_key}"


def public_cache_control(seconds_left: int | None) -> str:
    """``public`` with the browsers' and the CDN's lifetimes, never past ``seconds_left``."""
    max_age = settings.CACHE_CONTROL_MAX_AGE
    s_maxage = settings.CACHE_CONTROL_S_MAXAGE
    if seconds_left is not None:
        max_age, s_maxage = min(max_age, seconds_left), min(s_maxage, seconds_left)
    return f"public, max-age={max_age}, s-maxage={s_maxage}"


# A stored answer: (content version, status, headers, content, whether its Cache-Control is
# this middleware's, when content next changes by time as a timestamp or None).
ENTRY_VERSION, ENTRY_STATUS, ENTRY_HEADERS, ENTRY_CONTENT, ENTRY_OURS, ENTRY_DUE = range(6)


# The headers answers are known to vary on (API v2's content negotiation): the entry for them
# is fetched in the same round trip as the URL's vary list, before that list is known.
LIKELY_VARY = ["accept"]
# The headers a 304 repeats from the answer it confirms (as Django's ConditionalGetMiddleware).
NOT_MODIFIED_HEADERS = frozenset(
    {"cache-control", "content-location", "date", "etag", "expires", "last-modified", "vary"}
)
CONDITIONAL_HEADERS = (
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_IF_MATCH",
    "HTTP_IF_UNMODIFIED_SINCE",
)


def stored_answer(request: HttpRequest, url_key: str | None = None) -> tuple[str, tuple | None]:
    """The content version and the answer stored for ``request`` under it (None: not stored,
    or stored under an earlier version), in one round trip to the cache: the version, the
    URL's vary list, its plain entry and its entry for ``LIKELY_VARY`` (a second round trip
    for an answer that varies on other headers)."""
    url_key = url_key or _url_key(request)
    headers_key = _headers_key(url_key)
    plain_key = _entry_key(url_key, request, [])
    likely_key = _entry_key(url_key, request, LIKELY_VARY)
    version, found = current_version_and(request, [headers_key, plain_key, likely_key])
    headers = found.get(headers_key)
    if headers is None:
        return version, None
    if not headers:
        entry = found.get(plain_key)
    elif headers == LIKELY_VARY:
        entry = found.get(likely_key)
    else:
        entry = cache.get(_entry_key(url_key, request, headers))
    if entry is None or entry[ENTRY_VERSION] != version:
        return version, None
    return version, entry


def hit_headers(entry: tuple) -> list[tuple[str, str]]:
    """The headers a stored answer is served with: as stored, its Cache-Control brought nearer
    the time boundary where one is due, and ``X-Cache: hit``."""
    headers = entry[ENTRY_HEADERS]
    if entry[ENTRY_OURS] and entry[ENTRY_DUE] is not None:
        cache_control = public_cache_control(max(0, int(entry[ENTRY_DUE] - time.time())))
        headers = [
            (name, cache_control if name.lower() == "cache-control" else value)
            for name, value in headers
        ]
    return [*headers, (CACHE_STATUS_HEADER, "hit")]


def served_answer(request: HttpRequest, entry: tuple) -> tuple[int, list, bytes] | None:
    """A stored answer as ``request`` gets it: status, headers and content; a 304 with the
    headers it confirms where a conditional GET matches the answer's ETag or Last-Modified
    (only for a 2xx answer, as Django gives it); None where a precondition fails (If-Match,
    If-Unmodified-Since: Django answers that, 412)."""
    status, headers = entry[ENTRY_STATUS], hit_headers(entry)
    if 200 <= status < 300 and any(header in request.META for header in CONDITIONAL_HEADERS):
        values = {name.lower(): value for name, value in headers}
        conditional = get_conditional_response(
            request,
            etag=values.get("etag"),
            last_modified=parse_http_date_safe(values.get("last-modified", "")),
        )
        if conditional is not None:
            if conditional.status_code != 304:
                return None
            kept = [pair for pair in headers if pair[0].lower() in NOT_MODIFIED_HEADERS]
            return 304, kept, b""
    return status, headers, entry[ENTRY_CONTENT]


class AnonymousResponseCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not anonymous_request(request):
            return self.uncached(request, self.get_response(request))
        url_key = _url_key(request)
        enabled = settings.RESPONSE_CACHE_ENABLED
        if enabled:
            version, entry = stored_answer(request, url_key)
            if entry is not None and (response := self.hit(request, entry)) is not None:
                return response
        else:
            version = current_version(request)
        response = self.get_response(request)
        if not storable(request, response):
            return self.uncached(request, response)
        seconds_left = seconds_to_next_change(request)
        ours = "Cache-Control" not in response
        if ours:
            response["Cache-Control"] = public_cache_control(seconds_left)
        timeout = settings.RESPONSE_CACHE_SECONDS
        if seconds_left is not None:
            timeout = min(timeout, seconds_left)
        if enabled and timeout > 0 and request.method == "GET":
            set_response_etag(response)
            headers = [h for h in vary_headers(response) if h and h not in IGNORED_VARY]
            # When content changes by time, for a hit's Cache-Control (None: nothing due).
            due = None if seconds_left is None else time.time() + seconds_left
            entry = (
                version,
                response.status_code,
                list(response.items()),
                response.content,
                ours,
                due,
            )
            cache.set_many(
                {_headers_key(url_key): headers, _entry_key(url_key, request, headers): entry},
                timeout,
            )
            response[CACHE_STATUS_HEADER] = "miss"
        return response

    @staticmethod
    def hit(request: HttpRequest, entry: tuple) -> HttpResponseBase | None:
        answer = served_answer(request, entry)
        if answer is None:
            return None
        status, headers, content = answer
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        return response

    @staticmethod
    def uncached(request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        """Another answer to a GET: nobody between the site and the reader keeps it, unless
        the view said otherwise. A 304 is left as it is: it only confirms what the reader
        keeps, under the headers that came with it."""
        if (
            request.method in ("GET", "HEAD")
            and response.status_code != 304
            and "Cache-Control" not in response
        ):
            patch_cache_control(response, private=True, no_store=True)
        return response
