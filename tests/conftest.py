"""Fixtures shared by the whole suite."""

from __future__ import annotations

import pytest
from django.core.cache import caches

from tests.factories.home import HomePageFactory


@pytest.fixture(autouse=True)
def _clear_cache():
    """Wagtail caches site root paths and renditions; no test may see another's."""
    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()


@pytest.fixture(autouse=True)
def _query_counts_measure_a_render(request):
    """A test that pins a request's queries measures the page being rendered: the whole-answer
    cache is off for it (else the repeated request it measures would be a hit, no query at all).
    tests/core/caching/ pins what a hit and a miss cost with the cache on."""
    if {"django_assert_num_queries", "django_assert_max_num_queries"} & set(request.fixturenames):
        request.getfixturevalue("settings").RESPONSE_CACHE_ENABLED = False


@pytest.fixture
def home_page(db):
    """The Swedish home page the migration creates (slug "home", depth 2)."""
    return HomePageFactory()
