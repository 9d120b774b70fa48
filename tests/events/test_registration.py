"""The registration status is computed from the window and the time in Europe/Stockholm."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import translation

from events.models import EventPage, RegistrationStatus
from tests.factories.events import STOCKHOLM

pytestmark = pytest.mark.django_db

OPENS = datetime.datetime(2030, 3, 1, 9, 0, tzinfo=STOCKHOLM)
# A window closing at 23:59 Swedish summer time, i.e. 21:59 UTC: DST matters here.
CLOSES = datetime.datetime(2030, 4, 1, 23, 59, tzinfo=STOCKHOLM)
START = datetime.datetime(2030, 4, 24, 15, 0, tzinfo=STOCKHOLM)
END = datetime.datetime(2030, 4, 26, 12, 0, tzinfo=STOCKHOLM)


def event(**overrides) -> EventPage:
    fields = {
        "title": "Rikskonferens 2030",
        "start": START,
        "end": END,
        "registration_opens": OPENS,
        "registration_closes": CLOSES,
        "registration_url": "https://smakom.se/anmalan/",
    }
    fields.update(overrides)
    return EventPage(**fields)


@pytest.fixture(autouse=True)
def _swedish():
    with translation.override("sv"):
        yield


@pytest.mark.parametrize(
    ("now", "status", "label"),
    [
        (OPENS - datetime.timedelta(seconds=1), "not_yet_open", "Anmälan öppnar 1 mars 2030"),
        (OPENS, "open", "Anmäl dig senast 1 april 2030"),
        (CLOSES - datetime.timedelta(seconds=1), "open", "Anmäl dig senast 1 april 2030"),
        (CLOSES, "closed", "Anmälan är nu stängd"),
        # 22:30 UTC is already 2 April, 00:30, in Stockholm (CEST, UTC+2): closed.
        (datetime.datetime(2030, 4, 1, 22, 30, tzinfo=datetime.UTC), "closed", None),
        # 21:58 UTC is 23:58 in Stockholm: still open, though 1 April has ended in UTC+3 zones.
        (datetime.datetime(2030, 4, 1, 21, 58, tzinfo=datetime.UTC), "open", None),
        (START, "closed", "Anmälan är nu stängd"),
        (END, "closed", "Mötet har hållits"),
    ],
)
def test_status_at_each_boundary(now, status, label):
    with time_machine.travel(now, tick=False):
        page = event()
        assert page.registration_status == status
        if label:
            assert page.registration_status_label == label


def test_not_yet_open_label_uses_the_stockholm_date():
    # 23:30 UTC on 28 February is 00:30 on 1 March in Stockholm (CET, UTC+1).
    opens = datetime.datetime(2030, 2, 28, 23, 30, tzinfo=datetime.UTC)
    with time_machine.travel(datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC), tick=False):
        assert event(registration_opens=opens).registration_status_label == (
            "Anmälan öppnar 1 mars 2030"
        )


def test_open_until_the_event_ends_without_a_closing_time():
    page = event(registration_closes=None)
    with time_machine.travel(END - datetime.timedelta(minutes=1), tick=False):
        assert page.registration_status == "open"
        assert page.registration_status_label == "Anmälan är öppen"
    with time_machine.travel(END, tick=False):
        assert page.registration_status == "closed"
        assert page.registration_status_label == "Mötet har hållits"


@pytest.mark.parametrize(
    ("closes", "label"),
    [
        # Midnight ends the day before: the last day to register is 1 April.
        (datetime.datetime(2030, 4, 2, 0, 0, tzinfo=STOCKHOLM), "Anmäl dig senast 1 april 2030"),
        (datetime.datetime(2030, 4, 1, 23, 59, tzinfo=STOCKHOLM), "Anmäl dig senast 1 april 2030"),
        (
            datetime.datetime(2030, 4, 1, 12, 0, tzinfo=STOCKHOLM),
            "Anmäl dig senast 1 april 2030 kl. 12.00",
        ),
        # 22:30 UTC on 1 April is 00:30 on 2 April in Stockholm (CEST).
        (
            datetime.datetime(2030, 4, 1, 22, 30, tzinfo=datetime.UTC),
            "Anmäl dig senast 2 april 2030 kl. 00.30",
        ),
    ],
)
def test_the_last_day_to_register_is_a_swedish_date(closes, label):
    with time_machine.travel(OPENS, tick=False):
        assert event(registration_closes=closes).registration_status_label == label


def test_the_labels_in_english():
    page = event()
    with translation.override("en"):
        with time_machine.travel(OPENS, tick=False):
            assert page.registration_status_label == "Register by 1 April 2030"
        with time_machine.travel(CLOSES, tick=False):
            assert page.registration_status_label == "Registration is now closed"
        with time_machine.travel(END, tick=False):
            assert page.registration_status_label == "The meeting has been held"


def test_an_ended_event_is_closed_even_if_the_window_is_later():
    page = event(registration_closes=END + datetime.timedelta(days=30))
    with time_machine.travel(END + datetime.timedelta(days=1), tick=False):
        assert page.registration_status == "closed"


def test_no_window_and_no_link_is_none():
    page = event(registration_opens=None, registration_closes=None, registration_url="")
    with time_machine.travel(START - datetime.timedelta(days=1), tick=False):
        assert page.registration_status == RegistrationStatus.NONE
        assert page.registration_status_label == "Ingen anmälan"
        assert not page.has_registration


def test_clean_rejects_end_before_start_and_closing_before_opening():
    with pytest.raises(ValidationError) as error:
        event(end=START - datetime.timedelta(hours=1)).clean()
    assert "end" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        event(registration_closes=OPENS - datetime.timedelta(days=1)).clean()
    assert "registration_closes" in error.value.message_dict


@pytest.mark.parametrize(
    ("all_day", "start", "end", "text"),
    [
        (
            True,
            datetime.datetime(2018, 11, 22, tzinfo=STOCKHOLM),
            datetime.datetime(2018, 11, 23, 23, 59, tzinfo=STOCKHOLM),
            "22–23 november 2018",
        ),
        (
            True,
            datetime.datetime(2011, 10, 31, tzinfo=STOCKHOLM),
            datetime.datetime(2011, 11, 4, 23, 59, tzinfo=STOCKHOLM),
            "31 oktober – 4 november 2011",
        ),
        (False, START, END, "24 april 2030 kl. 15.00 – 26 april 2030 kl. 12.00"),
    ],
)
def test_date_range_text(all_day, start, end, text):
    assert event(all_day=all_day, start=start, end=end).date_range_text == text
