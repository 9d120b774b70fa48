"""In development (DEBUG, as under ``make run``) a missing page and an error get the site's own
404 and 500 pages, as in production; DEBUG_404 and DEBUG_500 bring back Django's technical pages
(core/error_pages.py)."""

from __future__ import annotations

import logging

import pytest
from django.core.exceptions import (
    BadRequest,
    MiddlewareNotUsed,
    PermissionDenied,
    SuspiciousOperation,
)
from django.core.handlers.exception import response_for_exception
from django.db import OperationalError
from django.http import Http404, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.test import Client, RequestFactory

from core.error_pages import CLIENT_ERRORS, DevelopmentErrorPagesMiddleware
from home.models import HomePage
from tests.factories.home import StandardPageFactory

pytestmark = pytest.mark.django_db

# What only Django's technical pages say.
TECHNICAL_404 = "Django tried these URL patterns"
TECHNICAL_500 = "Traceback"


@pytest.fixture
def development(settings, home_page):
    """DEBUG on, as config.settings.dev has it, and a page in the main menu. The client is
    made after, so its middleware stack is the development one."""
    settings.DEBUG = True
    settings.DEBUG_404 = False
    settings.DEBUG_500 = False
    StandardPageFactory(parent=home_page, title="Om SmåKom", slug="om", show_in_menus=True)
    return Client(raise_request_exception=False)


def assert_site_404(response, heading: str = "Sidan finns inte") -> None:
    html = response.content.decode()
    assert response.status_code == 404
    assert f"<h1>{heading}</h1>" in html
    # The whole site around it: the header with its search form, the footer.
    assert 'class="site-header"' in html and 'role="search"' in html
    assert 'class="site-footer"' in html
    assert TECHNICAL_404 not in html and "URLconf" not in html


@pytest.mark.parametrize(
    "path",
    [
        "/finns-inte/",  # Wagtail's page view raises Http404
        "/finns-inte.txt",  # no URL pattern matches
    ],
)
def test_a_missing_page_is_the_sites_404_page_with_its_menu(development, path):
    response = development.get(path)

    assert_site_404(response)
    assert 'class="site-nav__link" href="/om/"' in response.content.decode()


def test_a_missing_english_page_is_the_sites_english_404_page(development):
    response = development.get("/en/finns-inte/")

    assert_site_404(response, heading="Page not found")
    assert '<html lang="en">' in response.content.decode()


def test_debug_404_shows_djangos_page_with_the_url_patterns(development, settings):
    settings.DEBUG_404 = True

    for path in ("/finns-inte/", "/finns-inte.txt"):
        response = development.get(path)
        assert response.status_code == 404
        assert TECHNICAL_404 in response.content.decode()


@pytest.fixture
def failing_home_page(monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("the home page is broken")

    monkeypatch.setattr(HomePage, "get_context", fail)


def test_an_error_is_the_sites_500_page_and_its_traceback_is_logged(
    development, failing_home_page, caplog
):
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = development.get("/")

    html = response.content.decode()
    assert response.status_code == 500
    assert "<h1>Något gick fel</h1>" in html
    assert TECHNICAL_500 not in html and "the home page is broken" not in html
    (record,) = [r for r in caplog.records if r.name == "django.request"]
    assert record.getMessage() == "Internal Server Error: /"
    assert record.exc_info[1].args == ("the home page is broken",)


def test_debug_500_shows_djangos_page_with_the_traceback(development, failing_home_page, settings):
    settings.DEBUG_500 = True

    response = development.get("/")

    assert response.status_code == 500
    assert TECHNICAL_500 in response.content.decode()
    assert "the home page is broken" in response.content.decode()


def test_the_test_client_still_hears_of_the_error(development, failing_home_page):
    client = Client()  # raises the view's exception, through got_request_exception

    with pytest.raises(RuntimeError, match="the home page is broken"):
        client.get("/")


def test_a_database_outage_is_still_a_503(development, monkeypatch):
    def fail(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(HomePage, "get_context", fail)

    response = development.get("/")

    assert response.status_code == 503
    assert "Retry-After" in response


def test_without_debug_the_middleware_leaves_the_stack(settings):
    settings.DEBUG = False

    with pytest.raises(MiddlewareNotUsed):
        DevelopmentErrorPagesMiddleware(lambda request: HttpResponse())


@pytest.mark.parametrize(
    "exception",
    [
        Http404(),
        PermissionDenied(),
        MultiPartParserError(),
        BadRequest(),
        SuspiciousOperation(),
        RuntimeError(),
    ],
    ids=lambda exception: type(exception).__name__,
)
def test_client_errors_are_those_django_answers_with_a_4xx(settings, home_page, exception):
    """CLIENT_ERRORS names what Django itself answers below 500: an upgrade of Django that
    changes that fails here."""
    settings.DEBUG = False
    request = RequestFactory().get("/")

    try:
        raise exception
    except Exception as raised:  # sys.exc_info() set, as Django has it
        response = response_for_exception(request, raised)

    assert (response.status_code < 500) == isinstance(exception, CLIENT_ERRORS)
