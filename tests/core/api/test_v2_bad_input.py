"""Bad input to API v2 gets a clear 4xx answer with a JSON "message", never a server error.

Run on PostgreSQL as well as SQLite: PostgreSQL is what rejects NUL bytes and overflows bigint.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.db import connection
from wagtail.contrib.redirects.models import Redirect

from tests.core.api.helpers import API, configure_public_site, module_data
from tests.factories.articles import ArticlePageFactory
from tests.factories.consultation_responses import ConsultationResponsePageFactory
from tests.factories.core import DocumentFactory, ImageFactory

pytestmark = pytest.mark.django_db

PAGE_PARAMETERS = [
    "search",
    "search_operator",
    "locale",
    "type",
    "fields",
    "order",
    "child_of",
    "descendant_of",
    "ancestor_of",
    "translation_of",
    "site",
    "title",
    "slug",
    "show_in_menus",
    "seo_title",
    "search_description",
    "first_published_at",
    "id",
    "rich_text_format",
    "offset",
    "limit",
    "format",
]
IMAGE_PARAMETERS = [
    "search",
    "search_operator",
    "fields",
    "order",
    "title",
    "width",
    "height",
    "tags",
    "id",
    "offset",
    "limit",
    "format",
]
DOCUMENT_PARAMETERS = [p for p in IMAGE_PARAMETERS if p not in {"width", "height"}]
REDIRECT_PARAMETERS = [
    "search",
    "fields",
    "order",
    "old_path",
    "id",
    "offset",
    "limit",
    "format",
]

# Every v2 endpoint: a listing, a detail URL ({pk} is an existing object) and find.
ENDPOINTS = {
    "pages": ("pages/", PAGE_PARAMETERS),
    "pages-detail": ("pages/{p.page.pk}/", PAGE_PARAMETERS),
    "pages-find": ("pages/find/", [*PAGE_PARAMETERS, "html_path"]),
    "images": ("images/", IMAGE_PARAMETERS),
    "images-detail": ("images/{p.image.pk}/", IMAGE_PARAMETERS),
    "images-find": ("images/find/", IMAGE_PARAMETERS),
    "documents": ("documents/", DOCUMENT_PARAMETERS),
    "documents-detail": ("documents/{p.document.pk}/", DOCUMENT_PARAMETERS),
    "documents-find": ("documents/find/", DOCUMENT_PARAMETERS),
    "redirects": ("redirects/", REDIRECT_PARAMETERS),
    "redirects-detail": ("redirects/{p.redirect.pk}/", REDIRECT_PARAMETERS),
    "redirects-find": ("redirects/find/", [*REDIRECT_PARAMETERS, "html_path"]),
}
LISTINGS = ["pages", "images", "documents", "redirects"]
PAGE_ENDPOINTS = ["pages", "pages-detail", "pages-find"]

# Values no endpoint may accept, whatever it is.
BAD_VALUES_EVERYWHERE = {
    "offset-2**63": {"offset": str(2**63)},
    "offset-2**64": {"offset": str(2**64)},
    "offset-negative": {"offset": "-1"},
    "offset-unicode-digit": {"offset": "²"},
    "limit-negative": {"limit": "-1"},
    "limit-10**20": {"limit": str(10**20)},
    "limit-unicode-digit": {"limit": "١"},
    "id-not-a-number": {"id": "abc"},
    "id-2**64": {"id": str(2**64)},
    "search-5000-characters": {"search": "kommun " * 714 + "ab"},
}
# Values only the pages endpoints know.
BAD_PAGE_VALUES = {
    "type-unknown": {"type": "nope.Nope"},
    "type-not-a-page": {"type": "auth.User"},
    "type-malformed": {"type": "nope"},
    "locale-unknown": {"locale": "xx"},
    "locale-unknown-region": {"locale": "zz-ZZ"},
    "child_of-not-a-number": {"child_of": "abc"},
    "child_of-missing-page": {"child_of": "999999"},
    "descendant_of-not-a-number": {"descendant_of": "abc"},
    "fields-unknown": {"fields": "nope"},
    "rich_text_format-unknown": {"rich_text_format": "nope"},
}
FIND_PAGE_VALUES = {"type-unknown": {"type": "nope.Nope"}}


@pytest.fixture(scope="module")
def objects(django_db_setup, django_db_blocker):
    with module_data(django_db_blocker):
        configure_public_site()
        page = ArticlePageFactory(hero_image=ImageFactory(), tags=["ekonomi"])
        ConsultationResponsePageFactory()
        yield SimpleNamespace(
            page=page,
            image=page.hero_image,
            document=DocumentFactory(),
            redirect=Redirect.objects.create(old_path="/gammal-nyhet", redirect_page=page),
        )


def url(endpoint: str, objects) -> str:
    return f"{API}/" + ENDPOINTS[endpoint][0].format(p=objects)


def assert_clear_client_error(response) -> None:
    assert 400 <= response.status_code < 500, (response.status_code, response.content[:300])
    assert response["Content-Type"].startswith("application/json")
    message = response.json().get("message")
    assert isinstance(message, str)
    assert message.strip(), "the message is empty"


@pytest.mark.parametrize(
    ("endpoint", "parameter"),
    [
        (endpoint, parameter)
        for endpoint, (_, parameters) in ENDPOINTS.items()
        for parameter in parameters
    ],
)
def test_nul_byte_in_any_parameter(api_client, objects, endpoint, parameter):
    response = api_client.get(url(endpoint, objects), {parameter: "a\x00b"})

    assert_clear_client_error(response)
    assert response.status_code == 400


def test_nul_byte_in_a_parameter_name(api_client, objects):
    response = api_client.get(f"{API}/pages/", {"ti\x00tle": "a"})

    assert_clear_client_error(response)


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("case", BAD_VALUES_EVERYWHERE)
def test_bad_values_on_every_endpoint(api_client, objects, endpoint, case):
    response = api_client.get(url(endpoint, objects), BAD_VALUES_EVERYWHERE[case])

    assert_clear_client_error(response)


@pytest.mark.parametrize("endpoint", LISTINGS)
def test_limit_above_the_maximum(api_client, objects, endpoint, settings):
    response = api_client.get(url(endpoint, objects), {"limit": settings.WAGTAILAPI_LIMIT_MAX + 1})

    assert_clear_client_error(response)
    assert str(settings.WAGTAILAPI_LIMIT_MAX) in response.json()["message"]


@pytest.mark.parametrize("endpoint", LISTINGS)
def test_limit_zero_counts_without_items(api_client, objects, endpoint):
    """Wagtail's documented way to ask for a count only: not an error."""
    response = api_client.get(url(endpoint, objects), {"limit": 0})

    assert response.status_code == 200
    assert response.json()["items"] == []
    assert response.json()["meta"]["total_count"] >= 1


