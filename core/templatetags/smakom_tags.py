"""Template tags of the public site: menu, breadcrumbs, metadata, pagination and safe embeds."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import requests
from django import template
from django.conf import settings
from django.core.cache import cache
from django.db.models import Q
from django.db.models.functions import Left
from django.utils.translation import gettext
from wagtail.coreutils import safe_md5
from wagtail.embeds import embeds
from wagtail.embeds.exceptions import EmbedException
from wagtail.models import Page, Site, get_page_models

from core.i18n import (
    active_language,
    language_of,
    language_versions,
    localized,
    own_language_q,
    reader_q,
    site_root_paths,
)
from core.pages import BasePage
from core.seo.feeds import FeedLinksMixin
from core.swappable import organisation_settings_model
from core.visibility import is_public_page, public_media

if TYPE_CHECKING:
    from django.core.paginator import Page as PaginatorPage
    from django.http import HttpRequest
    from wagtail.embeds.models import Embed

register = template.Library()

# How long a failed embed lookup is remembered, so an offline server does not retry the provider
# (and wait for its timeout) on every request.
EMBED_FAILURE_TIMEOUT = 10 * 60


@register.simple_tag(takes_context=True)
def is_public(context: template.Context, page: Page | None) -> bool:
    """Whether anonymous readers may see ``page``: live, and no password or login restriction
    on it or on an ancestor. Templates link to a chosen page only when this holds.

    ``{% is_public page.banner_link as banner_link_public %}``. One query per request however
    many links are checked (the restricted paths are cached on the request), none for a missing
    or draft page.
    """
    return is_public_page(page, context.get("request"))


@register.simple_tag(takes_context=True)
def public_file(context: template.Context, obj: Any) -> Any:
    """``obj`` (an image or a document) when the public site may show it, else None: never a
    file from a private collection (``core.visibility.public_media``).

    ``{% public_file page.hero_image as hero_image %}``. One query per request however many
    files are checked.
    """
    return public_media(obj, context.get("request"))


@register.simple_tag(takes_context=True)
def page_language(context: template.Context, page: Page | None = None) -> str:
    """The language of ``page``'s content (from its site root), else the active language."""
    if isinstance(page, Page) and page.url_path:
        return language_of(page, context.get("request"))
    return active_language()


@register.simple_tag(takes_context=True)
def original_language(context: template.Context) -> str:
    """The language of what editors enter once for every language (image descriptions,
    document titles, the association's name and address), for a ``lang`` attribute, when it
    differs from the page's; else "". That is Swedish, the site's language: an English page
    shows those words marked as Swedish.
    """
    page = context.get("page")
    language = page_language(context, page if isinstance(page, Page) else None)
    return "" if language == settings.LANGUAGE_CODE else settings.LANGUAGE_CODE


@register.simple_tag(takes_context=True)
def localized_page(context: template.Context, target: Page | None) -> Page | None:
    """``target``'s live, public version in the language being read, else ``target``.

    For pages an editor chose once for every language (the banner's link, the accessibility
    statement): ``{% localized_page page.banner_link as banner_link %}``. No query when
    ``target`` is already in that language.
    """
    page = context.get("page")
    language = page_language(context, page if isinstance(page, Page) else None)
    return localized(target, language, context.get("request"))


