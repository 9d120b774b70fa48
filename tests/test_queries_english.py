"""SQL queries of the English pages are pinned too, and do not grow with the number of items.

An English page costs a little more than its Swedish original: links chosen once for both
languages (link blocks, the accessibility statement in the footer) are looked up in English,
and each in one query however many there are.
"""

from __future__ import annotations

import datetime

import pytest

from home.models import OrganisationSettings
from tests.factories.articles import ArticleIndexPageFactory, ArticlePageFactory
from tests.factories.consultation_responses import ConsultationResponsePageFactory
from tests.factories.core import ImageFactory, translate_page
from tests.factories.home import HomePageFactory, StandardPageFactory
from tests.test_queries import ITEM_COUNTS, body_blocks, measure

pytestmark = pytest.mark.django_db

QUERIES = {
    "home": 23,
    "news_index": 20,
    "article": 25,
}


def english_site() -> dict:
    home = HomePageFactory()
    statement = StandardPageFactory(parent=home, title="Tillgänglighet", slug="tillganglighet")
    settings = OrganisationSettings.for_site(home.get_site())
    settings.accessibility_statement = statement
    settings.save()
    return {
        "home": translate_page(home, title="SmåKom"),
        "statement": translate_page(statement, title="Accessibility", slug="accessibility"),
        "index": translate_page(ArticleIndexPageFactory(), title="News", slug="news"),
    }


@pytest.mark.parametrize("count", ITEM_COUNTS)
def test_english_home_page(client, django_assert_num_queries, count):
    site = english_site()
    for number in range(count):
        article = ArticlePageFactory(
            hero_image=ImageFactory(),
            date=datetime.date(2020, 1, 1) + datetime.timedelta(days=number),
        )
        translate_page(article, slug=f"news-{number}")
        standard = StandardPageFactory(parent=HomePageFactory(), show_in_menus=True)
        translate_page(standard, slug=f"page-{number}")

    measure(client, django_assert_num_queries, site["home"].url, QUERIES["home"])


@pytest.mark.parametrize("count", ITEM_COUNTS)
def test_english_news_index(client, django_assert_num_queries, count):
    site = english_site()
    for number in range(count):
        article = ArticlePageFactory(
            hero_image=ImageFactory(),
            date=datetime.date(2020, 1, 1) + datetime.timedelta(days=number),
            tags=["ekonomi"],
        )
        translate_page(article, slug=f"news-{number}")

    measure(client, django_assert_num_queries, site["index"].url, QUERIES["news_index"])


@pytest.mark.parametrize("count", ITEM_COUNTS)
def test_english_article_with_links_to_translated_and_untranslated_pages(
    client, django_assert_num_queries, count
):
    english_site()
    response = ConsultationResponsePageFactory()
    translate_page(response.get_parent(), slug="consultation-responses")
    translate_page(response, slug="response")
    untranslated = StandardPageFactory(title="Bara svenska")
    article = ArticlePageFactory(
        hero_image=ImageFactory(),
        consultation_response=response,
        **body_blocks("body", count, link_page=response),
    )
    to_untranslated = 0
    for index, block in enumerate(article.body):
        if block.block_type == "link" and index % 2:
            block.value["page"] = untranslated
            to_untranslated += 1
    article.save_revision().publish()
    english = translate_page(article, slug="article")

    measure(client, django_assert_num_queries, english.url, QUERIES["article"])
    html = client.get(english.url).content.decode()
    to_translated = count - to_untranslated
    assert html.count('class="button" href="/en/consultation-responses/response/"') == to_translated
    assert html.count(f'class="button" href="{untranslated.url}"') == to_untranslated
