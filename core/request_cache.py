"""Per-request memoisation: work done once per request however many templates ask for it."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

from django.http import HttpRequest

T = TypeVar("T")


def once_per_request(request: HttpRequest | None, key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``'s result, remembered on ``request`` under ``key``; without a request
    (a management command, a signal) it is computed every time."""
    if request is None:
        return compute()
    memo = request.__dict__.setdefault("_smakom_memo", {})
    if key not in memo:
        memo[key] = compute()
    return memo[key]
