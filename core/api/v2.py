"""API v2 endpoints: Wagtail's viewsets, tightened for what anonymous consumers may see and cost.

- Malformed filter values (a date such as ``2011-13-45``, an unknown ``search_operator``, a
  foreign key beyond the database's integer range) are the consumer's error: 400, not 500.
- Listings fetch what they serialise in a fixed number of queries: related objects are joined
  or prefetched, and long rich content (StreamField bodies, rich text with links) is on the
  detail endpoint only, where one page costs the same whatever the listing's length.
- Redirects that lead to a page anonymous readers may not see are not listed.
"""

from __future__ import annotations

from collections import defaultdict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest
from django.urls import NoReverseMatch
from rest_framework import status
from rest_framework.fields import Field
from rest_framework.response import Response
from taggit.managers import _TaggableManager
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.serializers import PageSerializer
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.contrib.redirects.api.v2 import RedirectsAPIViewSet
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents.api.v2.serializers import DocumentSerializer
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images import get_image_model
from wagtail.images.api.v2.serializers import ImageSerializer
from wagtail.images.api.v2.views import ImagesAPIViewSet

from core.api.fields import (
    IMAGE_FILTER,
    SOCIAL_IMAGE_FILTER,
    TEASER_IMAGE_FILTER,
    PageLinkField,
    relation_fields,
    shown_pages,
)
from core.i18n import find_by_path, in_language_of, language_of, prefetch_localized
from core.pagination import versioned_count
from core.prefetch import prefetch_tags, tag_names
from core.request_cache import once_per_request
from core.visibility import public_q

# Fields too costly to serialise per item in a listing; ask the detail endpoint for them.
# The other language versions cost a query per page, so they too are detail-only.
DETAIL_ONLY_FIELDS = ["body", "transcript", "background", "translations"]


class _CountKept:
    """A listing's queryset as ``WagtailPagination`` uses it (``count()`` and a slice), its count
    kept with the content version."""

    def __init__(self, queryset: QuerySet, request: HttpRequest) -> None:
        self.queryset, self.request = queryset, request

    def count(self) -> int:
        return versioned_count(self.request, self.queryset)

    def __getitem__(self, key: slice) -> QuerySet:
        return self.queryset[key]


class CountKeptPagination(WagtailPagination):
    """Wagtail's ``limit``/``offset`` pagination with ``meta.total_count`` kept with the content
    version (``core.pagination.versioned_count``): counting 100,000 news items is most of what
    a listing costs. Search results are counted as Wagtail counts them."""

    def paginate_queryset(self, queryset, request, view=None):
        if isinstance(queryset, QuerySet):
            queryset = _CountKept(queryset, request)
        return super().paginate_queryset(queryset, request, view)


class ClientErrorsMixin:
    """Turns errors caused by malformed query values into 400 answers with a message.

    It also refuses filtering and ordering by relations (see ``core.api.fields.relation_fields``),
    and keeps listings' counts with the content version (``CountKeptPagination``).
    """

    pagination_class = CountKeptPagination

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        relations = relation_fields(queryset.model) - {"tags"}
        unknown = set(self.request.GET) - self.known_query_parameters
        ordering = self.request.GET.get("order", "").lstrip("-")
        refused = sorted((unknown & relations) | ({ordering} & relations))
        if refused:
            raise BadRequestError(f"Filtering or ordering by {', '.join(refused)} is not offered.")
        languages = [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]
        if "locale" in self.request.GET and self.request.GET["locale"] not in languages:
            # Wagtail answers 404, as if the endpoint were missing; it is the filter's value.
            raise BadRequestError(
                f"Unknown locale {self.request.GET['locale'][:20]!r}: use one of "
                f"{', '.join(languages)}."
            )
        return super().filter_queryset(queryset)

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, ValidationError):
            return self._bad_request("; ".join(exc.messages))
        if isinstance(exc, OverflowError):
            return self._bad_request("A number in the query is too large.")
        if isinstance(exc, ValueError):
            return self._bad_request(f"A query parameter has a value that can't be used: {exc}")
        if (
            isinstance(exc, DatabaseError)
            and connection.vendor == "sqlite"
            and ("search" in self.request.GET)
        ):
            # SQLite's full-text syntax rejects e.g. an unbalanced quote; PostgreSQL doesn't.
            return self._bad_request("The search text can't be parsed; remove quotation marks.")
        return super().handle_exception(exc)

    @staticmethod
    def _bad_request(message: str) -> Response:
        return Response({"message": message}, status=status.HTTP_400_BAD_REQUEST)


class PrefetchedTagsField(Field):
    """Tag names, sorted; unlike Wagtail's TagsField it reads the prefetched tags
    (``core.prefetch.prefetch_tags``)."""

    def get_attribute(self, instance):
        return instance

    def to_representation(self, instance) -> list[str]:
        return tag_names(instance)


class RequestHtmlUrlField(Field):
    """A page's ``html_url``, as Wagtail's field gives it, worked out with the request: without
    it, Wagtail reads the sites' root paths from the cache again for every item."""

    def get_attribute(self, instance):
        return instance

    def to_representation(self, page) -> str | None:
        try:
            return page.get_full_url(request=self.context.get("request"))
        except NoReverseMatch:
            return None


class PrefetchedTagsMixin:
    def build_property_field(self, field_name: str, model_class: type) -> tuple:
        if isinstance(getattr(model_class, field_name), _TaggableManager):
            return PrefetchedTagsField, {}
        return super().build_property_field(field_name, model_class)


