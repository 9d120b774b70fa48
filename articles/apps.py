from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Nyheter"
    # Added to API v3 by core (core.api.v3.adjust_wagtail_v3_api).
    api_routers = {"/news/": "articles.routers.router"}
