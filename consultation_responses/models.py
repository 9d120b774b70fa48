"""Consultation responses (remissvar): the listing, the responses and the ministries."""

from __future__ import annotations

import datetime
import re
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Coalesce, ExtractYear
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import PageManager, TranslatableMixin
from wagtail.search import index
from wagtail.snippets.models import register_snippet
from wagtail_localize.fields import SynchronizedField

from core.api.fields import ChoiceDisplayField, DocumentField
from core.blocks import RICH_TEXT_FEATURES
from core.caching.version import versioned
from core.pages import (
    BasePage,
    ListingIndexPage,
    ReaderPageQuerySet,
    YearArchiveMixin,
    listing_panels,
)
from core.pagination import paginate, query_param
from core.seo.feeds import FeedRoutesMixin, reserved_slug_check

from .api import MinistryField, ResponsePointsField
from .approval import BoardApprovalPermissionTester, ListingPermissionTester
from .blocks import ResponsePointsBlock

if TYPE_CHECKING:
    from django.http import HttpRequest


@register_snippet
class Ministry(TranslatableMixin, models.Model):
    """A government ministry (departement) that sends inquiries out for consultation."""

    name = models.CharField(_("namn"), max_length=120)
    slug = models.SlugField(_("kortnamn i adresser"), max_length=120, allow_unicode=False)

    panels = [FieldPanel("name"), FieldPanel("slug")]
    api_fields = [APIField("name", writable=True), APIField("slug", writable=True)]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("departement")
        verbose_name_plural = _("departement")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "locale"], name="unique_ministry_slug_locale")
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = slugify(self.name)
        super().save(*args, **kwargs)


class ResponseStatus(models.TextChoices):
    RECEIVED = "received", _("Remiss mottagen")
    DRAFTING = "drafting", _("Under arbete")
    APPROVED = "approved", _("Godkänt av styrelsen")
    SENT = "sent", _("Skickat")


# The date a response is listed and filtered by: the first of these that is set.
RESPONSE_DATE_FIELDS = ("sent_date", "approved_date", "deadline")


class ConsultationResponsePageQuerySet(ReaderPageQuerySet):
    def with_year(self) -> ConsultationResponsePageQuerySet:
        """Annotate ``year``: of the sent date, else the board's approval, else the deadline."""
        return self.annotate(year=ExtractYear(Coalesce(*RESPONSE_DATE_FIELDS)))

    def for_listing(self) -> ConsultationResponsePageQuerySet:
        """Newest first, with the ministry fetched alongside."""
        return (
            self.annotate(response_date=Coalesce(*RESPONSE_DATE_FIELDS))
            .order_by(models.F("response_date").desc(nulls_last=True), "-pk")
            .select_related("ministry")
        )


