"""Template tags of listings and search results: what a result says about itself, the feeds'
autodiscovery links, and pagination (a page's query string and its range of page numbers)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import template
from wagtail.models import Page, get_page_models

from core.caching.version import versioned
from core.i18n import reader_q, site_root_paths
from core.pages import BasePage
from core.seo.feeds import FeedLinksMixin
from core.templatetags.language_tags import reading_language

if TYPE_CHECKING:
    from django.core.paginator import Page as PaginatorPage

register = template.Library()


@register.simple_tag
def result_facts(page: Page) -> dict[str, Any]:
    """What a search result says about itself: its type and its date (a news item's date, a
    response's sent date, a conference's first day), where it has one."""
    date = page.listing_date() if isinstance(page, BasePage) else None
    return {"type": page._meta.verbose_name, "date": date}


@register.inclusion_tag("includes/feed_links.html", takes_context=True)
def feed_links(context: template.Context) -> dict[str, Any]:
    """Autodiscovery links to the feeds of the language being read: those of the listings
    below the home page that have feeds (``FeedLinksMixin``: news and remissvar in RSS and Atom,
    a tag's feed too on a tag's listing, the conferences' iCal feed). One query.
    """
    request = context.get("request")
    page = context.get("page")
    language = reading_language(context)
    roots = [root for root in site_root_paths(request) if root.language_code == language]
    feeds: list[dict[str, str]] = []
    if not roots:
        return {"feeds": feeds}
    root_path = roots[0].root_path
    listings = versioned(request, f"feed-listings:{root_path}", lambda: _feed_listings(root_path))
    current_tag = context.get("current_tag") or ""
    for listing in listings:
        tag = current_tag if listing.pk == getattr(page, "pk", None) else ""
        url = listing.get_full_url(request=request)
        feeds += listing.specific_class.feed_links(listing, url, tag=tag)
    return {"feeds": feeds}


def _feed_listings(root_path: str) -> list[Page]:
    """The listings with feeds directly below the home page at ``root_path`` (one query; kept
    with the content version)."""
    return list(
        Page.objects.live()
        .filter(reader_q(), url_path__startswith=root_path)
        .type(*(model for model in get_page_models() if issubclass(model, FeedLinksMixin)))
        .filter(depth=root_path.count("/") + 1)
        .order_by("path")
    )


@register.simple_tag(takes_context=True)
def query_string(context: template.Context, **changes: Any) -> str:
    """The current query string with ``changes`` applied; empty values are dropped."""
    request = context.get("request")
    params = request.GET.copy() if request is not None else None
    if params is None:
        from django.http import QueryDict

        params = QueryDict(mutable=True)
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = str(value)
    for key in [key for key, values in params.lists() if not any(values)]:
        params.pop(key)
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.simple_tag
def elided_page_range(page_obj: PaginatorPage, on_each_side: int = 2, on_ends: int = 1) -> list:
    """Page numbers around the current one, with the paginator's ellipsis in the gaps."""
    return list(
        page_obj.paginator.get_elided_page_range(
            page_obj.number, on_each_side=on_each_side, on_ends=on_ends
        )
    )
