"""Pagination and filter parameters for listings that never fail on malformed input."""

from __future__ import annotations

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.core.paginator import Page as PaginatorPage
from django.db.models import QuerySet
from django.http import HttpRequest


def paginate(request: HttpRequest, queryset: QuerySet, per_page: int) -> PaginatorPage:
    """The requested page of ``queryset``; out-of-range or malformed numbers fall back calmly."""
    paginator = Paginator(queryset, per_page)
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
