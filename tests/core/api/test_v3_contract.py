"""API v3 answers what its contract (docs/openapi.json) documents.

Every GET operation is asked once with content to show, and its answer must match the documented
schema (Wagtail's document detail once did not: the project's DocumentSchema shadowed it). Error
answers of each kind must be documented for the operation that gave them, with a problem+json
body; so must 403 exactly where a permission is checked, and 405 for writes while they are off.
The documented constraints on ``locale``, ``lan``, ``limit``, ``offset`` and ids are what the
endpoints accept.
"""

from __future__ import annotations

import datetime
import re
from types import SimpleNamespace

import pytest
import time_machine
from django.conf import settings
from django.test import override_settings
from openapi_schema_validator import OAS31Validator
from wagtail.models import Page, Site

from core.changes import record_changes
from core.previews import create_preview
from members.kommuner import lan_names
from tests.core.api.helpers import configure_public_site, module_data
from tests.core.api.v3_helpers import (
    assert_documented,
    bearer_client,
    create_user,
    documented_statuses,
    openapi_schema,
    operations_by_id,
    token_for,
)
from tests.factories.articles import ArticlePageFactory
from tests.factories.consultation_responses import ConsultationResponsePageFactory, MinistryFactory
from tests.factories.core import DocumentFactory, ImageFactory
from tests.factories.events import EventPageFactory
from tests.factories.home import HomePageFactory, StandardPageFactory
from tests.factories.members import MunicipalityFactory

pytestmark = pytest.mark.django_db

PATH_PARAMETER = re.compile(r"\{(\w+)\}")
WRITE_METHODS = {"post", "put", "patch", "delete"}
METHOD_AND_PATH = {
    operation["operationId"]: (method, path)
    for path, path_item in openapi_schema()["paths"].items()
    for method, operation in path_item.items()
}
# Snippet revisions and publishing accept no type: no snippet here has revisions or drafts.
UNCALLABLE = {
    operation_id
    for operation_id, (_method, path) in METHOD_AND_PATH.items()
    if re.search(r"/snippets/.*/(revisions|actions)/", path)
}


@pytest.fixture(scope="module")
def content(django_db_setup, django_db_blocker):
    with module_data(django_db_blocker):
        configure_public_site()
        home = HomePageFactory()
        page = StandardPageFactory(parent=home, title="Om SmåKom", slug="om-smakom")
        revision = page.save_revision()
        revision.publish()
        ministry = MinistryFactory(name="Finansdepartementet")
        ConsultationResponsePageFactory(response_document=DocumentFactory(), ministry=ministry)
        ArticlePageFactory(hero_image=ImageFactory(), tags=["skola"])
        EventPageFactory()
        MunicipalityFactory(kommunkod="2309")
        # The change log, written at a commit (the module's data never commits): an upsert
        # for each page, and a delete.
        gone = StandardPageFactory(parent=home, title="Gammal sida", slug="gammal-sida")
        record_changes(Page.objects.values_list("pk", flat=True))
        gone.unpublish()
        record_changes([gone.pk])
        yield SimpleNamespace(
            path_values={
                "page_id": page.pk,
                "revision_id": revision.pk,
                "image_id": ImageFactory().pk,
                "document_id": DocumentFactory().pk,
                "site_id": Site.objects.get(is_default_site=True).pk,
                "type": "consultation_responses.Ministry",
                "pk": ministry.pk,
                "type_name": "articles.ArticlePage",
                "token": create_preview(page),
            },
            tokens={
                "superuser": token_for(create_user("admin", superuser=True)),
                # An active user without any permission.
                "reader": token_for(create_user("lasare")),
                "bad token": "wagtail_inte-en-riktig-nyckel",
            },
        )


def request(content, operation_id: str, who: str = "anonymous", query=None, **path_values):
    method, template = METHOD_AND_PATH[operation_id]
    values = {**content.path_values, **path_values}
    path = PATH_PARAMETER.sub(lambda match: str(values[match.group(1)]), template)
    client = bearer_client(content.tokens.get(who))
    if method in WRITE_METHODS:
        return getattr(client, method)(path, "{}", content_type="application/json")
    return client.get(path, query or {})


# --- Successful answers match their schemas -------------------------------------------------

