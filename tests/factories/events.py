"""Factories for the events app: the singleton "Konferenser" index and its events."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import factory
import wagtail_factories

from events.models import EventIndexPage, EventKind, EventPage
from tests.factories.core import BodyBlockFactory, SingletonPageFactory
from tests.factories.home import HomePageFactory

STOCKHOLM = ZoneInfo("Europe/Stockholm")


class EventIndexPageFactory(SingletonPageFactory):
    parent = factory.SubFactory(HomePageFactory)
    title = "Konferenser"
    slug = "konferenser"
    intro = "SmåKoms konferenser och möten."

    class Meta:
        model = EventIndexPage


class EventPageFactory(wagtail_factories.PageFactory):
    """A two-day Höstmöte in Bromma; pass ``start``/``end`` (aware) to move it."""

    parent = factory.SubFactory(EventIndexPageFactory)
    title = factory.Sequence(lambda n: f"Höstmöte {n}")
    kind = EventKind.HOSTMOTE
    start = datetime.datetime(2030, 11, 21, 11, 0, tzinfo=STOCKHOLM)
    end = factory.LazyAttribute(lambda obj: obj.start + datetime.timedelta(days=1, hours=2))
    place = "Bromma, Stockholm"
    venue = "Bromma konferenscenter"
    intro = factory.Sequence(lambda n: f"Höstmöte nummer {n} med budget och verksamhetsplan.")
    registration_opens = None
    registration_closes = None
    registration_url = ""
    body = wagtail_factories.StreamFieldFactory(BodyBlockFactory)

    class Meta:
        model = EventPage
