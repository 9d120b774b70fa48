"""SQL queries per API v2 listing are pinned, and must not grow with the number of items.

Each listing is read by an anonymous client with 2 and with 30 items of every kind (articles with
hero and social image, tags and a linked response, and a body with rich-text page link, image,
document and link blocks; responses with ministry, signed PDF and points; redirects to the
articles). The first request warms the caches (renditions are created then); the second is
measured. Listings serve 20 items by default, so 30 items mean 20 serialised.

``fields=*`` in a listing leaves out the detail-only fields (``body``, ``transcript``,
``background``); the articles listing still serialises images with renditions, tags, the linked
response and the locale, so a stable count proves those are joined or prefetched.
"""

from __future__ import annotations

import pytest
from wagtail.contrib.redirects.models import Redirect

from tests.core.api.helpers import API, configure_public_site, module_data
from tests.factories.articles import ArticlePageFactory
from tests.factories.consultation_responses import ConsultationResponsePageFactory, MinistryFactory
from tests.factories.core import DocumentFactory, ImageFactory

pytestmark = pytest.mark.django_db

LISTINGS = {
    "pages": "pages/",
    "articles": "pages/?type=articles.ArticlePage&fields=*",
    "responses": "pages/?type=consultation_responses.ConsultationResponsePage&fields=*",
    "images": "images/",
    "documents": "documents/",
    "redirects": "redirects/",
}

# Pinned query counts for an anonymous reader (measured with 2 items).
QUERIES = {
    "pages": 5,
    "articles": 12,
    "responses": 6,
    "images": 5,
    "documents": 5,
    "redirects": 2,
}


@pytest.fixture(scope="module", params=[2, 30], ids=lambda count: f"{count}-items")
def items(request, django_db_setup, django_db_blocker):
    count = request.param
    with module_data(django_db_blocker):
        configure_public_site()
        for number in range(count):
            response = ConsultationResponsePageFactory(
                ministry=MinistryFactory(),
                response_document=DocumentFactory(),
                points__0="point",
                points__1="point",
            )
            article = ArticlePageFactory(
                hero_image=ImageFactory(),
                social_image=ImageFactory(),
                consultation_response=response,
                tags=["ekonomi", f"tagg-{number}"],
                body__0="paragraph",
                body__0__paragraph__value=(
                    f'<p>Se <a linktype="page" id="{response.pk}">svaret</a>.</p>'
                ),
                body__1="image",
                body__2="document",
                body__3="link",
                body__3__link__page=response,
                body__3__link__url="",
            )
            Redirect.objects.create(old_path=f"/gammal-{number}", redirect_page=article)
        yield count


@pytest.mark.parametrize("listing", LISTINGS)
def test_listing_query_count(api_client, django_assert_num_queries, items, listing):
    url = f"{API}/{LISTINGS[listing]}"

    warm = api_client.get(url)
    with django_assert_num_queries(QUERIES[listing]):
        response = api_client.get(url)

    assert warm.status_code == response.status_code == 200
    assert len(response.json()["items"]) == min(20, response.json()["meta"]["total_count"])
    assert response.json()["meta"]["total_count"] >= items
