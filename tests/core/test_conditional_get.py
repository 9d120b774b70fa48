"""A conditional GET is answered 304 Not Modified when nothing changed: the sitemap's index and
parts and the feeds by their ETag (the feeds and the sitemap by Last-Modified too), the APIs by
their ETag; a change gives the new content (200)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from wagtail.models import Page

from tests.core.seo.helpers import sitemap_index
from tests.factories.articles import ArticlePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    article = ArticlePageFactory(title="Skolan på landet")
    # Every page dated, as publishing dates them: the sitemap then sends Last-Modified.
    an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
    Page.objects.filter(last_published_at__isnull=True).update(last_published_at=an_hour_ago)
    return article


def sitemap_part(client) -> str:
    """The path of the sitemap's part that lists the article (there is only one here)."""
    (path,) = sitemap_index(client)
    return path


@pytest.mark.parametrize(
    "path",
    [
        "/sitemap.xml",
        "sitemap part",
        "/nyheter/feed/",
        "/nyheter/feed/atom/",
        "/api/v2/pages/",
        "/api/v3/news/",
    ],
)
def test_a_repeated_conditional_get_is_not_modified(client, article, path):
    if path == "sitemap part":
        path = sitemap_part(client)
    first = client.get(path)
    assert first.status_code == 200
    assert first["ETag"]

    again = client.get(path, HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]


@pytest.mark.parametrize(
    "path", ["/sitemap.xml", "sitemap part", "/nyheter/feed/", "/nyheter/feed/atom/"]
)
def test_if_modified_since_gets_304_where_the_view_sends_last_modified(client, article, path):
    if path == "sitemap part":
        path = sitemap_part(client)
    first = client.get(path)
    assert first["Last-Modified"]

    again = client.get(path, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])

    assert again.status_code == 304


def test_a_change_gives_the_new_content(client, article):
    first = client.get("/nyheter/feed/")
    ArticlePageFactory(title="Ny nyhet om bredband")

    again = client.get("/nyheter/feed/", HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 200
    assert "Ny nyhet om bredband" in again.content.decode()


def test_a_published_change_gives_a_new_sitemap(client, article):
    path = sitemap_part(client)
    first = client.get(path)
    index = client.get("/sitemap.xml")
    later = ArticlePageFactory(title="Ny nyhet om bredband", slug="bredband")
    Page.objects.filter(pk=later.pk).update(last_published_at=timezone.now())

    again = client.get(path, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    index_again = client.get("/sitemap.xml", HTTP_IF_NONE_MATCH=index["ETag"])

    assert again.status_code == 200
    assert "/bredband/" in again.content.decode()
    assert index_again.status_code == 200


def test_the_admin_gets_no_etag(admin_client):
    response = admin_client.get("/admin/")
    assert not response.has_header("ETag")
