"""How often "Bli medlem" accepts applications: per client address and per e-mail address.

Counted with django-ratelimit in the default cache, at the rates ``MEMBERSHIP_FORM_RATE_PER_IP``
and ``MEMBERSHIP_FORM_RATE_PER_EMAIL``. Only complete, valid submissions count: those are the
ones that would be stored and mailed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django_ratelimit.core import get_usage

from core.security.client_ip import client_network

if TYPE_CHECKING:
    from collections.abc import Callable

    from django.http import HttpRequest

GROUP_BY_ADDRESS = "members.application.address"
GROUP_BY_EMAIL = "members.application.email"


def seconds_until_accepted(request: HttpRequest, email: str) -> int:
    """Count this application, and say how many seconds its sender must wait before one is
    accepted: 0 when it may be stored and mailed now.

    The e-mail address is counted only when the client's address is within its limit: what a
    client sends beyond its own limit does not use up the count of the addresses it names.
    """
    for group, rate, key in (
        (GROUP_BY_ADDRESS, settings.MEMBERSHIP_FORM_RATE_PER_IP, client_network),
        (GROUP_BY_EMAIL, settings.MEMBERSHIP_FORM_RATE_PER_EMAIL, email_key(email)),
    ):
        usage = get_usage(request, group=group, key=key, rate=rate, increment=True)
        if usage is not None and usage["should_limit"]:
            return max(usage["time_left"], 1)
    return 0


def email_key(email: str) -> Callable[[str, HttpRequest], str]:
    """The ratelimit key of ``email``, whatever its case and surrounding space."""
    normalised = email.strip().casefold()
    return lambda group, request: normalised
