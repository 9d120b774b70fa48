"""Request ids and access lines (core/request_log.py): every answer carries X-Request-ID (the
proxy's, if sensible, else a new one), every record made while serving it names it, and each
request has one access line with its method, path, status, duration and signed-in user. The
answers served in front of Django: tests/core/caching/test_wsgi_front.py; the JSON format under
the production settings: tests/core/test_outages.py."""

from __future__ import annotations

import logging

import pytest

from core.request_log import RequestIdFilter, request_id_from
from tests.factories.home import HomePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def access(caplog):
    caplog.set_level(logging.INFO, logger="smakom.access")
    return lambda: [record for record in caplog.records if record.name == "smakom.access"]


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("4bf92f3577b34da6a3ce929d0e0e4736", True),
        ("lb-01:4711", True),
        ("två ord", False),
        ("x" * 201, False),
        ("<script>", False),
        ("", False),
    ],
)
def test_a_sensible_request_id_from_the_proxy_is_kept(given, kept):
    request_id = request_id_from({"HTTP_X_REQUEST_ID": given})
    assert (request_id == given) is kept
    if not kept:
        assert len(request_id) == 32


def test_without_a_configured_header_an_id_is_always_made(settings):
    settings.REQUEST_ID_HEADER = ""
    assert request_id_from({"HTTP_X_REQUEST_ID": "lb-01"}) != "lb-01"


def test_every_answer_has_an_id_and_one_access_line(client, access):
    HomePageFactory()
    page = client.get("/?a=1", headers={"x-request-id": "lb-01"})
    missing = client.get("/finns-inte/")

    assert page["X-Request-ID"] == "lb-01"
    assert len(missing["X-Request-ID"]) == 32
    lines = access()
    assert [(r.request_id, r.method, r.path, r.status, r.user_id) for r in lines] == [
        ("lb-01", "GET", "/", 200, None),
        (missing["X-Request-ID"], "GET", "/finns-inte/", 404, None),
    ]
    assert all(r.duration_ms >= 0 for r in lines)


def test_the_admin_names_the_signed_in_user(admin_client, admin_user, access):
    admin_client.get("/admin/")

    assert [(r.path, r.user_id) for r in access()][-1][1] == admin_user.pk


def test_the_health_checks_are_not_logged(client, access):
    assert client.get("/healthz/")["X-Request-ID"]
    client.get("/readyz/")

    assert access() == []


def test_records_made_while_serving_a_request_name_it(client, caplog):
    seen = []

    class Remember(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            RequestIdFilter().filter(record)
            seen.append((record.name, record.request_id))

    handler = Remember(level=logging.INFO)
    logging.getLogger("django.request").addHandler(handler)
    try:
        response = client.get("/finns-inte/", headers={"x-request-id": "lb-02"})
    finally:
        logging.getLogger("django.request").removeHandler(handler)

    assert response.status_code == 404
    # Django logs "Not Found" after the middleware returned: still this request's id.
    assert ("django.request", "lb-02") in seen


def test_access_lines_can_be_left_to_the_proxy(client, settings, access):
    settings.ACCESS_LOG = False
    HomePageFactory()

    assert client.get("/")["X-Request-ID"]
    assert access() == []
