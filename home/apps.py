from django.apps import AppConfig
from django.utils import translation


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Startsida och gemensamma sidor"

    def ready(self) -> None:
        # Wagtail builds API v3's page schemas, with the models' verbose names as field titles,
        # when its v3 API module is first imported: another app does so while the apps load.
        # Import it first, in English, so the API documentation is in the APIs' language
        # (config.middleware.API_LANGUAGE) however and wherever the site starts.
        with translation.override("en"):
            import wagtail.api.v3.api  # noqa: F401
