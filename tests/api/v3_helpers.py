"""Helpers shared by the API v3 tests: the committed schema, problem+json checks and tokens."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import HttpResponse
from django.test import Client
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
