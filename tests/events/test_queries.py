"""SQL queries for the conference pages, the iCal feed and /api/v3/events/ are pinned.

Each view is requested by an anonymous reader with 2 and with 30 events (upcoming and past,
with registration windows and body blocks); the count must not grow with the events.
"""

from __future__ import annotations

import datetime

import pytest
import time_machine

from tests.factories.core import ImageFactory
from tests.factories.events import STOCKHOLM, EventIndexPageFactory, EventPageFactory
from tests.factories.home import HomePageFactory, StandardPageFactory
from tests.test_queries import ITEM_COUNTS, body_blocks, measure

pytestmark = pytest.mark.django_db

QUERIES = {
    "event_index": 14,
    "event": 20,
    "ical_feed": 7,
    "event_ical": 7,
    # Events, their count and one query for every listed event's other language versions.
    "api_v3_events": 4,
}
NOW = datetime.datetime(2030, 6, 1, 12, 0, tzinfo=STOCKHOLM)


def make_events(count: int) -> list:
    events = []
    for number in range(count):
        # Half upcoming, half past, spread over several years; each with a window.
        start = NOW + datetime.timedelta(days=40 * (number - count // 2))
        events.append(
            EventPageFactory(
                start=start,
                registration_opens=start - datetime.timedelta(days=60),
                registration_closes=start - datetime.timedelta(days=7),
                registration_url="https://smakom.se/anmalan/",
            )
        )
    for _ in range(count):
        StandardPageFactory(parent=HomePageFactory(), show_in_menus=True)
    return events


@pytest.mark.parametrize("count", ITEM_COUNTS)
@time_machine.travel(NOW, tick=False)
def test_event_index(client, django_assert_num_queries, count):
    make_events(count)
    index = EventIndexPageFactory()
    measure(client, django_assert_num_queries, index.url, QUERIES["event_index"])
    measure(client, django_assert_num_queries, index.url, QUERIES["event_index"], page="2")


@pytest.mark.parametrize("count", ITEM_COUNTS)
@time_machine.travel(NOW, tick=False)
def test_event_page(client, django_assert_num_queries, count):
    home = HomePageFactory()
    make_events(count)
    event = EventPageFactory(
        start=NOW + datetime.timedelta(days=10),
        hero_image=ImageFactory(),
        **body_blocks("body", count, link_page=home),
    )
    measure(client, django_assert_num_queries, event.url, QUERIES["event"])
    measure(client, django_assert_num_queries, f"{event.url}ical/", QUERIES["event_ical"])


@pytest.mark.parametrize("count", ITEM_COUNTS)
@time_machine.travel(NOW, tick=False)
def test_ical_feed(client, django_assert_num_queries, count):
    make_events(count)
    index = EventIndexPageFactory()
    measure(client, django_assert_num_queries, f"{index.url}ical/", QUERIES["ical_feed"])


@pytest.mark.parametrize("count", ITEM_COUNTS)
@time_machine.travel(NOW, tick=False)
def test_api_v3_events(client, django_assert_num_queries, count):
    make_events(count)
    for when in ("upcoming", "past"):
        measure(
            client,
            django_assert_num_queries,
            "/api/v3/events/",
            QUERIES["api_v3_events"],
            when=when,
        )
