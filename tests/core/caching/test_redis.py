"""The Redis cache backend (core/caching/redis.py) against a real Redis: Django's backend's
behaviour, with one Redis client object per connection pool; and the whole-answer cache on it.

Redis at REDIS_TEST_URL (redis://127.0.0.1:6379/14 by default; the database is emptied). The
tests are skipped where no Redis answers, unless REDIS_TESTS_REQUIRED is set (.ci/run sets it).
"""

from __future__ import annotations

import logging
import os
from urllib.parse import urlsplit

import pytest
import redis
from django.core.cache import caches

from bench.cases import ANSWER_KEYS, forget_answers
from core.caching.redis import RedisCache
from core.caching.version import current_version
from tests.factories.articles import ArticlePageFactory
from tests.tcp_proxy import TCPProxy

REDIS_TEST_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/14")


def redis_answers() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


if not redis_answers():
    if os.environ.get("REDIS_TESTS_REQUIRED"):
        raise RuntimeError(f"No Redis answers at {REDIS_TEST_URL}")
    pytest.skip(f"No Redis at {REDIS_TEST_URL}", allow_module_level=True)


@pytest.fixture
def redis_cache():
    cache = RedisCache(REDIS_TEST_URL, {"KEY_PREFIX": "test"})
    cache.clear()
    yield cache
    cache.clear()


def test_it_behaves_as_djangos_redis_cache(redis_cache):
    assert redis_cache.add("a", {"answer": 1}, 60)
    assert not redis_cache.add("a", "other", 60)
    redis_cache.set_many({"b": [1, 2], "c": "tre"}, 60)

    assert redis_cache.get_many(["a", "b", "c", "missing"]) == {
        "a": {"answer": 1},
        "b": [1, 2],
        "c": "tre",
    }
    redis_cache.delete("a")
    assert redis_cache.get("a") is None
    assert redis_cache.get("b") == [1, 2]


def test_one_client_object_is_shared(redis_cache):
    redis_cache.get("a")
    client = redis_cache._cache.get_client(write=True)

    redis_cache.set("a", 1, 60)
    redis_cache.get("a")

    assert redis_cache._cache.get_client() is client
    assert redis_cache._cache.get_client(write=True) is client


@pytest.mark.django_db
def test_the_answer_cache_works_on_it(client, settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "core.caching.redis.RedisCache", "LOCATION": REDIS_TEST_URL},
    }
    caches["default"].clear()
    try:
        ArticlePageFactory(title="Bredband på landet")
        assert client.get("/nyheter/")["X-Cache"] == "miss"
        assert client.get("/nyheter/")["X-Cache"] == "hit"

        ArticlePageFactory(title="Fibernät i Dalarna")

        again = client.get("/nyheter/")
        assert again["X-Cache"] == "miss"
        assert "Fibernät i Dalarna" in again.content.decode()
    finally:
        caches["default"].clear()


@pytest.mark.django_db
def test_the_benchmarks_api_miss_forgets_the_answers_and_keeps_the_facts(client, settings):
    """`make bench` measures an API miss after ``forget_answers``: the stored answers go, what
    the site keeps with the content version (the site, the route's sections) stays."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "core.caching.redis.RedisCache", "LOCATION": REDIS_TEST_URL},
    }
    caches["default"].clear()
    direct = redis.Redis.from_url(REDIS_TEST_URL)
    try:
        ArticlePageFactory(title="Bredband på landet")
        assert client.get("/nyheter/")["X-Cache"] == "miss"
        assert client.get("/api/v3/news/")["X-Cache"] == "miss"
        facts = {key for key in direct.scan_iter() if b":site-for:" in key}
        assert facts

        forget_answers(direct)

        assert not list(direct.scan_iter(match=ANSWER_KEYS))
        assert {key for key in direct.scan_iter() if b":site-for:" in key} == facts
        assert client.get("/nyheter/")["X-Cache"] == "miss"
        assert client.get("/api/v3/news/")["X-Cache"] == "miss"
        assert client.get("/api/v3/news/")["X-Cache"] == "hit"
    finally:
        caches["default"].clear()


@pytest.fixture
def redis_proxy():
    """Redis behind a TCP proxy the test can cut (tests/tcp_proxy.py)."""
    parsed = urlsplit(REDIS_TEST_URL)
    proxy = TCPProxy(parsed.hostname or "127.0.0.1", parsed.port or 6379).start()
    yield proxy, f"redis://127.0.0.1:{proxy.port}{parsed.path}"
    proxy.stop()


@pytest.mark.django_db
def test_without_redis_the_site_serves_uncached_and_readiness_says_so(
    client, settings, redis_proxy, caplog
):
    proxy, url = redis_proxy
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "core.caching.redis.RedisCache",
            "LOCATION": url,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        },
    }
    cache = caches["default"]
    cache.clear()
    try:
        ArticlePageFactory(title="Bredband på landet")
        assert client.get("/nyheter/")["X-Cache"] == "miss"
        assert client.get("/nyheter/")["X-Cache"] == "hit"
        version = current_version()

        proxy.cut()
        with caplog.at_level(logging.WARNING, logger="core.caching.redis"):
            for _ in range(3):
                answer = client.get("/nyheter/")
                assert answer.status_code == 200
                assert answer["X-Cache"] == "miss"
                assert "Bredband på landet" in answer.content.decode()
        # One warning for the outage, not one per operation.
        assert len([r for r in caplog.records if "unavailable" in r.getMessage()]) == 1
        ready = client.get("/readyz/")
        assert ready.status_code == 503
        assert ready.json()["checks"]["cache"]["ok"] is False
        assert ready.json()["checks"]["database"]["ok"] is True
        # A change saved while Redis is away is saved.
        ArticlePageFactory(title="Fibernät i Dalarna")

        proxy.forward()
        # Back: the version the change could not retire is retired on the first answer.
        again = client.get("/nyheter/")
        assert "Fibernät i Dalarna" in again.content.decode()
        assert current_version() != version
        assert client.get("/nyheter/")["X-Cache"] == "hit"
        assert client.get("/readyz/").status_code == 200
    finally:
        proxy.forward()
        cache.clear()
