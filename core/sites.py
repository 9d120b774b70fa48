"""Keeping Wagtail's default site in step with the public base URL.

Page URLs in the HTML (canonical links) and in the APIs (``html_url``) come from the Site record,
API and admin links from ``WAGTAILADMIN_BASE_URL``; this makes them agree.
"""

from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest
from django.http.request import split_domain_port
from django.http.response import HttpResponseBase
from wagtail.models import Site

from core.caching.version import versioned


def sync_default_site(site_name: str = "SmåKom") -> bool:
    """Set the default site's host name and port from ``WAGTAILADMIN_BASE_URL``.

    Returns whether anything changed.
    """
    site = Site.objects.get(is_default_site=True)
    base = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    wanted = {
        "hostname": base.hostname or "localhost",
        "port": base.port or (443 if base.scheme == "https" else 80),
        "site_name": site_name,
    }
    changed = [name for name, value in wanted.items() if getattr(site, name) != value]
    for name in changed:
        setattr(site, name, wanted[name])
    if changed:
        site.save()
    return bool(changed)


class KnownSiteMiddleware:
    """Finds the request's Wagtail site among those kept with the content version.

    Wagtail looks the site up with a query on every request (``Site.find_for_request``, which
    keeps the answer on the request as ``_wagtail_site``, the attribute this sets first): one of
    the queries every rendered page made. Sites change rarely, and a change of a site (or any
    content) retires what the version keeps. Only for hosts in ``ALLOWED_HOSTS`` (the others get
    Django's 400), so the keys are as few as the hosts the site answers for.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if settings.RESPONSE_CACHE_ENABLED and not hasattr(request, "_wagtail_site"):
            try:
                hostname = split_domain_port(request.get_host())[0]
            except DisallowedHost:
                hostname = None
            if hostname is not None:
                request._wagtail_site = versioned(
                    request,
                    f"site-for:{hostname}:{request.get_port()}",
                    lambda: Site._find_for_request(request),
                )
        return self.get_response(request)
