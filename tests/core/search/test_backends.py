"""Search finds word forms, each page stemmed in its own language: one contract for both
backends, PostgreSQL's (core/search/postgres.py) and the embedded default's on SQLite
(core/search/sqlite.py). Run on SQLite by default and on PostgreSQL with DATABASE_URL."""

from __future__ import annotations

import datetime
import re
import sqlite3
import unicodedata
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection
from django.test import Client
from modelsearch.utils import parse_query_string
from wagtail.models import Locale, PageViewRestriction
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

from articles.models import ArticlePage
from core.search.stemming import Stemmer
from members.models import Municipality
from tests.core.api.helpers import module_data
from tests.factories.articles import ArticleIndexPageFactory, ArticlePageFactory
from tests.factories.consultation_responses import ConsultationResponsePageFactory
from tests.factories.core import translate_page
from tests.factories.home import HomePageFactory, VideoPageFactory

pytestmark = pytest.mark.django_db

#: What "landsbygd" must find on the Swedish site: each page has another form of the word.
COUNTRYSIDE_PAGES = {
    "Servicen på landsbygden",  # the definite form, in the title
    "Yttrande – För Sveriges landsbygder",  # the plural (demo content's remissvar)
    "Bo på landet",  # the film page: "… kan du göra på landsbygden." in its quote
    "Sveriges landsbygd",  # the word as typed
    "Landsbygd förr",  # capitalised
    "Nytt från styrelsen",  # only in its introduction
}

#: The news items among them.
LANDSBYGD_NEWS = {
    "Servicen på landsbygden",
    "Sveriges landsbygd",
    "Landsbygd förr",
    "Nytt från styrelsen",
}


@pytest.fixture(scope="module")
def pages(django_db_setup, django_db_blocker):
    with module_data(django_db_blocker):
        home = HomePageFactory()
        translate_page(home, title="SmåKom")
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
        ConsultationResponsePageFactory(
            title="Yttrande – För Sveriges landsbygder",
            slug="sou-2017-1",
            inquiry_title="För Sveriges landsbygder",
            summary="SmåKom välkomnar förslagen.",
        )
        VideoPageFactory(
            parent=home,
            intro="En film om fördelarna med att bo i en liten kommun.",
            quote="Allt du kan göra i stan kan du göra på landsbygden.",
        )
        ArticlePageFactory(
            title="Sveriges landsbygd", date=datetime.date(2013, 3, 1), intro="Service."
        )
        ArticlePageFactory(title="Bredband till alla", slug="bredband", intro="Fiber i byarna.")
        ArticlePageFactory(
            title="Nytt från styrelsen",
            date=datetime.date(2004, 5, 1),
            intro="Styrelsen har mötts i Ånge och talat om skolan på landsbygden.",
        )
        ArticlePageFactory(
            title="Landsbygd förr", date=datetime.date(2005, 1, 1), intro="Ett gammalt inlägg."
        )
        draft = ArticlePageFactory(title="Utkast om landsbygden", slug="utkast", live=False)
        private = ArticlePageFactory(title="Internt om landsbygden", slug="internt")
        PageViewRestriction.objects.create(page=private, restriction_type="login")
        yield {"sv": swedish, "en": english, "draft": draft, "private": private}


def site_search(client: Client, query: str, url: str = "/sok/") -> set[str]:
    """The titles the site's search page shows a reader for ``query``."""
    response = client.get(url, {"q": query})
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    return {title.get_text(strip=True) for title in page.select(".search-result__title")}


def search(query, language: str | None = None) -> set[str]:
    articles = ArticlePage.objects.live().public()
    if language:
        articles = articles.filter(locale=Locale.objects.get(language_code=language))
    return {page.title for page in articles.search(query)}


def indexed_words(page) -> set[str]:
    """The words the index holds for ``page``'s body: stems separated by spaces on SQLite, a
    text search vector ("'kommun':3 …") on PostgreSQL; either way, its words are the stems."""
    body = IndexEntry.objects.get(object_id=str(page.pk), content_type_id=page.content_type_id).body
    return set(re.findall(r"[^\W\d_]+", str(body)))


def test_the_backend_is_the_one_stemming_on_this_database():
    expected = {
        "postgresql": "LanguageAwarePostgresSearchBackend",
        "sqlite": "StemmingSQLiteSearchBackend",
    }
    assert type(get_search_backend()).__name__ == expected[connection.vendor]


# --- What readers find on the site ------------------------------------------------------------


@pytest.mark.parametrize("query", ["landsbygd", "landsbygden", "landsbygder", "Landsbygdens"])
def test_any_form_of_a_swedish_word_finds_every_page_with_another(client, pages, query):
    assert site_search(client, query) == COUNTRYSIDE_PAGES


@pytest.mark.parametrize("query", ["municipality", "municipalities", "municipal"])
def test_any_form_of_an_english_word_finds_the_english_page(client, pages, query):
    assert site_search(client, query, "/en/search/") == {"Services in the countryside"}


def test_the_film_page_is_found_in_english_too(client, pages):
    translate_page(
        VideoPageFactory(),
        title="Bo på landet – living in the countryside",
        slug="living-in-the-countryside",
        quote="Everything you can do in town, you can do in the countryside.",
    )
    assert site_search(client, "countrysides", "/en/search/") == {
        "Services in the countryside",
        "Bo på landet – living in the countryside",
    }


def test_drafts_and_restricted_pages_are_indexed_but_never_shown(client, pages):
    # The backend finds them (editors search them in the admin) …
    found = {page.title for page in ArticlePage.objects.search("landsbygd")}
    assert {"Utkast om landsbygden", "Internt om landsbygden"} <= found
    # … the site's search never shows them.
    shown = site_search(client, "landsbygden")
    assert "Utkast om landsbygden" not in shown
    assert "Internt om landsbygden" not in shown


