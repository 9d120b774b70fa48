"""The iCalendar file of an event and the feed of upcoming events parse with ``icalendar``."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from icalendar import Calendar
from wagtail.models import PageViewRestriction

from tests.core.api.helpers import BASE_URL, configure_public_site
from tests.factories.events import STOCKHOLM, EventIndexPageFactory, EventPageFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2030, 6, 1, 12, 0, tzinfo=STOCKHOLM)


@pytest.fixture
def events():
    configure_public_site()
    index = EventIndexPageFactory()
    upcoming = EventPageFactory(
        title="Rikskonferens 2030",
        start=datetime.datetime(2030, 9, 24, 15, 0, tzinfo=STOCKHOLM),
        end=datetime.datetime(2030, 9, 26, 12, 0, tzinfo=STOCKHOLM),
        place="Vadstena",
        venue="Vadstena Klosterhotel",
    )
    later = EventPageFactory(
        title="Höstmöte 2030",
        start=datetime.datetime(2030, 11, 21, tzinfo=STOCKHOLM),
        end=datetime.datetime(2030, 11, 22, 23, 59, tzinfo=STOCKHOLM),
        all_day=True,
    )
    past = EventPageFactory(
        title="Höstmöte 2029", start=datetime.datetime(2029, 11, 15, tzinfo=STOCKHOLM)
    )
    draft = EventPageFactory(title="Utkast", live=False)
    private = EventPageFactory(title="Internt möte")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    return {
        "index": index,
        "upcoming": upcoming,
        "later": later,
        "past": past,
        "draft": draft,
        "private": private,
    }


def parse(response) -> Calendar:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


@time_machine.travel(NOW, tick=False)
def test_event_ics(client, events):
    page = events["upcoming"]
    calendar = parse(client.get(f"{page.url}ical/"))
    (event,) = calendar.walk("VEVENT")

    assert str(calendar["VERSION"]) == "2.0"
    assert str(event["SUMMARY"]) == "Rikskonferens 2030"
    assert str(event["UID"]) == f"event-{page.pk}@www.smakom.se"
    assert event.decoded("DTSTART") == datetime.datetime(2030, 9, 24, 15, 0, tzinfo=STOCKHOLM)
    assert event["DTSTART"].params["TZID"] == "Europe/Stockholm"
    assert event.decoded("DTEND") == datetime.datetime(2030, 9, 26, 12, 0, tzinfo=STOCKHOLM)
    assert str(event["LOCATION"]) == "Vadstena Klosterhotel, Vadstena"
    assert str(event["URL"]) == f"{BASE_URL}{page.url}"
    assert "DTSTAMP" in event
    assert "DESCRIPTION" in event
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Stockholm"]


@time_machine.travel(NOW, tick=False)
def test_all_day_event_uses_dates_with_exclusive_end(client, events):
    (event,) = parse(client.get(f"{events['later'].url}ical/")).walk("VEVENT")
    assert event.decoded("DTSTART") == datetime.date(2030, 11, 21)
    assert event.decoded("DTEND") == datetime.date(2030, 11, 23)


@time_machine.travel(NOW, tick=False)
def test_uid_is_stable_across_edits(client, events):
    page = events["upcoming"]
    first = parse(client.get(f"{page.url}ical/")).walk("VEVENT")[0]["UID"]
    page.title = "Rikskonferens 2030 i Vadstena"
    page.save_revision().publish()
    second = parse(client.get(f"{page.url}ical/")).walk("VEVENT")[0]["UID"]
    assert first == second


@time_machine.travel(NOW, tick=False)
def test_feed_lists_upcoming_live_public_events_soonest_first(client, events):
    calendar = parse(client.get(f"{events['index'].url}ical/"))
    assert [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")] == [
        "Rikskonferens 2030",
        "Höstmöte 2030",
    ]


@time_machine.travel(NOW, tick=False)
def test_draft_and_private_event_files_are_not_served(client, events):
    assert client.get(f"/konferenser/{events['draft'].slug}/ical/").status_code == 404
    response = client.get(f"{events['private'].url}ical/")
    assert response.status_code == 302
    assert "Internt möte" not in response.content.decode()


@time_machine.travel(datetime.datetime(2040, 1, 1, tzinfo=STOCKHOLM), tick=False)
def test_an_empty_feed_is_still_a_valid_calendar(client, events):
    calendar = parse(client.get(f"{events['index'].url}ical/"))

    assert calendar.walk("VEVENT") == []
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Stockholm"]


@time_machine.travel(NOW, tick=False)
def test_uid_uses_the_public_host_whatever_host_is_asked(client, events):
    calendar = parse(client.get(f"{events['upcoming'].url}ical/", HTTP_HOST="127.0.0.1"))

    (event,) = calendar.walk("VEVENT")
    assert str(event["UID"]) == f"event-{events['upcoming'].pk}@www.smakom.se"
