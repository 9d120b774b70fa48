"""Pagination and filter parameters for listings that never fail on malformed input."""

from __future__ import annotations

import hashlib

from django.core.exceptions import EmptyResultSet
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.core.paginator import Page as PaginatorPage
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.functional import cached_property

from core.caching.version import versioned


class VersionedCountPaginator(Paginator):
    """A paginator whose count is kept with the content version: counting a listing of many
    thousand items is most of its cost, and the count changes only when content does. The key
    is the count query's SQL, so every filter and page of a listing shares its count."""

    def __init__(self, request: HttpRequest, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.request = request

    @cached_property
    def count(self) -> int:
        if not isinstance(self.object_list, QuerySet):
            return super().count
        return versioned_count(self.request, self.object_list)


def versioned_count(request: HttpRequest | None, queryset: QuerySet) -> int:
    """``queryset.count()``, kept with the content version under the count query's SQL (a
    listing of 100,000 items spends most of its time counting them)."""
    try:
        sql, params = queryset.order_by().query.sql_with_params()
    except EmptyResultSet:
        return 0
    key = hashlib.md5(f"{sql}{params!r}".encode(), usedforsecurity=False).hexdigest()
    return versioned(request, f"count:{key}", queryset.count)


def paginate(
    request: HttpRequest, queryset: QuerySet, per_page: int, count: int | None = None
) -> PaginatorPage:
    """The requested page of ``queryset``; out-of-range or malformed numbers fall back calmly.
    Its count is ``count`` where the caller knows it, else kept with the content version
    (``VersionedCountPaginator``)."""
    paginator = VersionedCountPaginator(request, queryset, per_page)
    if count is not None:
        paginator.count = count
    number = request.GET.get("page", "1")
    try:
        return paginator.page(number)
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        return paginator.page(paginator.num_pages)


def query_param(request: HttpRequest, name: str, max_length: int = 100) -> str:
    """A listing filter's value from the query string: NUL bytes dropped, trimmed, bounded."""
    return request.GET.get(name, "").replace("\x00", "").strip()[:max_length]
