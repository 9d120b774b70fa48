"""Bad input to any v3 read endpoint gets a 4xx problem+json with a detail, never a server error.

The endpoints and the parameters each declares come from the committed schema (docs/openapi.json),
so a new endpoint or parameter is covered as soon as it is in the contract. Each case is sent
anonymously and with a superuser's token (which gets past the endpoints that need one, so the
input reaches the view).
"""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from django.conf import settings
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Site

from core.previews import create_preview
from tests.core.api.helpers import configure_public_site, module_data
from tests.core.api.v3_helpers import (
    assert_problem,
    bearer_client,
    create_user,
    documented_statuses,
    get_operations,
    token_for,
)
from tests.factories.consultation_responses import MinistryFactory
from tests.factories.core import DocumentFactory, ImageFactory
from tests.factories.home import HomePageFactory, StandardPageFactory

pytestmark = pytest.mark.django_db

OPERATIONS = get_operations()
PATH_PARAMETER = re.compile(r"\{(\w+)\}")
ARABIC_TWELVE = "\u0661\u0662"  # "١٢": digits to int(), not to the database or a regex [0-9]
FULLWIDTH_TWO = "\uff12"

# Wrong values for any query string: (name, value).
QUERY_CASES = {
    "offset-2**63": ("offset", str(2**63)),
    "offset-2**64": ("offset", str(2**64)),
    "offset-negative": ("offset", "-1"),
    "offset-unicode-digits": ("offset", ARABIC_TWELVE),
    "limit-negative": ("limit", "-1"),
    "limit-zero": ("limit", "0"),
    "limit-10**20": ("limit", str(10**20)),
    "limit-101": ("limit", "101"),
    "limit-unicode-digits": ("limit", FULLWIDTH_TWO),
    "limit-text": ("limit", "tjugo"),
    "id-text": ("id", "abc"),
    "id-unicode-digits": ("id", ARABIC_TWELVE),
    "child_of-text": ("child_of", "hem"),
    "descendant_of-negative": ("descendant_of", "-3"),
    "ancestor_of-unicode-digits": ("ancestor_of", ARABIC_TWELVE),
    "translation_of-text": ("translation_of", "sv"),
    "type-unknown": ("type", "nope.Nope"),
    "type-not-a-page": ("type", "wagtailimages.Image"),
    "locale-unknown": ("locale", "xx"),
    "locale-malformed": ("locale", "sv_SE!"),
    "search-5000": ("search", "bredband " * 555),
    "year-unicode-digits": ("year", "\u0662\u0660\u0661\u0662"),
    "year-text": ("year", "tjugotolv"),
    "user_id-text": ("user_id", "abc"),
    "user_id-2**64": ("user_id", str(2**64)),
    "order-unknown-field": ("order", "lösenord"),
    "version-unknown": ("version", "utkast"),
}

# Wrong values for path parameters.
PATH_CASES = {
    "text": "abc",
    "negative": "-1",
    "zero": "0",
    "2**63": str(2**63),
    "unicode-digits": ARABIC_TWELVE,
    "nul": "1%00",
    "dotted": "1.5",
}

CLIENTS = ["anonymous", "superuser"]
ON_SQLITE = settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")

SEARCH_QUOTE_MESSAGE = "The search text has an unbalanced quote: remove quotation marks."

QUERY_VALUE_CASES = [
    pytest.param(operation_id, name, value, who, id=f"{operation_id}-{case}-{who}")
    for operation_id in OPERATIONS
    for case, (name, value) in QUERY_CASES.items()
    for who in CLIENTS
]


def declared(operation_id: str, location: str) -> list[str]:
    return [p["name"] for p in OPERATIONS[operation_id][1] if p["in"] == location]


NUL_CASES = [
    pytest.param(operation_id, name, id=f"{operation_id}-{name}")
    for operation_id in OPERATIONS
    for name in declared(operation_id, "query")
]
PATH_PARAMETER_CASES = [
    pytest.param(operation_id, name, value, id=f"{operation_id}-{name}-{case}")
    for operation_id in OPERATIONS
    for name in declared(operation_id, "path")
    for case, value in PATH_CASES.items()
]


