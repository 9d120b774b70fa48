"""Helpers shared by the API tests: the public base URL, the public site, module-wide data."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction
from wagtail.models import Site

# The public base URL the test settings configure (WAGTAILADMIN_BASE_URL / WAGTAILAPI_BASE_URL).
BASE_URL = "https://www.smakom.se"
API = "/api/v2"


def configure_public_site() -> Site:
    """Point the default site at the public base URL, as the demo loader does in production."""
    site = Site.objects.get(is_default_site=True)
    site.hostname = "www.smakom.se"
    site.port = 443
    site.save()
    return site


@contextmanager
def module_data(django_db_blocker) -> Iterator[None]:
    """A transaction around a module's data, rolled back when the module is done.

    Each test still runs in its own savepoint (pytest-django's ``db`` fixture), so what one
    test changes (renditions created by its first request, say) never reaches the next.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)
