"""News: the news index and its articles."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.models import Page, PageManager
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from core.api.fields import IMAGE_FILTER, TEASER_IMAGE_FILTER, PageLinkField, RenditionField
from core.blocks import BodyBlock
from core.caching.version import versioned
from core.i18n import OwnValuePerLanguage
from core.images import LAYOUTS
from core.pages import (
    BasePage,
    ListingIndexPage,
    ReaderPageQuerySet,
    YearArchiveMixin,
    listing_panels,
)
from core.pagination import paginate, query_param
from core.prefetch import prefetch_tags, tag_names
from core.seo.feeds import FeedRoutesMixin, reserved_slug_check

if TYPE_CHECKING:
    from django.http import HttpRequest
    from wagtail.images.models import AbstractImage

    from core.seo.structured_data import GraphContext

# What a teaser offers (includes/article_teaser.html) and what the APIs' listings show.
LISTING_IMAGE_FILTERS = (*LAYOUTS["teaser"].filter_specs, TEASER_IMAGE_FILTER)


class ArticlePageQuerySet(ReaderPageQuerySet):
    def for_listing(self) -> ArticlePageQuerySet:
        """Newest first, with everything a teaser shows fetched in a fixed number of queries."""
        return self.order_by("-date", "-pk").prefetch_related(
            models.Prefetch(
                "hero_image",
                queryset=get_image_model().objects.prefetch_renditions(*LISTING_IMAGE_FILTERS),
            ),
            prefetch_tags(),
        )


class ArticlePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "articles.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class ArticleIndexPage(YearArchiveMixin, FeedRoutesMixin, ListingIndexPage):
    """The news listing ("Nyheter"), a child of the home page; RSS and Atom at …/feed/."""

    content_panels = listing_panels(
        _(
            "Nyheterna listas automatiskt, nyaste först. Skapa en nyhet genom att lägga "
            "till en undersida till den här sidan."
        )
    )
    parent_page_types = ["home.HomePage"]
    subpage_types = ["articles.ArticlePage"]
    page_description = _("Listan över nyheter. Nyheterna läggs som undersidor.")

    ARTICLES_PER_PAGE = 10

    class Meta:
        verbose_name = _("nyhetslista")
        verbose_name_plural = _("nyhetslistor")

    def get_items(self) -> ArticlePageQuerySet:
        return ArticlePage.objects.for_readers().child_of(self).for_listing()

    def has_items_from(self, year: int) -> bool:
        return self.get_items().filter(date__year=year).exists()

    def feed_items(self, request: HttpRequest) -> ArticlePageQuerySet:
        """The feed's news items: all, or those with the tag ``?tag=`` names."""
        articles = self.get_items()
        tag = query_param(request, "tag")
        return articles.filter(tags__slug=tag).distinct() if tag else articles

    def feed_title(self, request: HttpRequest) -> str:
        tag = query_param(request, "tag")
        # Only a tag readers can see on an item names the feed (a draft's tag stays unknown).
        name = (
            Tag.objects.filter(
                slug=tag, articles_articlepagetag_items__content_object__in=self.get_items()
            )
            .values_list("name", flat=True)
            .first()
            if tag
            else None
        )
        return f"{self.title}: {name}" if name else self.title

    def archive_years(self) -> list[dict]:
        """The years with news, newest first, each with its number of items (one query when
        content has changed, then kept with the content version)."""
        return versioned(
            None,
            f"archive-years:{self.pk}",
            lambda: list(
                self.get_items()
                .order_by()
                .annotate(year=ExtractYear("date"))
                .values("year")
                .annotate(count=Count("pk", distinct=True))
                .order_by("-year")
            ),
        )

    def get_context(self, request: HttpRequest, *args, year: int | None = None, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        articles = self.get_items()
        if year is not None:
            articles = articles.filter(date__year=year)
            context["current_year"] = year
            context["route_suffix"] = self.reverse_subpage("year", args=[year])
        context["archive_years"] = self.archive_years()
        tag = query_param(request, "tag")
        if tag:
            articles = articles.filter(tags__slug=tag).distinct()
            context["current_tag"] = tag
        # A teaser shows no body: leave the StreamFields in the database.
        context["articles"] = context["listing_page"] = paginate(
            request, articles.defer_streamfields(), self.ARTICLES_PER_PAGE
        )
        return context


class ArticlePage(BasePage):
    """A news item, a child of the news index."""

    teaser_template = "includes/article_teaser.html"
    in_site_search = True
    teaser_context_name = "article"

    date = models.DateField(
        _("publiceringsdatum"),
        default=timezone.localdate,
        help_text=_("Datumet som visas på nyheten. Importerade nyheter behåller sitt datum."),
    )
    author_name = models.CharField(
        _("skribent"),
        max_length=100,
        default="SmåKom",
        help_text=_("Visas som ”Av …” under rubriken."),
    )
    # Required here: every news teaser shows it.
    intro = models.TextField(
        _("ingress"),
        max_length=1000,
        help_text=_("En eller ett par meningar som visas i listor och överst i nyheten."),
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("huvudbild"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(BodyBlock(), verbose_name=_("brödtext"), blank=True)
    tags = ClusterTaggableManager(through=ArticlePageTag, blank=True, verbose_name=_("taggar"))
    consultation_response = models.ForeignKey(
        "consultation_responses.ConsultationResponsePage",
        verbose_name=_("remissvar"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
        help_text=_("Remissvaret som nyheten berättar om, om det finns ett."),
    )

    objects = PageManager.from_queryset(ArticlePageQuerySet)()

    content_panels = [
        *BasePage.content_panels,
        MultiFieldPanel(
            [FieldPanel("date"), FieldPanel("author_name")], heading=_("Datum och skribent")
        ),
        FieldPanel("intro"),
        FieldPanel("hero_image"),
        FieldPanel("body"),
        FieldPanel("tags"),
        FieldPanel("consultation_response"),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("body"),
        index.SearchField("author_name"),
        index.FilterField("date"),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]
    override_translatable_fields = [
        *BasePage.override_translatable_fields,
        SynchronizedField("date"),
        SynchronizedField("hero_image"),
        OwnValuePerLanguage("tags"),
        OwnValuePerLanguage("tagged_items"),
    ]
    api_fields = [
        *BasePage.api_fields,
        APIField("date", writable=True),
        APIField("author_name", writable=True),
        APIField("hero_image", serializer=RenditionField(IMAGE_FILTER)),
        APIField(
            "hero_image_teaser",
            serializer=RenditionField(TEASER_IMAGE_FILTER, source="hero_image"),
        ),
        APIField("body", writable=True),
        APIField("tags", writable=True),
        APIField("consultation_response", serializer=PageLinkField()),
    ]

    parent_page_types = ["articles.ArticleIndexPage"]
    subpage_types = []
    page_description = _("En nyhet med datum, skribent, ingress, bild och brödtext.")

    class Meta:
        verbose_name = _("nyhet")
        verbose_name_plural = _("nyheter")
        # The listings' and the APIs' order, newest first: the first page of 100,000 news
        # items reads ten index entries instead of sorting them all.
        indexes = [models.Index(fields=["-date", "-page_ptr"], name="article_newest_first")]

    def clean(self) -> None:
        super().clean()
        reserved_slug_check(self.slug)

    def get_social_images(self) -> list[AbstractImage | None]:
        return [self.social_image, self.hero_image]

    def listing_date(self) -> datetime.date:
        return self.date

    def feed_author_name(self) -> str:
        return self.author_name

    def feed_categories(self) -> list[str]:
        return self.tag_names()

    def tag_names(self) -> list[str]:
        """The tags' names, sorted, from what a listing prefetched (``for_listing``)."""
        return tag_names(self)

    def structured_data(self, graph: GraphContext) -> list[dict[str, Any]]:
        """A schema.org NewsArticle, and the organisation it names as author and publisher."""
        organisation_id = {"@id": f"{graph.base}/#organisation"}
        data: dict[str, Any] = {
            "@type": "NewsArticle",
            "headline": self.title[:110],
            "datePublished": self.date.isoformat(),
            "inLanguage": graph.language,
            "mainEntityOfPage": self.get_full_url(),
            # The association's own items are signed "SmåKom"; others by a person.
            "author": (
                organisation_id
                if self.author_name in ("", "SmåKom")
                else {"@type": "Person", "name": self.author_name}
            ),
            "publisher": organisation_id,
        }
        if self.last_published_at:
            data["dateModified"] = self.last_published_at.isoformat()
        if self.get_summary():
            data["description"] = self.get_summary()
        if graph.image_url:
            data["image"] = [graph.image_url]
        return [data, graph.organisation()]

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        context["index_page"] = self.get_parent()
        # Only link to the response when a reader may see it, in this page's language if it
        # has been translated (the link itself is shared by every language version).
        context["consultation_response"] = None
        if self.consultation_response_id:
            linked = Page.objects.filter(pk=self.consultation_response_id)
            responses = list(
                self._meta.get_field("consultation_response")
                .related_model.objects.for_readers()
                .filter(
                    models.Q(pk=self.consultation_response_id)
                    | models.Q(
                        locale_id=self.locale_id,
                        translation_key=models.Subquery(linked.values("translation_key")),
                    )
                )
            )
            responses.sort(key=lambda response: response.locale_id != self.locale_id)
            context["consultation_response"] = responses[0] if responses else None
        return context
