"""RSS 2.0 and Atom feeds of news and remissvar, in both languages: they parse cleanly (the
feedparser library, as a feed reader), carry full dates and absolute links, list nothing
hidden, and every page's head points to them."""

from __future__ import annotations

import datetime

import feedparser
import pytest
from bs4 import BeautifulSoup
from wagtail.models import PageViewRestriction

from tests.core.api.helpers import BASE_URL, configure_public_site
from tests.factories.articles import ArticleIndexPageFactory, ArticlePageFactory
from tests.factories.consultation_responses import (
    ConsultationResponseIndexPageFactory,
    ConsultationResponsePageFactory,
)
from tests.factories.core import translate_page
from tests.factories.home import HomePageFactory, StandardPageFactory

pytestmark = pytest.mark.django_db

FEEDS = [
    "/nyheter/feed/",
    "/nyheter/feed/atom/",
    "/remissvar/feed/",
    "/remissvar/feed/atom/",
    "/en/news/feed/",
    "/en/news/feed/atom/",
]


@pytest.fixture
def site(db):
    configure_public_site()
    home = HomePageFactory()
    translate_page(home, title="SmåKom")
    translate_page(ArticleIndexPageFactory(), title="News", slug="news")
    ConsultationResponseIndexPageFactory()
    article = ArticlePageFactory(
        title="Servicen på landsbygden",
        slug="servicen",
        date=datetime.date(2012, 1, 12),
        author_name="Hilkka",
        intro="Om servicen.",
        tags=["service", "landsbygd"],
    )
    translate_page(article, title="Services in the countryside", slug="services", intro="About.")
    ArticlePageFactory(title="Bredband", slug="bredband", date=datetime.date(2011, 5, 2))
    ConsultationResponsePageFactory(
        title="Svar på SOU 2011:59", slug="sou-2011-59", sent_date=datetime.date(2012, 1, 12)
    )
    return {"home": home, "article": article}


def parse(client, url: str, **params) -> feedparser.FeedParserDict:
    response = client.get(url, params)
    assert response.status_code == 200, url
    feed = feedparser.parse(response.content)
    assert not feed.bozo, (url, feed.get("bozo_exception"))
    return feed


@pytest.mark.parametrize("url", FEEDS)
def test_every_feed_parses_cleanly_with_absolute_links_and_full_dates(client, site, url):
    feed = parse(client, url)

    assert feed.version in {"rss20", "atom10"}
    assert feed.feed.link.startswith(f"{BASE_URL}/")
    assert feed.entries
    for entry in feed.entries:
        assert entry.link.startswith(f"{BASE_URL}/")
        assert entry.published_parsed is not None
        assert entry.id == entry.link


def test_news_feed_in_swedish(client, site):
    feed = parse(client, "/nyheter/feed/")

    assert feed.feed.title == "Nyheter – SmåKom"
    assert feed.feed.language == "sv"
    assert [entry.title for entry in feed.entries] == ["Servicen på landsbygden", "Bredband"]
    first = feed.entries[0]
    assert first.link == f"{BASE_URL}/nyheter/servicen/"
    assert first.published == "Thu, 12 Jan 2012 00:00:00 +0100"
    assert first.author == "Hilkka"
    assert sorted(tag.term for tag in first.tags) == ["landsbygd", "service"]
    assert first.summary == "Om servicen."


def test_news_feed_in_english(client, site):
    feed = parse(client, "/en/news/feed/atom/")

    assert feed.feed.title == "News – SmåKom"
    assert feed.feed.language == "en"
    assert [entry.title for entry in feed.entries] == ["Services in the countryside"]
    assert feed.entries[0].link == f"{BASE_URL}/en/news/services/"
    self_link = next(link.href for link in feed.feed.links if link.rel == "self")
    assert self_link == f"{BASE_URL}/en/news/feed/atom/"


def test_a_tags_feed_lists_that_tag(client, site):
    feed = parse(client, "/nyheter/feed/", tag="landsbygd")
    assert feed.feed.title == "Nyheter: landsbygd – SmåKom"
    assert [entry.title for entry in feed.entries] == ["Servicen på landsbygden"]
    assert parse(client, "/nyheter/feed/", tag="finns-inte").entries == []
    assert parse(client, "/nyheter/feed/", tag="\x00" * 3).entries


