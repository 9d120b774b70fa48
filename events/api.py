"""Serializer fields of the events app for API v2 (and Wagtail's v3 pages schema)."""

from __future__ import annotations

from typing import Any

from rest_framework.fields import Field


class RegistrationStatusField(Field):
    """The computed registration status: none, not_yet_open, open or closed."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(read_only=True, source="*", **kwargs)

    def to_representation(self, page) -> str:
        return page.registration_status


class RegistrationStatusLabelField(Field):
    """The registration status as a reader sees it, e.g. "Anmälan är nu stängd"."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(read_only=True, source="*", **kwargs)

    def to_representation(self, page) -> str:
        return str(page.registration_status_label)


class LocalDateTimeField(Field):
    """An aware datetime as ISO 8601 in Europe/Stockholm (e.g. 2026-04-22T15:00:00+02:00)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value) -> str:
        from .models import stockholm_time

        return stockholm_time(value).isoformat()
