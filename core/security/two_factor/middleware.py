"""Which admin requests need the second factor."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django_otp import user_has_device

from core.security.two_factor.devices import must_use_two_factor

# The admins: Wagtail's and Django's.
PROTECTED = ("/admin/", "/django-admin/")
# What a signed-in user reaches before the second factor: signing in and out, the second
# factor's own pages, the password reset, and what those pages load (the admin's translations
# for its scripts, its icons).
EXEMPT = (
    "/admin/login/",
    "/admin/logout/",
    "/admin/2fa/setup/",
    "/admin/2fa/verify/",
    "/admin/password_reset/",
    "/admin/jsi18n/",
    "/admin/sprite/",
    "/django-admin/login/",
    "/django-admin/logout/",
)


class AdminTwoFactorMiddleware:
    """Sends a signed-in user to the second factor before any admin page: to give a code when
    they have an authenticator, to set one up when their role requires it. Runs after
    django-otp's ``OTPMiddleware``, which tells whether the session has been verified."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and path.startswith(PROTECTED)
            and not path.startswith(EXEMPT)
            and not user.is_verified()
        ):
            if user_has_device(user):
                return self.to("two_factor_verify", request)
            if must_use_two_factor(user):
                return self.to("two_factor_setup", request)
        return self.get_response(request)

    @staticmethod
    def to(view_name: str, request: HttpRequest) -> HttpResponse:
        target = reverse(view_name)
        if request.method == "GET":
            target += "?" + urlencode({"next": request.get_full_path()})
        return redirect(target)
