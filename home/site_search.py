"""The public site's search (``/sok/``, ``/en/search/``): news, remissvar, conferences and text
pages of the language being read, with editors' promotions and exact inquiry references.

It uses the same search backend as the APIs (``home/search.py`` on PostgreSQL, stemming each
language as its own). What readers may not see is never searched: drafts, restricted pages
(aliases of restricted pages included) and aliases of another language's pages.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.paginator import Page as PaginatorPage
from django.db import DatabaseError
from django.db.models import Q, QuerySet
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Page
from wagtail.search.utils import normalise_query_string

from .i18n import active_language, current_site, reader_q, without_unshown
from .pagination import paginate

if TYPE_CHECKING:
    from django.http import HttpRequest

MAX_QUERY_LENGTH = 200
# Longer queries are searched but not remembered: readers rarely repeat them.
MAX_RECORDED_QUERY_LENGTH = 100
RESULTS_PER_PAGE = 10
# "SOU 2011:59", "Ds 2012:3", "Prop. 2011/12:172": searched for as the exact reference too.
REFERENCE = re.compile(r"(SOU|Ds|Prop\.?)\s*\d{4}(/\d{2})?:\d+", re.IGNORECASE)


def clean_query(raw: str) -> tuple[str, bool]:
    """The query as searched: control characters removed, white space folded, at most
    ``MAX_QUERY_LENGTH`` characters; and whether it had to be shortened."""
    text = "".join(" " if unicodedata.category(char)[0] in "CZ" else char for char in raw)
    text = " ".join(text.split())
    return text[:MAX_QUERY_LENGTH].strip(), len(text) > MAX_QUERY_LENGTH


def searched_models() -> list[type[Page]]:
    from articles.models import ArticlePage
    from consultation_responses.models import ConsultationResponsePage
    from events.models import EventPage

    from .models import StandardPage

    return [ArticlePage, ConsultationResponsePage, EventPage, StandardPage]


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
        .filter(locale_id=home.locale_id)
        .specific()
    )


@dataclass
class SearchOutcome:
    query: str = ""
    shortened: bool = False
    results: PaginatorPage | None = None
    promotions: list[SearchPromotion] = field(default_factory=list)
    references: list[Page] = field(default_factory=list)


def run_search(request: HttpRequest) -> SearchOutcome:
    """The search of ``?q=`` in the active language; an empty query searches nothing."""
    query, shortened = clean_query(request.GET.get("q", ""))
    outcome = SearchOutcome(query=query, shortened=shortened)
    if not query:
        return outcome
    language = active_language()
    try:
        outcome.results = paginate(
            request, searchable_pages(request, language).search(query), RESULTS_PER_PAGE
        )
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
        reference = REFERENCE.search(query)
        if reference:
            outcome.references = exact_references(reference.group(0), language)
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


def reference_key(reference: str) -> str:
    """A reference as compared: case, spaces and dots aside ("prop.2011/12:172")."""
    return re.sub(r"[\s.]", "", reference).casefold()


def exact_references(reference: str, language: str) -> list[Page]:
    """The responses whose inquiry reference is ``reference``, case, spaces and dots aside."""
    from consultation_responses.models import ConsultationResponsePage

    number = re.search(r"\d{4}(/\d{2})?:\d+", reference).group(0)
    candidates = (
        ConsultationResponsePage.objects.live()
        .filter(reader_q(), locale__language_code=language)
        .filter(inquiry_reference__icontains=number)
        .order_by("-pk")
    )
    return [
        page
        for page in candidates
        if reference_key(page.inquiry_reference) == reference_key(reference)
    ]
