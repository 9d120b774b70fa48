"""Stored answers served in front of Django's handler (core/caching/wsgi.py, config/wsgi.py):
a hit is the middleware's hit, byte for byte, without Django's handler; everything that is not a
plain hit for an anonymous reader goes through Django."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client, RequestFactory

from config.wsgi import application as site_application
from core.caching.version import bump
from core.caching.wsgi import serve_stored_answers
from tests.core.api.helpers import configure_public_site, module_data
from tests.factories.articles import ArticleIndexPageFactory, ArticlePageFactory
from tests.factories.home import HomePageFactory

pytestmark = pytest.mark.django_db

ARTICLE = "/nyheter/bredband-pa-landet/"


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    with module_data(django_db_blocker):
        configure_public_site()
        ArticlePageFactory(
            parent=ArticleIndexPageFactory(parent=HomePageFactory(), slug="nyheter"),
            title="Bredband på landet",
        )
        yield


class Answer:
    def __init__(self, status: str, headers: list[tuple[str, str]], body: bytes) -> None:
        self.status, self.headers, self.body = status, dict(headers), body
        self.header_list = headers


def call(application: Any, path: str, method: str = "GET", **extra: str) -> Answer:
    environ = RequestFactory().generic(method, path, **extra).environ
    started: list[tuple[str, list[tuple[str, str]]]] = []

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> None:
        started.append((status, headers))

    chunks: Iterable[bytes] = application(environ, start_response)
    try:
        body = b"".join(chunks)
    finally:
        if hasattr(chunks, "close"):
            chunks.close()
    return Answer(*started[0], body)


class NotDjango:
    """Stands in for Django's handler: says it was asked."""

    def __init__(self) -> None:
        self.asked = 0

    def __call__(self, environ: dict, start_response: Any) -> list[bytes]:
        self.asked += 1
        start_response("418 I'm a teapot", [("Content-Type", "text/plain")])
        return [b"django"]


@pytest.fixture
def django_handler():
    return NotDjango()


@pytest.fixture
def front(django_handler):
    return serve_stored_answers(django_handler)


def store(path: str, **extra: str):
    response = Client().get(path, **extra)
    assert response["X-Cache"] == "miss"
    return response


def test_a_hit_is_the_stored_answer_without_django_or_a_query(
    site, front, django_handler, django_assert_num_queries, settings
):
    # Pinning queries turns the cache off (tests/conftest.py); this test is about it.
    settings.RESPONSE_CACHE_ENABLED = True
    stored = store(ARTICLE)
    handler_runs = []
    request_started.connect(receiver := lambda **kwargs: handler_runs.append(kwargs))
    try:
        with django_assert_num_queries(0):
            answer = call(front, ARTICLE)
    finally:
        request_started.disconnect(receiver)

    assert django_handler.asked == 0
    assert handler_runs == []
    assert answer.status == "200 OK"
    assert answer.body == stored.content
    assert answer.headers["X-Cache"] == "hit"
    for name in ("Content-Type", "Cache-Control", "ETag", "Content-Security-Policy", "Vary"):
        assert answer.headers[name] == stored[name], name
    # Every header once, X-Cache included.
    names = [name.lower() for name, _value in answer.header_list]
    assert len(names) == len(set(names))


def test_the_site_is_served_through_the_front(site):
    """config/wsgi.py puts it in front of Django: a miss goes through Django, a hit does not."""
    handler_runs = []
    request_started.connect(receiver := lambda **kwargs: handler_runs.append(kwargs))
    # As Django's test client: the test's database connection stays open across the request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        first = call(site_application, ARTICLE, HTTP_X_FORWARDED_PROTO="https")
        second = call(site_application, ARTICLE, HTTP_X_FORWARDED_PROTO="https")
    finally:
        request_started.disconnect(receiver)
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)

    assert (first.headers["X-Cache"], second.headers["X-Cache"]) == ("miss", "hit")
    assert second.body == first.body
    assert len(handler_runs) == 1