@register.simple_tag(takes_context=True)
def structured_data(context: template.Context, image_url: str = "") -> str:
    """The page's schema.org JSON-LD (``core.seo.structured_data``), ready for a script element:
    the organisation and the site search on the home page, a NewsArticle on news, the
    breadcrumb trail on every page below the home page. No query of its own: the trail and
    the association's settings are the ones the page shows."""
    from core.seo.structured_data import page_graph

    page = context.get("page")
    request = context.get("request")
    if not isinstance(page, Page) or not page.pk:
        return ""
    site = Site.find_for_request(request) if request is not None else None
    base = site.root_url if site is not None else settings.WAGTAILADMIN_BASE_URL
    organisation = (
        organisation_settings_model().for_request(request) if request is not None else None
    )
    return page_graph(
        page,
        request,
        ancestors=trail(page, request),
        settings=organisation,
        base=base,
        image_url=image_url,
        home_name=gettext("Start"),
    )


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
    language = page_language(context, page if isinstance(page, Page) else None)
    roots = [root for root in site_root_paths(request) if root.language_code == language]
    feeds: list[dict[str, str]] = []
    if not roots:
        return {"feeds": feeds}
    listings = (
        Page.objects.live()
        .filter(reader_q(), url_path__startswith=roots[0].root_path)
        .type(*(model for model in get_page_models() if issubclass(model, FeedLinksMixin)))
        .filter(depth=roots[0].root_path.count("/") + 1)
        .order_by("path")
    )
    current_tag = context.get("current_tag") or ""
    for listing in listings:
        tag = current_tag if listing.pk == getattr(page, "pk", None) else ""
        url = listing.get_full_url(request=request)
        feeds += listing.specific_class.feed_links(listing, url, tag=tag)
    return {"feeds": feeds}


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context: template.Context) -> dict[str, Any]:
    """Live, public, in-menu children of the site's home page in the current locale (one query)."""
    request = context.get("request")
    page = context.get("page")
    site = Site.find_for_request(request) if request is not None else None
    items: list[dict[str, Any]] = []
    if site is not None and site.root_page_id:
        root = site.root_page
        if isinstance(page, Page) and page.locale_id:
            locale_q = Q(locale_id=page.locale_id)
        else:
            locale_q = Q(locale__language_code=active_language())
        home_paths = Page.objects.filter(locale_q, translation_key=root.translation_key).values(
            "path"
        )
        menu_pages = (
            Page.objects.live()
            .in_menu()
            .filter(depth=root.depth + 1)
            .annotate(parent_path=Left("path", root.depth * Page.steplen))
            .filter(reader_q(), parent_path__in=home_paths)
            .order_by("path")
        )
        current_path = getattr(page, "path", "") or ""
        # aria-current="page" marks the one link to the address being read. A listing's
        # pagination gives that to its current number, so the listing's own menu item then
        # only says "you are in this section" ("true"), as it does for an ancestor.
        listing_page = context.get("listing_page")
        paginated = getattr(getattr(listing_page, "paginator", None), "num_pages", 1) > 1
        for menu_page in menu_pages:
            if page is not None and menu_page.pk == getattr(page, "pk", None) and not paginated:
                current = "page"
            elif current_path.startswith(menu_page.path):
                current = "true"
            else:
                current = ""
            items.append(
                {
                    "title": menu_page.title,
                    "url": menu_page.get_url(request=request),
                    "current": current,
                }
            )
    return {"menu_items": items, "request": request}


