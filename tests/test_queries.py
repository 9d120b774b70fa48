"""SQL queries per page view are pinned, and do not grow with the number of items shown.

Each page type is rendered for an anonymous reader with 2 and with 30 items (news, remissvar,
body blocks, tags, subpages, menu entries…). The first request creates the image renditions;
the renditions cache is then cleared and the second request is measured, so a per-image lookup
cannot hide in the cache. Embeds are stored as if fetched once, as they are in production.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import caches
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed

from consultation_responses.models import ResponseStatus
from tests.factories.articles import ArticleIndexPageFactory, ArticlePageFactory
from tests.factories.consultation_responses import (
    ConsultationResponseIndexPageFactory,
    ConsultationResponsePageFactory,
    MinistryFactory,
)
from tests.factories.core import DocumentFactory, ImageFactory
from tests.factories.events import STOCKHOLM, EventPageFactory
from tests.factories.home import HomePageFactory, StandardPageFactory, VideoPageFactory
from tests.factories.members import MembersPageFactory, MunicipalityFactory

pytestmark = pytest.mark.django_db

# Pinned query counts for an anonymous reader, whatever the number of items.
QUERIES = {
    "home": 21,
    "news_index": 18,
    "news_index_by_tag": 18,
    "response_index": 15,
    "response_index_filtered": 15,
    "article": 22,
    "response": 16,
    "standard": 19,
    "video": 15,
}

ITEM_COUNTS = [2, 30]


BODY_BLOCK_KINDS = ["paragraph", "image", "document", "link", "heading", "quote", "embed"]


def store_embed(url: str) -> None:
    """An embed as if it had been fetched from the provider once (there is no internet here)."""
    Embed.objects.get_or_create(
        hash=get_embed_hash(url),
        defaults={
            "url": url,
            "type": "video",
            "html": f'<iframe src="{url}" title="Film"></iframe>',
            "title": "Film",
        },
    )


def body_blocks(prefix: str, count: int, link_page) -> dict:
    """``count`` body blocks of each kind, as StreamFieldFactory keyword arguments."""
    kinds = BODY_BLOCK_KINDS * count
    params = {}
    for index, kind in enumerate(kinds):
        key = f"{prefix}__{index}__{kind}"
        if kind == "link":
            params[f"{key}__page"] = link_page
            params[f"{key}__url"] = ""
        elif kind == "embed":
            url = f"https://www.youtube.com/watch?v=film{index}"
            params[f"{key}__embed__value"] = url
            store_embed(url)
        else:
            params[f"{prefix}__{index}"] = kind
    return params


def measure(client, django_assert_num_queries, url: str, expected: int, **params) -> None:
    warm = client.get(url, params)
    assert warm.status_code == 200
    # Renditions now exist in the database; an empty renditions cache makes every lookup reach
    # it, so a per-image query would show up as growth between 2 and 30 items.
    caches["renditions"].clear()
    with django_assert_num_queries(expected):
        response = client.get(url, params)
    assert response.status_code == 200


@pytest.mark.parametrize("count", ITEM_COUNTS)
def test_home_page(client, django_assert_num_queries, count):
    home = HomePageFactory()
    VideoPageFactory(parent=home)
    for number in range(count):
        ArticlePageFactory(
            hero_image=ImageFactory(),
            date=datetime.date(2020, 1, 1) + datetime.timedelta(days=number),
            tags=["ekonomi", f"tagg-{number}"],
        )
        ConsultationResponsePageFactory(ministry=MinistryFactory())
        StandardPageFactory(parent=home, show_in_menus=True)
        # Upcoming events (the banner shows the next) and members (the count and the map).
        EventPageFactory(start=datetime.datetime(2090, 11, 1 + number % 28, 10, tzinfo=STOCKHOLM))
        MunicipalityFactory()
    MembersPageFactory()

    measure(client, django_assert_num_queries, home.url, QUERIES["home"])


@pytest.mark.parametrize("count", ITEM_COUNTS)
def test_news_index(client, django_assert_num_queries, count):
    index = ArticleIndexPageFactory()
    for number in range(count):
        ArticlePageFactory(
            hero_image=ImageFactory(),
            date=datetime.date(2020, 1, 1) + datetime.timedelta(days=number),
            tags=["ekonomi", f"tagg-{number}"],
        )

    measure(client, django_assert_num_queries, index.url, QUERIES["news_index"])
    measure(
        client,
        django_assert_num_queries,
        index.url,
        QUERIES["news_index_by_tag"],
        tag="ekonomi",
        page="2",
    )


def _responses(count: int) -> ConsultationResponseIndexPageFactory:
    finance = MinistryFactory(name="Finansdepartementet")
    for number in range(count):
        ConsultationResponsePageFactory(
            ministry=finance if number % 2 else MinistryFactory(),
            sent_date=datetime.date(2011, 1, 1) + datetime.timedelta(days=number),
            status=ResponseStatus.SENT,
        )
    return ConsultationResponseIndexPageFactory()


@pytest.mark.parametrize("count", ITEM_COUNTS)
def test_response_index(client, django_assert_num_queries, count):
    index = _responses(count)

    measure(client, django_assert_num_queries, index.url, QUERIES["response_index"])


@pytest.mark.parametrize("count", ITEM_COUNTS)
def test_response_index_filtered(client, django_assert_num_queries, count):
    index = _responses(count)

    measure(
        client,
        django_assert_num_queries,
        index.url,
        QUERIES["response_index_filtered"],
        year="2011",
        ministry="finansdepartementet",
        status="sent",
    )


@pytest.mark.parametrize("count", ITEM_COUNTS)
def test_article_page(client, django_assert_num_queries, count):
    home = HomePageFactory()
    response = ConsultationResponsePageFactory()
    article = ArticlePageFactory(
        hero_image=ImageFactory(),
        consultation_response=response,
        tags=[f"tagg-{number}" for number in range(count)],
        **body_blocks("body", count, link_page=response),
    )
    for _ in range(count):
        ArticlePageFactory()  # Siblings must not matter either.
    assert len(article.body) == count * len(BODY_BLOCK_KINDS)
    assert article.get_parent().get_parent().pk == home.pk

    measure(client, django_assert_num_queries, article.url, QUERIES["article"])


@pytest.mark.parametrize("count", ITEM_COUNTS)
def test_response_page(client, django_assert_num_queries, count):
    page = ConsultationResponsePageFactory(
        response_document=DocumentFactory(),
        **{f"points__{index}": "point" for index in range(count)},
    )
    for _ in range(count):
        ArticlePageFactory(consultation_response=page)

    measure(client, django_assert_num_queries, page.url, QUERIES["response"])


@pytest.mark.parametrize("count", ITEM_COUNTS)
def test_standard_page(client, django_assert_num_queries, count):
    home = HomePageFactory()
    page = StandardPageFactory(parent=home, show_in_menus=True)
    page.body = StandardPageFactory.build(**body_blocks("body", count, link_page=home)).body
    page.save()
    for _ in range(count):
        StandardPageFactory(parent=page, show_in_menus=True)
        StandardPageFactory(parent=home, show_in_menus=True)

    measure(client, django_assert_num_queries, page.url, QUERIES["standard"])


@pytest.mark.parametrize("count", ITEM_COUNTS)
def test_video_page(client, django_assert_num_queries, count):
    home = HomePageFactory()
    video = VideoPageFactory(parent=home, show_in_menus=True)
    for _ in range(count):
        StandardPageFactory(parent=home, show_in_menus=True)
        ArticlePageFactory()

    measure(client, django_assert_num_queries, video.url, QUERIES["video"])
