"""Django's Redis cache, without a new Redis client object for every cache operation.

Django's ``RedisCacheClient.get_client`` makes a ``redis.Redis`` for each call (the pool's
connections are reused, the client object is not), and redis-py builds some 170 response
callbacks in every client's constructor: about a quarter of a millisecond per operation, more
than the round trip to Redis on the same machine, and most of what a cached answer costs. A
``redis.Redis`` is safe to share (it takes a connection from its pool for each command), so
this keeps one per connection pool.
"""

from __future__ import annotations

from typing import Any

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


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
    """``django.core.cache.backends.redis.RedisCache`` sharing its Redis client objects."""

    def __init__(self, server: str | list[str], params: dict) -> None:
        super().__init__(server, params)
        self._class = SharedClientRedisCacheClient
