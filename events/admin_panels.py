"""The dashboard panel of conferences to come, with their registration status."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest
from wagtail.models import Locale

from core.editorial.dashboard import DashboardPanel

from .models import EventPage


class UpcomingEventsPanel(DashboardPanel):
    """Conferences and meetings that have not ended (drafts included), soonest first, with
    whether registration is open. Translations share the dates: only originals are listed."""

    name = "upcoming_events"
    template_name = "events/admin/upcoming_events_panel.html"
    links_to_page_editor = True
    order = 95
    LIMIT = 5

    def get_items(self, request: HttpRequest) -> QuerySet[EventPage]:
        return EventPage.objects.filter(locale=Locale.get_default()).upcoming()
