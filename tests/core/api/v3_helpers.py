"""Helpers shared by the API v3 tests: the committed schema, problem+json checks and tokens."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import HttpResponse
from django.test import Client
from openapi_schema_validator import OAS31Validator
from wagtail.models import APIToken, Page, Revision

API = "/api/v3"
PROBLEM_JSON = "application/problem+json"
OPENAPI = Path(settings.BASE_DIR) / "docs" / "openapi.json"


@cache
def openapi_schema() -> dict:
    """The committed v3 contract (docs/openapi.json); test_openapi.py keeps it in step."""
    return json.loads(OPENAPI.read_text(encoding="utf-8"))


def get_operations() -> dict[str, tuple[str, list[dict]]]:
    """Every GET operation of the committed schema: operationId -> (path template, parameters)."""
    return {
        operation["operationId"]: (path, operation.get("parameters", []))
        for path, operations in openapi_schema()["paths"].items()
        for method, operation in operations.items()
        if method == "get"
    }


@cache
def operations_by_id() -> dict[str, dict]:
    """Every operation of the committed contract, by its operationId."""
    return {
        operation["operationId"]: operation
        for operations in openapi_schema()["paths"].values()
        for operation in operations.values()
    }


def documented_statuses(operation_id: str) -> set[int]:
    return {int(status) for status in operations_by_id()[operation_id]["responses"]}


def assert_documented(response: HttpResponse, operation_id: str, *, body: bool = True) -> None:
    """The contract documents this answer for the operation: its status, its content type and
    (unless ``body`` is False) a body its schema accepts."""
    text = response.content.decode(errors="replace")[:300]
    documented = operations_by_id()[operation_id]["responses"]
    assert str(response.status_code) in documented, (operation_id, response.status_code, text)
    content = documented[str(response.status_code)].get("content")
    if not content:
        return
    content_type = response["Content-Type"].split(";")[0].strip()
    assert content_type in content, (operation_id, response.status_code, content_type)
    if body:
        schema = {**content[content_type]["schema"], "components": openapi_schema()["components"]}
        errors = [
            f"{'/'.join(map(str, error.absolute_path))}: {error.message[:200]}"
            for error in OAS31Validator(schema).iter_errors(json.loads(response.content))
        ]
        assert not errors, (operation_id, response.status_code, errors[:10])


def assert_problem(response: HttpResponse, status: int | None = None) -> dict:
    """The response is an RFC 7807 problem: a 4xx (or ``status``) with a non-empty detail."""
    body = response.content.decode(errors="replace")[:500]
    if status is None:
        assert 400 <= response.status_code < 500, (response.status_code, body)
    else:
        assert response.status_code == status, (response.status_code, body)
    assert response["Content-Type"] == PROBLEM_JSON, (response["Content-Type"], body)
    problem = response.json()
    assert problem["status"] == response.status_code
    assert problem["title"]
    assert problem["detail"], problem
    return problem


def create_user(username: str, *, superuser: bool = False, active: bool = True):
    return get_user_model().objects.create_user(
        username=username,
        email=f"{username}@smakom.se",
        password="lösenord-för-test",  # noqa: S106 - test credentials
        is_superuser=superuser,
        is_staff=superuser,
        is_active=active,
    )


def token_for(user, name: str = "test") -> str:
    """A new bearer token's plaintext for ``user``."""
    _token, plaintext = APIToken.create_token(user=user, name=name)
    return plaintext


def bearer_client(plaintext: str | None) -> Client:
    """A client that sends ``Authorization: Bearer <plaintext>`` (none if ``plaintext`` is None)."""
    headers = {"Authorization": f"Bearer {plaintext}"} if plaintext else {}
    return Client(raise_request_exception=False, headers=headers)


def page_state() -> tuple:
    """What a write could change: every page's title, slug, live flag, path, and the revisions."""
    pages = tuple(Page.objects.order_by("pk").values_list("pk", "title", "slug", "live", "path"))
    return pages, Revision.objects.count(), tuple(Revision.objects.values_list("pk", flat=True))
