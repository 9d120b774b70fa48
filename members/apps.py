from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = "Medlemmar"
    # Added to API v3 by core (core.api.v3.adjust_wagtail_v3_api).
    api_routers = {"/members/": "members.routers.router"}
