import sys

from django.apps import AppConfig, apps
from django.core.exceptions import ImproperlyConfigured


class CoreConfig(AppConfig):
    """The platform every page app builds on (docs/architecture.md)."""

    name = "core"
    verbose_name = "Plattformen"

    def ready(self) -> None:
        # API v3's documentation is in English: django-ninja's field titles are made English
        # before Wagtail's v3 API is first imported (it builds its page schemas then). core is
        # the first app in INSTALLED_APPS, so this runs before any other app's ready().
        if "wagtail.api.v3.api" in sys.modules:
            raise ImproperlyConfigured(
                "Wagtail's v3 API was imported before core's ready(): put core first in "
                "INSTALLED_APPS and import nothing from wagtail.api.v3 at module level in models."
            )
        from core.api.openapi import title_schema_fields_in_english

        title_schema_fields_in_english()

        from django.db.models.signals import post_save
        from wagtail.models import Revision
        from wagtail.signals import page_published, task_approved

        from core.api.v3 import adjust_wagtail_v3_api, api_v3
        from core.editorial.notifications import step_approved_email_notifier
        from core.editorial.tasks import on_page_published, on_revision_saved
        from core.editorial.translation_publishing import (
            hold_translation_publishing_to_page_permissions,
        )

        adjust_wagtail_v3_api(
            api_v3,
            [
                (prefix, router)
                for app_config in apps.get_app_configs()
                for prefix, router in getattr(app_config, "api_routers", {}).items()
            ],
        )
        task_approved.connect(step_approved_email_notifier, dispatch_uid="smakom_step_approved")
        post_save.connect(on_revision_saved, sender=Revision, dispatch_uid="smakom_go_live")
        page_published.connect(on_page_published, dispatch_uid="smakom_expiry")
        hold_translation_publishing_to_page_permissions()

        from core.caching import invalidation

        invalidation.connect()

        from core import changes

        changes.connect()

        from core import db_timeouts

        db_timeouts.install()
