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


@pytest.fixture
def home_page(db):
    """The Swedish home page the migration creates (slug "home", depth 2)."""
    return HomePageFactory()
