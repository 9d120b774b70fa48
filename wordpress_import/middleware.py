"""Old WordPress addresses by ID, ``/?p=123`` and ``/?page_id=45`` (also after ``/index.php``):
to the imported page.

Wagtail's ``RedirectMiddleware`` looks for a redirect only when the answer is a 404, and ``/``
is the home page, so a redirect the importer stored for ``/?p=123`` would never be used. This
middleware looks it up first, for those two paths with ``p`` or ``page_id`` in the query only
(one query for those requests, none for any other), and answers with the redirect stored
in wagtail.contrib.redirects, permanent or not as it says.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import F
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
)
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Site

QUERY_KEYS = ("p", "page_id")
# WordPress answers its ID addresses at the site's root and at its front controller.
ROOT_PATHS = ("/", "/index.php")


class WordPressIdRedirectMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path in ROOT_PATHS and request.method in ("GET", "HEAD"):
            redirect = self._redirect(request)
            if redirect is not None and redirect.link:
                if redirect.is_permanent:
                    return HttpResponsePermanentRedirect(redirect.link)
                return HttpResponseRedirect(redirect.link)
        return self.get_response(request)

    @staticmethod
    def _redirect(request: HttpRequest) -> Redirect | None:
        old_paths = [
            f"/?{key}={request.GET[key]}"
            for key in QUERY_KEYS
            if request.GET.get(key, "").isdigit() and len(request.GET[key]) < 20
        ]
        if not old_paths:
            return None
        site = Site.find_for_request(request)
        redirects = Redirect.get_for_site(site).filter(old_path__in=old_paths)
        # A redirect for this site before one for every site, as Wagtail's middleware does.
        return (
            redirects.select_related("redirect_page")
            .order_by(F("site_id").asc(nulls_last=True))
            .first()
        )