# --- The backend's contract -------------------------------------------------------------------


def test_each_page_is_indexed_with_its_languages_stems(pages):
    swedish, english = indexed_words(pages["sv"]), indexed_words(pages["en"])
    # Swedish stemming: "kommunerna" → kommun, "behöver" → behöv, "glesbygden" → glesbyg.
    assert {"kommun", "behöv", "glesbyg"} <= swedish
    assert "kommunerna" not in swedish
    # English stemming: "municipalities" → municip, "populated" → popul.
    assert {"municip", "popul"} <= english
    assert "municipalities" not in english


def test_a_query_is_stemmed_in_every_language_and_matches_the_pages_own(pages):
    assert search("landsbygd") == LANDSBYGD_NEWS
    assert search("kommuner", "sv") == {"Servicen på landsbygden"}
    assert search("glesbygd", "sv") == {"Servicen på landsbygden"}
    assert search("municipality") == {"Services in the countryside"}
    assert search("service", "en") == {"Services in the countryside"}
    assert search("populate", "en") == {"Services in the countryside"}


def test_a_word_in_neither_language_finds_nothing(pages):
    assert search("kommunalskatt") == set()
    assert search("taxation") == set()


def test_search_within_a_language_finds_only_that_language(pages):
    assert search("bredband", "en") == set()
    assert search("broadband", "sv") == set()


def test_every_word_of_a_query_must_match_unless_asked_otherwise(pages):
    assert search("landsbygdens bredband") == {"Servicen på landsbygden"}
    assert search("landsbygdens fiber") == set()
    found = {
        page.title for page in ArticlePage.objects.live().search("glesbygd fiber", operator="or")
    }
    assert found == {"Servicen på landsbygden", "Bredband till alla"}


def test_a_quoted_phrase_matches_its_words_in_order_in_any_form(pages):
    def phrase(text: str) -> set[str]:
        _filters, query = parse_query_string(text)
        return search(query, "sv")

    assert phrase('"kommunerna i glesbygden"') == {"Servicen på landsbygden"}
    assert phrase('"kommunen i glesbygd"') == {"Servicen på landsbygden"}
    assert phrase('"glesbygden i kommunerna"') == set()


def test_a_query_without_words_finds_nothing(pages):
    for query in ("–", "!!!", "?"):
        assert search(query) == set(), query


def test_filters_and_ordering_apply_to_the_matches(pages):
    since_2010_newest_first = (
        ArticlePage.objects.live()
        .public()
        .filter(date__gte=datetime.date(2010, 1, 1))
        .order_by("-date")
        .search("landsbygd", order_by_relevance=False)
    )
    assert [page.title for page in since_2010_newest_first] == [
        "Sveriges landsbygd",
        "Servicen på landsbygden",
    ]


def test_autocomplete_matches_the_beginnings_of_words_as_written(pages):
    found = {page.title for page in ArticlePage.objects.live().autocomplete("Servicen på lands")}
    assert found == {"Servicen på landsbygden"}


def test_a_published_change_is_found_at_once(pages):
    page = pages["sv"]
    page.intro = "Skolorna i skärgården."
    page.save_revision().publish()

    assert search("skärgård", "sv") == {"Servicen på landsbygden"}
    assert search("glesbygd", "sv") == set()


def test_update_index_rebuilds_the_stems(pages):
    IndexEntry.objects.all().delete()
    assert search("landsbygd") == set()

    call_command("update_index", stdout=StringIO(), stderr=StringIO())

    assert search("landsbygd") == LANDSBYGD_NEWS


def test_objects_without_a_locale_are_stemmed_in_the_default_language(pages):
    municipality = Municipality.objects.create(name="Krokom", kommunkod="2309")
    # "Krokoms" (genitive) is stemmed as Swedish (SEARCH_CONFIG), as the name is.
    assert list(get_search_backend().search("Krokoms", Municipality)) == [municipality]


# --- SQLite's stemming ------------------------------------------------------------------------


def fts5_tokens(text: str) -> list[str]:
    """The words SQLite's FTS5 (unicode61, as modelsearch's table uses) makes of ``text``."""
    database = sqlite3.connect(":memory:")
    try:
        database.execute("CREATE VIRTUAL TABLE words USING fts5(text)")
        database.execute("CREATE VIRTUAL TABLE vocabulary USING fts5vocab(words, instance)")
        database.execute("INSERT INTO words VALUES (?)", [text])
        rows = database.execute("SELECT term FROM vocabulary ORDER BY offset").fetchall()
    finally:
        database.close()
    return [term for (term,) in rows]


def without_diacritics(word: str) -> str:
    return "".join(
        char for char in unicodedata.normalize("NFD", word) if not unicodedata.combining(char)
    )


def test_words_are_split_where_sqlite_splits_them():
    """The stemmer must cut text where FTS5 does, or FTS5 would find in the stored stems words
    the query never has (SOU 2011:59, e-post, Mora_kommun, Å-ö, numbers)."""
    text = "SOU 2011:59 – e-post till Mora_kommun, Åsele/Örnsköldsvik; 3½ km² (ﬁn) don't 42nd"
    words = Stemmer("simple").words(text)
    assert [without_diacritics(word) for word in words] == fts5_tokens(text)


def test_an_unknown_stemmer_is_refused():
    assert Stemmer("swedish")("Landsbygdernas kommuner") == "landsbyg kommun"
    with pytest.raises(ImproperlyConfigured, match="klingon"):
        Stemmer("klingon")
