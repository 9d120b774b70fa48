"""Whether anonymous readers may see a page or a file, answered cheaply for templates and the
APIs."""

from __future__ import annotations

from typing import TypeVar

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Left, Length
from django.http import HttpRequest
from wagtail.models import (
    Collection,
    CollectionMember,
    CollectionViewRestriction,
    Page,
    PageViewRestriction,
)

from core.caching.version import versioned

M = TypeVar("M", bound=CollectionMember)


def public_q(path_field: str = "path", *, from_database: bool = False) -> Q:
    """Pages with no view restriction on themselves or an ancestor, in the page query itself.

    ``path_field`` names the page's tree path in the query, e.g. "redirect_page__path".

    As ``Page.get_view_restrictions`` does when a page is served, an alias (on the page's path)
    counts as restricted when its source page or one of the source's ancestors is. That matters
    for translations: wagtail-localize creates a translated page's untranslated parents as
    aliases of the originals, so an English article can sit under an alias of a
    password-protected Swedish index. Wagtail's ``PageQuerySet.public()`` looks only at the
    aliases' own paths, and runs a query of its own; this is one subquery in the page query.

    Where the content version keeps the restricted paths in the shared cache
    (``RESPONSE_CACHE_ENABLED``), the condition is built from them instead: nothing at all when
    no page is restricted, else a ``startswith`` per restricted path, and no subquery for the
    database to run for every page (or for Django to compile on every query). With
    ``from_database``, always the subqueries: for work done as a change is committed (the
    change log, ``core.changes``), which must not read paths another process may have cached
    from before the change.
    """
    if settings.RESPONSE_CACHE_ENABLED and not from_database:
        return outside_restricted_q(None, path_field)
    restricted = _restriction_above(path_field)
    # The alias's source, and (an alias of an alias) the source's source, as restricted_paths().
    restricted_alias = Page.objects.filter(
        alias_of__isnull=False,
        path=Left(OuterRef(path_field), Length("path")),
    ).filter(
        Q(Exists(_restriction_above("alias_of__path")))
        | Q(Exists(_restriction_above("alias_of__alias_of__path")))
    )
    return ~Q(Exists(restricted)) & ~Q(Exists(restricted_alias))


def _restriction_above(path_field: str):
    """View restrictions on the page at the outer query's ``path_field`` or an ancestor."""
    return PageViewRestriction.objects.filter(
        page__path=Left(OuterRef(path_field), Length("page__path"))
    )


def restricted_paths(request: HttpRequest | None) -> tuple[str, ...]:
    """Tree paths under which readers meet a view restriction (one query when content has
    changed, then kept in the shared cache with the content version, and on the request).

    As ``Page.get_view_restrictions`` does, an alias is restricted by its source page's
    restrictions, the source's ancestors' included: the paths of restricted pages and of the
    aliases (and aliases of aliases) of pages under a restriction.
    """
    return versioned(request, "restricted-paths", _restricted_paths)


def _restricted_paths() -> tuple[str, ...]:
    # Two small sets in one query: the restricted pages (from the restrictions table) and the
    # aliases of pages under a restriction; neither scans the whole page table.
    restricted_pages = (
        Page.objects.filter(view_restrictions__isnull=False)
        .order_by()
        .values_list("path", flat=True)
    )
    restricted_aliases = (
        Page.objects.filter(alias_of__isnull=False)
        .filter(
            Q(Exists(_restriction_above("alias_of__path")))
            | Q(Exists(_restriction_above("alias_of__alias_of__path")))
        )
        .order_by()
        .values_list("path", flat=True)
    )
    return tuple(sorted(restricted_pages.union(restricted_aliases)))


def outside_restricted_q(request: HttpRequest | None, path_field: str = "path") -> Q:
    """The pages ``public_q`` lets through, as a prefix condition on each of
    ``restricted_paths`` (one query, or none when the content version keeps them) instead of
    subqueries per page: nothing at all when no page is restricted.

    For queries over very many pages (the sitemap), and for every query where the restricted
    paths are kept in the shared cache: PostgreSQL answers the prefixes from the path index,
    whereas ``public_q``'s correlated subqueries can run once per page, scanning the page table
    each time, when its statistics are stale (after a bulk import).
    """
    outside = Q()
    for path in restricted_paths(request):
        outside &= ~Q(**{f"{path_field}__startswith": path})
    return outside


def is_public_page(page: Page | None, request: HttpRequest | None = None) -> bool:
    """Live, with no password or login restriction on the page or an ancestor.

    One query per request however many pages are checked (the restricted paths are cached on
    the request), none for a missing or draft page.
    """
    if not isinstance(page, Page) or not page.live or not page.path:
        return False
    return not page.path.startswith(restricted_paths(request))


def private_collection_ids(request: HttpRequest | None = None) -> frozenset[int]:
    """Collections under a view restriction, on themselves or on an ancestor (one query when
    content has changed, then kept with the content version)."""
    return versioned(request, "private-collections", collections_under_restriction)


def collections_under_restriction() -> frozenset[int]:
    """The private collections, read from the database (one query)."""
    restriction_above = CollectionViewRestriction.objects.filter(
        collection__path=Left(OuterRef("path"), Length("collection__path"))
    )
    return frozenset(
        Collection.objects.filter(Exists(restriction_above)).values_list("pk", flat=True)
    )


def public_media(obj: M | None, request: HttpRequest | None = None) -> M | None:
    """``obj`` (an image or a document) when public pages and the APIs may show it, else None.

    The one rule for files: an image or document in a private collection (a collection under a
    login or password restriction, or below one) is never linked, shown or described on the
    public site or in the APIs, whoever is reading. Its file stays reachable through Wagtail's
    own views, which check the collection (documents) or the admin (images).
    """
    if obj is None or obj.collection_id in private_collection_ids(request):
        return None
    return obj
