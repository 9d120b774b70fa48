"""The page base every page type builds on (``BasePage``: listing summary, social image, shared
metadata, the preview modes and the API fields all pages share), the queryset of what readers
see, and the abstract listing page the news, remissvar and conference listings share."""

from __future__ import annotations

import datetime
import functools
from typing import TYPE_CHECKING, Any

from django.db import models
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import path
from wagtail.models import Page, PageManager, PageViewRestriction
from wagtail.query import PageQuerySet
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from core.api.fields import SOCIAL_IMAGE_FILTER, RenditionField, TranslationsField
from core.i18n import language_of, reader_q
from core.prefetch import prefetch_stream
from core.previews import PreviewModesMixin, RoutablePreviewsMixin
from core.routing import child_for_route
from core.visibility import restricted_paths

if TYPE_CHECKING:
    from django.db.models import QuerySet
    from django.http import HttpRequest
    from wagtail.images.models import AbstractImage
    from wagtail.url_routing import RouteResult

    from core.seo.structured_data import GraphContext


@functools.cache
def _image_fields(model: type[models.Model]) -> tuple[str, ...]:
    """The names of ``model``'s fields that refer to an image."""
    from wagtail.images.models import AbstractImage

    return tuple(
        field.name
        for field in model._meta.concrete_fields
        if field.many_to_one and issubclass(field.related_model, AbstractImage)
    )


class ReaderPageQuerySet(PageQuerySet):
    """The queryset of every page type: ``for_readers()`` is what the public site shows."""

    def for_readers(self) -> ReaderPageQuerySet:
        """The pages readers are shown: live, not under a view restriction (nor an alias of a
        restricted page) and in their own language (``core.i18n.reader_q``). The starting
        point of every listing, menu and section that readers see; no query of its own."""
        return self.live().filter(reader_q())


class BasePage(PreviewModesMixin, Page):
    """Abstract base of every page type: listing summary, social image and shared metadata."""

    intro = models.TextField(
        _("ingress"),
        blank=True,
        max_length=1000,
        help_text=_(
            "Inledande text överst på sidan; visas också i listor om sammanfattning saknas."
        ),
    )
    listing_summary = models.TextField(
        _("sammanfattning"),
        blank=True,
        max_length=400,
        help_text=_(
            "Kort text som visas i listor och sökresultat, och som beskrivning när sidan delas. "
            "Lämnas tom för att använda sidans ingress."
        ),
    )
    social_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("delningsbild"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Bild som visas när sidan delas i sociala medier (1200 × 630 är bäst)."),
    )

    promote_panels = [
        *Page.promote_panels,
        MultiFieldPanel(
            [FieldPanel("listing_summary"), FieldPanel("social_image")],
            heading=_("Listor och delning"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("listing_summary"),
    ]
    override_translatable_fields = [SynchronizedField("social_image")]
    api_fields = [
        APIField("intro", writable=True),
        APIField("listing_summary", writable=True),
        APIField("search_description"),
        APIField("social_image", serializer=RenditionField(SOCIAL_IMAGE_FILTER)),
        # The page in the other language(s), for a consumer's language switch.
        APIField("translations", serializer=TranslationsField()),
    ]

    objects = PageManager.from_queryset(ReaderPageQuerySet)()

    # Whether the site search (core.search) finds pages of this type.
    in_site_search = False

    class Meta:
        abstract = True

    def get_view_restrictions(self) -> QuerySet[PageViewRestriction]:
        """As Wagtail's, without its two queries for a page outside every restricted path
        (``core.visibility.restricted_paths``, known for the request): Wagtail checks this
        for every page it serves. The restricted paths include every page Wagtail's lookup
        would find a restriction for (the restricted pages, and the aliases of pages under
        one); under them, Wagtail's own lookup decides."""
        if not self.path.startswith(restricted_paths(None)):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()

    @classmethod
    def served_pages(cls) -> ReaderPageQuerySet:
        """The pages of this type, as the page a request is for is read (``core.routing``):
        with the images its fields name (the social image, a hero image), which every page
        view shows, in the same query."""
        return cls.objects.select_related(*_image_fields(cls))

    def route(self, request: HttpRequest, path_components: list[str]) -> RouteResult:
        """Wagtail's walk down the tree, one slug at a time, with the child found by
        ``core.routing.child_for_route`` (one query for the final page, none for a section
        page the walk passes through); this page's own ``route`` (a routable page's sub-URLs)
        is asked first, as in Wagtail."""
        if not path_components:
            return super().route(request, path_components)
        slug, rest = path_components[0], path_components[1:]
        child = child_for_route(request, self, slug, passing_through=bool(rest))
        if child is None:
            raise Http404
        # As Wagtail does: the child's get_parent() needs no query.
        child._cached_parent_obj = self
        return child.route(request, rest)

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        body = getattr(self, "body", None)
        if body:
            prefetch_stream(body, request, language_of(self, request))
        return context

    def get_summary(self) -> str:
        """The text that describes this page in listings and metadata."""
        return self.listing_summary or self.search_description or self.get_intro_text()

    def get_intro_text(self) -> str:
        return self.intro

    def get_meta_description(self) -> str:
        return self.search_description or self.get_summary()

    def get_social_images(self) -> list[AbstractImage | None]:
        """The images that may show when the page is shared, best first (the first one the
        public may see is used)."""
        return [self.social_image]

    def listing_date(self) -> datetime.date | None:
        """The page's own date, shown beside it in search results and used as a feed item's
        date (a news item's date, a response's sent date, a conference's first day); None for
        a page without one."""
        return None

    def feed_author_name(self) -> str:
        """Who wrote the page, as its feed item names the author ("" for the association)."""
        return ""

    def feed_categories(self) -> list[str]:
        """The page's categories in a feed (a news item's tags), sorted."""
        return []

    def structured_data(self, graph: GraphContext) -> list[dict[str, Any]]:
        """The page's own schema.org items for the JSON-LD in its head (the breadcrumb trail is
        added for every page); ``graph`` has what they share (core.seo.structured_data)."""
        return []

    def may_go_live(self) -> bool:
        """Whether this page may be published without a user to ask (the worker's scheduled
        publishing); a page type with a rule of its own says no until the rule is met."""
        return True


def listing_panels(help_text: str) -> list:
    """A listing page's editing panels: the title, what the listing shows (``help_text``) and
    the intro; the items are its subpages."""
    return [*BasePage.content_panels, HelpPanel(content=help_text), FieldPanel("intro")]


class ListingIndexPage(RoutablePreviewsMixin, BasePage):
    """Abstract base of a listing whose items are its subpages of one type (the news, the
    remissvar, the conferences): one per parent, routable (feeds, archives), its items from
    ``get_items()``, which readers may see."""

    max_count_per_parent = 1

    class Meta:
        abstract = True

    def get_items(self) -> ReaderPageQuerySet:
        """The listed pages readers are shown, in no particular order."""
        raise NotImplementedError


class YearArchiveMixin:
    """A year's archive of a listing at ``…/<year>/`` (``/nyheter/2012/``), a 404 for a year
    without items. The listing's ``get_context`` takes the ``year`` and filters by it."""

    @path("<int:year>/", name="year")
    def year_archive(self, request: HttpRequest, year: int) -> HttpResponse:
        if not (1 <= year <= 9999 and self.has_items_from(year)):
            raise Http404("Nothing listed from that year.")
        context = self.get_context(request, year=year)
        return TemplateResponse(request, self.get_template(request), context)

    def has_items_from(self, year: int) -> bool:
        raise NotImplementedError
