"""The content version: one value in the shared cache that every cached answer is stored under.

A change that can alter what readers see deletes it (``bump``); the next request makes a new one,
so nothing cached under the old one is ever served again. Content that changes with time alone
(an event's registration opening or closing, an event moving from upcoming to past) is never kept
past that moment, which the page apps name through the ``next_content_change`` hook.

The value lives in the ``default`` cache. Every process must see the same one, so with more than
one process (gunicorn's workers, the task worker) that cache must be shared: Redis (``REDIS_URL``).
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.http import HttpRequest
from django.utils import timezone
from wagtail import hooks

from core.request_cache import forget, once_per_request

T = TypeVar("T")

VERSION_KEY = "smakom:content-version"
# Stored as the next change's moment when none is due.
NOTHING_DUE = ""
# A version lives at most this long, time boundaries or not (seconds).
MAX_VERSION_AGE = 24 * 60 * 60


def next_content_change(now: datetime.datetime) -> datetime.datetime | None:
    """The first moment after ``now`` at which some page shows something else by time alone:
    the earliest answer of the ``next_content_change`` hooks."""
    moments = [
        moment
        for hook in hooks.get_hooks("next_content_change")
        if (moment := hook(now)) is not None and moment > now
    ]
    return min(moments, default=None)


def current_version(request: HttpRequest | None = None) -> str:
    """The content version's name (read once per request; no SQL query): the cache's, or a new
    one when a change has retired it."""
    return once_per_request(request, current_version, _current_version)


def current_version_and(request: HttpRequest, keys: list[str]) -> tuple[str, dict[str, Any]]:
    """The content version and the cache's values at ``keys`` (those it has), in one round trip
    to the cache."""
    found = cache.get_many([VERSION_KEY, *keys])
    version = found.pop(VERSION_KEY, None)
    if version is None:
        version = current_version(request)
    else:
        once_per_request(request, current_version, lambda: version)
    return version, found


def _current_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is not None:
        return version
    return _new_version()


def _new_version() -> str:
    version = uuid.uuid4().hex
    if cache.add(VERSION_KEY, version, MAX_VERSION_AGE):
        return version
    # Another process made one first: use that one.
    return cache.get(VERSION_KEY) or version


def seconds_to_next_change(request: HttpRequest | None = None) -> int | None:
    """Whole seconds until content changes by time alone, or None when nothing is due: no
    answer may be kept longer. Worked out once per content version (the hooks' queries) and
    again whenever the moment passes."""

    def compute() -> int | None:
        now = timezone.now()
        key = f"smakom:{current_version(request)}:next-change"
        moment = cache.get(key)
        if moment is None or (moment != NOTHING_DUE and moment <= now):
            moment = next_content_change(now) or NOTHING_DUE
            cache.set(key, moment, MAX_VERSION_AGE)
        if moment == NOTHING_DUE:
            return None
        return max(0, int((moment - now).total_seconds()))

    return once_per_request(request, seconds_to_next_change, compute)


def bump() -> None:
    """Retire the current version, now and again when the current transaction commits.

    Now, so that this process's next request sees the change; at the commit, so that no other
    process renders the old rows under a version that outlives the change.
    """
    _retire_version()
    forget()
    on_commit_once(_retire_version)
    if settings.WAGTAILFRONTENDCACHE:
        from core.caching.frontend import enqueue_purge

        on_commit_once(enqueue_purge)


def _retire_version() -> None:
    cache.delete(VERSION_KEY)


def on_commit_once(func: Callable[[], object]) -> None:
    """``func`` run when the current transaction commits (at once outside one), once however
    often a transaction asks."""
    if any(registered is func for _, registered, _ in connection.run_on_commit):
        return
    transaction.on_commit(func)


def versioned(
    request: HttpRequest | None,
    key: str,
    compute: Callable[[], T],
    keep: Callable[[T], bool] | None = None,
) -> T:
    """``compute()``'s result, kept in the shared cache for as long as the content version lives
    (and on the request): for the small facts that change only when content does. With
    ``keep``, only a result it approves is kept in the shared cache (the others are worked out
    again by the next request); None never is.

    Only where the response cache is on, that is where the cache is shared: a fact kept in one
    process's memory would outlive a change made in another."""
    if not settings.RESPONSE_CACHE_ENABLED:
        return once_per_request(request, ("versioned", key), compute)

    def lookup() -> T:
        full_key = f"smakom:{current_version(request)}:{key}"
        value = cache.get(full_key)
        if value is None:
            value = compute()
            if value is not None and (keep is None or keep(value)):
                cache.set(full_key, value, MAX_VERSION_AGE)
        return value

    return once_per_request(request, ("versioned", key), lookup)