def trail(page: Page | None, request: HttpRequest | None) -> list[Page]:
    """The live ancestors of ``page`` from its site's home page down, for the breadcrumbs and
    their structured data: one query, remembered on the request."""
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
        ancestors = list(
            Page.objects.ancestor_of(page)
            .live()
            .filter(own_language_q(), url_path__startswith=roots[0])
            .order_by("depth")
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


@register.simple_tag(takes_context=True)
def canonical_url(context: template.Context, page: Page | None = None) -> str:
    """The absolute URL of ``page``; a listing's later pages keep their ``page`` number.

    The number is the one shown (the context's paginator page ``listing_page``), never the one
    asked for: ``?page=999`` shows, and so names, the last page; other pages ignore ``?page``.
    """
    request = context.get("request")
    page = page or context.get("page")
    if not isinstance(page, Page):
        return request.build_absolute_uri(request.path) if request is not None else ""
    url = page.get_full_url(request=request) or ""
    if url:
        # A listing's sub-route (a year archive's "2012/") is part of the address.
        url += context.get("route_suffix", "")
    number = getattr(context.get("listing_page"), "number", None)
    if url and isinstance(number, int) and number > 1:
        url = f"{url}?page={number}"
    return url


@register.simple_tag(takes_context=True)
def absolute_url(context: template.Context, url: str) -> str:
    """``url`` made absolute against the current site's root URL."""
    if not url or "://" in url:
        return url or ""
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    if site is not None:
        return site.root_url.rstrip("/") + url
    if request is not None:
        return request.build_absolute_uri(url)
    return url


@register.simple_tag(takes_context=True)
def page_alternates(context: template.Context, page: Page) -> dict[str, Any]:
    """hreflang alternates: the page and its live, public translations, plus x-default (the
    Swedish version, else the page itself). A language whose only version is its home page is
    not an alternate. One query, shared with the language switcher.
    """
    versions = language_versions(context.get("request"), page)
    suffix = context.get("route_suffix", "")
    if suffix:
        # A listing's sub-route (a year archive, "2012/") names only itself: the other
        # language's listing may have nothing for that year.
        language = page_language(context, page)
        versions = {code: version for code, version in versions.items() if code == language}
    alternates = [
        {"language": version.language, "url": version.url + suffix}
        for version in versions.values()
        if version.is_translation
    ]
    default = versions.get(settings.LANGUAGE_CODE)
    if default is not None and default.is_translation:
        default_url = default.url + suffix
    else:
        default_url = (page.get_full_url(request=context.get("request")) or "") + suffix
    return {"alternates": alternates, "default": default_url}


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context: template.Context, page: Page | None = None) -> dict[str, Any]:
    """Links to the other languages: to this page's translation, else to that language's home
    page (saying so). The page being read counts as the untranslated page's original on the
    404 that refuses to show it in the wrong language.
    """
    request = context.get("request")
    page = page or context.get("page") or context.get("untranslated_page")
    if not isinstance(page, Page):
        page = None
    current = page_language(context, page) if page is not None else active_language()
    if context.get("untranslated_page") is not None:
        current = active_language()
    links = [
        version
        for language, version in language_versions(request, page).items()
        if language != current
    ]
    return {"links": links, "current": current}


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


@register.filter
def choice_label(bound_block: Any) -> str:
    """The human label of a ChoiceBlock's value (``value.bound_blocks.stance|choice_label``)."""
    value = getattr(bound_block, "value", bound_block)
    block = getattr(bound_block, "block", None)
    field = getattr(block, "field", None)
    for choice_value, label in getattr(field, "choices", ()):
        if isinstance(label, (list, tuple)):
            continue
        if str(choice_value) == str(value):
            return str(label)
    return str(value or "")


@register.simple_tag(takes_context=True)
def safe_embed(
    context: template.Context, url: str | None, max_width: int | None = None
) -> Embed | None:
    """The embed for ``url``, or ``None`` when it cannot be fetched (offline, unknown provider…).

    Templates then show the poster and a plain link; nothing here may raise. Embeds that
    ``core.prefetch.prefetch_embeds`` already found for this request cost no query.
    """
    if not url:
        return None
    prefetched = getattr(context.get("request"), "_smakom_embeds", {})
    if max_width is None and url in prefetched:
        embed = prefetched[url]
        return embed if embed.html else None
    failure_key = (
        "smakom:embed-failed:"
        + safe_md5(f"{url}\n{max_width}".encode(), usedforsecurity=False).hexdigest()
    )
    if cache.get(failure_key):
        return None
    try:
        embed = embeds.get_embed(url, max_width=max_width)
    except (EmbedException, requests.RequestException, OSError, ValueError):
        cache.set(failure_key, True, EMBED_FAILURE_TIMEOUT)
        return None
    if not embed.html:
        return None
    return embed


@register.simple_tag(takes_context=True)
def social_image(context: template.Context, page: Page | None = None) -> Any:
    """The image shown when ``page`` is shared: its own, else the association's default; never
    one from a private collection."""
    page = page or context.get("page")
    request = context.get("request")
    candidates = page.get_social_images() if isinstance(page, BasePage) else []
    if request is not None:
        organisation = organisation_settings_model()
        with contextlib.suppress(organisation.DoesNotExist):
            candidates.append(organisation.for_request(request).default_social_image)
    return next((image for image in candidates if public_media(image, request) is not None), None)


@register.filter
def hostname(url: str | None) -> str:
    """The host of ``url`` without a leading "www." (for "Se filmen hos youtube.com")."""
    host = urlsplit(url or "").hostname or ""
    return host.removeprefix("www.")