@pytest.fixture(scope="module")
def content(django_db_setup, django_db_blocker):
    with module_data(django_db_blocker):
        configure_public_site()
        home = HomePageFactory()
        page = StandardPageFactory(parent=home, title="Om SmåKom")
        revision = page.save_revision()
        revision.publish()
        ministry = MinistryFactory(name="Finansdepartementet")
        yield SimpleNamespace(
            # A valid value for every path parameter, so only the case's input is wrong.
            path_values={
                "page_id": page.pk,
                "revision_id": revision.pk,
                "image_id": ImageFactory().pk,
                "document_id": DocumentFactory().pk,
                "redirect_id": Redirect.objects.create(old_path="/gammal", redirect_page=page).pk,
                "site_id": Site.objects.get(is_default_site=True).pk,
                "type": "consultation_responses.Ministry",
                "pk": ministry.pk,
                "type_name": "home.StandardPage",
                "token": create_preview(page),
            },
            token=token_for(create_user("admin", superuser=True)),
        )


@pytest.fixture(params=CLIENTS)
def client(request, content):
    return bearer_client(content.token if request.param == "superuser" else None)


def url(content, operation_id: str, **overrides: str) -> str:
    template = OPERATIONS[operation_id][0]
    values = {**content.path_values, **overrides}
    return PATH_PARAMETER.sub(lambda match: str(values[match.group(1)]), template)


def test_the_schema_lists_the_endpoints_this_test_covers(content):
    assert {
        "pages_list",
        "pages_find",
        "pages_detail",
        "images_list",
        "images_detail",
        "documents_list",
        "documents_detail",
        "snippets_list",
        "sites_list",
        "schema_list",
        "news_list",
        "consultation_responses_list",
    } <= set(OPERATIONS)
    # Redirects are served by v2 only, where redirects to hidden pages are left out.
    assert "redirects_list" not in OPERATIONS
    assert len(NUL_CASES) > 50
    # Every path parameter has a valid value here, so a new one fails loudly rather than quietly.
    for path, _parameters in OPERATIONS.values():
        assert set(PATH_PARAMETER.findall(path)) <= set(content.path_values), path


@pytest.mark.parametrize(("operation_id", "name"), NUL_CASES)
def test_nul_byte_in_a_declared_parameter(client, content, operation_id, name):
    response = client.get(url(content, operation_id), {name: "sm\x00kom"})

    problem = assert_problem(response, 400)
    assert "NUL" in problem["detail"]


@pytest.mark.parametrize("operation_id", OPERATIONS)
def test_nul_byte_in_a_parameter_name(client, content, operation_id):
    assert_problem(client.get(url(content, operation_id), {"sm\x00kom": "1"}), 400)


@pytest.mark.parametrize(("operation_id", "name", "value", "who"), QUERY_VALUE_CASES)
def test_bad_query_value(content, operation_id, name, value, who):
    client = bearer_client(content.token if who == "superuser" else None)

    problem = assert_problem(client.get(url(content, operation_id), {name: value}))
    assert problem["status"] in documented_statuses(operation_id)
    if name == "user_id":
        # Any "…_id" parameter must be a numeric id, on every endpoint (core/api/middleware.py).
        assert problem["status"] == 400
        assert problem["detail"] in {
            "The parameter 'user_id' must be a non-negative whole number.",
            "The parameter 'user_id' is too large.",
        }


@pytest.mark.parametrize(("operation_id", "name", "value"), PATH_PARAMETER_CASES)
def test_bad_path_value(client, content, operation_id, name, value):
    response = client.get(url(content, operation_id, **{name: value}))

    assert_problem(response)
    assert response.status_code in documented_statuses(operation_id)


SEARCH_SYNTAX = ['"bredband', 'bredband"', "bredband AND", "(skola", "*", "'; --", "NOT", "-"]
SEARCHES = [
    pytest.param(operation_id, search, id=f"{operation_id}-{search}")
    for operation_id in OPERATIONS
    if "search" in declared(operation_id, "query")
    for search in SEARCH_SYNTAX
]


@pytest.mark.parametrize(("operation_id", "search"), SEARCHES)
def test_search_syntax_is_never_a_server_error(client, content, operation_id, search):
    """What a search engine might read as syntax is either searched for or a clear 4xx.

    SQLite's full-text syntax fails on an unbalanced double quote, so there the middleware
    answers it with a 400 before any search runs; PostgreSQL copes and searches.
    """
    response = client.get(url(content, operation_id), {"search": search})

    if ON_SQLITE and search.count('"') % 2:
        problem = assert_problem(response, 400)
        assert problem["detail"] == SEARCH_QUOTE_MESSAGE
    elif response.status_code != 200:
        assert_problem(response)
