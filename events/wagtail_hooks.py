from django.http import HttpRequest
from wagtail import hooks

from .admin_panels import UpcomingEventsPanel


@hooks.register("construct_homepage_panels")
def add_dashboard_panel(request: HttpRequest, panels: list) -> None:
    panels.append(UpcomingEventsPanel())
