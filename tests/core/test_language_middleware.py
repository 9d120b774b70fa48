"""Answers do not vary on Accept-Language: the language comes from the path alone."""

from __future__ import annotations

import pytest
from django.utils.cache import cc_delim_re

from tests.factories.articles import ArticlePageFactory
from tests.factories.core import translate_page
from tests.factories.home import HomePageFactory

pytestmark = pytest.mark.django_db

PATHS = [
    "/",
    "/en/",
    "/nyheter/",
    "/finns-inte/",
    "/sok/?q=skola",
    "/sitemap.xml",
    "/sitemap-1.xml",
    "/nyheter/feed/",
    "/api/v2/pages/",
    "/api/v3/news/",
    "/admin/login/",
]


@pytest.fixture
def site():
    article = ArticlePageFactory(title="Skolan på landet")
    translate_page(HomePageFactory(), title="SmåKom")
    return article


def vary(response) -> set[str]:
    return {header.strip().lower() for header in cc_delim_re.split(response.get("Vary", ""))}


@pytest.mark.parametrize("path", PATHS)
def test_no_answer_varies_on_accept_language(client, site, path):
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code in (200, 404)
    assert "accept-language" not in vary(response)


@pytest.mark.parametrize(("path", "language"), [("/", "sv"), ("/en/", "en"), ("/nyheter/", "sv")])
def test_the_language_still_comes_from_the_path(client, site, path, language):
    for browser_language in ("sv", "en", "de"):
        response = client.get(path, HTTP_ACCEPT_LANGUAGE=browser_language)
        assert response["Content-Language"] == language
        assert f'<html lang="{language}"' in response.content.decode()


def test_other_vary_headers_are_kept(client, site):
    response = client.get("/api/v2/pages/", HTTP_ACCEPT_LANGUAGE="en")
    assert "accept" in vary(response)
