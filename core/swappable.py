"""The concrete models the platform works with but does not define, named in settings.

Like Django's ``AUTH_USER_MODEL``: the platform (``core``) imports no page app, so the site's
settings model and the record of a headless preview, which live in ``home`` (their app label is
part of their database tables and content types), are looked up by the names in
``ORGANISATION_SETTINGS_MODEL`` and ``HEADLESS_PREVIEW_MODEL``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import apps
from django.conf import settings

if TYPE_CHECKING:
    from django.db.models import Model
    from wagtail.contrib.settings.models import BaseSiteSetting


def organisation_settings_model() -> type[BaseSiteSetting]:
    """The site setting with the association's name, contact details and default images."""
    return apps.get_model(settings.ORGANISATION_SETTINGS_MODEL)


def headless_preview_model() -> type[Model]:
    """The record of a page as an editor previews it for an app (core.previews)."""
    return apps.get_model(settings.HEADLESS_PREVIEW_MODEL)
