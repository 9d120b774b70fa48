"""SQL queries per API v3 listing are pinned, and must not grow with the number of items.

Each listing is read by an anonymous client with 2 and with 30 items of every kind (articles with
hero image and tags; responses with ministry, signed PDF and points; images; documents), 100 per
request so every item is serialised. The first request warms the caches (renditions are created
then); the second is measured.
"""

from __future__ import annotations

import pytest

from tests.core.api.helpers import configure_public_site, module_data
from tests.core.api.v3_helpers import API
from tests.factories.articles import ArticlePageFactory
from tests.factories.consultation_responses import ConsultationResponsePageFactory, MinistryFactory
from tests.factories.core import DocumentFactory, ImageFactory

pytestmark = pytest.mark.django_db

LISTINGS = {
    "news": ("news/", {}),
    "consultation-responses": ("consultation-responses/", {}),
    "pages": ("pages/", {}),
    "articles": ("pages/", {"type": "articles.ArticlePage"}),
    "images": ("images/", {}),
    "documents": ("documents/", {}),
}

# Pinned query counts for an anonymous reader, the same with 2 items and with 30.
QUERIES = {
    # Articles (with the restricted collections, tags and hero renditions prefetched), and
    # one query for every listed item's other language versions.
    "news": 8,
    # Responses with their ministry and document joined; the points are in the page row; one
    # query for the language versions.
    "consultation-responses": 5,
    "pages": 5,
    "articles": 5,
    # Images and documents with their collections prefetched in one query (core/api/v3.py).
    "images": 5,
    "documents": 5,
}


@pytest.fixture(scope="module", params=[2, 30], ids=lambda count: f"{count}-items")
def items(request, django_db_setup, django_db_blocker):
    count = request.param
    with module_data(django_db_blocker):
        configure_public_site()
        for number in range(count):
            ConsultationResponsePageFactory(
                ministry=MinistryFactory(),
                response_document=DocumentFactory(),
                points__0="point",
                points__1="point",
            )
            ArticlePageFactory(hero_image=ImageFactory(), tags=["ekonomi", f"tagg-{number}"])
        yield count


@pytest.mark.parametrize("listing", LISTINGS)
def test_listing_query_count(api_client, django_assert_num_queries, items, listing):
    path, params = LISTINGS[listing]
    path = f"{API}/{path}"
    params = {**params, "limit": 100}

    warm = api_client.get(path, params)
    with django_assert_num_queries(QUERIES[listing]):
        response = api_client.get(path, params)

    assert warm.status_code == response.status_code == 200
    assert response.json()["count"] >= items
    assert len(response.json()["items"]) == response.json()["count"]
