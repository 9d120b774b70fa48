"""The events router of API v3: conferences with dates, place and registration status."""

import datetime
from typing import Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from core.api.filters import filter_by_locale
from core.api.schemas import LocaleCode, PageItemSchema, PagesWithTranslationsPagination

from .models import (
    EventKind,
    EventPage,
    EventPageQuerySet,
    RegistrationStatus,
    stockholm_time,
)

router = Router(tags=["events"])

KindLiteral = Literal[tuple(EventKind.values)]  # type: ignore[valid-type]
RegistrationStatusLiteral = Literal[tuple(RegistrationStatus.values)]  # type: ignore[valid-type]


class EventSchema(PageItemSchema):
    """A conference or meeting with its registration status, as its page shows it."""

    id: int
    title: str
    html_url: str = Field(description="Absolute URL of the event on the public site.")
    locale: str = Field(description="Language code of the event, e.g. sv or en.")
    kind: KindLiteral = Field(description="rikskonferens, hostmote, varmote or other.")
    kind_label: str = Field(description='E.g. "Höstmöte".')
    start: datetime.datetime = Field(description="ISO 8601, in Europe/Stockholm time.")
    end: datetime.datetime = Field(description="ISO 8601, in Europe/Stockholm time.")
    all_day: bool = Field(description="True when only the dates are known (ignore the times).")
    place: str
    venue: str
    registration_opens: datetime.datetime | None
    registration_closes: datetime.datetime | None
    registration_url: str
    registration_status: RegistrationStatusLiteral = Field(
        description="none, not_yet_open, open or closed; computed from the window and now."
    )
    registration_status_label: str = Field(description='E.g. "Anmälan är nu stängd".')
    ical_url: str = Field(description="Absolute URL of the event's iCalendar file.")

    @staticmethod
    def resolve_html_url(page: EventPage, context: dict) -> str:
        return page.get_full_url(request=context["request"])

    @staticmethod
    def resolve_locale(page: EventPage) -> str:
        return page.locale.language_code

    @staticmethod
    def resolve_kind_label(page: EventPage) -> str:
        return str(page.get_kind_display())

    @staticmethod
    def resolve_start(page: EventPage) -> datetime.datetime:
        return stockholm_time(page.start)

    @staticmethod
    def resolve_end(page: EventPage) -> datetime.datetime:
        return stockholm_time(page.end)

    @staticmethod
    def resolve_registration_opens(page: EventPage) -> datetime.datetime | None:
        return stockholm_time(page.registration_opens) if page.registration_opens else None

    @staticmethod
    def resolve_registration_closes(page: EventPage) -> datetime.datetime | None:
        return stockholm_time(page.registration_closes) if page.registration_closes else None

    @staticmethod
    def resolve_registration_status_label(page: EventPage) -> str:
        return str(page.registration_status_label)

    @staticmethod
    def resolve_ical_url(page: EventPage, context: dict) -> str:
        return page.ical_url(request=context["request"])


class EventFilterSchema(Schema):
    when: Literal["upcoming", "past"] = Field(
        "upcoming",
        description="upcoming (not yet ended, soonest first) or past (ended, newest first).",
    )
    year: int | None = Field(
        None, ge=1000, le=9999, description="Only events starting this year (Swedish time)."
    )
    kind: KindLiteral | None = None
    locale: LocaleCode | None = Field(None, description="Only events in this language.")


@router.get(
    "/",
    response=list[EventSchema],
    summary="Events",
    operation_id="events_list",
    url_name="events_list",
)
@paginate(PagesWithTranslationsPagination)
def list_events(
    request: HttpRequest,
    filters: EventFilterSchema = Query(...),  # noqa: B008
) -> EventPageQuerySet:
    """Live, public events: upcoming soonest first, or past newest first (then by id)."""
    events = EventPage.objects.for_readers().select_related("locale")
    now = timezone.now()
    events = events.upcoming(now) if filters.when == "upcoming" else events.past(now)
    events = filter_by_locale(events, filters.locale)
    if filters.kind:
        events = events.filter(kind=filters.kind)
    if filters.year:
        # __year reads the start in the current time zone, Europe/Stockholm.
        events = events.filter(start__year=filters.year)
    return events
