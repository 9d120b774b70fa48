"""Search per language: Swedish pages are stemmed as Swedish, English ones as English
(PostgreSQL full text, core/search/backend.py)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from modelsearch.index import insert_or_update_object
from wagtail.models import Locale
from wagtail.search.backends import get_search_backend

from articles.models import ArticlePage
from tests.factories.articles import ArticleIndexPageFactory, ArticlePageFactory
from tests.factories.core import translate_page

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not settings.USING_POSTGRES, reason="Stemming needs PostgreSQL's full-text search."
    ),
]


@pytest.fixture
def pages(db):
    index = ArticleIndexPageFactory()
    translate_page(index, title="News", slug="news")
    swedish = ArticlePageFactory(
        title="Servicen på landsbygden",
        slug="servicen-pa-landsbygden",
        intro="Kommunerna i glesbygden behöver bredband.",
    )
    english = translate_page(
        swedish,
        title="Services in the countryside",
        slug="services-in-the-countryside",
        intro="The municipalities in sparsely populated areas need broadband.",
    )
    for page in (swedish, english):
        insert_or_update_object(page)
    return {"sv": swedish, "en": english}


def search(query: str, language: str | None = None) -> set[str]:
    pages = ArticlePage.objects.live()
    if language:
        pages = pages.filter(locale=Locale.objects.get(language_code=language))
    return {page.title for page in pages.search(query)}


def test_the_backend_is_the_language_aware_one():
    assert type(get_search_backend()).__name__ == "LanguageAwarePostgresSearchBackend"


def test_each_page_is_indexed_with_its_languages_stemming(pages):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT object_id, body::text FROM wagtailsearch_indexentry WHERE object_id IN %s",
            [tuple(str(page.pk) for page in pages.values())],
        )
        bodies = dict(cursor.fetchall())
    swedish, english = bodies[str(pages["sv"].pk)], bodies[str(pages["en"].pk)]
    # Swedish stemming: "kommunerna" → kommun, "behöver" → behöv.
    assert "'kommun'" in swedish
    assert "'behöv'" in swedish
    # English stemming: "municipalities" → municip, "populated" → popul.
    assert "'municip'" in english
    assert "'popul'" in english
    assert "'municipalities'" not in english


def test_a_swedish_inflection_finds_the_swedish_page(pages):
    assert search("landsbygd") == {"Servicen på landsbygden"}
    assert search("kommuner", "sv") == {"Servicen på landsbygden"}
    assert search("glesbygd", "sv") == {"Servicen på landsbygden"}


def test_an_english_inflection_finds_the_english_page(pages):
    assert search("municipality") == {"Services in the countryside"}
    assert search("service", "en") == {"Services in the countryside"}
    assert search("populate", "en") == {"Services in the countryside"}


def test_a_word_in_neither_language_finds_nothing(pages):
    assert search("kommunalskatt") == set()
    assert search("taxation") == set()


def test_search_within_a_language_finds_only_that_language(pages):
    assert search("bredband", "en") == set()
    assert search("broadband", "sv") == set()


def test_the_api_searches_in_both_languages(pages):
    client = Client()
    for query, language, title in [
        ("landsbygd", "sv", "Servicen på landsbygden"),
        ("municipality", "en", "Services in the countryside"),
    ]:
        data = client.get(
            "/api/v2/pages/", {"search": query, "locale": language, "type": "articles.ArticlePage"}
        ).json()
        assert [item["title"] for item in data["items"]] == [title]


def test_objects_without_a_locale_use_the_default_configuration(pages):
    from members.models import Municipality

    municipality = Municipality.objects.create(name="Krokom", kommunkod="2309")
    insert_or_update_object(municipality)
    assert list(get_search_backend().search("Krokom", Municipality)) == [municipality]
