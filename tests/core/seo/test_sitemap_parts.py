"""The sitemap in parts: /sitemap.xml indexes /sitemap-<n>.xml, each part the pages of one range
of page ids (SITEMAP_PAGE_SIZE of them), with lastmods, Last-Modified and 404 for the rest."""

from __future__ import annotations

import datetime

import pytest
from django.db.models import Max
from django.test import RequestFactory
from django.utils.http import http_date
from wagtail.models import Page, PageViewRestriction

from core.caching.version import bump
from core.seo.sitemaps import PageAddresses
from home.models import StandardPage
from tests.core.api.helpers import BASE_URL, configure_public_site
from tests.core.seo.helpers import sitemap, sitemap_index, sitemap_part, sitemap_text
from tests.factories.articles import ArticleIndexPageFactory, ArticlePageFactory
from tests.factories.core import translate_page
from tests.factories.home import HomePageFactory, StandardPageFactory

pytestmark = pytest.mark.django_db

PART_SIZE = 3


@pytest.fixture
def site(settings):
    """Both home pages, both news indexes and eight news items in each language: about eight
    parts of three ids."""
    settings.SITEMAP_PAGE_SIZE = PART_SIZE
    configure_public_site()
    home = HomePageFactory()
    translate_page(home, title="SmåKom")
    index = ArticleIndexPageFactory()
    translate_page(index, title="News", slug="news")
    for number in range(8):
        article = ArticlePageFactory(title=f"Nyhet {number}", slug=f"nyhet-{number}")
        translate_page(article, title=f"News {number}", slug=f"news-{number}")
    # Dated, one day apart in page id order, so every part has a lastmod.
    start = datetime.datetime(2024, 1, 1, 9, tzinfo=datetime.UTC)
    for page in Page.objects.filter(depth__gt=1):
        Page.objects.filter(pk=page.pk).update(
            last_published_at=start + datetime.timedelta(days=page.pk)
        )
    return home


def listed_pages() -> list[Page]:
    """The pages the sitemap should list: every page of the site but the tree's root."""
    return list(Page.objects.filter(depth__gt=1).order_by("pk"))


