"""manage.py configure_site points the default site at WAGTAILADMIN_BASE_URL."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings
from wagtail.models import Site

pytestmark = pytest.mark.django_db


@override_settings(WAGTAILADMIN_BASE_URL="https://smakom.example")
def test_sets_host_and_port_then_changes_nothing():
    first, second = StringIO(), StringIO()

    call_command("configure_site", stdout=first)
    call_command("configure_site", stdout=second)

    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.site_name) == ("smakom.example", 443, "SmåKom")
    assert site.root_page.full_url == "https://smakom.example/"
    assert "now answers" in first.getvalue()
    assert "already matches" in second.getvalue()


@override_settings(WAGTAILADMIN_BASE_URL="http://localhost:8000")
def test_plain_http_default_port():
    call_command("configure_site", stdout=StringIO())

    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("localhost", 8000)
