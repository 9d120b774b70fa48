"""robots.txt and the sitemap (/sitemap.xml, an index of /sitemap-<n>.xml): every live, public
page in both languages, and nothing else."""

from __future__ import annotations

import pytest
from django.core.cache import caches
from wagtail.models import PageViewRestriction

from tests.core.api.helpers import BASE_URL, configure_public_site
from tests.core.seo.helpers import sitemap, sitemap_index, sitemap_text
from tests.factories.articles import ArticleIndexPageFactory, ArticlePageFactory
from tests.factories.core import english_locale, translate_page
from tests.factories.home import HomePageFactory, StandardPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(db):
    configure_public_site()
    home = HomePageFactory()
    translate_page(home, title="SmåKom")
    index = ArticleIndexPageFactory()
    translate_page(index, title="News", slug="news")
    article = ArticlePageFactory(title="Nyhet", slug="nyhet")
    article.save_revision().publish()
    translate_page(article, title="News item", slug="news-item")
    only_swedish = ArticlePageFactory(title="Bara svenska", slug="bara-svenska")
    return {"home": home, "article": article, "only_swedish": only_swedish}


def test_robots_txt_names_the_sitemap_and_keeps_crawlers_out_of_the_admin_and_api(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert {"Disallow: /admin/", "Disallow: /django-admin/", "Disallow: /api/"} <= set(lines)
    assert {"Disallow: /sok/", "Disallow: /en/search/"} <= set(lines)
    assert f"Sitemap: {BASE_URL}/sitemap.xml" in lines


def test_sitemap_lists_both_languages_with_alternates(client, site):
    entries = sitemap(client)

    assert set(entries) == {
        f"{BASE_URL}/",
        f"{BASE_URL}/nyheter/",
        f"{BASE_URL}/nyheter/nyhet/",
        f"{BASE_URL}/nyheter/bara-svenska/",
        f"{BASE_URL}/en/",
        f"{BASE_URL}/en/news/",
        f"{BASE_URL}/en/news/news-item/",
    }
    expected = {
        "sv": f"{BASE_URL}/nyheter/nyhet/",
        "en": f"{BASE_URL}/en/news/news-item/",
        "x-default": f"{BASE_URL}/nyheter/nyhet/",
    }
    assert entries[f"{BASE_URL}/nyheter/nyhet/"]["alternates"] == expected
    assert entries[f"{BASE_URL}/en/news/news-item/"]["alternates"] == expected
    assert entries[f"{BASE_URL}/nyheter/bara-svenska/"]["alternates"] == {}
    # Published pages carry their date (the migration's home page was never published).
    assert entries[f"{BASE_URL}/nyheter/nyhet/"]["lastmod"]
    assert entries[f"{BASE_URL}/en/news/news-item/"]["lastmod"]


@pytest.mark.parametrize("part_size", [10_000, 3])
@pytest.mark.parametrize("hide", ["draft", "login", "password", "private_parent", "alias"])
def test_sitemap_lists_nothing_hidden(client, settings, site, hide, part_size):
    settings.SITEMAP_PAGE_SIZE = part_size
    hidden = StandardPageFactory(parent=site["home"], title="Hemlig", slug="hemlig")
    child = StandardPageFactory(parent=hidden, title="Under", slug="under")
    if hide == "draft":
        hidden.unpublish()
        child.unpublish()
    elif hide in ("login", "password"):
        PageViewRestriction.objects.create(
            page=hidden, restriction_type=hide, password="x" if hide == "password" else ""
        )
    elif hide == "private_parent":
        PageViewRestriction.objects.create(page=hidden, restriction_type="login")
        hidden = child
    else:
        alias = site["only_swedish"].copy_for_translation(english_locale(), alias=True)
        hidden = child = alias

    text = sitemap_text(client)

    assert f"{BASE_URL}/nyheter/nyhet/" in text
    assert hidden.url not in text
    assert child.url not in text


def test_a_hidden_translation_is_not_an_alternate(client, site):
    english = site["article"].get_translation(english_locale())
    english.unpublish()

    entries = sitemap(client)

    assert entries[f"{BASE_URL}/nyheter/nyhet/"]["alternates"] == {}
    assert f"{BASE_URL}/en/news/news-item/" not in entries


@pytest.mark.parametrize("count", [2, 30])
def test_sitemap_queries_do_not_grow_with_pages(
    client, settings, django_assert_num_queries, site, count
):
    settings.SITEMAP_PAGE_SIZE = 10
    for number in range(count):
        article = ArticlePageFactory(slug=f"nyhet-{number}")
        translate_page(article, slug=f"news-{number}")
    parts = list(sitemap_index(client))
    for path in parts:
        client.get(path)
    caches["default"].clear()

    # The site, the home pages, the restricted paths and the parts with their lastmods, and,
    # with the cache empty, when content next changes by time.
    with django_assert_num_queries(5):
        client.get("/sitemap.xml")
    caches["default"].clear()
    # The site, the home pages, the restricted paths, the part's pages with their language
    # versions, the site root paths (two; cached in production), and when content next changes.
    with django_assert_num_queries(7):
        assert client.get(parts[-1]).status_code == 200


def test_an_unpublished_english_home_takes_its_alternates_out(client, site):
    site["home"].get_translations().get().unpublish()

    entries = sitemap(client)

    assert all("/en/" not in url for url in entries)
    for entry in entries.values():
        assert all("/en/" not in link for link in entry["alternates"].values())


def test_head_requests_are_answered(client, site):
    assert client.head("/robots.txt").status_code == 200
    assert client.head("/sitemap.xml").status_code == 200
    assert client.head(next(iter(sitemap_index(client)))).status_code == 200