@pytest.mark.parametrize("endpoint", ["pages", "pages-detail"])
@pytest.mark.parametrize("case", BAD_PAGE_VALUES)
def test_bad_page_parameters(api_client, objects, endpoint, case):
    response = api_client.get(url(endpoint, objects), BAD_PAGE_VALUES[case])

    assert_clear_client_error(response)


def test_unknown_type_on_find(api_client, objects):
    response = api_client.get(url("pages-find", objects), {"type": "nope.Nope", "id": 1})

    assert_clear_client_error(response)


@pytest.mark.parametrize("endpoint", LISTINGS)
@pytest.mark.parametrize("object_id", ["abc", "-1", "1.5", str(2**64), "²"])
def test_malformed_id_in_the_path(api_client, objects, endpoint, object_id):
    response = api_client.get(f"{API}/{endpoint}/{object_id}/")

    assert_clear_client_error(response)
    assert response.status_code == 404


@pytest.mark.parametrize("endpoint", LISTINGS)
def test_unknown_parameter(api_client, objects, endpoint):
    response = api_client.get(url(endpoint, objects), {"nope": "1"})

    assert_clear_client_error(response)
    assert "nope" in response.json()["message"]


# --- Values Wagtail's filters pass on unchecked: core/api/v2.py answers 400 --------------------


