"""Conferences and meetings: the events index ("Konferenser") and its events."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpResponse
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import path
from wagtail.fields import StreamField
from wagtail.models import PageManager
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from core.api.fields import IMAGE_FILTER, ChoiceDisplayField, RenditionField
from core.blocks import BodyBlock
from core.pages import BasePage, ListingIndexPage, ReaderPageQuerySet, listing_panels
from core.pagination import paginate
from core.previews import RoutablePreviewsMixin
from core.seo.feeds import FeedLinksMixin

from .api import LocalDateTimeField, RegistrationStatusField, RegistrationStatusLabelField

if TYPE_CHECKING:
    from django.http import HttpRequest
    from wagtail.images.models import AbstractImage
    from wagtail.models import Page

    from core.seo.structured_data import GraphContext

STOCKHOLM = ZoneInfo("Europe/Stockholm")
ICAL_FILENAME = "kalender.ics"
# Wagtail serves only paths of word characters and hyphens ending in a slash, so the calendar
# lives at …/ical/ (the download is still named kalender.ics).
ICAL_PATH = "ical/"


def stockholm_time(value: datetime.datetime) -> datetime.datetime:
    """``value`` as wall-clock time in Europe/Stockholm."""
    return timezone.localtime(value, STOCKHOLM)


class EventKind(models.TextChoices):
    RIKSKONFERENS = "rikskonferens", _("Rikskonferens")
    HOSTMOTE = "hostmote", _("Höstmöte")
    VARMOTE = "varmote", _("Vårmöte")
    OTHER = "other", _("Annat möte")


class RegistrationStatus(models.TextChoices):
    NONE = "none", _("Ingen anmälan")
    NOT_YET_OPEN = "not_yet_open", _("Anmälan har inte öppnat")
    OPEN = "open", _("Anmälan är öppen")
    CLOSED = "closed", _("Anmälan är nu stängd")


class EventPageQuerySet(ReaderPageQuerySet):
    def upcoming(self, now: datetime.datetime | None = None) -> EventPageQuerySet:
        """Events that have not ended (ongoing ones included), soonest first."""
        return self.filter(end__gte=now or timezone.now()).order_by("start", "pk")

    def past(self, now: datetime.datetime | None = None) -> EventPageQuerySet:
        """Events that have ended, newest first."""
        return self.filter(end__lt=now or timezone.now()).order_by("-start", "-pk")


def next_event(home: Page) -> EventPage | None:
    """The next live, public event under ``home`` (an ongoing one counts), or None."""
    return EventPage.objects.for_readers().descendant_of(home).upcoming().first()


# Between meetings the banner recalls the last one for this long after it ended.
RECENT_EVENT_DAYS = 60


def recent_event(home: Page) -> EventPage | None:
    """The last live, public event under ``home`` if it ended in the last RECENT_EVENT_DAYS."""
    since = timezone.now() - datetime.timedelta(days=RECENT_EVENT_DAYS)
    return EventPage.objects.for_readers().descendant_of(home).past().filter(end__gte=since).first()


class EventIndexPage(FeedLinksMixin, ListingIndexPage):
    """The conferences listing ("Konferenser"), a child of the home page; serves the iCal feed."""

    content_panels = listing_panels(
        _(
            "Konferenserna listas automatiskt: kommande först (närmast först), sedan "
            "tidigare år för år. Skapa en konferens genom att lägga till en undersida. "
            "Kalenderflödet med kommande konferenser finns på …/ical/."
        )
    )
    parent_page_types = ["home.HomePage"]
    subpage_types = ["events.EventPage"]
    page_description = _("Listan över konferenser och möten. Konferenserna läggs som undersidor.")

    PAST_PER_PAGE = 20
    UPCOMING_LIMIT = 50

    class Meta:
        verbose_name = _("konferenslista")
        verbose_name_plural = _("konferenslistor")

    def get_items(self) -> EventPageQuerySet:
        return EventPage.objects.for_readers().child_of(self)

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        context["upcoming_events"] = list(self.get_items().upcoming(now)[: self.UPCOMING_LIMIT])
        context["past_events"] = context["listing_page"] = paginate(
            request, self.get_items().past(now), self.PAST_PER_PAGE
        )
        return context

    @path(ICAL_PATH)
    def ical_feed(self, request: HttpRequest) -> HttpResponse:
        """The upcoming live, public events as an iCalendar feed."""
        from .ical import calendar_response

        events = self.get_items().upcoming()[: self.UPCOMING_LIMIT]
        return calendar_response(request, events, name=self.title, filename=ICAL_FILENAME)

    def ical_url(self, request: HttpRequest | None = None) -> str:
        return self.get_full_url(request=request) + ICAL_PATH

    @classmethod
    def feed_links(cls, listing: Page, url: str, *, tag: str = "") -> list[dict[str, str]]:
        """The calendar of upcoming conferences."""
        title = gettext("%(title)s (iCal)") % {"title": listing.title}
        return [{"type": "text/calendar", "title": title, "url": url + ICAL_PATH}]


class EventPage(RoutablePreviewsMixin, BasePage):
    """A conference or meeting with dates, place and registration window; a child of the index."""

    teaser_template = "includes/event_teaser.html"
    in_site_search = True
    teaser_context_name = "event"

    kind = models.CharField(
        _("typ av möte"), max_length=20, choices=EventKind.choices, default=EventKind.OTHER
    )
    start = models.DateTimeField(
        _("börjar"), help_text=_("Dag och klockslag då mötet börjar (svensk tid).")
    )
    end = models.DateTimeField(
        _("slutar"), help_text=_("Dag och klockslag då mötet slutar (svensk tid).")
    )
    all_day = models.BooleanField(
        _("heldagar"),
        default=False,
        help_text=_("Visa bara datum, utan klockslag (när tiderna inte är kända)."),
    )
    place = models.CharField(
        _("ort"), max_length=200, blank=True, help_text=_("T.ex. ”Vadstena” eller ”Bromma”.")
    )
    venue = models.CharField(
        _("lokal"), max_length=200, blank=True, help_text=_("T.ex. ”Vadstena Klosterhotel”.")
    )
    registration_opens = models.DateTimeField(
        _("anmälan öppnar"),
        null=True,
        blank=True,
        help_text=_("Lämnas tom om anmälan är öppen direkt."),
    )
    registration_closes = models.DateTimeField(
        _("anmälan stänger"),
        null=True,
        blank=True,
        help_text=_(
            "Sista tidpunkt för anmälan. Lämnas tom för att ta emot anmälningar tills mötet slutar."
        ),
    )
    registration_url = models.URLField(
        _("anmälningslänk"),
        blank=True,
        help_text=_("Adressen till anmälningsformuläret; visas när anmälan är öppen."),
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("huvudbild"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(BodyBlock(), verbose_name=_("program och information"), blank=True)
    # For editors only: no template, listing, feed, search index or API field reads it.
    source_note = models.TextField(
        _("källanteckning"),
        blank=True,
        help_text=_(
            "Bara för redaktörer: varifrån uppgifterna kommer och hur de har tolkats. "
            "Visas aldrig för läsarna, i sökningen eller i API:erna."
        ),
    )

    objects = PageManager.from_queryset(EventPageQuerySet)()

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("kind"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("start"), FieldPanel("end")]), FieldPanel("all_day")],
            heading=_("Tid"),
        ),
        MultiFieldPanel([FieldPanel("place"), FieldPanel("venue")], heading=_("Plats")),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("registration_opens"), FieldPanel("registration_closes")]
                ),
                FieldPanel("registration_url"),
            ],
            heading=_("Anmälan"),
            help_text=_(
                "Sidan visar själv om anmälan ännu inte har öppnat, är öppen eller är stängd."
            ),
        ),
        FieldPanel("intro"),
        FieldPanel("hero_image"),
        FieldPanel("body"),
        MultiFieldPanel([FieldPanel("source_note")], heading=_("För redaktörer")),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("place"),
        index.SearchField("venue"),
        index.SearchField("body"),
        index.FilterField("kind"),
        index.FilterField("start"),
        index.FilterField("end"),
    ]
    override_translatable_fields = [
        *BasePage.override_translatable_fields,
        SynchronizedField("kind"),
        SynchronizedField("start"),
        SynchronizedField("end"),
        SynchronizedField("all_day"),
        SynchronizedField("registration_opens"),
        SynchronizedField("registration_closes"),
        SynchronizedField("registration_url"),
        SynchronizedField("hero_image"),
        # An editors' note is copied to the translations, never sent to translators.
        SynchronizedField("source_note"),
    ]
    api_fields = [
        *BasePage.api_fields,
        APIField("kind", writable=True),
        APIField("kind_label", serializer=ChoiceDisplayField("kind")),
        APIField("start", serializer=LocalDateTimeField()),
        APIField("end", serializer=LocalDateTimeField()),
        APIField("all_day", writable=True),
        APIField("place", writable=True),
        APIField("venue", writable=True),
        APIField("registration_opens", serializer=LocalDateTimeField()),
        APIField("registration_closes", serializer=LocalDateTimeField()),
        APIField("registration_url", writable=True),
        APIField("registration_status", serializer=RegistrationStatusField()),
        APIField("registration_status_label", serializer=RegistrationStatusLabelField()),
        APIField("hero_image", serializer=RenditionField(IMAGE_FILTER)),
        APIField("body", writable=True),
    ]

    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []
    page_description = _(
        "En konferens eller ett möte med tid, plats, anmälan och program; "
        "med kalenderfil och schema.org-data."
    )

    class Meta:
        verbose_name = _("konferens")
        verbose_name_plural = _("konferenser")

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.start and self.end and self.end < self.start:
            errors["end"] = _("Mötet kan inte sluta innan det börjar.")
        if (
            self.registration_opens
            and self.registration_closes
            and self.registration_closes < self.registration_opens
        ):
            errors["registration_closes"] = _("Anmälan kan inte stänga innan den öppnar.")
        if self.slug == "ical":
            # The conferences page serves its calendar feed at …/ical/.
            errors["slug"] = _("Adressen ”ical” är upptagen av kalenderflödet.")
        if errors:
            raise ValidationError(errors)

    # --- Dates and registration ------------------------------------------------------------------

    @property
    def local_start(self) -> datetime.datetime:
        return stockholm_time(self.start)

    @property
    def local_end(self) -> datetime.datetime:
        return stockholm_time(self.end)

    def listing_date(self) -> datetime.date:
        return self.local_start.date()

    @property
    def year(self) -> int:
        return self.local_start.year

    @property
    def date_range_text(self) -> str:
        """The dates as a reader reads them in the active language: "22–23 november 2018",
        "22–23 November 2018"; with times ("kl. 10.00", "at 10:00") unless all day."""
        start, end = self.local_start, self.local_end
        if self.all_day:
            if start.date() == end.date():
                return date_format(start)
            if (start.year, start.month) == (end.year, end.month):
                return f"{start.day}–{date_format(end)}"
            if start.year == end.year:
                return f"{date_format(start, 'MONTH_DAY_FORMAT')} – {date_format(end)}"
            return f"{date_format(start)} – {date_format(end)}"
        at = gettext("kl.")
        start_time, end_time = time_format(start), time_format(end)
        if start.date() == end.date():
            return f"{date_format(start)} {at} {start_time}–{end_time}"
        return f"{date_format(start)} {at} {start_time} – {date_format(end)} {at} {end_time}"

    @property
    def has_registration(self) -> bool:
        return bool(self.registration_opens or self.registration_closes or self.registration_url)

    def get_registration_status(self, now: datetime.datetime | None = None) -> str:
        """none, not_yet_open, open or closed, from the window and the current time."""
        if not self.has_registration:
            return RegistrationStatus.NONE
        now = now or timezone.now()
        if self.end and now >= self.end:
            return RegistrationStatus.CLOSED
        if self.registration_opens and now < self.registration_opens:
            return RegistrationStatus.NOT_YET_OPEN
        if self.registration_closes and now >= self.registration_closes:
            return RegistrationStatus.CLOSED
        return RegistrationStatus.OPEN

    @property
    def registration_status(self) -> str:
        return str(self.get_registration_status())

    @property
    def registration_status_label(self) -> str:
        """The status as the reader is told it, with the date that matters: "Anmälan öppnar
        1 mars 2030", "Anmäl dig senast 1 april 2030", "Anmälan är nu stängd", and once the
        meeting has ended "Mötet har hållits". Each changes at a moment the ``next_content_change``
        hook announces (the window's ends and the meeting's), so a kept page never shows a stale
        one."""
        now = timezone.now()
        status = self.get_registration_status(now)
        if status == RegistrationStatus.NOT_YET_OPEN:
            opens = stockholm_time(self.registration_opens)
            return gettext("Anmälan öppnar %(date)s") % {"date": date_format(opens)}
        if status == RegistrationStatus.OPEN and self.registration_closes:
            return gettext("Anmäl dig senast %(date)s") % {"date": self.last_day_to_register}
        if status == RegistrationStatus.CLOSED and self.end and now >= self.end:
            return gettext("Mötet har hållits")
        return str(RegistrationStatus(status).label)

    @property
    def last_day_to_register(self) -> str:
        """The last day (and time, unless the window runs to the day's end) to register, in
        Swedish time: a window closing at midnight closes after the day before."""
        closes = stockholm_time(self.registration_closes)
        if (closes.hour, closes.minute) == (0, 0):
            return date_format(closes - datetime.timedelta(days=1))
        if (closes.hour, closes.minute) == (23, 59):
            return date_format(closes)
        return f"{date_format(closes)} {gettext('kl.')} {time_format(closes)}"

    @property
    def registration_is_open(self) -> bool:
        return self.registration_status == RegistrationStatus.OPEN

    # --- Views -----------------------------------------------------------------------------------

    def get_social_images(self) -> list[AbstractImage | None]:
        return [self.social_image, self.hero_image]

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        context["index_page"] = self.get_parent()
        context["ical_url"] = self.get_url(request) + self.reverse_subpage("ical")
        return context

    @path(ICAL_PATH, name="ical")
    def ical(self, request: HttpRequest) -> HttpResponse:
        """This event as an iCalendar file."""
        from .ical import calendar_response

        return calendar_response(request, [self], name=self.title, filename=ICAL_FILENAME)

    def ical_url(self, request: HttpRequest | None = None) -> str:
        return self.get_full_url(request=request) + ICAL_PATH

    def structured_data(self, graph: GraphContext) -> list[dict[str, Any]]:
        """schema.org Event data, for the JSON-LD in the page's head (core.seo.structured_data)."""
        start, end = self.local_start, self.local_end
        data = {
            "@type": "Event",
            "name": self.title,
            "startDate": start.date().isoformat() if self.all_day else start.isoformat(),
            "endDate": end.date().isoformat() if self.all_day else end.isoformat(),
            "eventStatus": "https://schema.org/EventScheduled",
            "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
            "url": self.get_full_url(request=graph.request),
            "organizer": {
                "@type": "Organization",
                "name": "SmåKom",
                "url": f"{settings.WAGTAILADMIN_BASE_URL}/",
            },
        }
        if self.place or self.venue:
            data["location"] = {
                "@type": "Place",
                "name": self.venue or self.place,
                "address": self.place or self.venue,
            }
        if self.get_summary():
            data["description"] = self.get_summary()
        return [data]
