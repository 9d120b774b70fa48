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

        from django.db.models.signals import post_save
        from wagtail.models import Revision
        from wagtail.signals import page_published, task_approved

        from .localize import hold_translation_publishing_to_page_permissions
        from .notifications import step_approved_email_notifier
        from .tasks import on_page_published, on_revision_saved

        task_approved.connect(step_approved_email_notifier, dispatch_uid="smakom_step_approved")
        post_save.connect(on_revision_saved, sender=Revision, dispatch_uid="smakom_go_live")
        page_published.connect(on_page_published, dispatch_uid="smakom_expiry")
        hold_translation_publishing_to_page_permissions()
