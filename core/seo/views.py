"""robots.txt and the sitemap: what crawlers should read and leave alone."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap

from core.seo.sitemaps import LanguageSitemap

# Kept out of crawlers: the admin, the Django admin, the APIs with their documentation, and
# (below, in each language) search results: endless, thin pages; the sitemap lists every page.
ROBOTS_DISALLOW = ["/admin/", "/django-admin/", "/api/"]


@require_safe
@cache_control(max_age=60 * 60)
def robots_txt(request: HttpRequest) -> HttpResponse:
    """robots.txt: where the sitemap is, and what crawlers should leave alone."""
    searches = []
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            searches.append(reverse("search"))
    disallowed = [*ROBOTS_DISALLOW, *dict.fromkeys(searches)]
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in disallowed), ""]
    lines.append(f"Sitemap: {settings.WAGTAILADMIN_BASE_URL}/sitemap.xml")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
def sitemap(request: HttpRequest) -> HttpResponse:
    """The sitemap of both languages (core.seo.sitemaps.LanguageSitemap)."""
    return wagtail_sitemap(request, sitemaps={"pages": LanguageSitemap(request)})
