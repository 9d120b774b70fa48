"""Finding the page for a URL in fewer queries than Wagtail's walk down the tree.

Wagtail routes a request from the site's root page down, one slug at a time
(``Page.route_for_request``, then each page's ``route``): the root's version in the active
language (a query for the ``Locale``), its specific instance (another), and at every level the
child with the next slug and then its specific instance (two more). An article took six queries
before its view began.

Here the same walk, with each page's own ``route`` still deciding (a routable page's sub-URLs,
the ``live`` check at the end), costs one query:

- the root page in the request's language, specific, and every page the walk passes *through*
  (a page with children: the home page, the news and remissvar indexes, a standard page with
  subpages) are kept with the content version (``core.caching.version.versioned``). They are
  the same few pages for every request beneath them, so they are found once per version and
  site, not once per page;
- the page the walk ends at is looked up with one query, straight in its own type's table when
  its parent allows only one page type (an article under the news index), else Wagtail's two;
  the images it shows come with it (``BasePage.served_pages``).

Nothing kept outlives a change of content: every change retires the version. The final pages are
never kept, so the cache holds a handful of section pages whatever the size of the site.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import get_language
from wagtail.models import Page, Site

from core.caching.version import versioned

if TYPE_CHECKING:
    from wagtail.url_routing import RouteResult


def serve(request: HttpRequest, path: str) -> HttpResponse:
    """Wagtail's page view, with the request's route found here first: Wagtail keeps a
    request's route on it (``_wagtail_route_for_request``) and takes it from there."""
    # Imported here: wagtail.views loads the page model, and page types import this module.
    from wagtail.views import serve as wagtail_serve

    if not hasattr(request, "_wagtail_route_for_request"):
        request._wagtail_route_for_request = route_for_request(request, path)
    return wagtail_serve(request, path)


def route_for_request(request: HttpRequest, path: str) -> RouteResult | None:
    """What ``Page.route_for_request`` answers: the page, and the arguments of its view, or
    None for no page."""
    site = Site.find_for_request(request)
    if site is None:
        return None
    root = versioned(
        request,
        f"route-root:{site.pk}:{get_language()}",
        lambda: site.root_page.localized.specific,
    )
    try:
        return root.route(request, [component for component in path.split("/") if component])
    except Http404:
        return None


def child_for_route(
    request: HttpRequest, parent: Page, slug: str, *, passing_through: bool
) -> Page | None:
    """``parent``'s child with ``slug``, specific, or None. A child the walk passes through
    (more of the path follows) is kept with the content version when it has children of its
    own; the final page is looked up every time."""
    if not passing_through:
        return find_child(parent, slug)
    key = f"route-child:{parent.pk}:{slug}"
    return versioned(request, key, lambda: find_child(parent, slug), keep=_is_section)


def _is_section(page: Page | None) -> bool:
    return page is not None and page.numchild > 0


def find_child(parent: Page, slug: str) -> Page | None:
    """``parent``'s child with ``slug``, specific: one query when ``parent`` allows one page
    type, else two (the page, then its type's row)."""
    allowed = parent.specific_class.allowed_subpage_models() if parent.specific_class else []
    if len(allowed) == 1:
        model = allowed[0]
        pages = model.served_pages() if hasattr(model, "served_pages") else model.objects.all()
        child = pages.child_of(parent).filter(slug=slug).first()
        if child is not None:
            return child
    # Several types allowed, or a child of another type (one moved in before a rule changed).
    child = parent.get_children().filter(slug=slug).first()
    return child.specific if child is not None else None