def test_the_index_lists_each_part_with_pages_and_its_lastmod(client, site):
    index = sitemap_index(client)

    expected: dict[int, list[Page]] = {}
    for page in listed_pages():
        expected.setdefault(page.pk // PART_SIZE + 1, []).append(page)
    assert list(index) == [f"/sitemap-{number}.xml" for number in sorted(expected)]
    assert len(index) > 3
    for number, pages in expected.items():
        lastmod = datetime.datetime.fromisoformat(index[f"/sitemap-{number}.xml"])
        assert lastmod == max(page.last_published_at for page in pages)


def test_each_part_lists_its_range_of_page_ids(client, site):
    for path in sitemap_index(client):
        number = int(path.removeprefix("/sitemap-").removesuffix(".xml"))
        ids = range((number - 1) * PART_SIZE, number * PART_SIZE)
        pages = [page for page in listed_pages() if page.pk in ids]

        entries = sitemap_part(client, path)

        assert 0 < len(entries) <= PART_SIZE
        assert set(entries) == {page.get_full_url() for page in pages}
        response = client.get(path)
        newest = max(page.last_published_at for page in pages)
        assert response["Last-Modified"] == http_date(newest.timestamp())
        assert response["X-Robots-Tag"] == "noindex, noodp, noarchive"


def test_the_parts_together_list_every_page_with_its_alternates(client, site):
    entries = sitemap(client)

    assert set(entries) == {page.get_full_url() for page in listed_pages()}
    assert entries[f"{BASE_URL}/en/news/news-7/"]["alternates"] == {
        "sv": f"{BASE_URL}/nyheter/nyhet-7/",
        "en": f"{BASE_URL}/en/news/news-7/",
        "x-default": f"{BASE_URL}/nyheter/nyhet-7/",
    }
    assert entries[f"{BASE_URL}/nyheter/nyhet-0/"]["lastmod"]


def test_a_part_with_an_undated_page_has_no_lastmod(client, site):
    article = Page.objects.get(slug="nyhet-3")
    Page.objects.filter(pk=article.pk).update(last_published_at=None)
    path = f"/sitemap-{article.pk // PART_SIZE + 1}.xml"

    assert sitemap_index(client)[path] is None
    response = client.get(path)
    assert response.status_code == 200
    assert not response.has_header("Last-Modified")
    assert not client.get("/sitemap.xml").has_header("Last-Modified")


def test_the_index_sends_the_newest_lastmod(client, site):
    newest = max(page.last_published_at for page in listed_pages())

    response = client.get("/sitemap.xml")

    assert response["Last-Modified"] == http_date(newest.timestamp())
    assert response["X-Robots-Tag"] == "noindex, noodp, noarchive"


def test_publishing_a_page_changes_only_its_own_part(client, site):
    before = sitemap_index(client)
    article = Page.objects.get(slug="nyhet-0")
    # Later than every page's date (they run a day per page id past 2024, so with the high ids
    # of a long PostgreSQL run they can be later than today).
    latest = Page.objects.aggregate(latest=Max("last_published_at"))["latest"]
    Page.objects.filter(pk=article.pk).update(last_published_at=latest + datetime.timedelta(days=1))
    bump()  # An UPDATE tells no cache by itself (core/caching/invalidation.py).

    after = sitemap_index(client)

    changed = [path for path in after if after[path] != before[path]]
    assert changed == [f"/sitemap-{article.pk // PART_SIZE + 1}.xml"]


def test_parts_that_list_no_page_are_not_found(client, site):
    # Six drafts in a row leave at least one whole range of three ids without a listed page.
    drafts = [StandardPageFactory(parent=site, live=False) for _number in range(6)]
    empty = {draft.pk // PART_SIZE + 1 for draft in drafts} - {
        page.pk // PART_SIZE + 1 for page in Page.objects.filter(live=True)
    }
    index = sitemap_index(client)
    last = max(int(path.removeprefix("/sitemap-").removesuffix(".xml")) for path in index)

    assert empty
    for number in empty:
        assert f"/sitemap-{number}.xml" not in index
        assert client.get(f"/sitemap-{number}.xml").status_code == 404
    for path in (
        "/sitemap-0.xml",
        f"/sitemap-{last + 1}.xml",
        "/sitemap-99999999999999999999999.xml",
        "/sitemap-abc.xml",
        "/sitemap--1.xml",
        "/sitemap-1.5.xml",
    ):
        assert client.get(path).status_code == 404, path


def test_restricted_pages_are_in_no_part(client, site):
    secret = StandardPageFactory(parent=site, title="Hemlig", slug="hemlig")
    StandardPageFactory(parent=secret, title="Under", slug="under")
    PageViewRestriction.objects.create(page=secret, restriction_type="login")

    text = sitemap_text(client)

    assert f"{BASE_URL}/nyheter/nyhet-1/" in text
    assert "/hemlig/" not in text


def test_addresses_are_those_wagtail_gives(client, site):
    StandardPageFactory(parent=site, title="Små kommuner", slug="små-kommuner")
    request = RequestFactory().get("/sitemap.xml", HTTP_HOST="www.smakom.se")
    addresses = PageAddresses(request)

    for page in Page.objects.filter(depth__gt=1):
        assert addresses.full_url(page.url_path) == page.get_full_url(request), page.url_path
    assert f"{BASE_URL}/sm%C3%A5-kommuner/" in sitemap(client)


def test_a_page_type_with_sitemap_urls_of_its_own_is_asked(client, site, monkeypatch):
    about = StandardPageFactory(parent=site, title="Om oss", slug="om-oss")

    def get_sitemap_urls(self, request=None):
        return [
            *super(StandardPage, self).get_sitemap_urls(request),
            {"location": f"{self.get_full_url(request)}arkiv/", "lastmod": None},
        ]

    monkeypatch.setattr(StandardPage, "get_sitemap_urls", get_sitemap_urls, raising=False)

    entries = sitemap(client)

    assert f"{BASE_URL}/om-oss/" in entries
    assert f"{BASE_URL}/om-oss/arkiv/" in entries
    assert entries[f"{BASE_URL}/om-oss/arkiv/"]["alternates"] == {}
    assert about.get_full_url() in entries
