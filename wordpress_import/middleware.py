"""Old WordPress addresses at the site's root (also after ``/index.php``), which the home page
would otherwise answer: ``/?p=123`` and ``/?page_id=45`` to the imported page, ``/?feed=rss2``
(and WordPress's other feeds) to the news feed, ``/?s=term`` to the site's search.

Wagtail's ``RedirectMiddleware`` looks for a redirect only when the answer is a 404, and ``/``
is the home page, so a redirect the importer stored for ``/?p=123`` would never be used. This
middleware looks it up first, for those two paths with ``p``, ``page_id`` or ``feed`` in the
query only (one query for those requests, none for any other), and answers with the redirect
stored in wagtail.contrib.redirects, permanent or not as it says. A search, ``/?s=term``, needs
no stored redirect: it leads (301) to the search page of the language being read (``/sok/``
for ``/``) with the same words, ``/sok/?q=term``, with no query.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.db.models import F
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
)
from django.urls import reverse
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Site

QUERY_KEYS = ("p", "page_id")
# The feeds WordPress answers at ?feed= (any other value is a 404 there); the importer stores a
# redirect to the news feed for each.
FEEDS = ("feed", "rss2", "rss", "rdf", "atom", "comments-rss2", "comments-atom")
# WordPress answers its ID addresses at the site's root and at its front controller.
ROOT_PATHS = ("/", "/index.php")
SEARCH_KEY = "s"


class WordPressIdRedirectMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path in ROOT_PATHS and request.method in ("GET", "HEAD") and request.GET:
            redirect = self._redirect(request)
            if redirect is not None and redirect.link:
                if redirect.is_permanent:
                    return HttpResponsePermanentRedirect(redirect.link)
                return HttpResponseRedirect(redirect.link)
            if SEARCH_KEY in request.GET:
                return HttpResponsePermanentRedirect(self._search(request.GET[SEARCH_KEY]))
        return self.get_response(request)

    @staticmethod
    def _redirect(request: HttpRequest) -> Redirect | None:
        old_paths = [
            f"/?{key}={request.GET[key]}"
            for key in QUERY_KEYS
            if request.GET.get(key, "").isdigit() and len(request.GET[key]) < 20
        ]
        if request.GET.get("feed") in FEEDS:
            old_paths.append(f"/?feed={request.GET['feed']}")
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

    @staticmethod
    def _search(words: str) -> str:
        """The search page of the active language (the request's) with ``words``."""
        address = reverse("search")
        return f"{address}?{urlencode({'q': words})}" if words.strip() else address
