"""Archives: news by year (/nyheter/2012/) and by tag, remissvar by year and by ministry;
paginated, linked from their listing, and the same items as the API's filters."""

from __future__ import annotations

import datetime

import pytest
from bs4 import BeautifulSoup

from tests.core.api.helpers import BASE_URL, configure_public_site
from tests.factories.articles import ArticleIndexPageFactory, ArticlePageFactory
from tests.factories.consultation_responses import (
    ConsultationResponseIndexPageFactory,
    ConsultationResponsePageFactory,
    MinistryFactory,
)
from tests.factories.core import translate_page
from tests.factories.home import HomePageFactory
from tests.test_queries import measure

pytestmark = pytest.mark.django_db


def soup(client, url: str, **params) -> BeautifulSoup:
    response = client.get(url, params)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def news(db):
    configure_public_site()
    HomePageFactory()
    index = ArticleIndexPageFactory()
    for number in range(13):
        ArticlePageFactory(
            title=f"Nyhet 2012 nr {number}",
            slug=f"nyhet-2012-{number}",
            date=datetime.date(2012, 1, 1) + datetime.timedelta(days=number),
            tags=["bredband"] if number % 2 else [],
        )
    ArticlePageFactory(title="Nyhet 2011", slug="nyhet-2011", date=datetime.date(2011, 6, 1))
    return index


def titles(page: BeautifulSoup) -> list[str]:
    return [title.get_text(strip=True) for title in page.select(".teaser__title")]


def test_a_years_archive_lists_that_year_paginated(client, news):
    first = soup(client, "/nyheter/2012/")
    second = soup(client, "/nyheter/2012/", page="2")

    assert len(titles(first)) == 10
    assert len(titles(second)) == 3
    assert all("2012" in title for title in titles(first) + titles(second))
    assert "Nyheter från 2012" in first.select_one(".filter-note").get_text()
    assert first.find("link", rel="canonical")["href"] == f"{BASE_URL}/nyheter/2012/"
    assert second.find("link", rel="canonical")["href"] == f"{BASE_URL}/nyheter/2012/?page=2"


def test_the_listing_links_every_year_with_its_count(client, news):
    page = soup(client, "/nyheter/")

    links = [
        (link["href"], link.find_next_sibling("span").get_text())
        for link in page.select(".archive-nav a")
    ]
    assert links == [("/nyheter/2012/", "(13)"), ("/nyheter/2011/", "(1)")]


@pytest.mark.parametrize("year", ["2010", "0", "99999999999", "12345"])
def test_a_year_without_news_is_not_found(client, news, year):
    assert client.get(f"/nyheter/{year}/").status_code == 404


def test_a_tags_archive_is_the_listing_filtered_by_tag(client, news):
    page = soup(client, "/nyheter/", tag="bredband")
    assert len(titles(page)) == 6
    assert page.select_one(".feed-links a")["href"] == "/nyheter/feed/?tag=bredband"


def test_the_api_filters_match_the_archives(client, news):
    for year in (2011, 2012):
        archive = [soup(client, f"/nyheter/{year}/", page=str(n)) for n in (1, 2)]
        html_titles = {title for page in archive for title in titles(page)}
        api = client.get("/api/v3/news/", {"year": year, "limit": 100}).json()
        assert {item["title"] for item in api["items"]} == html_titles
    tagged = client.get("/api/v3/news/", {"tag": "bredband"}).json()
    assert tagged["count"] == len(titles(soup(client, "/nyheter/", tag="bredband")))


def test_an_archive_names_only_itself_as_alternate(client, news):
    translate_page(news.get_parent(), title="SmåKom")
    translate_page(news, title="News", slug="news")

    page = soup(client, "/nyheter/2012/")

    alternates = {
        link["hreflang"]: link["href"]
        for link in page.find_all("link", rel="alternate", hreflang=True)
    }
    assert alternates == {
        "sv": f"{BASE_URL}/nyheter/2012/",
        "x-default": f"{BASE_URL}/nyheter/2012/",
    }


@pytest.fixture
def responses(db):
    configure_public_site()
    HomePageFactory()
    index = ConsultationResponseIndexPageFactory()
    finance = MinistryFactory(name="Finansdepartementet", slug="finansdepartementet")
    other = MinistryFactory(name="Socialdepartementet", slug="socialdepartementet")
    for number in range(4):
        ConsultationResponsePageFactory(
            title=f"Svar 2012 nr {number}",
            slug=f"svar-2012-{number}",
            sent_date=datetime.date(2012, 3, 1 + number),
            ministry=finance if number % 2 else other,
        )
    ConsultationResponsePageFactory(
        title="Svar 2015", slug="svar-2015", sent_date=datetime.date(2015, 5, 1), ministry=finance
    )
    return index


def response_titles(page: BeautifulSoup) -> list[str]:
    return [
        title.get_text(" ", strip=True).split(" ", 2)[-1]
        for title in page.select(".response-teaser__title")
    ]


def test_remissvar_by_year_and_by_ministry(client, responses):
    year = soup(client, "/remissvar/2012/")
    ministry = soup(client, "/remissvar/", ministry="finansdepartementet")
    both = soup(client, "/remissvar/2012/", ministry="finansdepartementet")

    assert sorted(response_titles(year)) == [f"Svar 2012 nr {n}" for n in range(4)]
    assert sorted(response_titles(ministry)) == ["Svar 2012 nr 1", "Svar 2012 nr 3", "Svar 2015"]
    assert sorted(response_titles(both)) == ["Svar 2012 nr 1", "Svar 2012 nr 3"]
    assert client.get("/remissvar/2013/").status_code == 404


def test_the_remissvar_listing_links_its_years_and_ministries(client, responses):
    page = soup(client, "/remissvar/")

    links = [link["href"] for link in page.select(".archive-nav a")]
    assert links == [
        "/remissvar/2015/",
        "/remissvar/2012/",
        "/remissvar/?ministry=finansdepartementet",
        "/remissvar/?ministry=socialdepartementet",
    ]
    api = client.get(
        "/api/v3/consultation-responses/", {"year": 2012, "ministry": "finansdepartementet"}
    ).json()
    assert api["count"] == 2


@pytest.mark.parametrize("count", [2, 30])
def test_a_years_archive_costs_the_same_whatever_its_length(
    client, django_assert_num_queries, count
):
    HomePageFactory()
    index = ArticleIndexPageFactory()
    for number in range(count):
        ArticlePageFactory(slug=f"nyhet-{number}", date=datetime.date(2012, 1, 1), tags=["a"])

    measure(client, django_assert_num_queries, f"{index.url}2012/", 16)
