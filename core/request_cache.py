"""Per-request memoisation: work done once per request however many templates ask for it.

The memo lives on the request, and ``RequestMemoMiddleware`` also makes it the current one for
code that has no request at hand (a queryset's condition built in a model method): such code
passes ``request=None`` and still gets the request's memo while a request is being served, and
computes every time outside one (a management command, the worker). A change of content clears
the current memo (``forget``), so a request that changes something never reads what it
remembered before.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from contextvars import ContextVar
from typing import TypeVar

from django.http import HttpRequest, HttpResponseBase

T = TypeVar("T")

MEMO_ATTRIBUTE = "_smakom_memo"
_current: ContextVar[dict | None] = ContextVar("smakom_request_memo", default=None)


def _memo_of(request: HttpRequest | None) -> dict | None:
    if request is None:
        return _current.get()
    return request.__dict__.setdefault(MEMO_ATTRIBUTE, {})


def once_per_request(request: HttpRequest | None, key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``'s result, remembered for the request (``request``, or the one being
    served); outside a request it is computed every time."""
    memo = _memo_of(request)
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def forget() -> None:
    """Clear the memo of the request being served: something it remembered has changed."""
    memo = _current.get()
    if memo:
        memo.clear()


class RequestMemoMiddleware:
    """Makes each request's memo the current one while it is served (first in MIDDLEWARE)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        token = _current.set(_memo_of(request))
        try:
            return self.get_response(request)
        finally:
            _current.reset(token)
