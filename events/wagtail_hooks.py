"""The conferences' dashboard panel, and the next (or last) meeting on the home page."""

from __future__ import annotations

from django.http import HttpRequest
from wagtail import hooks
from wagtail.models import Page

from .admin_panels import UpcomingEventsPanel
from .models import next_event, recent_event


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
