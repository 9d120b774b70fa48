"""The v3 API's OpenAPI schema is a committed contract (docs/openapi.json), and a valid one.

When the first tests fail, an endpoint's shape changed. If the change is intended, run
`make openapi` and commit docs/openapi.json with the change, so consumers see it in review. The
others check that the document is valid OpenAPI, in English, names each schema once, documents
every operation's errors, and that the corrections core/api/openapi.py and core/api/v3.py make
to what Wagtail and django-ninja generate are still needed and still apply.
"""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import trans_real
from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema
from ninja.orm import fields as ninja_model_fields
from openapi_spec_validator import validate

from core.api.v3 import api_v3
from core.management.commands.export_openapi import openapi_document

COMMITTED = Path(settings.BASE_DIR) / "docs" / "openapi.json"
PROBLEM_CONTENT = {
    "application/problem+json": {"schema": {"$ref": "#/components/schemas/ProblemDetail"}}
}


@pytest.fixture(scope="module")
def schema() -> dict:
    return json.loads(COMMITTED.read_text(encoding="utf-8"))


def operations(schema: dict) -> dict[str, tuple[str, dict]]:
    """operationId -> (method, operation)."""
    return {
        operation["operationId"]: (method, operation)
        for path_item in schema["paths"].values()
        for method, operation in path_item.items()
    }


# Serving an answer that may be cached reads when content next changes by time: a query.
@pytest.mark.django_db
def test_served_schema_matches_the_committed_contract(client):
    response = client.get("/api/v3/openapi.json")

    assert response.status_code == 200
    assert response.json() == json.loads(COMMITTED.read_text(encoding="utf-8"))


def test_export_is_byte_for_byte_the_committed_file():
    assert openapi_document() == COMMITTED.read_text(encoding="utf-8")


@pytest.mark.django_db
def test_served_schema_is_valid_openapi(client):
    validate(client.get("/api/v3/openapi.json").json())


def test_project_routers_are_in_the_schema(schema):
    news = schema["paths"]["/api/v3/news/"]["get"]
    responses = schema["paths"]["/api/v3/consultation-responses/"]["get"]
    assert {p["name"] for p in news["parameters"]} == {"tag", "year", "locale", "limit", "offset"}
    assert {p["name"] for p in responses["parameters"]} == {
        "ministry",
        "status",
        "year",
        "inquiry_reference",
        "locale",
        "limit",
        "offset",
    }
    teaser = schema["components"]["schemas"]["NewsTeaserSchema"]["properties"]
    assert {"title", "date", "author_name", "excerpt", "html_url", "hero_image", "tags"} <= set(
        teaser
    )


# --- One schema per component name ----------------------------------------------------------


def test_every_component_name_belongs_to_one_schema(monkeypatch):
    """django-ninja names components by class and keeps the last of two with the same name, so
    one endpoint would be documented with another's schema (the project's DocumentSchema once
    replaced Wagtail's on /api/v3/documents/{id}/)."""
    clashes = []
    add_definitions = OpenAPISchema.add_schema_definitions

    def checked(self: OpenAPISchema, definitions: dict) -> None:
        clashes.extend(
            name
            for name, definition in definitions.items()
            if self.schemas.get(name, definition) != definition
        )
        add_definitions(self, definitions)

    monkeypatch.setattr(OpenAPISchema, "add_schema_definitions", checked)
    api_v3.get_openapi_schema()

    assert clashes == []


def test_wagtails_document_and_ministry_schemas_are_their_own(schema):
    components = schema["components"]["schemas"]

    assert {"id", "title", "collection", "meta"} <= set(components["DocumentSchema"]["properties"])
    assert set(components["DocumentLinkSchema"]["properties"]) == {
        "id",
        "title",
        "download_url",
        "file_extension",
        "file_size",
    }
    assert {"id", "name", "slug", "meta"} <= set(components["MinistrySchema"]["properties"])
    assert set(components["MinistryLinkSchema"]["properties"]) == {"name", "slug"}
    detail = schema["paths"]["/api/v3/documents/{document_id}/"]["get"]["responses"]["200"]
    assert detail["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/DocumentSchema"
    }


# --- Security schemes -------------------------------------------------------------------------


def test_public_reads_take_a_token_or_none(schema):
    assert schema["components"]["securitySchemes"] == {
        "BearerTokenAuth": {"scheme": "bearer", "type": "http"}
    }
    by_id = operations(schema)
    for operation_id in ("pages_list", "pages_detail", "images_detail", "documents_list"):
        assert by_id[operation_id][1]["security"] == [{"BearerTokenAuth": []}, {}]
    assert by_id["sites_list"][1]["security"] == [{"BearerTokenAuth": []}]


def test_wagtail_still_documents_allow_anonymous_without_a_scheme():
    """core.api.openapi.document_optional_tokens corrects this. When Wagtail documents its
    public reads validly, this fails: remove the correction."""
    generated = NinjaAPI.get_openapi_schema(api_v3)

    assert generated["components"]["securitySchemes"]["AllowAnonymous"] == {"type": "http"}


# --- Error responses ------------------------------------------------------------------------

EXPECTED_ERROR_STATUSES = {
    "news_list": {400, 401, 422},
    "members_geojson": {400, 401, 422},
    "previews_detail": {400, 401, 404, 410, 422},
    "pages_list": {400, 401, 404, 422},
    "pages_find": {400, 401, 404, 422},
    "pages_detail": {400, 401, 404, 422},
    "documents_detail": {400, 401, 404, 422},
    "whoami": {400, 401},
    "schema_list": {400, 401},
    "schema_detail": {400, 401, 404, 422},
    "sites_list": {400, 401, 403, 422},
    "snippets_detail": {400, 401, 403, 404, 422},
    "pages_create": {400, 401, 403, 405, 422},
    "pages_delete": {400, 401, 403, 404, 405, 422},
}


