"""Template tags of the site's navigation: the main menu and the breadcrumbs.

``trail`` (the breadcrumbs' ancestors) is a plain function too: the structured data's
breadcrumb list (``seo_tags.structured_data``) uses the same trail, at no extra query.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import template
from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Left
from wagtail.models import Page, Site

from core.caching.version import versioned
from core.i18n import active_language, own_language_q, reader_q, site_root_paths

if TYPE_CHECKING:
    from django.http import HttpRequest

register = template.Library()


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context: template.Context) -> dict[str, Any]:
    """Live, public, in-menu children of the site's home page in the current locale (one query
    when content has changed, then none: the pages are kept with the content version)."""
    request = context.get("request")
    page = context.get("page")
    site = Site.find_for_request(request) if request is not None else None
    items: list[dict[str, Any]] = []
    if site is not None and site.root_page_id:
        root = site.root_page
        if isinstance(page, Page) and page.locale_id:
            locale_q, locale = Q(locale_id=page.locale_id), f"locale-{page.locale_id}"
        else:
            language = active_language()
            locale_q, locale = Q(locale__language_code=language), f"language-{language}"
        key = f"main-menu:{site.pk}:{locale}"
        menu_pages = versioned(request, key, lambda: _menu_pages(root, locale_q, request))
        current_path = getattr(page, "path", "") or ""
        # aria-current="page" marks the one link to the address being read. A listing's
        # pagination gives that to its current number, so the listing's own menu item then
        # only says "you are in this section" ("true"), as it does for an ancestor.
        listing_page = context.get("listing_page")
        paginated = getattr(getattr(listing_page, "paginator", None), "num_pages", 1) > 1
        for menu_page in menu_pages:
            if page is not None and menu_page["pk"] == getattr(page, "pk", None) and not paginated:
                current = "page"
            elif current_path.startswith(menu_page["path"]):
                current = "true"
            else:
                current = ""
            items.append({"title": menu_page["title"], "url": menu_page["url"], "current": current})
    return {"menu_items": items, "request": request}


def _menu_pages(root: Page, locale_q: Q, request: HttpRequest | None) -> list[dict[str, Any]]:
    """The menu's pages (one query): kept with the content version, the same for every reader
    of a site and language (``core.caching.version.versioned``)."""
    home_paths = Page.objects.filter(locale_q, translation_key=root.translation_key).values("path")
    # Every language's menu in the order of the site's own tree: a translation is made when an
    # editor gets to it, so its place among its siblings says nothing about the menu's order.
    original_path = Page.objects.filter(
        translation_key=OuterRef("translation_key"), locale_id=root.locale_id
    ).values("path")[:1]
    menu_pages = (
        Page.objects.live()
        .in_menu()
        .filter(depth=root.depth + 1)
        .annotate(parent_path=Left("path", root.depth * Page.steplen))
        .filter(reader_q(), parent_path__in=home_paths)
        .annotate(order=Coalesce(Subquery(original_path), "path"))
        .order_by("order", "path")
    )
    return [
        {
            "pk": menu_page.pk,
            "path": menu_page.path,
            "title": menu_page.title,
            "url": menu_page.get_url(request=request),
        }
        for menu_page in menu_pages
    ]


def trail(page: Page | None, request: HttpRequest | None) -> list[Page]:
    """The live ancestors of ``page`` from its site's home page down, for the breadcrumbs and
    their structured data: one query, remembered on the request, and kept with the content
    version for the children of the same parent."""
    if not (isinstance(page, Page) and page.pk and page.depth and page.depth > 2):
        return []
    cache = request.__dict__.setdefault("_smakom_trails", {}) if request is not None else {}
    if page.pk in cache:
        return cache[page.pk]
    roots = [
        root.root_path
        for root in site_root_paths(request)
        if page.url_path.startswith(root.root_path)
    ]
    ancestors: list[Page] = []
    if roots:
        # An alias of another language's page (an untranslated parent) has no address.
        # The same for every child of the parent: kept with the content version.
        ancestors = versioned(
            request,
            f"trail:{roots[0]}:{page.path[: -Page.steplen]}",
            lambda: list(
                Page.objects.ancestor_of(page)
                .live()
                .filter(own_language_q(), url_path__startswith=roots[0])
                .order_by("depth")
            ),
        )
    cache[page.pk] = ancestors
    return ancestors


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context: template.Context, page: Page | None = None) -> dict[str, Any]:
    """The live ancestors of ``page`` from its site's home page down (one query)."""
    request = context.get("request")
    page = page or context.get("page")
    ancestors = trail(page, request)
    return {"ancestors": ancestors, "page": page, "request": request}
