from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from django.utils.translation import pgettext_lazy
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.views.account import PasswordResetView
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.urls import serve_pattern

from core import routing
from core.api.v2 import api_v2_router
from core.api.v3 import api_v3
from core.files.documents import serve_document
from core.files.renditions import serve_rendition
from core.search.views import search
from core.security.login_throttling import throttle_password_reset
from core.seo.views import robots_txt, sitemap_index, sitemap_part
from wordpress_import.views import uploads_redirect

# A database outage is answered 503 with Retry-After, everything else 500 (core/outages.py).
handler500 = "core.outages.server_error"

urlpatterns = [
    path("django-admin/", admin.site.urls),
    # The second factor, and a throttled password reset, before Wagtail's own admin URLs.
    path("admin/2fa/", include("core.security.two_factor.urls")),
    path("admin/password_reset/", throttle_password_reset(PasswordResetView.as_view())),
    path("admin/", include(wagtailadmin_urls)),
    # Downloads go through core.files.documents (no made-up Content-Encoding); Wagtail's other
    # document URLs stay as they are.
    re_path(r"^documents/(\d+)/(.*)$", serve_document, name="wagtaildocs_serve"),
    path("documents/", include(wagtaildocs_urls)),
    # The only uploaded files with an address of their own: image renditions, checked against
    # the image's collection. Nothing else under /media/ is served (core/files/storage.py).
    path("media/images/<path:path>", serve_rendition, name="serve_rendition"),
    # A WordPress site's old file addresses, to the images and documents imported from them
    # (wordpress_import/views.py): 404 for any other.
    path("wp-content/uploads/<path:path>", uploads_redirect, name="wordpress_upload"),
    path("api/v2/", api_v2_router.urls),
    path("api/v3/", api_v3.urls),
    path("robots.txt", robots_txt, name="robots_txt"),
    # The sitemap is an index of parts, each a range of page ids (core/seo/sitemaps.py).
    path("sitemap.xml", sitemap_index, name="sitemap"),
    path("sitemap-<int:number>.xml", sitemap_part, name="sitemap_part"),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()

# Wagtail serves every other path from the page tree; it must come last. Swedish pages have no
# prefix (/nyheter/), English ones live under /en/ (/en/news/); the admin, the APIs and document
# downloads are the same in both languages.
urlpatterns += i18n_patterns(
    # The search page's address is translated too: /sok/ and /en/search/.
    path(pgettext_lazy("URL of the search page", "sok/"), search, name="search"),
    # Wagtail's page view, with the page found in fewer queries (core/routing.py).
    re_path(serve_pattern, routing.serve, name="wagtail_serve"),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
