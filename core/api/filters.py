"""Query helpers shared by the project's v3 API routers."""

from __future__ import annotations

from django.db.models import QuerySet
from ninja.errors import HttpError
from wagtail.models import Locale


def filter_by_locale(queryset: QuerySet, language_code: str | None) -> QuerySet:
    """Only the items in ``language_code``; an unknown language is a 400, not an empty list."""
    if not language_code:
        return queryset
    try:
        locale = Locale.objects.get_for_language(language_code)
    except (Locale.DoesNotExist, LookupError) as error:
        raise HttpError(400, f"Unknown locale {language_code!r}.") from error
    return queryset.filter(locale=locale)
