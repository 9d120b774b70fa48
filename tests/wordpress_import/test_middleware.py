"""The old site's addresses at its root that need no import: ``/?s=term``, its search."""

from __future__ import annotations

import pytest
from django.utils import translation

from wordpress_import.middleware import WordPressIdRedirectMiddleware


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/?s=kommun", "/sok/?q=kommun"),
        ("/?s=%C3%A5re+kommun&submit=S%C3%B6k", "/sok/?q=%C3%A5re+kommun"),
        ("/index.php?s=bo+p%C3%A5+landet", "/sok/?q=bo+p%C3%A5+landet"),
        ("/?s=", "/sok/"),
        ("/?s=+", "/sok/"),
        ("/?s=%00a", "/sok/?q=%00a"),
    ],
)
def test_a_wordpress_search_leads_to_the_site_search(client, db, old, new):
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == new
    assert client.get(new).status_code == 200


def test_the_search_is_in_the_language_of_the_address(client, db):
    # The old site's addresses are Swedish (no /en/): the browser's language is not asked.
    response = client.get("/?s=kommun", HTTP_ACCEPT_LANGUAGE="en")
    assert response["Location"] == "/sok/?q=kommun"
    with translation.override("en"):
        assert WordPressIdRedirectMiddleware._search("kommun") == "/en/search/?q=kommun"


def test_only_at_the_root(client, db):
    # An address the site serves itself is left alone, its query with it.
    assert client.get("/sok/?s=kommun").status_code == 200
    assert client.get("/nyheter/?s=kommun").status_code == 404
