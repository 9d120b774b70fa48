"""Django's Redis cache, without a new Redis client object for every cache operation.

Django's ``RedisCacheClient.get_client`` makes a ``redis.Redis`` for each call (the pool's
connections are reused, the client object is not), and redis-py builds some 170 response
callbacks in every client's constructor: about a quarter of a millisecond per operation, more
than the round trip to Redis on the same machine, and most of what a cached answer costs. A
``redis.Redis`` is safe to share (it takes a connection from its pool for each command), so
this keeps one per connection pool.

It also keeps the site up while Redis is down or frozen: an operation that fails (the
connection refused, or no answer within the socket timeouts set in ``CACHES``) is logged, at most
once every ``WARN_EVERY`` seconds per process, and answered as a cache that holds nothing
would answer (a miss, a write that did nothing). Pages are then rendered every time, slower but
correct. When Redis answers again, the content version is retired
(``core.caching.version.bump``): a change saved while Redis was away could not retire it then,
and a Redis that kept its data through the outage would otherwise serve answers from before that
change. ``ping`` raises instead, for the readiness check (core/health.py).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# At most one warning per process in this many seconds while Redis fails.
WARN_EVERY = 30


class SharedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            if index not in self._pools:
                self._pools[index] = self._pool_class.from_url(
                    self._servers[index], **self._pool_options
                )
            client = self._clients[index] = self._client(connection_pool=self._pools[index])
        return client


class RedisCache(DjangoRedisCache):
    """``django.core.cache.backends.redis.RedisCache`` sharing its Redis client objects, and
    answering as an empty cache while Redis fails."""

    def __init__(self, server: str | list[str], params: dict) -> None:
        super().__init__(server, params)
        self._class = SharedClientRedisCacheClient
        self.failing_since: float | None = None
        self._warned_at = 0.0

    def ping(self) -> None:
        """Raise unless Redis answers (for the readiness check)."""
        self._cache.get_client(write=True).ping()

    def _safely(self, fallback: Any, operation: Callable[..., Any], *args: Any) -> Any:
        try:
            result = operation(*args)
        except RedisError as error:
            self._failed(error)
            return fallback
        if self.failing_since is not None:
            # What was read may predate a change made during the outage: the version is
            # retired, and this first answer counts as nothing found.
            self._recovered()
            return fallback
        return result

    def _failed(self, error: RedisError) -> None:
        now = time.monotonic()
        if self.failing_since is None:
            self.failing_since = now
        if now - self._warned_at >= WARN_EVERY:
            self._warned_at = now
            logger.warning(
                "The cache (Redis) is unavailable, serving without it: %s: %s",
                type(error).__name__,
                error,
            )

    def _recovered(self) -> None:
        seconds = time.monotonic() - (self.failing_since or time.monotonic())
        self.failing_since = None
        self._warned_at = 0.0
        logger.warning("The cache (Redis) answers again after %.0f s.", seconds)
        from core.caching.version import bump

        bump()

    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        return self._safely(default, super().get, key, default, version)

    def get_many(self, keys: Any, version: int | None = None) -> dict:
        return self._safely({}, super().get_many, keys, version)

    def set(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None):
        return self._safely(None, super().set, key, value, timeout, version)

    def set_many(self, data: dict, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> list:
        return self._safely(list(data), super().set_many, data, timeout, version)

    def add(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None):
        return self._safely(False, super().add, key, value, timeout, version)

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> bool:
        return self._safely(False, super().touch, key, timeout, version)

    def delete(self, key: Any, version: int | None = None) -> bool:
        return self._safely(False, super().delete, key, version)

    def delete_many(self, keys: Any, version: int | None = None) -> None:
        return self._safely(None, super().delete_many, keys, version)

    def has_key(self, key: Any, version: int | None = None) -> bool:
        return self._safely(False, super().has_key, key, version)

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        # A counter that can't be kept counts from nothing (a rate limit lets the request by).
        return self._safely(delta, super().incr, key, delta, version)

    def clear(self) -> bool:
        return self._safely(False, super().clear)
