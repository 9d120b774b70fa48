"""Telling a CDN or caching proxy in front of the site that content changed.

Wagtail's ``frontend_cache`` backends, configured from the environment
(``config/settings/base.py``: ``FRONTEND_CACHE`` and its variables), each with a way to purge
the whole site: the app's own cache retires every stored answer when content changes (a new
content version, ``core.caching.version``), and the CDN drops the same set, everything, in one
call. A site that changes a few times a week loses little by it, and no page, listing, feed,
sitemap or API answer that shows the change is forgotten.

- ``HTTPBanBackend`` (Varnish, or any proxy): a ``BAN`` request to the proxy for the site's
  host, which its configuration turns into a ban of every URL (docs/performance.md has the VCL).
- ``CloudflareBackend``: Cloudflare's "purge everything" for the zone.
- ``CloudfrontBackend``: an invalidation of ``/*``.

The purge runs as a background task once the change is committed, once per transaction however
many rows it wrote.
"""

from __future__ import annotations

import logging
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit
from urllib.request import Request, urlopen

import requests
from django.conf import settings
from django_tasks import task
from wagtail import __version__
from wagtail.contrib.frontend_cache.backends import (
    CloudflareBackend as WagtailCloudflareBackend,
)
from wagtail.contrib.frontend_cache.backends import (
    CloudfrontBackend as WagtailCloudfrontBackend,
)
from wagtail.contrib.frontend_cache.backends import HTTPBackend
from wagtail.contrib.frontend_cache.utils import get_backends

logger = logging.getLogger("wagtail.frontendcache")


class HTTPBanBackend(HTTPBackend):
    """Wagtail's HTTP PURGE backend, and a ``BAN`` of the whole host for a site-wide purge."""

    def purge_all(self, hostnames: list[str]) -> None:
        for host in hostnames:
            request = Request(  # noqa: S310 - the configured proxy's address
                url=f"{self.cache_scheme}://{self.cache_netloc}/",
                method="BAN",
                headers={
                    "Host": host,
                    "X-Ban-Url": "^/",
                    "User-Agent": "Wagtail-frontendcache/" + __version__,
                },
            )
            try:
                urlopen(request, timeout=10)  # noqa: S310 - the configured proxy's address
            except (HTTPError, URLError, OSError) as error:
                logger.error("Couldn't ban %s from the HTTP cache: %s", host, error)


class CloudflareBackend(WagtailCloudflareBackend):
    """Wagtail's Cloudflare backend, and "purge everything" for a site-wide purge.

    ``API_URL`` (default Cloudflare's) lets the tests talk to a local recorder."""

    def __init__(self, params: dict) -> None:
        self.api_url = params.pop("API_URL", "https://api.cloudflare.com/client/v4").rstrip("/")
        super().__init__(params)

    def purge_all(self, hostnames: list[str]) -> None:
        headers = {"Content-Type": "application/json"}
        if self.cloudflare_token:
            headers["Authorization"] = f"Bearer {self.cloudflare_token}"
        else:
            headers["X-Auth-Email"] = self.cloudflare_email
            headers["X-Auth-Key"] = self.cloudflare_api_key
        url = f"{self.api_url}/zones/{self.cloudflare_zoneid}/purge_cache"
        try:
            response = requests.post(
                url, json={"purge_everything": True}, headers=headers, timeout=30
            )
            response.raise_for_status()
        except requests.RequestException as error:
            logger.error("Couldn't purge the zone from Cloudflare: %s", error)


class CloudfrontBackend(WagtailCloudfrontBackend):
    """Wagtail's CloudFront backend, and an invalidation of every path for a site-wide purge."""

    def purge_all(self, hostnames: list[str]) -> None:
        self._create_invalidation(self.cloudfront_distribution_id, ["/*"])


def site_hostnames() -> list[str]:
    """The hosts the site answers on, as the CDN knows them (from WAGTAILADMIN_BASE_URL and the
    Wagtail sites)."""
    from wagtail.models import Site

    base_url = settings.WAGTAILADMIN_BASE_URL
    hosts = {urlsplit(base_url).netloc} if base_url else set()
    for hostname, port in Site.objects.values_list("hostname", "port"):
        hosts.add(hostname if port in (80, 443) else f"{hostname}:{port}")
    return sorted(host for host in hosts if host)


@task()
def purge_site() -> None:
    """Purge the whole site from every configured frontend cache."""
    hostnames = site_hostnames()
    for name, backend in get_backends().items():
        purge_all = getattr(backend, "purge_all", None)
        if purge_all is None:
            logger.warning("The frontend cache %r cannot purge a whole site; skipped.", name)
            continue
        purge_all(hostnames)
        logger.info("Purged %s from the frontend cache %r", ", ".join(hostnames), name)


def enqueue_purge() -> None:
    """Queue ``purge_site`` (``core.caching.version.bump`` calls it once per transaction, on
    commit)."""
    purge_site.enqueue()