def test_a_404_and_a_head_request_are_hits_too(site, front, django_handler):
    stored_404 = store("/finns-inte/")
    store(ARTICLE)

    not_found = call(front, "/finns-inte/")
    head = call(front, ARTICLE, method="HEAD")

    assert not_found.status == "404 Not Found"
    assert not_found.body == stored_404.content
    assert head.headers["X-Cache"] == "hit"
    assert django_handler.asked == 0


@pytest.mark.parametrize(
    ("method", "extra"),
    [
        # Someone in particular: a session (a signed-in editor, a reader past a page's
        # password), a pending message, an API v3 bearer token.
        ("GET", {"HTTP_COOKIE": f"{django_settings.SESSION_COOKIE_NAME}=abc"}),
        ("GET", {"HTTP_COOKIE": "messages=x"}),
        ("GET", {"HTTP_AUTHORIZATION": "Bearer not-a-token"}),
        # A failed precondition: Django answers 412.
        ("GET", {"HTTP_IF_MATCH": '"not-the-etag"'}),
        # Writes, and a host the site does not serve (Django answers 400).
        ("POST", {}),
        ("GET", {"HTTP_HOST": "evil.example"}),
    ],
)
def test_what_is_not_a_plain_anonymous_hit_goes_to_django(
    site, front, django_handler, method, extra
):
    store(ARTICLE)

    answer = call(front, ARTICLE, method=method, **extra)

    assert answer.body == b"django"
    assert django_handler.asked == 1


def test_nothing_stored_an_excluded_path_or_a_new_version_goes_to_django(
    site, front, django_handler
):
    store(ARTICLE)

    assert call(front, "/nyheter/").body == b"django"
    assert call(front, "/admin/login/").body == b"django"
    bump()
    assert call(front, ARTICLE).body == b"django"
    assert django_handler.asked == 3


def test_off_everything_goes_to_django(site, front, django_handler, settings):
    store(ARTICLE)
    settings.RESPONSE_CACHE_ENABLED = False

    assert call(front, ARTICLE).body == b"django"


def test_a_conditional_get_that_matches_gets_a_304_from_the_front(site, front, django_handler):
    stored = store(ARTICLE)

    not_modified = call(front, ARTICLE, HTTP_IF_NONE_MATCH=stored["ETag"])
    changed = call(front, ARTICLE, HTTP_IF_NONE_MATCH='"an-older-etag"')

    assert not_modified.status == "304 Not Modified"
    assert not_modified.body == b""
    assert not_modified.headers["ETag"] == stored["ETag"]
    assert not_modified.headers["Cache-Control"] == stored["Cache-Control"]
    assert "Content-Type" not in not_modified.headers
    assert changed.status == "200 OK"
    assert changed.body == stored.content
    assert django_handler.asked == 0


def test_a_stored_404_is_never_a_304(site, front):
    stored = store("/finns-inte/")

    answer = call(front, "/finns-inte/", HTTP_IF_NONE_MATCH=stored["ETag"])

    assert answer.status == "404 Not Found"
    assert answer.body == stored.content


def test_a_hit_from_the_front_has_its_request_id_and_access_line(site, front, caplog):
    store(ARTICLE)
    with caplog.at_level(logging.INFO, logger="smakom.access"):
        given = call(front, ARTICLE, HTTP_X_REQUEST_ID="lb-4711")
        made = call(front, ARTICLE)

    assert given.headers["X-Cache"] == made.headers["X-Cache"] == "hit"
    assert given.headers["X-Request-ID"] == "lb-4711"
    assert len(made.headers["X-Request-ID"]) == 32
    lines = [record for record in caplog.records if record.name == "smakom.access"]
    assert [(r.request_id, r.method, r.path, r.status) for r in lines] == [
        ("lb-4711", "GET", ARTICLE, 200),
        (made.headers["X-Request-ID"], "GET", ARTICLE, 200),
    ]
