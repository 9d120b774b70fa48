"""A schema-driven fuzzer for API v3's read endpoints: no input may cause a server error.

For every GET operation in the committed schema (docs/openapi.json), requests are generated from
each parameter's schema: valid values, the boundaries its minimum/maximum/maxLength/enum state and
one past them, wrong types, empty, very long and NUL-bearing strings, repeated parameters, and a
few random combinations. The generator is seeded, so every run sends the same requests. Each
request is sent anonymously or with a superuser's token (which reaches the endpoints that need
one). Every answer must be below 500, every error must be problem+json, and every status must
be one the contract documents for the operation.
"""

from __future__ import annotations

import random
import re
import string
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Site

from core.previews import create_preview
from tests.core.api.helpers import configure_public_site, module_data
from tests.core.api.v3_helpers import (
    PROBLEM_JSON,
    bearer_client,
    create_user,
    documented_statuses,
    get_operations,
    token_for,
)
from tests.factories.articles import ArticlePageFactory
from tests.factories.consultation_responses import ConsultationResponsePageFactory, MinistryFactory
from tests.factories.core import DocumentFactory, ImageFactory
from tests.factories.home import HomePageFactory, StandardPageFactory

pytestmark = pytest.mark.django_db

SEED = 20111128
OPERATIONS = get_operations()
PATH_PARAMETER = re.compile(r"\{(\w+)\}")
COMBINATIONS_PER_OPERATION = 4
ALPHABET = string.ascii_letters + string.digits + " -_:./åäöÅÄÖ%&=+#?\u0661\uff12\u200b\U0001f41d"


def options(schema: dict) -> list[dict]:
    """The alternatives of a parameter schema (its anyOf, or itself)."""
    return schema.get("anyOf", [schema])


def random_text(rng: random.Random, length: int) -> str:
    return "".join(rng.choice(ALPHABET) for _ in range(length))


def values_for(schema: dict, rng: random.Random) -> list[Any]:
    """Values for one parameter: valid ones, boundaries and one past them, and wrong ones."""
    values: list[Any] = ["", "\x00", "x" * 5000, random_text(rng, rng.randint(1, 40)), "null"]
    for option in options(schema):
        kind = option.get("type")
        if "enum" in option:
            values += [*option["enum"], option["enum"][0].upper(), option["enum"][-1] + "x"]
        if "const" in option:
            values += [option["const"], option["const"] + "x"]
        if kind == "integer":
            values += ["abc", "1.5", "1e3", "true", "0x10", "\u0661\u0662", " 1", "1 "]
            values += [0, 1, -1, 2**31, 2**63, 2**64, 10**30]
            for bound in ("minimum", "maximum", "exclusiveMinimum"):
                if bound in option:
                    values += [option[bound] - 1, option[bound], option[bound] + 1]
        if kind == "string":
            limit = option.get("maxLength")
            if limit:
                values += ["a" * limit, "a" * (limit + 1), "å" * limit]
            if option.get("format") == "date-time":
                values += ["2012-05-14T10:00:00Z", "2012-13-45T99:00:00", "igår", "9999-12-31"]
            if "pattern" in option:
                values += ["sv", "en", "sv-se", "SV", "s"]
            values += ["123", "-1", "[]", "{}", "'", '"', "%", "\\", "a" * 501]
        if kind == "array":
            items = option.get("items", {})
            values += [list(items.get("enum", ["a"])[:3]), ["", ""], ["x" * 200] * 3]
            values += items.get("enum", [])
    return values


def path_values_for(name: str, valid: Any) -> list[Any]:
    return [valid, 0, -1, 2**63, "abc", "\u0661", "1.0", "%20", "x" * 300]


def generate(path_values: dict) -> Iterator[tuple[str, str, dict, str]]:
    """(operation, path, query, who) for every request of the run, always the same ones."""
    rng = random.Random(SEED)  # noqa: S311 - a repeatable fuzzer, not a secret
    for operation_id, (template, parameters) in sorted(OPERATIONS.items()):
        query_parameters = [p for p in parameters if p["in"] == "query"]
        path_parameters = [p for p in parameters if p["in"] == "path"]

        def path(overrides: dict, template: str = template) -> str:
            values = {**path_values, **overrides}
            return PATH_PARAMETER.sub(lambda m: str(values[m.group(1)]), template)

        def who() -> str:
            return rng.choice(["anonymous", "superuser"])

        yield operation_id, path({}), {}, who()
        yield operation_id, path({}), {"tpye": "1"}, who()
        for parameter in path_parameters:
            for value in path_values_for(parameter["name"], path_values[parameter["name"]]):
                yield operation_id, path({parameter["name"]: value}), {}, who()
        candidates = {p["name"]: values_for(p["schema"], rng) for p in query_parameters}
        for name, values in candidates.items():
            for value in rng.sample(values, min(len(values), 12)):
                yield operation_id, path({}), {name: value}, who()
        for _ in range(COMBINATIONS_PER_OPERATION if candidates else 0):
            names = rng.sample(sorted(candidates), min(len(candidates), rng.randint(2, 4)))
            query = {name: rng.choice(candidates[name]) for name in names}
            yield operation_id, path({}), query, who()


@pytest.fixture(scope="module")
def content(django_db_setup, django_db_blocker):
    with module_data(django_db_blocker):
        configure_public_site()
        home = HomePageFactory()
        page = StandardPageFactory(parent=home)
        revision = page.save_revision()
        revision.publish()
        ArticlePageFactory(hero_image=ImageFactory(), tags=["skola"])
        ConsultationResponsePageFactory(response_document=DocumentFactory())
        yield SimpleNamespace(
            path_values={
                "page_id": page.pk,
                "revision_id": revision.pk,
                "image_id": ImageFactory().pk,
                "document_id": DocumentFactory().pk,
                "redirect_id": Redirect.objects.create(old_path="/gammal", redirect_page=page).pk,
                "site_id": Site.objects.get(is_default_site=True).pk,
                "type": "consultation_responses.Ministry",
                "pk": MinistryFactory().pk,
                "type_name": "articles.ArticlePage",
                "token": create_preview(page),
            },
            clients={
                "anonymous": bearer_client(None),
                "superuser": bearer_client(token_for(create_user("admin", superuser=True))),
            },
        )


def run(content, cases) -> tuple[int, list[str]]:
    failures = []
    sent = 0
    for operation_id, path, query, who in cases:
        response = content.clients[who].get(path, query)
        sent += 1
        status = response.status_code
        if (
            status >= 500
            or (status >= 400 and response["Content-Type"] != PROBLEM_JSON)
            or status not in documented_statuses(operation_id)
        ):
            failures.append(
                f"{who} GET {path} {query!r:.200} -> {status} {response['Content-Type']}"
            )
    return sent, failures


def test_the_fuzzer_is_deterministic_and_covers_every_get_operation(content):
    first = list(generate(content.path_values))

    assert first == list(generate(content.path_values))
    assert {operation for operation, *_ in first} == set(OPERATIONS)
    assert 300 <= len(first) <= 2000


def test_no_input_causes_a_server_error_or_an_undocumented_answer(content):
    sent, failures = run(content, generate(content.path_values))

    assert sent > 300
    assert not failures, f"{len(failures)} of {sent} requests failed:\n" + "\n".join(failures)