def test_remissvar_feed(client, site):
    feed = parse(client, "/remissvar/feed/")
    assert feed.feed.title == "Remissvar – SmåKom"
    assert [entry.title for entry in feed.entries] == ["Svar på SOU 2011:59"]
    assert feed.entries[0].published == "Thu, 12 Jan 2012 00:00:00 +0100"


@pytest.mark.parametrize("hide", ["draft", "login", "password"])
def test_feeds_list_nothing_hidden(client, site, hide):
    hidden = ArticlePageFactory(title="Hemlig nyhet", slug="hemlig")
    response = ConsultationResponsePageFactory(title="Hemligt svar", slug="hemligt")
    for page in (hidden, response):
        if hide == "draft":
            page.unpublish()
        else:
            PageViewRestriction.objects.create(
                page=page, restriction_type=hide, password="x" if hide == "password" else ""
            )

    for url in FEEDS:
        text = client.get(url).content.decode()
        assert "Hemlig" not in text, url


def test_every_page_names_the_feeds_of_its_language(client, site):
    about = StandardPageFactory(parent=site["home"], title="Om oss", slug="om-oss")

    links = {
        link["href"]: link["type"]
        for link in BeautifulSoup(client.get(about.url).content, "html.parser").find_all(
            "link", rel="alternate", type=True
        )
    }

    assert links == {
        f"{BASE_URL}/nyheter/feed/": "application/rss+xml",
        f"{BASE_URL}/nyheter/feed/atom/": "application/atom+xml",
        f"{BASE_URL}/remissvar/feed/": "application/rss+xml",
        f"{BASE_URL}/remissvar/feed/atom/": "application/atom+xml",
    }
    english = BeautifulSoup(client.get("/en/").content, "html.parser")
    hrefs = {link["href"] for link in english.find_all("link", rel="alternate", type=True)}
    assert hrefs == {f"{BASE_URL}/en/news/feed/", f"{BASE_URL}/en/news/feed/atom/"}


def test_a_tag_listing_also_names_its_tags_feed(client, site):
    page = BeautifulSoup(client.get("/nyheter/", {"tag": "landsbygd"}).content, "html.parser")
    feeds = page.find_all("link", rel="alternate", type="application/rss+xml")
    assert feeds[0]["href"] == f"{BASE_URL}/nyheter/feed/?tag=landsbygd"
    assert page.select_one(".feed-links a")["href"] == "/nyheter/feed/?tag=landsbygd"


@pytest.mark.parametrize("count", [2, 30])
def test_feed_queries_do_not_grow_with_items(client, django_assert_num_queries, site, count):
    for number in range(count):
        ArticlePageFactory(slug=f"nyhet-{number}", tags=[f"tagg-{number}"])
    client.get("/nyheter/feed/")

    with django_assert_num_queries(8):
        client.get("/nyheter/feed/")


def test_control_characters_in_content_still_make_a_valid_feed(client, site):
    ArticlePageFactory(title="Ett\x0bsteg", slug="steg", intro="Inklistrat\x0c från Word.")
    for url in ("/nyheter/feed/", "/nyheter/feed/atom/"):
        feed = parse(client, url)
        assert "Ett steg" in [entry.title for entry in feed.entries]


def test_a_tag_known_only_from_hidden_pages_is_not_named(client, site):
    hidden = ArticlePageFactory(title="Hemlig", slug="hemlig", tags=["Hemligt projekt"])
    hidden.unpublish()

    feed = parse(client, "/nyheter/feed/", tag="hemligt-projekt")

    assert feed.feed.title == "Nyheter – SmåKom"
    assert feed.entries == []


def test_every_entry_has_a_date_and_none_in_the_future(client, site):
    ConsultationResponsePageFactory(
        title="Under arbete",
        slug="under-arbete",
        sent_date=None,
        approved_date=None,
        deadline=datetime.date(2090, 1, 1),
    )
    for url in ("/remissvar/feed/", "/remissvar/feed/atom/"):
        feed = parse(client, url)
        for entry in feed.entries:
            assert entry.published_parsed is not None
            assert entry.published_parsed.tm_year < 2090


def test_items_may_not_take_a_route_of_their_listing_as_slug(site):
    from django.core.exceptions import ValidationError

    for slug in ("feed", "2030"):
        article = ArticlePageFactory.build(slug=slug, title="Krock")
        with pytest.raises(ValidationError) as error:
            article.clean()
        assert "slug" in error.value.message_dict
