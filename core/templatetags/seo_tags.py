"""Template tags of a page's metadata for search engines and shared links: the canonical URL,
the hreflang alternates, the image shown when the page is shared, absolute URLs and the
schema.org structured data (``includes/meta.html``)."""

from __future__ import annotations

import contextlib
from typing import Any

from django import template
from django.conf import settings
from django.utils.translation import gettext
from wagtail.models import Page, Site

from core.i18n import language_versions
from core.pages import BasePage
from core.swappable import organisation_settings_model
from core.templatetags.language_tags import page_language
from core.templatetags.navigation_tags import trail
from core.visibility import public_media

register = template.Library()


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


@register.simple_tag(takes_context=True)
def social_image(context: template.Context, page: Page | None = None) -> Any:
    """The image shown when ``page`` is shared: its own, else the association's default; never
    one from a private collection."""
    page = page or context.get("page")
    request = context.get("request")
    own = page.get_social_images() if isinstance(page, BasePage) else []
    for image in own:
        if public_media(image, request) is not None:
            return image
    # The default only when the page has none: it is an image to fetch.
    if request is not None:
        organisation = organisation_settings_model()
        with contextlib.suppress(organisation.DoesNotExist):
            default = organisation.for_request(request).default_social_image
            if public_media(default, request) is not None:
                return default
    return None
