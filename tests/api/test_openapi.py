"""The v3 API's OpenAPI schema is a committed contract: docs/openapi.json.

When this fails, an endpoint's shape changed. If the change is intended, run `make openapi` and
commit docs/openapi.json with the change, so consumers see it in review.
"""

import json
from pathlib import Path

from django.conf import settings

from home.management.commands.export_openapi import openapi_document

COMMITTED = Path(settings.BASE_DIR) / "docs" / "openapi.json"


def test_served_schema_matches_the_committed_contract(client):
    response = client.get("/api/v3/openapi.json")

    assert response.status_code == 200
    assert response.json() == json.loads(COMMITTED.read_text(encoding="utf-8"))


def test_export_is_byte_for_byte_the_committed_file():
    assert openapi_document() == COMMITTED.read_text(encoding="utf-8")


def test_project_routers_are_in_the_schema():
    schema = json.loads(COMMITTED.read_text(encoding="utf-8"))

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
