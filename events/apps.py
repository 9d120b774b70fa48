from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Konferenser"
    # Added to API v3 by core (core.api.v3.adjust_wagtail_v3_api).
    api_routers = {"/events/": "events.routers.router"}
