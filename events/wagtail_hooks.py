"""The conferences' dashboard panel, the next (or last) meeting on the home page, and when the
events' pages change by time alone."""

from __future__ import annotations

import datetime

from django.db.models import Min, Q
from django.http import HttpRequest
from wagtail import hooks
from wagtail.models import Page

from .admin_panels import UpcomingEventsPanel
from .models import RECENT_EVENT_DAYS, EventPage, next_event, recent_event


@hooks.register("construct_homepage_panels")
def add_dashboard_panel(request: HttpRequest, panels: list) -> None:
    panels.append(UpcomingEventsPanel())


@hooks.register("home_page_sections")
def next_meeting(home: Page, request: HttpRequest) -> dict:
    """The banner's meeting: the next one, else one that ended recently."""
    upcoming = next_event(home)
    if upcoming is not None:
        return {"next_event": upcoming}
    return {"next_event": None, "recent_event": recent_event(home)}


@hooks.register("next_content_change")
def next_event_boundary(now: datetime.datetime) -> datetime.datetime | None:
    """The next moment an event's page, listing or banner changes by itself (one query):
    registration opening or closing, the event ending (it moves from upcoming to past and
    registration closes), and the home page's banner forgetting it RECENT_EVENT_DAYS later."""
    recent = datetime.timedelta(days=RECENT_EVENT_DAYS)
    moments = EventPage.objects.live().aggregate(
        opens=Min("registration_opens", filter=Q(registration_opens__gt=now)),
        closes=Min("registration_closes", filter=Q(registration_closes__gt=now)),
        ends=Min("end", filter=Q(end__gt=now)),
        forgotten=Min("end", filter=Q(end__gt=now - recent)),
    )
    if moments["forgotten"] is not None:
        moments["forgotten"] += recent
    return min((moment for moment in moments.values() if moment is not None), default=None)
