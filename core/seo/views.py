"""robots.txt and the sitemap (an index and its parts): what crawlers should read and leave
alone."""

from __future__ import annotations

from django.conf import settings
from django.contrib.sitemaps.views import SitemapIndexItem, x_robots_tag
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.http import http_date
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from core.i18n import current_site
from core.seo.sitemaps import LanguageSitemap, urlset_xml

# Kept out of crawlers: the admin, the Django admin, the APIs with their documentation, and
# (below, in each language) search results: endless, thin pages; the sitemap lists every page.
ROBOTS_DISALLOW = ["/admin/", "/django-admin/", "/api/", "/healthz/", "/readyz/"]


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
@x_robots_tag
def sitemap_index(request: HttpRequest) -> HttpResponse:
    """``/sitemap.xml``: the index of the sitemap's parts, each with its lastmod.

    Always an index, however few the pages: its address never changes meaning, and crawlers
    (and robots.txt) read an index at /sitemap.xml as well as a list of URLs.
    """
    parts = LanguageSitemap(request).parts()
    site = current_site(request)
    root_url = site.root_url if site is not None else request.build_absolute_uri("/")[:-1]
    items = [
        SitemapIndexItem(f"{root_url}{reverse('sitemap_part', args=(part.number,))}", part.lastmod)
        for part in parts
    ]
    lastmods = [part.lastmod for part in parts]
    headers = None
    if lastmods and None not in lastmods:
        headers = {"Last-Modified": http_date(max(lastmods).timestamp())}
    return TemplateResponse(
        request,
        "sitemap_index.xml",
        {"sitemaps": items},
        content_type="application/xml",
        headers=headers,
    )


@require_safe
@x_robots_tag
def sitemap_part(request: HttpRequest, number: int) -> HttpResponse:
    """``/sitemap-<number>.xml``: one part of the sitemap of both languages
    (core.seo.sitemaps.LanguageSitemap); 404 for a part that lists no page."""
    sitemap = LanguageSitemap(request)
    urls = sitemap.urls(number) if number > 0 else []
    if not urls:
        raise Http404("No such part of the sitemap.")
    headers = None
    if sitemap.latest_lastmod is not None:
        headers = {"Last-Modified": http_date(sitemap.latest_lastmod.timestamp())}
    return HttpResponse(urlset_xml(urls), content_type="application/xml", headers=headers)