class SmakomPageSerializer(PrefetchedTagsMixin, PageSerializer):
    html_url = RequestHtmlUrlField(read_only=True)

    def to_representation(self, instance):
        # Labels, dates and rich text links in the page's own language, whatever the request's.
        with in_language_of(instance, self.context.get("request")):
            return super().to_representation(instance)


class SmakomImageSerializer(PrefetchedTagsMixin, ImageSerializer):
    pass


class SmakomDocumentSerializer(PrefetchedTagsMixin, DocumentSerializer):
    pass


def image_prefetch(field: str, *filter_specs: str) -> Prefetch:
    """Prefetch an image foreign key together with the renditions the API serialises."""
    images = get_image_model().objects.prefetch_renditions(*filter_specs)
    return Prefetch(field, queryset=images)


def prefetch_linked_versions(pages: list, request: HttpRequest) -> None:
    """Look up, in one query per language, the versions in each listed page's language of the
    pages it links to (``PageLinkField`` fields such as a news item's response), so that a
    listing of English items costs the same however many of them link to Swedish pages."""
    by_language: dict[str, list] = defaultdict(list)
    for page in pages:
        names = [
            field.name
            for field in getattr(page, "api_fields", [])
            if isinstance(field.serializer, PageLinkField)
        ]
        targets = [getattr(page, name) for name in names if getattr(page, name, None)]
        if targets:
            by_language[language_of(page, request)].extend(targets)
    for language, targets in by_language.items():
        prefetch_localized(targets, language, request)


class SmakomPagesAPIViewSet(ClientErrorsMixin, PagesAPIViewSet):
    base_serializer_class = SmakomPageSerializer
    detail_only_fields = [*PagesAPIViewSet.detail_only_fields, *DETAIL_ONLY_FIELDS]

    def get_queryset(self) -> QuerySet:
        queryset = shown_pages(super().get_queryset(), self.request).select_related("locale")
        return self.with_related(queryset)

    def get_base_queryset(self) -> QuerySet:
        # Wagtail builds it (two queries: the view restrictions, the home page's translations)
        # three times for a listing: once per request is enough.
        return once_per_request(
            self.request, "api-v2-base-queryset", super().get_base_queryset
        ).all()

    def paginate_queryset(self, queryset: QuerySet) -> list | None:
        pages = super().paginate_queryset(queryset)
        if pages:
            prefetch_linked_versions(pages, self.request)
        return pages

    def find_object(self, queryset: QuerySet, request: HttpRequest):
        # html_path may carry a language prefix (/en/news/…), which Wagtail's routing ignores.
        if "html_path" in request.GET:
            page = find_by_path(request, request.GET["html_path"])
            return page if page is not None and queryset.filter(pk=page.pk).exists() else None
        return super().find_object(queryset, request)

    @staticmethod
    def with_related(queryset: QuerySet) -> QuerySet:
        """Join or prefetch what each page type's ``api_fields`` read."""
        model = queryset.model
        names = {field.name for field in getattr(model, "api_fields", [])}
        related = []
        prefetches = []
        for name in names:
            try:
                field = model._meta.get_field(name)
            except Exception:  # noqa: BLE001,S112 - an api_field that is not a model field
                continue
            if not field.many_to_one:
                continue
            if field.related_model is get_image_model():
                filters = {
                    "social_image": (SOCIAL_IMAGE_FILTER,),
                    "hero_image": (IMAGE_FILTER, TEASER_IMAGE_FILTER),
                }.get(name, (IMAGE_FILTER,))
                prefetches.append(image_prefetch(name, *filters))
            else:
                related.append(name)
        if "tags" in names:
            prefetches.append(prefetch_tags())
        if related:
            queryset = queryset.select_related(*related)
        if prefetches:
            queryset = queryset.prefetch_related(*prefetches)
        return queryset


class SmakomImagesAPIViewSet(ClientErrorsMixin, ImagesAPIViewSet):
    base_serializer_class = SmakomImageSerializer

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().prefetch_related(prefetch_tags())


class SmakomDocumentsAPIViewSet(ClientErrorsMixin, DocumentsAPIViewSet):
    base_serializer_class = SmakomDocumentSerializer

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().prefetch_related(prefetch_tags())


class SmakomRedirectsAPIViewSet(ClientErrorsMixin, RedirectsAPIViewSet):
    def get_queryset(self) -> QuerySet:
        # External redirects, and redirects to live pages without view restrictions.
        visible_page = Q(redirect_page__live=True) & public_q("redirect_page__path")
        return (
            super()
            .get_queryset()
            .filter(Q(redirect_page__isnull=True) | visible_page)
            .select_related("redirect_page")
        )

    def find_object(self, queryset: QuerySet, request: HttpRequest) -> Redirect | None:
        # Wagtail finds a path's redirect without the queryset's filter; apply it.
        redirect = super().find_object(queryset, request)
        if redirect is not None and not queryset.filter(pk=redirect.pk).exists():
            raise Http404("No redirect matches this path.")
        return redirect


api_v2_router = WagtailAPIRouter("wagtailapi")
api_v2_router.register_endpoint("pages", SmakomPagesAPIViewSet)
api_v2_router.register_endpoint("images", SmakomImagesAPIViewSet)
api_v2_router.register_endpoint("documents", SmakomDocumentsAPIViewSet)
api_v2_router.register_endpoint("redirects", SmakomRedirectsAPIViewSet)
