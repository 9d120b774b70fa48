"""Metadata in every head: social cards (Open Graph, Twitter) and schema.org JSON-LD."""

from __future__ import annotations

import datetime
import json
import re

import pytest
from bs4 import BeautifulSoup

from home.models import OrganisationSettings
from tests.core.api.helpers import BASE_URL, configure_public_site
from tests.factories.articles import ArticleIndexPageFactory, ArticlePageFactory
from tests.factories.core import ImageFactory, translate_page
from tests.factories.home import HomePageFactory, StandardPageFactory

pytestmark = pytest.mark.django_db


def head(client, url: str) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").head


def graph(client, url: str) -> dict[str, dict]:
    """The page's JSON-LD objects by their @type (parsed, so the JSON must be valid)."""
    objects = {}
    for script in head(client, url).find_all("script", type="application/ld+json"):
        data = json.loads(script.string)
        for item in data.get("@graph", [data]):
            objects[item["@type"]] = item
    return objects


@pytest.fixture
def site(db):
    configure_public_site()
    home = HomePageFactory()
    settings = OrganisationSettings.for_site(home.get_site())
    settings.phone, settings.email = "0706 725 649", "kansli@smakom.example"
    settings.address = "Baltzar von Platens väg 15\n546 73 Forsvik"
    settings.save()
    translate_page(home, title="SmåKom")
    translate_page(ArticleIndexPageFactory(), title="News", slug="news")
    article = ArticlePageFactory(
        title="Spara i goda tider </script>",
        slug="spara",
        date=datetime.date(2012, 9, 27),
        author_name="Hilkka",
        hero_image=ImageFactory(),
        intro="Om balanskravet.",
    )
    article.save_revision().publish()
    english = translate_page(article, title="Saving in good times", slug="saving")
    return {"home": home, "article": article, "english": english}


def test_home_page_describes_the_organisation_and_its_search(client, site):
    objects = graph(client, "/")

    organisation = objects["Organization"]
    assert organisation["url"] == f"{BASE_URL}/"
    assert organisation["telephone"] == "0706 725 649"
    assert organisation["address"]["streetAddress"] == "Baltzar von Platens väg 15, 546 73 Forsvik"
    assert objects["WebSite"]["potentialAction"]["target"] == (
        f"{BASE_URL}/sok/?q={{search_term_string}}"
    )
    english = graph(client, "/en/")
    assert english["WebSite"]["potentialAction"]["target"] == (
        f"{BASE_URL}/en/search/?q={{search_term_string}}"
    )
    assert english["WebSite"]["inLanguage"] == "en"


def test_news_is_a_news_article_with_its_breadcrumbs(client, site):
    objects = graph(client, site["article"].url)

    article = objects["NewsArticle"]
    assert article["headline"] == "Spara i goda tider </script>"
    assert article["datePublished"] == "2012-09-27"
    assert article["author"] == {"@type": "Person", "name": "Hilkka"}
    assert article["inLanguage"] == "sv"
    assert article["image"][0].startswith(f"{BASE_URL}/media/images/")
    assert article["publisher"]["@id"] == objects["Organization"]["@id"]
    crumbs = objects["BreadcrumbList"]["itemListElement"]
    assert [(crumb["position"], crumb["name"]) for crumb in crumbs] == [
        (1, "Start"),
        (2, "Nyheter"),
        (3, "Spara i goda tider </script>"),
    ]
    assert crumbs[2]["item"] == f"{BASE_URL}/nyheter/spara/"


def test_json_ld_cannot_close_its_script_element(client, site):
    html = client.get(site["article"].url).content.decode()
    script = re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S)[1]
    assert "\\u003C/script\\u003E" in script


def test_the_english_article_says_so(client, site):
    objects = graph(client, site["english"].url)
    assert objects["NewsArticle"]["inLanguage"] == "en"
    names = [crumb["name"] for crumb in objects["BreadcrumbList"]["itemListElement"]]
    assert names == ["Home", "News", "Saving in good times"]


def test_every_page_has_social_cards(client, site):
    page = StandardPageFactory(parent=site["home"], title="Om oss", slug="om-oss")
    for url in ("/", "/en/", site["article"].url, page.url):
        meta = head(client, url)
        assert meta.find("meta", property="og:title")["content"], url
        assert meta.find("meta", property="og:url")["content"].startswith(BASE_URL), url
        card = meta.find("meta", attrs={"name": "twitter:card"})["content"]
        assert card in {"summary", "summary_large_image"}, url
        assert meta.find("meta", attrs={"name": "twitter:title"})["content"], url
    article = head(client, site["article"].url)
    assert article.find("meta", property="og:type")["content"] == "article"
    assert article.find("meta", attrs={"name": "twitter:image"})["content"].startswith(BASE_URL)
    assert article.find("meta", property="og:locale")["content"] == "sv_SE"
    assert article.find("meta", property="og:locale:alternate")["content"] == "en_GB"


def test_pages_below_the_home_page_have_breadcrumbs(client, site):
    page = StandardPageFactory(parent=site["home"], title="Om oss", slug="om-oss")
    child = StandardPageFactory(parent=page, title="Styrelsen", slug="styrelsen")

    crumbs = graph(client, child.url)["BreadcrumbList"]["itemListElement"]

    assert [crumb["name"] for crumb in crumbs] == ["Start", "Om oss", "Styrelsen"]
    assert "BreadcrumbList" not in graph(client, "/")
