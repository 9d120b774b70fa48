"""The sitemap of both languages, in parts: ``/sitemap.xml`` is an index of ``/sitemap-<n>.xml``,
each part listing live, public pages with their hreflang alternates.

A part is a range of page ids, ``SITEMAP_PAGE_SIZE`` of them (part 1: ids below the size, part 2:
the next ones, …), not a page of a count. So a page stays in its part for good: publishing a news
item changes the last part and its lastmod only, and a part is read from the id index however
many pages come before it (no count, no offset). A part therefore holds at most
``SITEMAP_PAGE_SIZE`` pages, fewer where ids belong to drafts, restricted, other-language or
deleted pages; a part with none is left out of the index and answers 404.

Neither the index nor a part builds page instances or runs a query per page: the addresses
come from each page's ``url_path`` and the site root paths, as ``Page.get_full_url`` makes
them. A page type that overrides ``get_sitemap_urls`` (a routable page listing more addresses)
is loaded as its specific class and asked, as Wagtail's own sitemap does. A part's XML is
written directly (``urlset_xml``): Django's sitemap.xml template took three quarters of a
part's time, 1.1 s for 10,000 URLs.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote
from xml.sax.saxutils import escape, quoteattr

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F, Max, Q, QuerySet
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.timezone import template_localtime
from wagtail.models import Page, get_page_models

from core.caching.version import versioned
from core.i18n import current_site, own_language_q, reader_q, site_root_paths
from core.visibility import outside_restricted_q

if TYPE_CHECKING:
    from django.http import HttpRequest

# What a part reads of each page: no page instances, no other columns.
PAGE_COLUMNS = (
    "pk",
    "content_type_id",
    "translation_key",
    "url_path",
    "locale__language_code",
    "last_published_at",
    "latest_revision_created_at",
)


@dataclass(frozen=True)
class SitemapPart:
    """A part of the sitemap, as the index lists it."""

    number: int
    # The latest change of its pages; None when one of them has no date.
    lastmod: datetime.datetime | None


class PageAddresses:
    """Pages' full URLs from their ``url_path`` alone, as ``Page.get_full_url`` makes them.

    ``get_url_parts`` reverses ``wagtail_serve`` for each page in its root's language; here
    that is done once per site root (``/`` or ``/en/``), and each page adds its quoted path
    below the root as Django's ``reverse`` quotes it. ``tests/core/seo/test_sitemap.py``
    compares the two for every page, so a change in Wagtail or Django shows there.
    """

    SAFE = RFC3986_SUBDELIMS + "/~:@"  # what Django's reverse() leaves unquoted

    def __init__(self, request: HttpRequest | None) -> None:
        site = current_site(request)
        # Wagtail prefers the request's site when a page is under more than one site's root.
        roots = sorted(
            site_root_paths(request), key=lambda root: site is None or root.site_id != site.pk
        )
        self.bases = []
        for root in roots:
            with translation.override(root.language_code):
                prefix = reverse("wagtail_serve", args=("",))
            self.bases.append((root.root_path, root.root_url + prefix))

    def full_url(self, url_path: str) -> str | None:
        """The page's full URL, or None when it is under no site's root."""
        for root_path, base in self.bases:
            if url_path.startswith(root_path):
                below = quote(url_path[len(root_path) :], safe=self.SAFE)
                if below and not getattr(settings, "WAGTAIL_APPEND_SLASH", True):
                    below = below.rstrip("/")
                return base + below
        return None


class LanguageSitemap:
    """The site's home page and every translation of it, with all the live pages readers are
    shown below them, in parts by page id.

    Each URL names the page's live, public language versions (``xhtml:link`` hreflang) and
    ``x-default``, the Swedish one, as the page's head does. A part costs one query for its
    pages and all their language versions together.
    """

    def __init__(self, request: HttpRequest | None) -> None:
        self.request = request
        self.latest_lastmod: datetime.datetime | None = None

    @cached_property
    def size(self) -> int:
        return settings.SITEMAP_PAGE_SIZE

    @cached_property
    def pages(self) -> QuerySet[Page]:
        """The live pages readers are shown under the site's home pages (no query of its own
        but the home pages' and the restricted paths')."""
        site = current_site(self.request)
        if site is None:
            return Page.objects.none()
        roots = site.root_page.get_translations(inclusive=True).live().filter(reader_q())
        trees = Q()
        for root_path in roots.values_list("path", flat=True):
            trees |= Q(path__startswith=root_path)
        if not trees:
            return Page.objects.none()
        return (
            Page.objects.live()
            .filter(trees, own_language_q(), outside_restricted_q(self.request))
            .order_by()
        )

    def parts(self) -> list[SitemapPart]:
        """The parts that list at least one page, in order, with their lastmods (one query,
        kept with the content version: it groups every page of the site, 80 ms at 100,000)."""
        site = current_site(self.request)
        return versioned(
            self.request,
            f"sitemap-parts:{site.pk if site else None}:{self.size}",
            self._parts,
        )

    def _parts(self) -> list[SitemapPart]:
        rows = (
            self.pages.annotate(part=F("pk") / self.size)
            .values("part")
            .annotate(
                lastmod=Max(Coalesce("last_published_at", "latest_revision_created_at")),
                undated=Count(
                    "pk",
                    filter=Q(
                        last_published_at__isnull=True, latest_revision_created_at__isnull=True
                    ),
                ),
            )
            .order_by("part")
        )
        return [
            SitemapPart(row["part"] + 1, None if row["undated"] else row["lastmod"]) for row in rows
        ]

    def urls(self, number: int) -> list[dict[str, Any]]:
        """The URLs of part ``number`` (none if it lists no page), as Django's sitemaps have
        them (location, lastmod, alternates). Sets ``latest_lastmod`` when every URL has a
        lastmod."""
        first_id = (number - 1) * self.size
        part = self.pages.filter(pk__gte=first_id, pk__lt=first_id + self.size)
        # The part's pages and their language versions, wherever those are, in one query.
        rows = list(
            self.pages.filter(translation_key__in=part.values("translation_key"))
            .order_by("pk")
            .values(*PAGE_COLUMNS)
        )
        addresses = PageAddresses(self.request)
        for row in rows:
            row["location"] = addresses.full_url(row["url_path"])
        # A page under no site root has no address (Wagtail's get_full_url gives None).
        pages = [
            row for row in rows if first_id <= row["pk"] < first_id + self.size and row["location"]
        ]
        alternates = self.alternates_for(pages, rows)
        specific = self.specific_sitemap_urls(pages)

        urls = []
        for page in pages:
            page_urls = specific.get(page["pk"]) or [
                {
                    "location": page["location"],
                    "lastmod": page["last_published_at"] or page["latest_revision_created_at"],
                }
            ]
            for number_on_page, url_info in enumerate(page_urls):
                # A routable page may list more addresses; the first is the page itself.
                url_info["alternates"] = (
                    alternates.get(page["pk"], []) if number_on_page == 0 else []
                )
                urls.append(url_info)
        last_mods = [url_info.get("lastmod") for url_info in urls]
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls

    def alternates_for(
        self, pages: list[dict[str, Any]], versions: list[dict[str, Any]]
    ) -> dict[int, list[dict[str, str]]]:
        """Each page's hreflang alternates, itself included, when it has a translation.

        ``versions`` are sitemap pages too: under a live home page (without one, Wagtail does
        not serve that language's tree), live, public and in their own language, as
        ``core.i18n.shown_versions`` has them for the page's head.
        """
        by_key = defaultdict(list)
        for version in sorted(versions, key=lambda row: (row["locale__language_code"], row["pk"])):
            if version["location"]:
                by_key[version["translation_key"]].append(version)
        default_language = settings.LANGUAGE_CODE
        links_by_key = {}
        for key, language_versions in by_key.items():
            if len(language_versions) < 2:
                continue
            links = [
                {"lang_code": version["locale__language_code"], "location": version["location"]}
                for version in language_versions
            ]
            default = next((link for link in links if link["lang_code"] == default_language), None)
            if default is not None:
                links.append({"lang_code": "x-default", "location": default["location"]})
            links_by_key[key] = links
        return {
            page["pk"]: links_by_key[page["translation_key"]]
            for page in pages
            if page["translation_key"] in links_by_key
        }

    def specific_sitemap_urls(self, pages: list[dict[str, Any]]) -> dict[int, list[dict]]:
        """``get_sitemap_urls`` of the pages whose type overrides it (one query per such type;
        none while no type does)."""
        overriding = sitemap_url_types()
        own = [page["pk"] for page in pages if page["content_type_id"] in overriding]
        if not own:
            return {}
        return {
            page.pk: page.get_sitemap_urls(self.request)
            for page in Page.objects.filter(pk__in=own).defer_streamfields().specific()
        }


def sitemap_url_types() -> set[int]:
    """The content types of the page types that list addresses of their own in the sitemap
    (override ``get_sitemap_urls``); no query while there are none."""
    models = [
        model for model in get_page_models() if model.get_sitemap_urls is not Page.get_sitemap_urls
    ]
    if not models:
        return set()
    return {
        content_type.pk for content_type in ContentType.objects.get_for_models(*models).values()
    }


URLSET_START = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
    ' xmlns:xhtml="http://www.w3.org/1999/xhtml">'
)


def urlset_xml(urls: list[dict[str, Any]]) -> str:
    """What Django's ``sitemap.xml`` template makes of ``urls`` (the same elements, dates in
    the site's time zone), written without the template engine."""
    out = [URLSET_START]
    for url in urls:
        out.append(f"<url><loc>{escape(url['location'])}</loc>")
        if url.get("lastmod"):
            out.append(f"<lastmod>{template_localtime(url['lastmod']):%Y-%m-%d}</lastmod>")
        if url.get("changefreq"):
            out.append(f"<changefreq>{escape(str(url['changefreq']))}</changefreq>")
        if url.get("priority"):
            out.append(f"<priority>{escape(str(url['priority']))}</priority>")
        for alternate in url.get("alternates", []):
            out.append(
                f'<xhtml:link rel="alternate" hreflang={quoteattr(alternate["lang_code"])}'
                f" href={quoteattr(alternate['location'])}/>"
            )
        out.append("</url>")
    out.append("</urlset>\n")
    return "".join(out)
