"""schema.org data (JSON-LD) for every page's head: each page type's own items
(``BasePage.structured_data``: the organisation and the site's search on the home page, a
NewsArticle on news, an Event on conferences) and the breadcrumb trail on every page below the
home page."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation

from core.i18n import language_of
from core.pages import BasePage

if TYPE_CHECKING:
    from django.http import HttpRequest
    from wagtail.contrib.settings.models import BaseSiteSetting as OrganisationSettings
    from wagtail.models import Page


@dataclass(frozen=True)
class GraphContext:
    """What a page's items share: the request, the association's settings (the site's
    ``ORGANISATION_SETTINGS_MODEL``), the site's base URL, the page's language and the URL of
    the image the page is shared with."""

    request: HttpRequest | None
    settings: OrganisationSettings | None
    base: str
    language: str
    image_url: str = ""

    def organisation(self) -> dict[str, Any]:
        return organisation(self.settings, self.base)


def absolute(url: str, base: str) -> str:
    return url if "://" in url else base.rstrip("/") + url


def organisation(settings: OrganisationSettings | None, base: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@type": "Organization",
        "@id": f"{base}/#organisation",
        "name": (settings.name if settings else "") or "SmåKom",
        "alternateName": "SmåKom",
        "url": f"{base}/",
        "logo": absolute(static("img/logo.svg"), base),
        "foundingDate": "1989",
    }
    if settings is not None:
        if settings.email:
            data["email"] = settings.email
        if settings.phone:
            data["telephone"] = settings.phone
        if settings.address:
            data["address"] = {
                "@type": "PostalAddress",
                "streetAddress": ", ".join(settings.address.splitlines()),
                "addressCountry": "SE",
            }
    return data


def website(page: Page, base: str, language: str) -> dict[str, Any]:
    """The site and its search, for search engines' sitelinks search box."""
    with translation.override(language):
        search_url = absolute(reverse("search"), base)
    return {
        "@type": "WebSite",
        "@id": f"{page.get_full_url()}#website",
        "url": page.get_full_url(),
        "name": "SmåKom",
        "inLanguage": language,
        "publisher": {"@id": f"{base}/#organisation"},
        "potentialAction": {
            "@type": "SearchAction",
            "target": f"{search_url}?q={{search_term_string}}",
            "query-input": "required name=search_term_string",
        },
    }


def breadcrumb_list(page: Page, ancestors: list[Page], home_name: str) -> dict[str, Any] | None:
    if not ancestors:
        return None
    trail = [*ancestors, page]
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": home_name if position == 1 else crumb.title,
                "item": crumb.get_full_url(),
            }
            for position, crumb in enumerate(trail, start=1)
        ],
    }


def page_graph(
    page: Page,
    request: HttpRequest | None,
    *,
    ancestors: list[Page],
    settings: OrganisationSettings | None,
    base: str,
    image_url: str = "",
    home_name: str = "",
) -> str:
    """The page's JSON-LD, escaped for a ``<script>`` element."""
    graph: list[dict[str, Any]] = []
    if isinstance(page, BasePage):
        context = GraphContext(request, settings, base, language_of(page, request), image_url)
        graph += page.structured_data(context)
    crumbs = breadcrumb_list(page, ancestors, home_name)
    if crumbs:
        graph.append(crumbs)
    if not graph:
        return ""
    text = json.dumps({"@context": "https://schema.org", "@graph": graph}, ensure_ascii=False)
    return text.translate({ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"})