def test_every_operation_documents_its_errors_as_problems(schema):
    for operation_id, (method, operation) in operations(schema).items():
        errors = {int(s): r for s, r in operation["responses"].items() if int(s) >= 400}
        assert {400, 401} <= set(errors), operation_id
        assert (405 in errors) == (method in {"post", "put", "patch", "delete"}), operation_id
        for status, response in errors.items():
            assert response["content"] == PROBLEM_CONTENT, (operation_id, status)
            assert response["description"], (operation_id, status)
    assert schema["components"]["schemas"]["ProblemDetail"]["required"] == [
        "type",
        "title",
        "status",
    ]


@pytest.mark.parametrize(("operation_id", "statuses"), EXPECTED_ERROR_STATUSES.items())
def test_operation_documents_the_errors_it_can_answer(schema, operation_id, statuses):
    responses = operations(schema)[operation_id][1]["responses"]

    assert {int(status) for status in responses if int(status) >= 400} == statuses


def test_find_documents_its_redirect(schema):
    responses = operations(schema)["pages_find"][1]["responses"]

    assert "Location" in responses["302"]["headers"]


# --- Documented constraints -----------------------------------------------------------------


def parameter(schema: dict, operation_id: str, name: str) -> dict:
    return next(p for p in operations(schema)[operation_id][1]["parameters"] if p["name"] == name)


def test_locale_is_an_enum_of_the_site_languages(schema):
    languages = [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]
    for operation_id in ("pages_list", "news_list", "consultation_responses_list", "events_list"):
        assert parameter(schema, operation_id, "locale")["schema"]["enum"] == languages


def test_query_parameters_carry_the_limits_the_api_enforces(schema):
    limit = parameter(schema, "news_list", "limit")["schema"]
    offset = parameter(schema, "pages_list", "offset")["schema"]
    search = parameter(schema, "pages_list", "search")["schema"]

    assert (limit["minimum"], limit["maximum"]) == (1, settings.WAGTAILAPI_LIMIT_MAX)
    assert (offset["minimum"], offset["maximum"]) == (0, 1_000_000_000)
    assert search["maxLength"] == 500
    assert parameter(schema, "pages_list", "child_of")["schema"]["anyOf"][1] == {
        "const": "root",
        "type": "string",
    }
    # A query string can only leave a parameter out, not send null.
    for _method, operation in operations(schema).values():
        for documented in operation.get("parameters", []):
            if documented["in"] == "query":
                options = documented["schema"].get("anyOf", [documented["schema"]])
                assert {"type": "null"} not in options, (operation["operationId"], documented)


# --- In English -----------------------------------------------------------------------------


def swedish_strings() -> set[str]:
    """Interface strings in Swedish, casefolded: the project's msgids (Swedish, with English
    translations) and the Swedish translations of Django's and Wagtail's."""
    found = set()
    for language, swedish_side in (("en", 0), ("sv", 1)):
        for msgid, msgstr in trans_real.translation(language)._catalog.items():
            if isinstance(msgid, str) and msgid.casefold() != msgstr.casefold():
                found.add((msgid, msgstr)[swedish_side].casefold())
    return found


def texts(node: object) -> list[str]:
    """Every title and description in a part of the document."""
    if isinstance(node, dict):
        own = [v for k, v in node.items() if k in {"title", "description"} and isinstance(v, str)]
        return own + [text for value in node.values() for text in texts(value)]
    if isinstance(node, list):
        return [text for value in node for text in texts(value)]
    return []


def names(node: object) -> set[str]:
    """Every property name in a part of the document."""
    if isinstance(node, dict):
        own = set(node["properties"]) if isinstance(node.get("properties"), dict) else set()
        return own.union(*(names(value) for value in node.values()))
    if isinstance(node, list):
        return set().union(*(names(value) for value in node))
    return set()


def test_the_document_is_in_english(schema):
    swedish = swedish_strings()
    assert {"titel", "samling", "namn"} <= swedish
    # A title made from a property's name ("kommunkod", "start") is an identifier, not a label.
    identifiers = {name.replace("_", " ").title() for name in names(schema)}

    in_swedish = {text for text in texts(schema) if text.casefold() in swedish}
    assert sorted(in_swedish - identifiers) == []


def test_upload_forms_are_titled_in_english(schema):
    for path in ("/api/v3/images/", "/api/v3/documents/"):
        upload = schema["paths"][path]["post"]["requestBody"]["content"]["multipart/form-data"]
        titles = {name: field["title"] for name, field in upload["schema"]["properties"].items()}
        assert titles["title"] == "Title"
        assert titles["collection_id"] == "Collection"
    assert titles_of(schema, "ImageCreateSchema")["description"] == "Description"
    assert titles_of(schema, "MinistryCreateSchema") == {
        "name": "Name",
        "slug": "Short Name In Addresses",
    }


def titles_of(schema: dict, component: str) -> dict[str, str]:
    properties = schema["components"]["schemas"][component]["properties"]
    return {name: field["title"] for name, field in properties.items() if "title" in field}


def test_ninja_still_titles_model_fields_through_title_if_lower():
    """core.api.openapi.title_schema_fields_in_english wraps this function. When django-ninja titles
    model fields another way, this fails: move the correction."""
    for builder in (
        ninja_model_fields.get_schema_field,
        ninja_model_fields.get_related_field_schema,
    ):
        assert "title_if_lower" in builder.__code__.co_names
    with translation.override("sv"):
        assert ninja_model_fields.title_if_lower(translation.gettext_lazy("title")) == "Title"
