"""The dashboard panel of membership applications the secretariat has not yet handled."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest

from core.editorial.dashboard import DashboardPanel

from .models import MembershipApplication


class WaitingApplicationsPanel(DashboardPanel):
    """Unhandled applications, oldest first (the longest waiting at the top), for those who may
    see applications (the secretariat)."""

    name = "waiting_applications"
    template_name = "members/admin/waiting_applications_panel.html"
    order = 85

    def is_shown(self, request: HttpRequest) -> bool:
        return request.user.has_perm("members.view_membershipapplication")

    def get_items(self, request: HttpRequest) -> QuerySet[MembershipApplication]:
        return MembershipApplication.objects.filter(handled=False).order_by("created_at", "pk")
