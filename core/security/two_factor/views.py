"""The second factor's pages in the admin: set up, verify, manage, recovery codes."""

from __future__ import annotations

import logging
from base64 import b32encode
from io import BytesIO
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice

from core.security.client_ip import client_ip
from core.security.two_factor.devices import (
    authenticator,
    must_use_two_factor,
    new_recovery_codes,
    pending_authenticator,
    remaining_recovery_codes,
    remove_second_factor,
)

logger = logging.getLogger(__name__)

RECOVERY_SESSION_KEY = "two_factor_recovery_codes"


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Kod"),
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_code(self) -> str:
        return "".join(self.cleaned_data["code"].split())


def next_url(request: HttpRequest) -> str:
    """Where to go after the second factor: ``next`` when it is on this site, else the admin."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("wagtailadmin_home")


def qr_code_svg(url: str) -> str:
    """``url`` (the authenticator's otpauth:// address) as an inline SVG QR code."""
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode()
    return svg[svg.index("<svg") :]


@never_cache
@login_required(login_url="wagtailadmin_login")
@require_http_methods(["GET", "POST"])
def setup(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: scan the code, give the first code, get recovery codes."""
    user = request.user
    if user_has_device(user) and not user.is_verified():
        return redirect(
            reverse("two_factor_verify") + "?" + urlencode({"next": reverse("two_factor_setup")})
        )
    if authenticator(user) is not None:
        return redirect("two_factor_manage")
    device = pending_authenticator(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            request.session[RECOVERY_SESSION_KEY] = new_recovery_codes(user)
            logger.info("Two-factor authentication set up for %s", user.get_username())
            return redirect(reverse("two_factor_recovery_codes") + _next_query(request))
        form.add_error("code", _("Koden stämmer inte. Kontrollera att telefonens klocka går rätt."))
    secret = b32encode(device.bin_key).decode()
    return TemplateResponse(
        request,
        "two_factor/setup.html",
        {
            "form": form,
            "qr_code": mark_safe(qr_code_svg(device.config_url)),  # noqa: S308 - our own SVG
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "required": must_use_two_factor(user),
            "next": next_url(request),
        },
    )


@never_cache
@login_required(login_url="wagtailadmin_login")
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """Give a code from the authenticator app, or a recovery code."""
    user = request.user
    if not user_has_device(user):
        return redirect(reverse("two_factor_setup") + _next_query(request))
    if user.is_verified():
        return redirect(next_url(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            if isinstance(device, StaticDevice):
                left = remaining_recovery_codes(user)
                messages.warning(
                    request,
                    _("Du loggade in med en reservkod. %(left)s koder återstår.") % {"left": left},
                )
            return redirect(next_url(request))
        logger.warning(
            "Wrong second factor for %s from %s", user.get_username(), client_ip(request)
        )
        form.add_error("code", _("Koden stämmer inte, eller så har du försökt för många gånger."))
    return TemplateResponse(
        request, "two_factor/verify.html", {"form": form, "next": next_url(request)}
    )


@never_cache
@login_required(login_url="wagtailadmin_login")
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """The new recovery codes, shown once."""
    codes = request.session.pop(RECOVERY_SESSION_KEY, None)
    if not codes:
        return redirect("two_factor_manage")
    return TemplateResponse(
        request, "two_factor/recovery_codes.html", {"codes": codes, "next": next_url(request)}
    )


@never_cache
@login_required(login_url="wagtailadmin_login")
@require_http_methods(["GET", "POST"])
def manage(request: HttpRequest) -> HttpResponse:
    """The user's second factor: new recovery codes, or (when not required) turn it off."""
    user = request.user
    if request.method == "POST":
        if "new_codes" in request.POST and authenticator(user) is not None:
            request.session[RECOVERY_SESSION_KEY] = new_recovery_codes(user)
            return redirect("two_factor_recovery_codes")
        if "remove" in request.POST and not must_use_two_factor(user):
            remove_second_factor(user)
            logger.info("Two-factor authentication turned off by %s", user.get_username())
            messages.success(request, _("Tvåstegsverifieringen är avstängd."))
            return redirect("two_factor_manage")
    return TemplateResponse(
        request,
        "two_factor/manage.html",
        {
            "device": authenticator(user),
            "recovery_codes_left": remaining_recovery_codes(user),
            "required": must_use_two_factor(user),
        },
    )


def _next_query(request: HttpRequest) -> str:
    target = next_url(request)
    return "" if target == reverse("wagtailadmin_home") else "?" + urlencode({"next": target})
