"""The address of the client that sent a request, for throttling and lockouts.

Behind a reverse proxy ``REMOTE_ADDR`` is the proxy's address, and the client's is in a header
the proxy sets. Such a header can also be sent by the client itself, so it is read only when
``TRUSTED_PROXY_IP_HEADER`` names it, and only as far as the trusted proxies wrote it.
"""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING

from django.conf import settings

if TYPE_CHECKING:
    from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The client's IP address, or ``""`` when the request carries none.

    ``REMOTE_ADDR``, unless ``settings.TRUSTED_PROXY_IP_HEADER`` names a ``request.META`` key
    (``HTTP_X_FORWARDED_FOR``). That header is a comma-separated list to which each of the
    ``TRUSTED_PROXY_COUNT`` proxies in front of the site appends the address it saw, so the
    client is that many entries from the right; whatever the client put before them is not
    trusted. A missing, too short or unreadable header falls back to ``REMOTE_ADDR``.
    """
    remote_addr = request.META.get("REMOTE_ADDR", "")
    header = settings.TRUSTED_PROXY_IP_HEADER
    if not header:
        return remote_addr
    proxies = max(settings.TRUSTED_PROXY_COUNT, 1)
    addresses = [entry.strip() for entry in request.META.get(header, "").split(",")]
    if len(addresses) < proxies:
        return remote_addr
    try:
        return str(ipaddress.ip_address(addresses[-proxies]))
    except ValueError:
        return remote_addr


# One subscriber is usually given a whole IPv6 /64.
IPV6_PREFIX = 64


def client_network(group: str, request: HttpRequest) -> str:
    """A django-ratelimit key: the client's address (its /64 network for IPv6); clients
    without one share a count."""
    try:
        address = ipaddress.ip_address(client_ip(request))
    except ValueError:
        return "unknown"
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/{IPV6_PREFIX}", strict=False).network_address)
    return str(address)
