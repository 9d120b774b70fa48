"""Where a webhook may be sent: https (http only when WEBHOOKS_ALLOW_HTTP), and a host whose
every address is public (private, loopback, link-local and the like only when
WEBHOOKS_ALLOW_PRIVATE_ADDRESSES). Checked when an endpoint is saved and again at each
delivery, on the addresses the POST then connects to, so a name that later resolves to an
internal address (DNS rebinding) is refused."""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def check_scheme(url: str) -> None:
    """Refuse a URL that is not https (or http where allowed)."""
    allowed = {"https", "http"} if settings.WEBHOOKS_ALLOW_HTTP else {"https"}
    parts = urlsplit(url)
    if parts.scheme not in allowed or not parts.hostname:
        raise ValidationError(_("Adressen måste börja med https://."), code="scheme")


def resolve(url: str) -> list[str]:
    """The host's IP addresses, each of them allowed, or a ValidationError."""
    check_scheme(url)
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        raise ValidationError(
            _("Adressens värd kan inte slås upp: %(error)s"), params={"error": error}, code="dns"
        ) from error
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    if not settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES:
        for address in addresses:
            if not ipaddress.ip_address(address.split("%")[0]).is_global:
                raise ValidationError(
                    _("Adressen leder till ett internt nät (%(address)s)."),
                    params={"address": address},
                    code="private",
                )
    return addresses
