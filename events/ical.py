"""iCalendar files of events, built with the ``icalendar`` library."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from icalendar import Calendar, Event, Timezone

if TYPE_CHECKING:
    from .models import EventPage

PRODID = "-//SmåKom//SmåKom CMS//SV"


def event_uid(page: EventPage, host: str) -> str:
    """A UID that stays the same for the page whatever is edited (its id, not its slug)."""
    return f"event-{page.pk}@{host}"


def ical_event(page: EventPage, request: HttpRequest | None, stamp: datetime.datetime) -> Event:
    url = page.get_full_url(request=request)
    # The public host, not the one a request came in on: subscribers see one UID per event.
    host = urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname or "smakom.se"
    event = Event()
    event.add("uid", event_uid(page, host))
    event.add("dtstamp", stamp)
    event.add("summary", page.title)
    if page.all_day:
        event.add("dtstart", page.local_start.date())
        # DTEND of an all-day event is exclusive: the day after the last day.
        event.add("dtend", page.local_end.date() + datetime.timedelta(days=1))
    else:
        event.add("dtstart", page.local_start)
        event.add("dtend", page.local_end)
    location = ", ".join(part for part in (page.venue, page.place) if part)
    if location:
        event.add("location", location)
    event.add("url", url)
    status = str(page.registration_status_label) if page.has_registration else ""
    description = "\n\n".join(part for part in (page.get_summary(), status, url) if part)
    event.add("description", description)
    event.add("categories", [str(page.get_kind_display())])
    event.add("last-modified", page.last_published_at or stamp)
    return event


def build_calendar(events: Iterable[EventPage], request: HttpRequest | None, name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Stockholm")
    stamp = timezone.now().replace(microsecond=0)
    for page in events:
        calendar.add_component(ical_event(page, request, stamp))
    # The VTIMEZONE for Europe/Stockholm, which the TZID of the times refers to; an empty feed
    # gets it too, since a calendar needs at least one component.
    calendar.add_missing_timezones()
    if not calendar.subcomponents:
        calendar.add_component(Timezone.from_tzid("Europe/Stockholm"))
    return calendar


def calendar_response(
    request: HttpRequest, events: Iterable[EventPage], *, name: str, filename: str
) -> HttpResponse:
    """An ``text/calendar`` response of ``events``."""
    calendar = build_calendar(events, request, name)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
