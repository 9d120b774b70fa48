"""The news router of API v3: teasers with everything a listing shows, in one call."""

import datetime

from django.db.models import Q
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from core.api.fields import TEASER_IMAGE_FILTER, rendition_data
from core.api.filters import filter_by_locale
from core.api.schemas import (
    LocaleCode,
    PageItemSchema,
    PagesWithTranslationsPagination,
    RenditionSchema,
)

from .models import ArticlePage, ArticlePageQuerySet

router = Router(tags=["news"])


class NewsTeaserSchema(PageItemSchema):
    """A news item as a listing shows it."""

    id: int
    title: str
    date: datetime.date = Field(description="The date shown on the item.")
    author_name: str = Field(description='The byline, shown as "Av …".')
    excerpt: str = Field(
        description="The listing summary, else the meta description, else the intro."
    )
    html_url: str = Field(description="Absolute URL of the item on the public site.")
    locale: str = Field(description="Language code of the item, e.g. sv or en.")
    hero_image: RenditionSchema | None = Field(description="A 480×270 teaser rendition.")
    tags: list[str]

    @staticmethod
    def resolve_excerpt(page: ArticlePage) -> str:
        return page.get_summary()

    @staticmethod
    def resolve_html_url(page: ArticlePage, context: dict) -> str:
        return page.get_full_url(request=context["request"])

    @staticmethod
    def resolve_locale(page: ArticlePage) -> str:
        return page.locale.language_code

    @staticmethod
    def resolve_hero_image(page: ArticlePage, context: dict) -> dict | None:
        return rendition_data(page.hero_image, TEASER_IMAGE_FILTER, context["request"])

    @staticmethod
    def resolve_tags(page: ArticlePage) -> list[str]:
        return page.tag_names()


class NewsFilterSchema(Schema):
    tag: str | None = Field(
        None, max_length=100, description="Only items with this tag (its slug or its name)."
    )
    year: int | None = Field(None, ge=1000, le=9999, description="Only items dated this year.")
    locale: LocaleCode | None = Field(None, description="Only items in this language.")


@router.get(
    "/",
    response=list[NewsTeaserSchema],
    summary="News teasers",
    operation_id="news_list",
    url_name="news_list",
)
@paginate(PagesWithTranslationsPagination)
def list_news(
    request: HttpRequest,
    filters: NewsFilterSchema = Query(...),  # noqa: B008
) -> ArticlePageQuerySet:
    """Live, public news items, newest first (by date, then id)."""
    articles = (
        ArticlePage.objects.for_readers()
        .for_listing()
        .select_related("locale")
        .defer_streamfields()
    )
    articles = filter_by_locale(articles, filters.locale)
    if filters.tag:
        articles = articles.filter(
            Q(tagged_items__tag__slug=filters.tag) | Q(tagged_items__tag__name=filters.tag)
        ).distinct()
    if filters.year:
        articles = articles.filter(date__year=filters.year)
    return articles