@pytest.mark.parametrize(
    ("params", "bad_value"),
    [
        ({"first_published_at": "abc"}, "abc"),
        ({"type": "articles.ArticlePage", "date": "2011-13-45"}, "2011-13-45"),
        ({"type": "articles.ArticlePage", "date": "igår"}, "igår"),
        ({"type": "consultation_responses.ConsultationResponsePage", "deadline": "x"}, "x"),
        (
            {"type": "consultation_responses.ConsultationResponsePage", "sent_date": "2011-02-30"},
            "2011-02-30",
        ),
    ],
    ids=["first_published_at", "date-out-of-range", "date-text", "deadline", "sent_date"],
)
@pytest.mark.parametrize("endpoint", ["pages", "pages-detail"])
def test_malformed_date_filter(api_client, objects, endpoint, params, bad_value):
    response = api_client.get(url(endpoint, objects), params)

    assert_clear_client_error(response)
    assert response.status_code == 400
    assert bad_value in response.json()["message"]


@pytest.mark.parametrize(
    "endpoint",
    ["pages", "pages-detail", "images", "images-detail", "documents", "documents-detail"],
)
def test_unknown_search_operator(api_client, objects, endpoint):
    response = api_client.get(
        url(endpoint, objects), {"search": "kommun", "search_operator": "xor"}
    )

    assert_clear_client_error(response)
    assert response.status_code == 400
    assert "operator" in response.json()["message"]


@pytest.mark.parametrize(
    "params",
    [
        {"type": "articles.ArticlePage", "hero_image": str(10**20)},
        {"type": "articles.ArticlePage", "consultation_response": str(10**20)},
        {"type": "consultation_responses.ConsultationResponsePage", "ministry": str(10**20)},
    ],
    ids=["hero_image", "consultation_response", "ministry"],
)
def test_foreign_key_filter_beyond_the_integer_range(api_client, objects, params):
    """SQLite's driver raises OverflowError (400 here); PostgreSQL answers 200 with no items."""
    response = api_client.get(url("pages", objects), params)

    assert response.status_code < 500, response.status_code
    if response.status_code == 200:
        assert response.json()["meta"]["total_count"] == 0
    else:
        assert_clear_client_error(response)


@pytest.mark.parametrize("search", ['"', 'kommun"', 'a"b'])
@pytest.mark.parametrize("endpoint", ["pages", "images", "documents"])
def test_search_with_an_unbalanced_quote(api_client, objects, endpoint, search):
    """PostgreSQL finds nothing; SQLite's FTS5 can't parse the quote, which is the reader's error.

    Wagtail's SQLite backend passes the quote into the MATCH expression (OperationalError
    'unterminated string'); core/api/v2.py turns that into a 400 that says what to change.
    """
    response = api_client.get(url(endpoint, objects), {"search": search})

    if connection.vendor == "sqlite":
        assert_clear_client_error(response)
        assert response.status_code == 400
        assert "quotation marks" in response.json()["message"]
    else:
        assert response.status_code == 200, response.status_code
        assert response.json()["meta"]["total_count"] == 0


# A bare Http404 (DRF's format negotiation, RedirectsAPIViewSet.find_object) makes Wagtail answer
# {"message": ""}; core/api/middleware.py gives those a message.


@pytest.mark.parametrize("endpoint", ["pages", "pages-detail", "images", "redirects-find"])
def test_unknown_format_has_a_message(api_client, objects, endpoint):
    response = api_client.get(url(endpoint, objects), {"format": "xml"})

    assert_clear_client_error(response)
    assert response.status_code == 404


def test_redirect_find_for_an_unknown_path_has_a_message(api_client, objects):
    response = api_client.get(url("redirects-find", objects), {"html_path": "/finns-inte"})

    assert_clear_client_error(response)
    assert response.status_code == 404
