"""Events in the APIs: v2 fields and the v3 /api/v3/events/ contract, filters and bad input."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.test import Client
from wagtail.models import PageViewRestriction

from tests.core.api.helpers import BASE_URL, configure_public_site, module_data
from tests.core.api.v3_helpers import API, assert_problem, openapi_schema
from tests.factories.events import STOCKHOLM, EventPageFactory

pytestmark = pytest.mark.django_db

EVENTS = f"{API}/events/"
NOW = datetime.datetime(2030, 6, 1, 12, 0, tzinfo=STOCKHOLM)
EVENT_KEYS = {
    "id",
    "title",
    "html_url",
    "locale",
    "kind",
    "kind_label",
    "start",
    "end",
    "all_day",
    "place",
    "venue",
    "registration_opens",
    "registration_closes",
    "registration_url",
    "registration_status",
    "registration_status_label",
    "ical_url",
    "translations",
}
ISO_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}\Z")


@pytest.fixture
def api_client(db) -> Client:
    """An anonymous client that turns server errors into 500 responses instead of raising."""
    return Client(raise_request_exception=False)


def at(year: int, month: int, day: int, hour: int = 10) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, 0, tzinfo=STOCKHOLM)


@pytest.fixture(scope="module")
def content(django_db_setup, django_db_blocker):
    with module_data(django_db_blocker):
        configure_public_site()
        pages = {
            "next": EventPageFactory(
                title="Rikskonferens 2030",
                kind="rikskonferens",
                start=at(2030, 9, 24, 15),
                end=at(2030, 9, 26, 12),
                registration_opens=at(2030, 7, 1, 9),
                registration_closes=at(2030, 8, 31, 23),
                registration_url="https://smakom.se/anmalan/",
            ),
            "later": EventPageFactory(title="Höstmöte 2030", start=at(2030, 11, 21)),
            "past_2029": EventPageFactory(title="Höstmöte 2029", start=at(2029, 11, 15)),
            "past_2028": EventPageFactory(
                title="Vårmöte 2028", kind="varmote", start=at(2028, 4, 20)
            ),
            "draft": EventPageFactory(title="Utkast", start=at(2030, 7, 1), live=False),
            "private": EventPageFactory(title="Internt möte", start=at(2030, 7, 2)),
        }
        PageViewRestriction.objects.create(
            page=pages["private"], restriction_type=PageViewRestriction.PASSWORD, password="x"
        )
        yield pages


def titles(response) -> list[str]:
    assert response.status_code == 200, response.content[:300]
    return [item["title"] for item in response.json()["items"]]


@time_machine.travel(NOW, tick=False)
def test_v3_upcoming_by_default_with_typed_fields(api_client, content):
    response = api_client.get(EVENTS)
    assert titles(response) == ["Rikskonferens 2030", "Höstmöte 2030"]
    body = response.json()
    assert body["count"] == 2
    item = body["items"][0]
    assert set(item) == EVENT_KEYS
    page = content["next"]
    assert item["id"] == page.pk
    assert item["html_url"] == f"{BASE_URL}{page.url}"
    assert item["ical_url"] == f"{BASE_URL}{page.url}ical/"
    assert item["locale"] == "sv"
    assert (item["kind"], item["kind_label"]) == ("rikskonferens", "Rikskonferens")
    assert item["start"] == "2030-09-24T15:00:00+02:00"
    assert ISO_DATETIME.match(item["end"])
    assert ISO_DATETIME.match(item["registration_closes"])
    assert item["registration_status"] == "not_yet_open"
    assert item["registration_status_label"] == "Anmälan öppnar 1 juli 2030"
    assert body["items"][1]["registration_opens"] is None
    assert body["items"][1]["registration_status"] == "none"


@time_machine.travel(NOW, tick=False)
def test_v3_past_newest_first_and_filters(api_client, content):
    assert titles(api_client.get(EVENTS, {"when": "past"})) == ["Höstmöte 2029", "Vårmöte 2028"]
    assert titles(api_client.get(EVENTS, {"when": "past", "year": "2028"})) == ["Vårmöte 2028"]
    assert titles(api_client.get(EVENTS, {"when": "past", "kind": "varmote"})) == ["Vårmöte 2028"]
    assert titles(api_client.get(EVENTS, {"year": "2030", "kind": "hostmote"})) == ["Höstmöte 2030"]
    assert titles(api_client.get(EVENTS, {"locale": "sv", "limit": "1"})) == ["Rikskonferens 2030"]


@time_machine.travel(datetime.datetime(2030, 8, 1, tzinfo=STOCKHOLM), tick=False)
def test_v3_status_follows_the_clock(api_client, content):
    item = api_client.get(EVENTS).json()["items"][0]
    assert (item["registration_status"], item["registration_status_label"]) == (
        "open",
        "Anmäl dig senast 31 augusti 2030 kl. 23.00",
    )


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"when": "nope"}, 422),
        ({"year": "abc"}, 422),
        ({"year": "-1"}, 422),
        ({"kind": "fest"}, 422),
        ({"locale": "xx"}, 422),
        ({"sort": "title"}, 400),
        ({"limit": "-5"}, None),
        ({"when": "past\x00"}, None),
    ],
)
def test_v3_bad_input_is_a_4xx_problem(api_client, content, params, status):
    assert_problem(api_client.get(EVENTS, params), status)


@time_machine.travel(NOW, tick=False)
def test_v3_hides_drafts_and_private_events(api_client, content):
    everything = titles(api_client.get(EVENTS)) + titles(api_client.get(EVENTS, {"when": "past"}))
    assert "Utkast" not in everything
    assert "Internt möte" not in everything


def test_v3_events_is_in_the_committed_contract():
    operation = openapi_schema()["paths"][f"{API}/events/"]["get"]
    assert operation["operationId"] == "events_list"
    names = {parameter["name"] for parameter in operation["parameters"]}
    assert {"when", "year", "kind", "locale", "limit", "offset"} <= names


@time_machine.travel(NOW, tick=False)
def test_v2_event_fields(api_client, content):
    page = content["next"]
    response = api_client.get(f"/api/v2/pages/{page.pk}/")
    assert response.status_code == 200
    data = response.json()
    assert data["kind"] == "rikskonferens"
    assert data["kind_label"] == "Rikskonferens"
    assert data["start"] == "2030-09-24T15:00:00+02:00"
    assert data["end"] == "2030-09-26T12:00:00+02:00"
    assert data["registration_status"] == "not_yet_open"
    assert data["registration_status_label"] == "Anmälan öppnar 1 juli 2030"
    assert data["registration_url"] == "https://smakom.se/anmalan/"
    assert isinstance(data["body"], list)


@time_machine.travel(NOW, tick=False)
def test_v2_listing_hides_drafts_and_private_events(api_client, content):
    response = api_client.get("/api/v2/pages/", {"type": "events.EventPage", "fields": "start"})
    assert response.status_code == 200
    found = {item["title"] for item in response.json()["items"]}
    assert found == {"Rikskonferens 2030", "Höstmöte 2030", "Höstmöte 2029", "Vårmöte 2028"}
    for page in ("draft", "private"):
        assert api_client.get(f"/api/v2/pages/{content[page].pk}/").status_code == 404