class ConsultationResponseIndexPage(YearArchiveMixin, FeedRoutesMixin, ListingIndexPage):
    """The remissvar listing, a child of the home page; filters by year, ministry and status;
    RSS and Atom at …/feed/."""

    content_panels = listing_panels(
        _(
            "Remissvaren listas automatiskt, nyaste först, och kan filtreras på år, "
            "departement och status. Lägg till ett remissvar som undersida."
        )
    )
    parent_page_types = ["home.HomePage"]
    subpage_types = ["consultation_responses.ConsultationResponsePage"]
    page_description = _("Listan över remissvar. Remissvaren läggs som undersidor.")

    RESPONSES_PER_PAGE = 20

    class Meta:
        verbose_name = _("remissvarslista")
        verbose_name_plural = _("remissvarslistor")

    def permissions_for_user(self, user) -> ListingPermissionTester:
        """Nothing is published here in the same step as it is created or copied."""
        return ListingPermissionTester(user, self)

    def feed_items(self, request: HttpRequest) -> ConsultationResponsePageQuerySet:
        return self.get_items().for_listing()

    def get_items(self) -> ConsultationResponsePageQuerySet:
        return ConsultationResponsePage.objects.for_readers().child_of(self)

    def has_items_from(self, year: int) -> bool:
        return self.get_items().with_year().filter(year=year).exists()

    def get_context(self, request: HttpRequest, *args, year: int | None = None, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        responses = self.get_items().with_year()
        # Choices for the filter form come from what is actually published (kept with the
        # content version: they change only when content does).
        years = versioned(
            request,
            f"response-years:{self.pk}",
            lambda: sorted(
                {year for year in responses.values_list("year", flat=True).distinct() if year},
                reverse=True,
            ),
        )
        ministries = versioned(
            request,
            f"response-ministries:{self.pk}",
            lambda: list(
                Ministry.objects.filter(pk__in=self.get_items().values("ministry_id")).order_by(
                    "name"
                )
            ),
        )
        filters = {
            "year": str(year) if year is not None else query_param(request, "year"),
            "ministry": query_param(request, "ministry"),
            "status": query_param(request, "status"),
        }
        if re.fullmatch(r"[0-9]{4}", filters["year"]):
            responses = responses.filter(year=int(filters["year"]))
        else:
            filters["year"] = ""
        if filters["ministry"]:
            responses = responses.filter(ministry__slug=filters["ministry"])
        if filters["status"] in ResponseStatus.values:
            responses = responses.filter(status=filters["status"])
        else:
            filters["status"] = ""
        listing_page = paginate(request, responses.for_listing(), self.RESPONSES_PER_PAGE)
        context.update(
            responses=listing_page,
            listing_page=listing_page,
            years=years,
            ministries=ministries,
            statuses=ResponseStatus.choices,
            filters=filters,
            is_filtered=any(filters.values()),
            current_year=year,
        )
        if year is not None:
            context["route_suffix"] = self.reverse_subpage("year", args=[year])
        return context


class ConsultationResponsePage(BasePage):
    """SmåKom's reply to a government inquiry, a child of the remissvar listing."""

    teaser_template = "includes/response_teaser.html"
    in_site_search = True
    teaser_context_name = "response"

    # The summary plays the intro's part on a response, so the inherited field is removed.
    intro = None

    inquiry_reference = models.CharField(
        _("beteckning"),
        max_length=50,
        blank=True,
        help_text=_("Utredningens beteckning, t.ex. ”SOU 2011:59” eller ”Ds 2012:3”."),
    )
    inquiry_title = models.CharField(
        _("utredningens titel"),
        max_length=255,
        help_text=_("T.ex. ”Spara i goda tider – för en stabil kommunal verksamhet”."),
    )
    inquiry_author = models.CharField(
        _("utredning eller myndighet"),
        max_length=255,
        blank=True,
        help_text=_(
            "Vem som skrivit betänkandet eller rapporten, t.ex. en kommitté eller Boverket."
        ),
    )
    ministry = models.ForeignKey(
        Ministry,
        verbose_name=_("departement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    case_number = models.CharField(
        _("diarienummer"),
        max_length=50,
        blank=True,
        help_text=_("Departementets diarienummer, t.ex. ”Fi2011/4321”."),
    )
    deadline = models.DateField(_("sista svarsdag"), null=True, blank=True)
    approved_date = models.DateField(
        _("godkänt av styrelsen"),
        null=True,
        blank=True,
        help_text=_("Dagen då styrelsen antog svaret."),
    )
    sent_date = models.DateField(_("skickat"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ResponseStatus.choices, default=ResponseStatus.RECEIVED
    )
    summary = models.TextField(
        _("sammanfattning"),
        blank=True,
        help_text=_("SmåKoms hållning i korthet; visas i listor och överst på sidan."),
    )
    points = StreamField(
        ResponsePointsBlock(),
        verbose_name=_("punkter"),
        blank=True,
        help_text=_("Remissvarets numrerade punkter, i ordning."),
    )
    background = RichTextField(_("bakgrund"), blank=True, features=RICH_TEXT_FEATURES)
    response_document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("undertecknat remissvar (PDF)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    outcome = models.TextField(
        _("utfall"),
        blank=True,
        help_text=_("Vad som hände sedan, t.ex. vilken proposition som följde."),
    )
    # When the board approved the response in its workflow (consultation_responses.approval):
    # not content, so revisions, copies and translations don't carry it, and no form sets it.
    board_approved_at = models.DateTimeField(
        _("styrelsen godkände publicering"), null=True, blank=True, editable=False
    )

    objects = PageManager.from_queryset(ConsultationResponsePageQuerySet)()
    exclude_fields_in_copy = ["board_approved_at"]

    content_panels = [
        *BasePage.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("inquiry_reference"), FieldPanel("case_number")]),
                FieldPanel("inquiry_title"),
                FieldPanel("inquiry_author"),
                FieldPanel("ministry"),
            ],
            heading=_("Remissen"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("deadline"), FieldPanel("approved_date"), FieldPanel("sent_date")]
                ),
                FieldPanel("status"),
            ],
            heading=_("Datum och status"),
        ),
        FieldPanel("summary"),
        FieldPanel("points"),
        FieldPanel("background"),
        FieldPanel("response_document"),
        FieldPanel("outcome"),
    ]
    search_fields = [
        *[field for field in BasePage.search_fields if field.field_name != "intro"],
        index.SearchField("inquiry_reference", boost=3),
        index.AutocompleteField("inquiry_reference"),
        index.SearchField("inquiry_title", boost=2),
        index.SearchField("inquiry_author"),
        index.SearchField("summary"),
        index.SearchField("points"),
        index.SearchField("outcome"),
        index.FilterField("status"),
        index.FilterField("sent_date"),
        index.FilterField("deadline"),
        index.FilterField("approved_date"),
        index.FilterField("ministry"),
    ]
    override_translatable_fields = [
        *BasePage.override_translatable_fields,
        SynchronizedField("inquiry_reference"),
        SynchronizedField("case_number"),
        SynchronizedField("deadline"),
        SynchronizedField("approved_date"),
        SynchronizedField("sent_date"),
        SynchronizedField("status"),
        SynchronizedField("response_document"),
    ]
    api_fields = [
        *[field for field in BasePage.api_fields if field.name != "intro"],
        APIField("inquiry_reference", writable=True),
        APIField("inquiry_title", writable=True),
        APIField("inquiry_author", writable=True),
        APIField("ministry", serializer=MinistryField()),
        APIField("case_number", writable=True),
        APIField("deadline", writable=True),
        APIField("approved_date", writable=True),
        APIField("sent_date", writable=True),
        APIField("status", writable=True),
        APIField("status_label", serializer=ChoiceDisplayField("status")),
        APIField("summary", writable=True),
        APIField("points", serializer=ResponsePointsField()),
        APIField("background", writable=True),
        APIField("response_document", serializer=DocumentField()),
        APIField("outcome", writable=True),
    ]

    parent_page_types = ["consultation_responses.ConsultationResponseIndexPage"]
    subpage_types = []
    page_description = _(
        "Ett remissvar: utredningen, departementet, datum, status, punkterna och PDF:en."
    )

    class Meta:
        verbose_name = _("remissvar")
        verbose_name_plural = _("remissvar")

    def get_intro_text(self) -> str:
        return self.summary

    # --- The board's approval (consultation_responses.approval) ---------------------------------

    def permissions_for_user(self, user) -> BoardApprovalPermissionTester:
        return BoardApprovalPermissionTester(user, self)

    def is_board_approved(self) -> bool:
        """Whether the board has approved this response (an alias: its source)."""
        if self.board_approved_at is not None:
            return True
        return bool(self.alias_of_id) and (
            ConsultationResponsePage.objects.filter(
                pk=self.alias_of_id, board_approved_at__isnull=False
            ).exists()
        )

    def may_go_live(self) -> bool:
        return self.is_board_approved()

    def with_content_json(self, content: dict) -> ConsultationResponsePage:
        """A revision's content never decides the approval: the page's record does."""
        page = super().with_content_json(content)
        page.board_approved_at = self.board_approved_at
        return page

    def save(self, *args, **kwargs) -> None:
        if self.live and not self.is_board_approved():
            if self._state.adding:
                # A copy kept live ("publish copies", or a copied ancestor): the board has not
                # seen this new page, so it starts as a draft.
                self.live = False
                self.has_unpublished_changes = True
            else:
                raise ValidationError(
                    _("Ett remissvar publiceras först när styrelsen har godkänt det.")
                )
        super().save(*args, **kwargs)

    def listing_date(self) -> datetime.date | None:
        """The response's own date: sent, else approved by the board (a deadline, possibly in
        the future, is not when anything happened)."""
        return self.sent_date or self.approved_date

    def clean(self) -> None:
        super().clean()
        reserved_slug_check(self.slug)

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        context["index_page"] = self.get_parent()
        # News items in this page's language about any language version of this response: a
        # translated news item keeps the link its original has.
        article_model = self._meta.get_field("articles").related_model
        context["related_articles"] = (
            article_model.objects.for_readers()
            .filter(
                locale_id=self.locale_id,
                consultation_response__translation_key=self.translation_key,
            )
            .order_by("-date", "-pk")
        )
        return context
