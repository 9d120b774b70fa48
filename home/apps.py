from django.apps import AppConfig
from django.utils import translation
from django.utils.functional import Promise
from ninja.orm import fields as ninja_model_fields

# The APIs' language (config.middleware.API_LANGUAGE): their documentation is in English.
API_SCHEMA_LANGUAGE = "en"


def title_schema_fields_in_english() -> None:
    """Make django-ninja title model fields' schemas in English, whenever they are built.

    ninja turns a field's verbose name into its schema's title as the schema is built
    (``ninja.orm.fields.title_if_lower``), in the language active then. Wagtail builds its
    image, document and snippet schemas in those apps' ``ready()``, under the site's language,
    so the upload forms' fields were titled "Titel" and "Samling" in the API documentation.
    """
    build_title = ninja_model_fields.title_if_lower

    def title_in_english(verbose_name: str | Promise) -> str | Promise:
        with translation.override(API_SCHEMA_LANGUAGE):
            return build_title(verbose_name)

    ninja_model_fields.title_if_lower = title_in_english


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Startsida och gemensamma sidor"

    def ready(self) -> None:
        title_schema_fields_in_english()
        # Wagtail builds API v3's page schemas, with the models' verbose names as field titles,
        # when its v3 API module is first imported: another app does so while the apps load.
        # Import it first, in English, so the API documentation is in the APIs' language
        # (config.middleware.API_LANGUAGE) however and wherever the site starts.
        with translation.override(API_SCHEMA_LANGUAGE):
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
