"""Throttles on signing in to the admin.

Wrong passwords are counted by django-axes (settings: ``AXES_*``): after
``AXES_FAILURE_LIMIT`` failures a user name, and separately a client address, is locked out for
``AXES_COOLOFF_TIME``, on Wagtail's and Django's admin login alike (axes sits in
``authenticate``). The lockout is answered with 429 and ``two_factor/too_many_attempts.html``,
and axes logs one warning line. Password reset requests are throttled here, per client address
and per e-mail address, with django-ratelimit: each one mails a user, so a flood would mail them
all day.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps

from axes.backends import AxesBackend
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_ratelimit.core import get_usage

from core.security.client_ip import client_ip, client_network

logger = logging.getLogger(__name__)

GROUP_BY_ADDRESS = "admin.password_reset.address"
GROUP_BY_EMAIL = "admin.password_reset.email"


def password_reset_wait(request: HttpRequest) -> int:
    """Count this password reset request; seconds to wait before one is accepted (0: now)."""
    email = request.POST.get("email", "").strip().casefold()
    for group, rate, key in (
        (GROUP_BY_ADDRESS, settings.PASSWORD_RESET_RATE_PER_IP, client_network),
        (GROUP_BY_EMAIL, settings.PASSWORD_RESET_RATE_PER_EMAIL, lambda group, request: email),
    ):
        usage = get_usage(request, group=group, key=key, rate=rate, increment=True)
        if usage is not None and usage["should_limit"]:
            return max(usage["time_left"], 1)
    return 0


def throttle_password_reset(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Wrap the password reset view: a request past the limit gets 429 and nothing is mailed."""

    @wraps(view)
    def throttled(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method == "POST":
            wait = password_reset_wait(request)
            if wait:
                logger.warning(
                    "Password reset throttled for %s (wait %s s)", client_ip(request), wait
                )
                return too_many_attempts(request, wait, "password_reset")
        return view(request, *args, **kwargs)

    return throttled


def too_many_attempts(request: HttpRequest, wait_seconds: int, reason: str) -> HttpResponse:
    """429, with the minutes to wait; ``reason`` is "login" or "password_reset"."""
    minutes = max(1, -(-wait_seconds // 60))
    # Rendered here: django-axes answers from its middleware, where nothing renders it later.
    response = render(
        request,
        "two_factor/too_many_attempts.html",
        {"minutes": minutes, "reason": reason},
        status=429,
    )
    response["Retry-After"] = str(wait_seconds)
    return response


def axes_lockout(
    request: HttpRequest, response: HttpResponse | None = None, credentials: dict | None = None
) -> HttpResponse:
    """django-axes' answer to a locked-out login (``AXES_LOCKOUT_CALLABLE``)."""
    wait = int(settings.AXES_COOLOFF_TIME.total_seconds())
    return too_many_attempts(request, wait, "login")


class LockoutBackend(AxesBackend):
    """django-axes' lockout check, for every sign-in that comes with a request (every HTTP
    path: Wagtail's and Django's login forms pass theirs). ``authenticate()`` called by the
    code itself without a request (a management command, a test client's ``login()``) has no
    client to count and is left to the next backend."""

    def authenticate(self, request: HttpRequest | None, *args, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, *args, **kwargs)
