"""``/sitemap.xml``: every live, public page in both languages, with its hreflang alternates."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

from core.i18n import reader_q, shown_versions


class LanguageSitemap(Sitemap):
    """Wagtail's sitemap of the site's home page and every translation of it.

    Wagtail's own lists the default language's tree only. Each URL names the page's live,
    public language versions (``xhtml:link`` hreflang) and ``x-default``, the Swedish one, as
    the page's head does. A page of the sitemap costs one query for all its alternates.
    """

    def items(self) -> QuerySet[Page]:
        site = self.get_wagtail_site()
        roots = list(site.root_page.get_translations(inclusive=True).live().filter(reader_q()))
        if not roots:
            return Page.objects.none()
        trees = Q()
        for root in roots:
            trees |= Q(path__startswith=root.path)
        return (
            Page.objects.live()
            .filter(reader_q(), trees)
            .order_by("path")
            .defer_streamfields()
            .specific()
        )

    def _urls(self, page: int, protocol: str, domain: str) -> list[dict[str, Any]]:
        pages = list(self.paginator.page(page).object_list)
        alternates = self.alternates_for(pages)
        urls = []
        last_mods = set()
        for item in pages:
            for number, url_info in enumerate(item.get_sitemap_urls(self.request)):
                # A routable page may list more addresses; the first is the page itself.
                url_info["alternates"] = alternates.get(item.pk, []) if number == 0 else []
                urls.append(url_info)
                last_mods.add(url_info.get("lastmod"))
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls

    def alternates_for(self, pages: list[Page]) -> dict[int, list[dict[str, str]]]:
        """Each page's hreflang alternates, itself included, when it has a translation."""
        versions = defaultdict(list)
        # Only versions under a live home page have an address (core.i18n.shown_versions).
        for version in shown_versions({page.translation_key for page in pages}, self.request):
            versions[version.translation_key].append(version)
        alternates = {}
        for page in pages:
            language_versions = versions[page.translation_key]
            if len(language_versions) < 2:
                continue
            links = [
                {
                    "lang_code": version.locale.language_code,
                    "location": version.get_full_url(self.request),
                }
                for version in language_versions
            ]
            default = next(
                (link for link in links if link["lang_code"] == settings.LANGUAGE_CODE), None
            )
            if default is not None:
                links.append({"lang_code": "x-default", "location": default["location"]})
            alternates[page.pk] = links
        return alternates
