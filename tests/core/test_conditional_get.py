"""A conditional GET is answered 304 Not Modified when nothing changed: the sitemap and the feeds
by their ETag (the feeds by Last-Modified too), the APIs by their ETag; a change gives the new
content (200)."""

from __future__ import annotations

import pytest

from tests.factories.articles import ArticlePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return ArticlePageFactory(title="Skolan på landet")


@pytest.mark.parametrize(
    "path",
    ["/sitemap.xml", "/nyheter/feed/", "/nyheter/feed/atom/", "/api/v2/pages/", "/api/v3/news/"],
)
def test_a_repeated_conditional_get_is_not_modified(client, article, path):
    first = client.get(path)
    assert first.status_code == 200
    assert first["ETag"]

    again = client.get(path, HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]


@pytest.mark.parametrize("path", ["/nyheter/feed/", "/nyheter/feed/atom/"])
def test_if_modified_since_gets_304_where_the_view_sends_last_modified(client, article, path):
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


def test_the_admin_gets_no_etag(admin_client):
    response = admin_client.get("/admin/")
    assert not response.has_header("ETag")
