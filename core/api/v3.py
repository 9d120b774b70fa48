"""API v3: Wagtail's own ``NinjaAPI`` (``wagtail.api.v3.urls.api``), adjusted for the site.

``adjust_wagtail_v3_api`` is the one place where the project changes Wagtail's v3 API; it runs
once, in ``CoreConfig.ready()``. Each adjustment says which Wagtail behaviour it changes and
why; ``tests/core/api/test_v3_adjustments.py`` fails loudly if a Wagtail (or django-ninja)
upgrade moves what they rely on:

- ``v3_pages.get_pages_queryset`` is wrapped (``shown_pages_queryset``): anonymous readers see
  what the public site shows, nothing under an alias of a restricted page.
- The redirects router is removed: it lists redirects to drafts and private pages (v2 serves
  redirects without them).
- The title and description are the site's.
- The page apps' routers (their ``AppConfig.api_routers``), the changes feed and the headless
  previews router are added, so they share the schema, the docs and the problem+json errors.
- Exception handlers turn a write body of the wrong shape into 422 instead of 500.
- View decorators refuse unknown query parameters (400) and an unknown locale (422), serve a
  page's detail in the page's language, follow a language prefix in find-by-path, refuse
  ``translation_of=root`` on snippets (422); an operation decorator joins collections.
- The OpenAPI document is corrected where it is built (core.api.openapi).
- django-ninja titles model fields' schemas in English
  (core.api.openapi.title_schema_fields_in_english, applied before Wagtail's v3 API is first
  imported).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from functools import wraps

from django.conf import settings
from django.db.models import QuerySet, prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from ninja import NinjaAPI
from ninja.operation import Operation
from wagtail.api.v3 import urls as wagtail_v3_urls
from wagtail.api.v3.errors import problem_response
from wagtail.api.v3.routers import pages as v3_pages
from wagtail.api.v3.schemas.pages import BASE_PAGE_READ_FIELDS
from wagtail.api.validators import APIFieldValidator
from wagtail.coreutils import resolve_model_string
from wagtail.models import Page

from core.api.fields import relation_fields, shown_pages
from core.api.middleware import WRITE_METHODS
from core.api.openapi import document_openapi
from core.api.schemas import LANGUAGE_CODES
from core.i18n import LANGUAGE_NAMES, find_by_path, in_language_of

TITLE = "SmåKom API"
DESCRIPTION = (
    "Wagtail's v3 API for SmåKom's pages, plus the project's own typed endpoints: news teasers "
    "and consultation responses (remissvar). Reads are public; writes need a bearer token and "
    "are off unless the site enables them."
)
# The project's own routers, added after the page apps' routers.
CHANGES_ROUTER = ("/changes/", "core.api.changes_router.router")
PREVIEWS_ROUTER = ("/previews/", "core.api.preview_router.router")
# Wagtail's v3 redirects router lists every redirect, including those to drafts and private
# pages. Redirects are served by v2 (/api/v2/redirects/), which leaves those out.
REMOVED_ROUTERS = {"/redirects/"}


# The API the site serves at /api/v3/: Wagtail's own instance.
api_v3 = wagtail_v3_urls.api
# Wagtail's own, which shown_pages_queryset narrows (adjust_wagtail_v3_api puts it in its place).
wagtail_get_pages_queryset = v3_pages.get_pages_queryset


def shown_pages_queryset(request: HttpRequest, model: type[Page] = Page) -> QuerySet:
    """Wagtail's v3 pages queryset, narrowed for anonymous consumers to what readers are shown.

    Wagtail's public tier misses pages under an alias of a restricted page (wagtail-localize
    makes a translation's untranslated parents such aliases) and keeps aliases of other
    languages' pages; ``core.api.fields.shown_pages`` applies the site's rule. Token holders keep
    Wagtail's permission-based queryset.
    """
    queryset = wagtail_get_pages_queryset(request, model)
    if request.user.is_authenticated:
        return queryset
    return shown_pages(queryset, request)


def declared_query_parameters(operation: Operation) -> set[str]:
    """The query parameter names an operation declares (its own and its pagination's)."""
    return {
        name
        for model in operation.signature.models
        if model.__ninja_param_source__ == "query"
        for name in model.__ninja_flatten_map__
    }


def listed_page_model(request: HttpRequest) -> type[Page] | None:
    """The page model the pages listing serves for ``?type=``; None for an unknown type."""
    types = request.GET.getlist("type")
    try:
        return resolve_model_string(types[0]) if len(types) == 1 else Page
    except (LookupError, ValueError):
        return None  # The listing itself answers an unknown type.


def page_field_filters(request: HttpRequest, candidates: set[str]) -> set[str]:
    """Which of ``candidates`` the pages listing accepts as field filters for ``?type=``.

    Relations are not among them (see ``core.api.fields.relation_fields``).
    """
    model = listed_page_model(request)
    if model is None:
        return set()
    candidates = candidates - relation_fields(model)
    return set(
        APIFieldValidator(
            model=model,
            fields=sorted(candidates),
            base_fields=BASE_PAGE_READ_FIELDS,
            db_fields_only=True,
            skip_invalid=True,
        ).fields
    )


def reject_unknown_query_parameters(run: Callable) -> Callable:
    """Answer 400 to a query parameter the operation doesn't know, instead of ignoring it.

    Wagtail's v3 (like django-ninja) ignores unknown parameters, so a misspelt filter silently
    returns everything. The pages listing also accepts API field names as filters.
    """
    operation = run.__self__
    declared = declared_query_parameters(operation)
    accepts_field_filters = operation.operation_id == "pages_list"

    @wraps(run)
    def checked(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        unknown = set(request.GET) - declared
        # Wagtail answers an unknown locale with 404 and ignores an empty one. The schema gives
        # the site's languages as the parameter's enum (document_locale_choices), and a value
        # outside it is refused as the project's own endpoints refuse it (LocaleCode).
        locale = request.GET.get("locale") if accepts_field_filters else None
        if locale is not None and locale not in LANGUAGE_CODES:
            expected = " or ".join(f"'{code}'" for code in LANGUAGE_CODES)
            return problem_response(
                status=422,
                detail=f"Unknown locale {locale[:20]!r}: use one of {', '.join(LANGUAGE_CODES)}.",
                errors=[
                    {
                        "type": "literal_error",
                        "loc": ["query", "locale"],
                        "msg": f"Input should be {expected}",
                    }
                ],
            )
        if accepts_field_filters:
            unknown -= page_field_filters(request, unknown)
            model = listed_page_model(request)
            ordering = {
                name.strip().lstrip("-")
                for value in request.GET.getlist("order")
                for name in value.split(",")
            }
            if model is not None and ordering & relation_fields(model):
                refused = ", ".join(sorted(ordering & relation_fields(model)))
                return problem_response(status=400, detail=f"Ordering by {refused} is not offered.")
        if unknown:
            names = ", ".join(sorted(unknown))
            allowed = ", ".join(sorted(declared)) or "none"
            return problem_response(
                status=400,
                detail=f"Unknown query parameter(s): {names}. This endpoint accepts: {allowed}.",
            )
        return run(request, *args, **kwargs)

    return checked


def snippet_translation_of_by_id(run: Callable) -> Callable:
    """Refuse ``translation_of=root`` on the snippets listing (422) instead of failing with 500.

    core.api.middleware lets "root" through for ``translation_of`` (the pages listing's root
    page); Wagtail's snippet listing looks the value up as a primary key.
    """
    operation = inspect.unwrap(run).__self__
    if operation.operation_id != "snippets_list":
        return run

    @wraps(run)
    def checked(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.GET.get("translation_of") == "root":
            return problem_response(
                status=422,
                detail="A snippet's translation_of is its id: snippets have no root.",
                errors=[
                    {
                        "type": "int_parsing",
                        "loc": ["query", "translation_of"],
                        "msg": "Input should be a snippet's id",
                    }
                ],
            )
        return run(request, *args, **kwargs)

    return checked


def in_page_language(run: Callable) -> Callable:
    """Serve a page's detail in the page's language (rich text links to its translations).

    Find-by-path also understands a language prefix (``html_path=/en/news/…``): Wagtail's own
    routing starts from the Swedish home page only.
    """
    operation = inspect.unwrap(run).__self__
    if operation.operation_id == "pages_detail":

        @wraps(run)
        def detail(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            page_id = str(kwargs.get("page_id", ""))
            page = (
                Page.objects.filter(pk=page_id).only("url_path", "locale").first()
                if page_id.isdigit() and len(page_id) <= 18
                else None
            )
            if page is None:
                return run(request, *args, **kwargs)
            with in_language_of(page, request):
                return run(request, *args, **kwargs)

        return detail
    if operation.operation_id == "pages_find":

        @wraps(run)
        def find(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            html_path = request.GET.get("html_path", "")
            first = next(filter(None, html_path.split("/")), "")
            if first not in LANGUAGE_NAMES or first == settings.LANGUAGE_CODE:
                return run(request, *args, **kwargs)
            page = find_by_path(request, html_path)
            if page is None or not shown_pages_queryset(request).filter(pk=page.pk).exists():
                return problem_response(status=404, detail="No page matches this path.")
            query = request.GET.copy()
            query.pop("html_path")
            url = reverse("wagtailapi_v3:detail_page", kwargs={"page_id": page.pk})
            return redirect(f"{url}?{query.urlencode()}" if query else url)

        return find
    return run


def join_collections(view_func: Callable) -> Callable:
    """Fetch each listed image's or document's collection with it, not one query per item.

    Wagtail's v3 image and document schemas include the collection; their listing querysets
    don't join it. Applied to every operation, it only touches paginated lists of objects that
    have a collection: one query for all their collections.
    """

    @wraps(view_func)
    def joined(request: HttpRequest, *args, **kwargs) -> object:
        result = view_func(request, *args, **kwargs)
        items = result.get("items") if isinstance(result, dict) else None
        if items and isinstance(items, list) and hasattr(items[0], "collection_id"):
            prefetch_related_objects(items, "collection")
        return result

    return joined


def malformed_write(request: HttpRequest, exc: Exception) -> HttpResponse:
    """A write whose body has a value of the wrong shape is the sender's error (422), not ours.

    Wagtail's v3 turns a StreamField block value into Python without checking its shape first
    (an image block given a bare id, say); nothing is saved when that fails. Errors of the same
    kinds outside a write are bugs and are raised as such.
    """
    if request.method in WRITE_METHODS:
        return problem_response(
            status=422,
            detail=f"The request body has a value of the wrong shape: {exc}",
        )
    raise exc


# The prefixes refused so far (a test checks that Wagtail still adds the redirects router).
refused_routers: list[str] = []


def refusing_removed_routers(add_router: Callable) -> Callable:
    """``api.add_router`` that leaves out the routers in ``REMOVED_ROUTERS``."""

    @wraps(add_router)
    def add(prefix: str, router: object, **kwargs) -> None:
        if prefix in REMOVED_ROUTERS:
            refused_routers.append(prefix)
            return
        add_router(prefix, router, **kwargs)

    return add


def adjust_wagtail_v3_api(api: NinjaAPI, routers: Iterable[tuple[str, str]]) -> None:
    """Apply the project's adjustments to Wagtail's v3 ``api`` and add ``routers`` (prefix and
    import path of each page app's router) with the changes and previews routers after them."""
    # Wagtail's v3 page views look the queryset up by this module-level name when they run.
    v3_pages.get_pages_queryset = shown_pages_queryset

    api.title = TITLE
    api.description = DESCRIPTION
    # Wagtail's apps add their routers in their own ready(), after core's (core comes first in
    # INSTALLED_APPS): the routers left out are refused as they are added.
    api._router_registrations = [
        registration
        for registration in api._router_registrations
        if registration[0] not in REMOVED_ROUTERS
    ]
    api.add_router = refusing_removed_routers(api.add_router)
    for prefix, router in [*routers, CHANGES_ROUTER, PREVIEWS_ROUTER]:
        api.add_router(prefix, router)

    for error_class in (AttributeError, KeyError, TypeError, ValueError):
        api.add_exception_handler(error_class, malformed_write)
    api.add_decorator(reject_unknown_query_parameters, mode="view")
    api.add_decorator(in_page_language, mode="view")
    api.add_decorator(snippet_translation_of_by_id, mode="view")
    api.add_decorator(join_collections, mode="operation")
    document_openapi(api)
