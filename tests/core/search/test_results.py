"""The search page, /sok/ and /en/search/: what it finds, what it never shows, and calm answers
to strange queries."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Page, PageViewRestriction

from tests.factories.articles import ArticleIndexPageFactory, ArticlePageFactory
from tests.factories.consultation_responses import ConsultationResponsePageFactory
from tests.factories.core import translate_page
from tests.factories.events import EventPageFactory
from tests.factories.home import HomePageFactory, StandardPageFactory

pytestmark = pytest.mark.django_db


def results(client, url: str = "/sok/", **params) -> tuple[list[str], BeautifulSoup]:
    response = client.get(url, params)
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    titles = [
        title.get_text(strip=True) for title in page.select(".search-results .search-result__title")
    ]
    return titles, page


@pytest.fixture
def site(db):
    home = HomePageFactory()
    translate_page(home, title="SmåKom")
    translate_page(ArticleIndexPageFactory(), title="News", slug="news")
    article = ArticlePageFactory(
        title="Bredband till alla",
        slug="bredband",
        date=datetime.date(2012, 5, 11),
        intro="SmåKom vill ha bredband i hela landet.",
    )
    translate_page(
        article, title="Broadband for all", slug="broadband", intro="Broadband everywhere."
    )
    ConsultationResponsePageFactory(
        title="Svar om bredbandet",
        slug="svar-bredband",
        inquiry_reference="SOU 2016:1",
        summary="SmåKom vill ha mer bredband.",
    )
    EventPageFactory(title="Bredbandsdagen", slug="bredbandsdagen", intro="Om bredband.")
    StandardPageFactory(parent=home, title="Om bredband", slug="om-bredband", intro="Bredband.")
    return {"home": home, "article": article}


def test_the_search_page_answers_in_both_languages(client, site):
    swedish = client.get("/sok/")
    english = client.get("/en/search/")

    assert swedish.status_code == english.status_code == 200
    assert BeautifulSoup(swedish.content, "html.parser").html["lang"] == "sv"
    assert BeautifulSoup(english.content, "html.parser").h1.get_text() == "Search"
    assert not Query.objects.exists()


def test_finds_news_responses_events_and_text_pages_of_the_language(client, site):
    titles, page = results(client, q="bredband")

    assert set(titles) == {
        "Bredband till alla",
        "Svar om bredbandet",
        "Bredbandsdagen",
        "Om bredband",
    }
    english, _page = results(client, "/en/search/", q="broadband")
    assert english == ["Broadband for all"]


def test_results_show_type_date_and_excerpt(client, site):
    _titles, page = results(client, q="landet")

    result = page.select_one(".search-results .search-result")
    assert result.select_one(".search-result__type").get_text() == "Nyhet"
    assert result.time["datetime"] == "2012-05-11"
    assert result.time.get_text() == "11 maj 2012"
    assert "bredband i hela landet" in result.select_one(".search-result__excerpt").get_text()
    _titles, english = results(client, "/en/search/", q="broadband")
    assert english.select_one(".search-result__type").get_text() == "News item"
    assert english.select_one(".search-result time").get_text() == "11 May 2012"


def test_an_exact_inquiry_reference_is_shown_first(client, site):
    _titles, page = results(client, q="SOU 2016:1")

    promoted = page.select(".search-promotions .search-result__title")
    assert [title.get_text(strip=True) for title in promoted] == ["Svar om bredbandet"]


@pytest.mark.parametrize("hide", ["draft", "login", "password"])
def test_hidden_pages_are_never_found(client, site, hide):
    hidden = ArticlePageFactory(title="Hemligt bredband", slug="hemligt")
    if hide == "draft":
        hidden.unpublish()
    else:
        PageViewRestriction.objects.create(
            page=hidden, restriction_type=hide, password="x" if hide == "password" else ""
        )

    titles, page = results(client, q="hemligt")

    assert titles == []
    assert "Hemligt" not in str(page.select_one("main"))


def test_promotions_lead_and_never_to_hidden_pages(client, site):
    query = Query.get("bredband")
    hidden = StandardPageFactory(parent=site["home"], title="Dold", slug="dold")
    PageViewRestriction.objects.create(page=hidden, restriction_type="login")
    SearchPromotion.objects.create(query=query, page=site["article"], sort_order=0)
    SearchPromotion.objects.create(query=query, page=hidden, sort_order=1)
    SearchPromotion.objects.create(
        query=query,
        external_link_url="https://bredband.example.se/",
        external_link_text="Bredbandsforum",
        sort_order=2,
    )

    _titles, page = results(client, q="Bredband")

    promoted = [title.get_text(strip=True) for title in page.select(".search-promotions h3")]
    assert promoted == ["Bredband till alla", "Bredbandsforum"]
    assert query.daily_hits.get().hits == 1


def test_a_query_matching_more_than_the_limit_ranks_the_newest_matches(client, site, settings):
    """Ranking every match of a common word reads the text of every page: only the newest
    SEARCH_MAX_RESULTS matches are ranked and shown, most relevant first, and the count says
    there are more."""
    settings.SEARCH_MAX_RESULTS = 3
    published = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    titles = ["Äldst om vägar", "Äldre om vägar", "Vägar", "Nyare om vägar", "Nyast om vägar"]
    for age, title in enumerate(titles):
        article = ArticlePageFactory(title=title, slug=f"vag-{age}", intro="Om grusvägar.")
        Page.objects.filter(pk=article.pk).update(
            first_published_at=published + datetime.timedelta(days=age)
        )

    found, page = results(client, q="vägar")

    # The three newest; the one that is all about the word first.
    assert found[0] == "Vägar"
    assert sorted(found[1:]) == ["Nyare om vägar", "Nyast om vägar"]
    assert "Fler än 3 träffar" in page.select_one(".search-count").get_text()
    settings.SEARCH_MAX_RESULTS = 10
    found, page = results(client, q="vägar", page="1")
    assert len(found) == 5
    assert "5 träffar" in page.select_one(".search-count").get_text()
    assert "Fler än" not in page.select_one(".search-count").get_text()


def test_results_are_paginated(client, site):
    for number in range(25):
        ArticlePageFactory(title=f"Kommunbesök {number}", slug=f"besok-{number}")

    first, _page = results(client, q="kommunbesök")
    third, page = results(client, q="kommunbesök", page="3")
    beyond, _page = results(client, q="kommunbesök", page="999")

    assert len(first) == 10
    assert len(third) == 5
    assert beyond == third
    assert "25 träffar" in page.select_one(".search-count").get_text()


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "\x00\x01\x1f",
        "bredband\x00",
        '"bredband',
        "bredband " * 500,
        "🙂",
        "a" * 5000,
        "<script>alert(1)</script>",
        "OR AND NOT",
        "*",
    ],
)
def test_strange_queries_get_a_calm_answer(client, site, query):
    response = client.get("/sok/", {"q": query})

    assert response.status_code == 200
    assert b"<script>alert" not in response.content


def test_a_long_query_is_shortened_and_says_so(client, site):
    _titles, page = results(client, q="bredband " * 50)
    assert "200 tecknen" in page.select_one(".filter-note").get_text()
    assert len(page.select_one("#search-query")["value"]) <= 200


def test_every_page_has_the_search_form(client, site):
    page = BeautifulSoup(client.get(site["article"].url).content, "html.parser")
    form = page.select_one("form.site-search")
    assert form["action"] == "/sok/"
    english = BeautifulSoup(client.get("/en/").content, "html.parser")
    assert english.select_one("form.site-search")["action"] == "/en/search/"


@pytest.mark.parametrize("count", [2, 30])
def test_search_queries_do_not_grow_with_results(client, django_assert_num_queries, site, count):
    for number in range(count):
        ArticlePageFactory(title=f"Kommunbesök {number}", slug=f"besok-{number}")
    client.get("/sok/", {"q": "kommunbesök"})
    # The hidden pages are found from the restricted paths (one query) and the aliases of other
    # languages' pages (one query), never by testing every page.
    with django_assert_num_queries(15):
        client.get("/sok/", {"q": "kommunbesök"})


def test_an_inflected_word_finds_its_other_forms(client, site):
    ArticlePageFactory(title="Servicen på landsbygden", slug="landsbygden", intro="Om service.")

    titles, _page = results(client, q="landsbygd")

    assert titles == ["Servicen på landsbygden"]


def test_pages_outside_the_site_or_under_an_unpublished_home_are_not_found(client, site):
    from wagtail.models import Page

    other_root = Page.get_first_root_node().add_child(
        instance=StandardPageFactory.build(title="Arkivrot", slug="arkivrot")
    )
    StandardPageFactory(parent=other_root, title="Gammal bredbandssida", slug="gammal")

    titles, _page = results(client, q="bredbandssida")
    assert titles == []

    english_home = site["home"].get_translations().get()
    english_home.unpublish()
    english, _page = results(client, "/en/search/", q="broadband")
    assert english == []


def test_a_reference_is_found_whatever_its_spacing_and_case(client, site):
    for query in ("SOU2016:1", "sou 2016:1", "SOU  2016:1"):
        _titles, page = results(client, q=query)
        promoted = [
            title.get_text(strip=True)
            for title in page.select(".search-promotions .search-result__title")
        ]
        assert promoted == ["Svar om bredbandet"], query


# --- What the search remembers (editors' promotions and popular queries) -----------------------


def recorded() -> dict[str, int]:
    return {query.query_string: query.hits for query in Query.objects.all()}


def test_only_queries_that_find_something_are_recorded(client, site):
    for query in ("bredband", "  BREDBAND  ", "finns-inte-alls", "zzqx", "🙂", "a" * 5000):
        client.get("/sok/", {"q": query})

    assert recorded() == {"bredband": 2}


def test_a_long_query_is_not_recorded(client, site):
    client.get("/sok/", {"q": "bredband " * 12})

    assert recorded() == {}


def test_turning_the_page_is_not_another_search(client, site):
    for number in range(15):
        ArticlePageFactory(title=f"Kommunbesök {number}", slug=f"besok-{number}")

    client.get("/sok/", {"q": "kommunbesök"})
    client.get("/sok/", {"q": "kommunbesök", "page": "2"})

    assert recorded() == {"kommunbesök": 1}


def test_a_promotion_is_shown_for_a_query_that_finds_nothing_else(client, site):
    query = Query.get("bredbandsforum")
    SearchPromotion.objects.create(
        query=query,
        external_link_url="https://bredband.example.se/",
        external_link_text="Bredbandsforum",
        sort_order=0,
    )

    _titles, page = results(client, q="Bredbandsforum")

    promoted = [title.get_text(strip=True) for title in page.select(".search-promotions h3")]
    assert promoted == ["Bredbandsforum"]
    assert Query.objects.count() == 1
    assert not query.daily_hits.exists()


def test_hits_older_than_30_days_and_the_queries_left_without_them_are_pruned(client, site):
    today = timezone.now().date()
    Query.get("bredband").add_hit(date=today - datetime.timedelta(days=29))
    Query.get("gammal fråga").add_hit(date=today - datetime.timedelta(days=31))
    promoted = Query.get("bredbandsforum")
    SearchPromotion.objects.create(
        query=promoted, external_link_url="https://bredband.example.se/", sort_order=0
    )

    call_command("searchpromotions_garbage_collect", stdout=StringIO())

    assert set(Query.objects.values_list("query_string", flat=True)) == {
        "bredband",
        "bredbandsforum",
    }


@pytest.mark.parametrize("url", ["/sok/", "/en/search/"])
def test_the_two_search_landmarks_have_names_of_their_own(client, site, url):
    """The header's search and the page's own form are both role=search: a screen reader's
    landmark list tells them apart only by their names (WCAG 1.3.1, axe landmark-unique)."""
    page = BeautifulSoup(client.get(url, {"q": "skola"}).content, "html.parser")

    forms = page.find_all(attrs={"role": "search"})
    names = []
    for form in forms:
        if form.get("aria-labelledby"):
            names.append(page.find(id=form["aria-labelledby"]).get_text(strip=True))
        else:
            names.append(form.get("aria-label", ""))

    assert len(forms) == 2
    assert all(names) and len(set(names)) == 2, names
