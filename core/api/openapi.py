"""API v3's OpenAPI document (/api/v3/openapi.json, docs/openapi.json): what the API answers.

django-ninja documents each operation's success response only; Wagtail's public reads carry an
``AllowAnonymous`` security scheme that is invalid OpenAPI; query parameters are documented
without the limits core.api.middleware and the pagination enforce, and the pages listing's
``locale`` as any string. ``document_openapi`` corrects the document where it is built, so the
served schema and ``make openapi`` agree.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise
from ninja import NinjaAPI
from ninja.openapi.schema import REF_TEMPLATE, OpenAPISchema
from ninja.orm import fields as ninja_model_fields
from wagtail.api.v3.errors import PROBLEM_JSON, ProblemDetail

from core.api.middleware import (
    API_LANGUAGE,
    ID,
    ID_OR_ROOT,
    MAX_OFFSET,
    MAX_PARAMETER_LENGTH,
    MAX_SEARCH_LENGTH,
    NUMERIC_PARAMETERS,
    WRITE_METHODS,
)
from core.api.schemas import LANGUAGE_CODES

PROBLEM_SCHEMA_NAME = "ProblemDetail"
PROBLEM_SCHEMA_REF = f"#/components/schemas/{PROBLEM_SCHEMA_NAME}"
WRITE_OPERATION_METHODS = {method.lower() for method in WRITE_METHODS}
# Operations that need a token but no permission: any active user's token will do.
AUTHENTICATION_ONLY_OPERATIONS = {"whoami", "schema_list", "schema_detail"}


def error_statuses(method: str, operation: dict) -> dict[int, str]:
    """The error statuses an operation can answer, with what each means there.

    Every v3 request passes core.api.middleware (400 for a malformed query string, 401 for a
    bearer token that doesn't authenticate, 405 for a write while writes are off) and
    ``reject_unknown_query_parameters`` (400); the rest follows from what the operation
    declares: a token it requires (401, and 403 where a permission is checked), an object it
    looks up by a path parameter or a ``site`` (404), parameters or a body to validate (422).
    An operation documents anything else itself (the previews' 410).
    """
    parameters = operation.get("parameters", [])
    security = operation.get("security") or []
    needs_token = bool(security) and {} not in security
    statuses = {
        400: "A malformed query string (a NUL character, a non-numeric id, a search it can't "
        "run), a query parameter this operation doesn't know, or a combination it refuses.",
        401: (
            "No bearer token, or one that doesn't authenticate an active user."
            if needs_token
            else "A bearer token that doesn't authenticate an active user (send none to read "
            "as the public)."
        ),
    }
    if needs_token and operation["operationId"] not in AUTHENTICATION_ONLY_OPERATIONS:
        statuses[403] = "The token's user lacks the permission this needs."
    if any(p["in"] == "path" or p["name"] == "site" for p in parameters):
        statuses[404] = "Nothing matches the path (or the site), or the caller may not see it."
    if method in WRITE_OPERATION_METHODS:
        statuses[405] = "Writing through the API is turned off on this site (API_WRITE_ENABLED)."
    if parameters or "requestBody" in operation:
        statuses[422] = "A parameter or the body is invalid: `errors` names each one."
    return statuses


def document_error_responses(schema: dict) -> None:
    """Add each operation's error statuses, all answered as RFC 7807 problem+json."""
    schema["components"]["schemas"][PROBLEM_SCHEMA_NAME] = ProblemDetail.model_json_schema(
        ref_template=REF_TEMPLATE
    )
    for path_item in schema["paths"].values():
        for method, operation in path_item.items():
            responses = operation["responses"]
            for status, description in error_statuses(method, operation).items():
                responses.setdefault(status, {"description": description})
            for status, response in responses.items():
                if int(status) >= 400:
                    response["content"] = {PROBLEM_JSON: {"schema": {"$ref": PROBLEM_SCHEMA_REF}}}


def document_optional_tokens(schema: dict) -> None:
    """Wagtail's public reads accept a token or none (``[BearerTokenAuth(), AllowAnonymous()]``);
    ninja documents ``AllowAnonymous`` as an HTTP security scheme without a ``scheme``, which
    is invalid OpenAPI. An empty security requirement is how OpenAPI says "or no token"."""
    schemes = schema["components"].get("securitySchemes", {})
    if schemes.pop("AllowAnonymous", None) is None:
        return
    for path_item in schema["paths"].values():
        for operation in path_item.values():
            if "security" in operation:
                operation["security"] = [
                    {} if requirement == {"AllowAnonymous": []} else requirement
                    for requirement in operation["security"]
                ]


def document_locale_choices(schema: dict) -> None:
    """The pages listing takes only a content language as ``locale``
    (``reject_unknown_query_parameters``); Wagtail documents any string."""
    for path_item in schema["paths"].values():
        operation = path_item.get("get", {})
        if operation.get("operationId") != "pages_list":
            continue
        for parameter in operation["parameters"]:
            if parameter["name"] == "locale":
                parameter["schema"] = {
                    "anyOf": [{"enum": list(LANGUAGE_CODES), "type": "string"}, {"type": "null"}],
                    "title": "Locale",
                }
                parameter["description"] = "Only pages in this language."


def document_rich_text_formats(schema: dict) -> None:
    """Without a token, rich text comes as HTML only (core.api.middleware): say so, and put html,
    the format every caller may ask for, first."""

    def html_first(option: dict) -> dict:
        if "html" not in option.get("enum", []):
            return option
        return {**option, "enum": ["html", *(f for f in option["enum"] if f != "html")]}

    for path_item in schema["paths"].values():
        for operation in path_item.values():
            for parameter in operation.get("parameters", []):
                if parameter["name"] != "rich_text_format":
                    continue
                documented = html_first(parameter["schema"])
                if "anyOf" in documented:
                    documented["anyOf"] = [html_first(option) for option in documented["anyOf"]]
                parameter["schema"] = documented
                parameter["description"] = (
                    "How rich text is given: html by default, and the only format served "
                    "without a token (anything else is a 400), since the others carry the "
                    "stored ids and addresses of every link."
                )


def document_find_redirect(schema: dict) -> None:
    """Wagtail's find-by-path answers with a redirect to the page's detail (keeping the rest of
    the query), which it documents as the detail itself: document the redirect too."""
    for path_item in schema["paths"].values():
        operation = path_item.get("get", {})
        if operation.get("operationId") == "pages_find":
            operation["responses"][302] = {
                "description": "Found: the page's detail (/api/v3/pages/{id}/), with the other "
                "query parameters kept. A client that follows it gets the 200 below.",
                "headers": {"Location": {"schema": {"type": "string"}}},
            }


def largest_number(pattern: re.Pattern) -> int:
    """The largest number one of core.api.middleware's patterns lets through ("{1,18}": 18
    nines)."""
    return 10 ** int(re.search(r"\{1,(\d+)\}", pattern.pattern)[1]) - 1


def limited_query_option(name: str, option: dict) -> dict:
    """One alternative of a query parameter's schema, with core.api.middleware's limits on it."""
    numeric = NUMERIC_PARAMETERS.get(name) or (ID if name.endswith("_id") else None)
    option = dict(option)
    if option.get("type") == "integer" and numeric is not None:
        largest = {"offset": MAX_OFFSET, "limit": settings.WAGTAILAPI_LIMIT_MAX}.get(name)
        largest = largest or largest_number(numeric)
        option["maximum"] = min(option.get("maximum", largest), largest)
        if "exclusiveMinimum" not in option:
            option["minimum"] = max(option.get("minimum", 0), 0)
    elif option.get("type") == "string" and not {"const", "enum"} & set(option):
        longest = MAX_SEARCH_LENGTH if name == "search" else MAX_PARAMETER_LENGTH
        option["maxLength"] = min(option.get("maxLength", longest), longest)
        if numeric is not None:
            # "root" is offered where Wagtail documents it, as an alternative of its own.
            digits = ID if numeric is ID_OR_ROOT else numeric
            option["pattern"] = f"^(?:{digits.pattern})$"
        option.setdefault("pattern", "^[^\\x00]*$")
    elif option.get("type") == "array":
        option["items"] = limited_query_option(name, option["items"])
    return option


def document_query_limits(schema: dict) -> None:
    """Give query parameters the limits core.api.middleware and the pagination enforce.

    Numbers have a largest value (an offset of 2**63 would overflow the database), text a
    longest one and no NUL characters, ids are digits, and ``limit`` is at most
    ``WAGTAILAPI_LIMIT_MAX``. A query string can't say "null", only leave a parameter out (which
    every optional one may be), so the null alternatives ninja documents are dropped.
    """
    for path_item in schema["paths"].values():
        for operation in path_item.values():
            for parameter in operation.get("parameters", []):
                if parameter["in"] != "query":
                    continue
                name, documented = parameter["name"], dict(parameter["schema"])
                options = [
                    limited_query_option(name, option)
                    for option in documented.pop("anyOf", [])
                    if option.get("type") != "null"
                ]
                if len(options) == 1:
                    documented.update(options[0])
                elif options:
                    documented["anyOf"] = options
                else:
                    documented = limited_query_option(name, documented)
                # A new dict: ninja may share a parameter's schema with a component.
                parameter["schema"] = documented


def document_openapi(api: NinjaAPI) -> None:
    """Make ``api`` document what it answers: its openapi.json view (and ``make openapi``) ask
    the instance for its schema, so the corrections are made there."""

    def documented_openapi_schema(
        *, path_prefix: str | None = None, path_params: dict | None = None
    ) -> OpenAPISchema:
        schema = NinjaAPI.get_openapi_schema(api, path_prefix=path_prefix, path_params=path_params)
        document_optional_tokens(schema)
        document_locale_choices(schema)
        document_rich_text_formats(schema)
        document_find_redirect(schema)
        document_query_limits(schema)
        document_error_responses(schema)
        return schema

    api.get_openapi_schema = documented_openapi_schema


def title_schema_fields_in_english() -> None:
    """Make django-ninja title model fields' schemas in English, whenever they are built.

    ninja turns a field's verbose name into its schema's title as the schema is built
    (``ninja.orm.fields.title_if_lower``), in the language active then. Wagtail builds its
    image, document and snippet schemas in those apps' ``ready()``, under the site's language,
    so the upload forms' fields were titled "Titel" and "Samling" in the API documentation.
    """
    build_title = ninja_model_fields.title_if_lower

    def title_in_english(verbose_name: str | Promise) -> str | Promise:
        with translation.override(API_LANGUAGE):
            return build_title(verbose_name)

    title_in_english.wrapped = build_title
    ninja_model_fields.title_if_lower = title_in_english