READS = {
    "pages_list": ("anonymous", {"type": "articles.ArticlePage", "limit": 100}),
    "pages_detail": ("anonymous", {}),
    "pages_revisions_list": ("superuser", {}),
    "pages_revisions_detail": ("superuser", {}),
    "images_list": ("anonymous", {}),
    "images_detail": ("anonymous", {}),
    "documents_list": ("anonymous", {}),
    "documents_detail": ("anonymous", {}),
    "news_list": ("anonymous", {}),
    "consultation_responses_list": ("anonymous", {}),
    "events_list": ("anonymous", {}),
    "members_list": ("anonymous", {}),
    "members_geojson": ("anonymous", {}),
    "previews_detail": ("anonymous", {}),
    "changes_list": ("anonymous", {}),
    "snippets_list": ("superuser", {}),
    "snippets_detail": ("superuser", {}),
    "sites_list": ("superuser", {}),
    "sites_detail": ("superuser", {}),
    "schema_list": ("superuser", {}),
    "schema_detail": ("superuser", {}),
    "whoami": ("superuser", {}),
}


def test_every_get_operation_is_asked():
    gets = {op for op, (method, _path) in METHOD_AND_PATH.items() if method == "get"}

    assert set(READS) | {"pages_find"} == gets - UNCALLABLE


@pytest.mark.parametrize(("operation_id", "who", "query"), [(k, *v) for k, v in READS.items()])
def test_answer_matches_its_documented_schema(content, operation_id, who, query):
    response = request(content, operation_id, who, query)

    assert response.status_code == 200, response.content[:300]
    body = response.json()
    assert body.get("items", body.get("features", [body])), "nothing to check against"
    assert_documented(response, operation_id)


def test_document_detail_is_wagtails_document(content):
    response = request(content, "documents_detail")

    assert_documented(response, "documents_detail")
    assert {"id", "title", "collection", "meta"} <= set(response.json())
    assert "download_url" in response.json()["meta"]


def test_find_redirects_to_the_detail_as_documented(content):
    response = request(content, "pages_find", query={"html_path": "/om-smakom/"})

    assert response.status_code == 302
    assert_documented(response, "pages_find")
    # Wagtail keeps the rest of the query, so an empty one leaves a "?".
    assert response["Location"].rstrip("?") == f"/api/v3/pages/{content.path_values['page_id']}/"


# --- Errors are documented where they happen -------------------------------------------------

ERRORS = [
    # (operation, who, query, path values, status)
    ("news_list", "anonymous", {"tpye": "1"}, {}, 400),
    ("news_list", "anonymous", {"limit": "101"}, {}, 400),
    ("news_list", "bad token", {}, {}, 401),
    ("news_list", "anonymous", {"year": "tjugotolv"}, {}, 422),
    ("pages_list", "anonymous", {"offset": "1000000001"}, {}, 400),
    ("pages_list", "anonymous", {"site": "okand.example.se"}, {}, 404),
    ("pages_list", "anonymous", {"child_of": "1", "descendant_of": "1"}, {}, 422),
    ("pages_find", "anonymous", {"html_path": "/finns-inte/"}, {}, 404),
    ("pages_detail", "anonymous", {"rich_text_format": "db_html"}, {}, 400),
    ("pages_detail", "anonymous", {}, {"page_id": 999999}, 404),
    ("pages_detail", "anonymous", {}, {"page_id": "abc"}, 422),
    ("documents_detail", "anonymous", {}, {"document_id": 999999}, 404),
    ("documents_list", "anonymous", {"order": "random", "offset": "1"}, {}, 422),
    ("members_list", "anonymous", {"lan": "Atlantis län"}, {}, 400),
    ("members_geojson", "anonymous", {"lan": "x"}, {}, 422),
    ("previews_detail", "anonymous", {}, {"token": "inte:en:riktig:token"}, 404),
    ("previews_detail", "anonymous", {}, {"token": "kort"}, 422),
    ("sites_list", "anonymous", {}, {}, 401),
    ("sites_list", "reader", {}, {}, 403),
    ("whoami", "anonymous", {}, {}, 401),
    ("schema_detail", "superuser", {}, {"type_name": "nope.Nope"}, 404),
    ("snippets_list", "superuser", {"translation_of": "root"}, {}, 422),
    ("snippets_detail", "superuser", {}, {"pk": 999999}, 404),
]


@pytest.mark.parametrize(
    ("operation_id", "who", "query", "path_values", "status"),
    ERRORS,
    ids=[f"{case[0]}-{case[4]}-{i}" for i, case in enumerate(ERRORS)],
)
def test_error_is_documented(content, operation_id, who, query, path_values, status):
    response = request(content, operation_id, who, query, **path_values)

    assert response.status_code == status, response.content[:300]
    assert_documented(response, operation_id)


def test_expired_preview_is_a_documented_410(content):
    with time_machine.travel(
        datetime.timedelta(seconds=settings.HEADLESS_PREVIEW_MAX_AGE + 60), tick=False
    ):
        response = request(content, "previews_detail")

    assert response.status_code == 410
    assert_documented(response, "previews_detail")


