"""The dashboard panel of remissvar whose deadline is near and that are not yet sent."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from wagtail.models import Locale

from core.editorial.dashboard import DashboardPanel

from .models import ConsultationResponsePage, ResponseStatus


class UpcomingDeadlinesPanel(DashboardPanel):
    """Remissvar (drafts included) due in the next DAYS days, or overdue by a week at most, and
    not sent: soonest first. Translations share the deadline, so only originals are listed."""

    name = "upcoming_deadlines"
    template_name = "consultation_responses/admin/upcoming_deadlines_panel.html"
    links_to_page_editor = True
    order = 90
    DAYS = 30
    OVERDUE_DAYS = 7

    def get_items(self, request: HttpRequest) -> QuerySet[ConsultationResponsePage]:
        today = timezone.localdate()
        return (
            ConsultationResponsePage.objects.filter(
                locale=Locale.get_default(),
                deadline__gte=today - datetime.timedelta(days=self.OVERDUE_DAYS),
                deadline__lte=today + datetime.timedelta(days=self.DAYS),
                sent_date__isnull=True,
            )
            .exclude(status=ResponseStatus.SENT)
            .select_related("ministry")
            .order_by("deadline", "pk")
        )

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        today = timezone.localdate()
        for page in context["items"]:
            page.days_left = (page.deadline - today).days
            page.days_overdue = -page.days_left
        context["days"] = self.DAYS
        return context
