"""The APIs: Wagtail's v2 (Django REST framework) and v3 (django-ninja) with the project's routers.

v3 is Wagtail's own ``NinjaAPI`` instance; the project's routers are added to it here, before
``config.urls`` asks for its URLs, so they share its OpenAPI schema, docs and error format.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.db.models import QuerySet, prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from ninja.operation import Operation
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v3.errors import problem_response
from wagtail.api.v3.routers import pages as v3_pages
from wagtail.api.v3.schemas.pages import BASE_PAGE_READ_FIELDS
from wagtail.api.v3.urls import api as api_v3  # Its schemas are built in English: home.apps.
from wagtail.api.validators import APIFieldValidator
from wagtail.coreutils import resolve_model_string
from wagtail.models import Page

from articles.routers import router as news_router
from consultation_responses.routers import router as consultation_responses_router
from events.routers import router as events_router
from home.api import relation_fields, shown_pages
from home.i18n import LANGUAGE_NAMES, find_by_path, in_language_of
from home.routers import router as previews_router
from home.schemas import LANGUAGE_CODES
from members.routers import router as members_router

from .api_openapi import document_openapi
from .api_v2 import (
    SmakomDocumentsAPIViewSet,
    SmakomImagesAPIViewSet,
    SmakomPagesAPIViewSet,
    SmakomRedirectsAPIViewSet,
)
from .middleware import WRITE_METHODS


def shown_pages_queryset(request: HttpRequest, model: type[Page] = Page) -> QuerySet:
    """Wagtail's v3 pages queryset, narrowed for anonymous consumers to what readers are shown.

    Wagtail's public tier misses pages under an alias of a restricted page (wagtail-localize
    makes a translation's untranslated parents such aliases) and keeps aliases of other
    languages' pages; ``home.api.shown_pages`` applies the site's rule. Token holders keep
    Wagtail's permission-based queryset.
    """
    queryset = wagtail_get_pages_queryset(request, model)
    if request.user.is_authenticated:
        return queryset
    return shown_pages(queryset, request)


# Wagtail's v3 page views look the queryset up by this module-level name when they run.
wagtail_get_pages_queryset = v3_pages.get_pages_queryset
v3_pages.get_pages_queryset = shown_pages_queryset

api_v2_router = WagtailAPIRouter("wagtailapi")
api_v2_router.register_endpoint("pages", SmakomPagesAPIViewSet)
api_v2_router.register_endpoint("images", SmakomImagesAPIViewSet)
api_v2_router.register_endpoint("documents", SmakomDocumentsAPIViewSet)
api_v2_router.register_endpoint("redirects", SmakomRedirectsAPIViewSet)

api_v3.title = "SmåKom API"
api_v3.description = (
    "Wagtail's v3 API for SmåKom's pages, plus the project's own typed endpoints: news teasers "
    "and consultation responses (remissvar). Reads are public; writes need a bearer token and "
    "are off unless the site enables them."
)
# Wagtail's v3 redirects router lists every redirect, including those to drafts and private
# pages. Redirects are served by v2 (/api/v2/redirects/), which leaves those out.
api_v3._router_registrations = [
    registration
    for registration in api_v3._router_registrations
    if registration[0] != "/redirects/"
]
api_v3.add_router("/news/", news_router)
api_v3.add_router("/consultation-responses/", consultation_responses_router)
api_v3.add_router("/events/", events_router)
api_v3.add_router("/members/", members_router)
api_v3.add_router("/previews/", previews_router)


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

    Relations are not among them (see ``home.api.relation_fields``).
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

    config.middleware lets "root" through for ``translation_of`` (the pages listing's root
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


for error_class in (AttributeError, KeyError, TypeError, ValueError):
    api_v3.add_exception_handler(error_class, malformed_write)

api_v3.add_decorator(reject_unknown_query_parameters, mode="view")
api_v3.add_decorator(in_page_language, mode="view")
api_v3.add_decorator(snippet_translation_of_by_id, mode="view")
api_v3.add_decorator(join_collections, mode="operation")
document_openapi(api_v3)