def test_403_is_documented_exactly_where_a_permission_is_checked(content):
    """Reads that need a token, asked with the token of a user who may do nothing."""
    token_reads = [
        operation_id
        for operation_id, (method, _path) in METHOD_AND_PATH.items()
        if method == "get"
        and operation_id not in UNCALLABLE
        and {} not in operations_by_id()[operation_id].get("security", [{}])
    ]
    assert len(token_reads) >= 8

    for operation_id in token_reads:
        response = request(content, operation_id, "reader")
        assert_documented(response, operation_id)
        documented = 403 in documented_statuses(operation_id)
        assert (response.status_code == 403) == documented, (operation_id, response.status_code)


def test_writes_while_off_are_a_documented_405(content):
    assert not settings.API_WRITE_ENABLED
    for operation_id, (method, _path) in METHOD_AND_PATH.items():
        if method in WRITE_METHODS:
            response = request(content, operation_id, "superuser")
            assert response.status_code == 405, operation_id
            assert_documented(response, operation_id)


@override_settings(API_WRITE_ENABLED=True)
def test_writes_without_permission_are_documented(content):
    for operation_id, (method, _path) in METHOD_AND_PATH.items():
        if method not in WRITE_METHODS or operation_id in UNCALLABLE:
            continue
        anonymous = request(content, operation_id)
        assert anonymous.status_code == 401, operation_id
        assert_documented(anonymous, operation_id)
        reader = request(content, operation_id, "reader")
        assert reader.status_code in {403, 404, 422}, (operation_id, reader.status_code)
        assert_documented(reader, operation_id)
        if method == "delete":
            assert reader.status_code == 403, operation_id


# --- Documented constraints are what is accepted ----------------------------------------------


def parameter_schema(operation_id: str, name: str) -> dict:
    parameters = operations_by_id()[operation_id]["parameters"]
    return next(p["schema"] for p in parameters if p["name"] == name)


def schema_accepts(schema: dict, value: object) -> bool:
    return OAS31Validator(schema).is_valid(value)


def lan_candidates() -> list[str]:
    names = sorted(set(lan_names().values()))
    short = [name.removesuffix(" län") for name in names]
    return [
        *lan_names(),
        *names,
        *short,
        *(name.upper() for name in names),
        *(name.lower() for name in short),
        " 23 ",
        "  Jämtlands län",
        "Västra Götaland",
        "Stockholms län län",
        "Atlantis län",
        "99",
        "2",
        "023",
        "Jämtlandslän",
        "län",
    ]


@pytest.mark.parametrize("operation_id", ["members_list", "members_geojson"])
def test_lan_pattern_is_what_the_filter_accepts(content, operation_id):
    schema = parameter_schema(operation_id, "lan")
    client = bearer_client(None)
    path = METHOD_AND_PATH[operation_id][1]

    for value in lan_candidates():
        status = client.get(path, {"lan": value}).status_code
        assert (status == 200) == schema_accepts(schema, value), (value, status)


def test_locale_enum_is_what_the_filters_accept(content):
    for operation_id in ("pages_list", "news_list", "consultation_responses_list", "events_list"):
        schema = parameter_schema(operation_id, "locale")
        path = METHOD_AND_PATH[operation_id][1]
        for value in ("sv", "en", "de", "SV", "sv-se", ""):
            status = bearer_client(None).get(path, {"locale": value}).status_code
            assert (status == 200) == schema_accepts(schema, value), (operation_id, value)


@pytest.mark.parametrize("name", ["limit", "offset"])
def test_pagination_bounds_are_what_is_accepted(content, name):
    schema = parameter_schema("news_list", name)
    path = METHOD_AND_PATH["news_list"][1]

    for value in (
        schema["minimum"] - 1,
        schema["minimum"],
        schema["maximum"],
        schema["maximum"] + 1,
    ):
        response = bearer_client(None).get(path, {name: str(value)})
        accepted = schema_accepts(schema, value)
        assert (response.status_code == 200) == accepted, (name, value, response.status_code)
        assert_documented(response, "news_list", body=not accepted)


def test_ids_beyond_the_documented_maximum_are_refused(content):
    largest = parameter_schema("pages_find", "id")["maximum"]
    path = METHOD_AND_PATH["pages_find"][1]

    assert bearer_client(None).get(path, {"id": str(largest)}).status_code == 404
    response = bearer_client(None).get(path, {"id": str(largest + 1)})
    assert response.status_code == 400
    assert_documented(response, "pages_find")
