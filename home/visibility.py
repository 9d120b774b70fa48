"""Whether anonymous readers may see a page, answered cheaply for templates and the APIs."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Left, Length
from django.http import HttpRequest
from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction


def public_q(path_field: str = "path") -> Q:
    """Pages with no view restriction on themselves or an ancestor, in the page query itself.

    ``path_field`` names the page's tree path in the query, e.g. "redirect_page__path".

    ``PageQuerySet.public()`` runs a separate query for the restrictions; this subquery keeps
    the menu and the language alternates to one query each.
    """
    restricted = PageViewRestriction.objects.filter(
        page__path=Left(OuterRef(path_field), Length("page__path"))
    )
    return ~Q(Exists(restricted))


def restricted_paths(request: HttpRequest | None) -> tuple[str, ...]:
    """Tree paths under which readers meet a view restriction (one query, cached on the request).

    As ``Page.get_view_restrictions`` does, an alias is restricted by its source page's
    restriction: the paths of restricted pages and of their aliases (and aliases of those).
    """
    cached = getattr(request, "_smakom_restricted_paths", None)
    if cached is not None:
        return cached
    paths = tuple(
        Page.objects.filter(
            Q(view_restrictions__isnull=False)
            | Q(alias_of__view_restrictions__isnull=False)
            | Q(alias_of__alias_of__view_restrictions__isnull=False)
        )
        .values_list("path", flat=True)
        .distinct()
    )
    if request is not None:
        request._smakom_restricted_paths = paths
    return paths


def is_public_page(page: Page | None, request: HttpRequest | None = None) -> bool:
    """Live, with no password or login restriction on the page or an ancestor.

    One query per request however many pages are checked (the restricted paths are cached on
    the request), none for a missing or draft page.
    """
    if not isinstance(page, Page) or not page.live or not page.path:
        return False
    return not page.path.startswith(restricted_paths(request))


def private_collection_ids() -> set[int]:
    """Collections under a view restriction, on themselves or on an ancestor."""
    paths = list(CollectionViewRestriction.objects.values_list("collection__path", flat=True))
    if not paths:
        return set()
    under_restriction = Q()
    for path in paths:
        under_restriction |= Q(path__startswith=path)
    return set(Collection.objects.filter(under_restriction).values_list("pk", flat=True))
