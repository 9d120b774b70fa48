"""The public site's search (``/sok/``, ``/en/search/``): news, remissvar, conferences, text
pages and the film page of the language being read (the page types with ``in_site_search``),
with editors' promotions and the pages a query names exactly (``search_exact_matches`` hooks).

It uses the same search backend as the APIs (``core/search/postgres.py`` or
``core/search/sqlite.py``, stemming each language as its own). What readers may not see is never
searched: drafts, restricted pages (aliases of restricted pages included) and aliases of another
language's pages.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.paginator import Page as PaginatorPage
from django.db import DatabaseError
from django.db.models import Q, QuerySet
from wagtail import hooks
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Page, get_page_models
from wagtail.search.utils import normalise_query_string

from core.i18n import active_language, current_site, reader_q, without_unshown
from core.pages import BasePage
from core.pagination import paginate

if TYPE_CHECKING:
    from django.http import HttpRequest

MAX_QUERY_LENGTH = 200
# Longer queries are searched but not remembered: readers rarely repeat them.
MAX_RECORDED_QUERY_LENGTH = 100
RESULTS_PER_PAGE = 10


def clean_query(raw: str) -> tuple[str, bool]:
    """The query as searched: control characters removed, white space folded, at most
    ``MAX_QUERY_LENGTH`` characters; and whether it had to be shortened."""
    text = "".join(" " if unicodedata.category(char)[0] in "CZ" else char for char in raw)
    text = " ".join(text.split())
    return text[:MAX_QUERY_LENGTH].strip(), len(text) > MAX_QUERY_LENGTH


def searched_models() -> list[type[Page]]:
    """The page types that say they are searched (``BasePage.in_site_search``)."""
    return [
        model for model in get_page_models() if issubclass(model, BasePage) and model.in_site_search
    ]


def searchable_pages(request: HttpRequest, language: str) -> QuerySet[Page]:
    """The live pages readers are shown in ``language``, of the searched types, under that
    language's live home page (nothing outside the site, nothing of an unpublished tree).

    The pages readers may not see are left out by id (``without_unshown``).
    """
    site = current_site(request)
    home = (
        Page.objects.live()
        .filter(reader_q(), translation_key=site.root_page.translation_key)
        .filter(locale__language_code=language)
        .first()
        if site is not None
        else None
    )
    if home is None:
        return Page.objects.none()
    return without_unshown(
        Page.objects.live()
        .descendant_of(home)
        .type(*searched_models())
        .filter(locale_id=home.locale_id),
        request,
    )


def ranked_matches(request: HttpRequest, language: str, query: str) -> tuple[Any, int, bool]:
    """The pages matching ``query``, most relevant first (specific pages): at most
    ``SEARCH_MAX_RESULTS``, the newest that match; how many they are; and whether more pages
    match.

    Ranking reads and scores the text of every page it ranks: ranking every match of a word
    most pages have ("kommun" is on 92,000 of 100,000 news items) took a second. So the newest
    matches are found first, unranked, in date order (the page table's index, each page's
    index entry looked up, until there are enough; a rare word uses the full-text index
    instead), and only they are ranked. A query with fewer matches than the limit is ranked
    whole, as before.
    """
    limit = settings.SEARCH_MAX_RESULTS
    newest = (
        searchable_pages(request, language)
        .order_by("-first_published_at", "-id")
        .search(query, order_by_relevance=False)
    )[: limit + 1]
    if hasattr(newest, "get_queryset"):
        # The database backends: only the ids, not the pages and their indexed text.
        ids = list(newest.get_queryset().values_list("pk", flat=True))
    else:
        ids = [page.pk for page in newest]
    ranked = Page.objects.filter(pk__in=ids[:limit]).specific().search(query)
    return ranked, len(ids[:limit]), len(ids) > limit


@dataclass
class SearchOutcome:
    query: str = ""
    shortened: bool = False
    results: PaginatorPage | None = None
    promotions: list[SearchPromotion] = field(default_factory=list)
    references: list[Page] = field(default_factory=list)
    #: More pages match than are ranked and shown (``SEARCH_MAX_RESULTS``).
    more: bool = False


def run_search(request: HttpRequest) -> SearchOutcome:
    """The search of ``?q=`` in the active language; an empty query searches nothing."""
    query, shortened = clean_query(request.GET.get("q", ""))
    outcome = SearchOutcome(query=query, shortened=shortened)
    if not query:
        return outcome
    language = active_language()
    try:
        matches, count, outcome.more = ranked_matches(request, language, query)
        outcome.results = paginate(request, matches, RESULTS_PER_PAGE, count)
    except DatabaseError:
        # SQLite's full-text syntax rejects some input (an unbalanced quote): "no results".
        return outcome
    if outcome.results.number == 1:
        recorded = record_search(query) if outcome.results.paginator.count else None
        promoted = (
            recorded or Query.objects.filter(query_string=normalise_query_string(query)).first()
        )
        if promoted is not None:
            outcome.promotions = promotions(promoted, language)
        # Pages a query names exactly (a remissvar's inquiry reference, "SOU 2011:59"), from
        # the page apps' "search_exact_matches" hooks.
        outcome.references = [
            page
            for find_exact_matches in hooks.get_hooks("search_exact_matches")
            for page in find_exact_matches(query, language)
        ]
    return outcome


def record_search(query: str) -> Query | None:
    """Count a search that found something as a hit of its query (Settings → Promoted search
    results, Reports → Search terms), and return the query; a query longer than
    ``MAX_RECORDED_QUERY_LENGTH`` is not recorded.

    Only searches with results are recorded, once per search (not per page of results): every
    distinct query readers type would otherwise be a row. ``manage.py
    searchpromotions_garbage_collect`` prunes hits older than ``WAGTAILSEARCH_HITS_MAX_AGE``
    days and the queries left without hits or promotions (docs/deploy.md).
    """
    # Stored as Wagtail stores queries: lower case, single spaces.
    key = normalise_query_string(query)
    if len(key) > MAX_RECORDED_QUERY_LENGTH:
        return None
    recorded = Query.get(key)
    recorded.add_hit()
    return recorded


def promotions(query: Query, language: str) -> list[SearchPromotion]:
    """Editors' promotions for ``query``: external links, and pages readers are shown in the
    language being read (one query)."""
    picks = (
        query.editors_picks.filter(
            Q(page__isnull=True)
            | Q(page__live=True, page__locale__language_code=language, page__in=visible_pages())
        )
        .select_related("page")
        .order_by("sort_order", "pk")
    )
    return list(picks)


def visible_pages() -> QuerySet[Page]:
    return Page.objects.filter(reader_q()).values("pk")
