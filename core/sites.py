"""Keeping Wagtail's default site in step with the public base URL.

Page URLs in the HTML (canonical links) and in the APIs (``html_url``) come from the Site record,
API and admin links from ``WAGTAILADMIN_BASE_URL``; this makes them agree.
"""

from urllib.parse import urlsplit

from django.conf import settings
from wagtail.models import Site


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
