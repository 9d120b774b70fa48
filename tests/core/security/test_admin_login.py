"""Signing in to the admin withstands guessing: lockout by user name and by client address on
Wagtail's and Django's login, throttled password reset mails, and a second factor (required for
the secretariat and superusers when ADMIN_2FA_REQUIRED is on, as in production)."""

from __future__ import annotations

import datetime
import json
import logging
import subprocess
import sys

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.config.test_settings import production_env
from tests.core.editorial.helpers import editor, secretary

pytestmark = pytest.mark.django_db

PASSWORD = "lösenord-för-test"  # tests/core/editorial/helpers.py
LOGIN = "/admin/login/"
DJANGO_LOGIN = "/django-admin/login/"


def sign_in(client: Client, username: str, password: str, url: str = LOGIN, **extra):
    return client.post(
        url, {"username": username, "password": password, "next": "/admin/"}, **extra
    )


def signed_in(response) -> bool:
    return response.status_code == 302 and "/login/" not in response["Location"]


# --- Lockout -----------------------------------------------------------------------------------


def test_thirty_wrong_passwords_lock_the_account_then_the_right_one_is_refused(client, caplog):
    user = secretary()
    statuses = []
    with caplog.at_level(logging.WARNING):
        for _ in range(30):
            statuses.append(sign_in(client, user.username, "fel-lösenord").status_code)
    # Ten tries are answered as wrong passwords, then the account is locked.
    assert statuses[:9] == [200] * 9
    assert set(statuses[10:]) == {429}
    response = sign_in(client, user.username, PASSWORD)
    assert response.status_code == 429
    assert "För många försök" in response.content.decode()
    assert int(response["Retry-After"]) == 15 * 60
    lockouts = [r.getMessage() for r in caplog.records if "Locking out" in r.getMessage()]
    assert lockouts
    assert "127.0.0.1" in lockouts[0]  # The address is logged; the name typed is not.


def test_a_locked_user_name_is_locked_from_every_address(client):
    user = secretary()
    for number in range(10):
        sign_in(client, user.username, "fel", REMOTE_ADDR=f"10.0.0.{number}")
    assert sign_in(client, user.username, PASSWORD, REMOTE_ADDR="10.9.9.9").status_code == 429


def test_a_locked_address_is_locked_for_every_user_name(client):
    user = secretary()
    for number in range(10):
        sign_in(client, f"gissning{number}", "fel", REMOTE_ADDR="10.1.1.1")
    assert sign_in(client, user.username, PASSWORD, REMOTE_ADDR="10.1.1.1").status_code == 429
    # Another client signs in as usual.
    assert signed_in(sign_in(Client(), user.username, PASSWORD, REMOTE_ADDR="10.2.2.2"))


@override_settings(TRUSTED_PROXY_IP_HEADER="HTTP_X_FORWARDED_FOR", TRUSTED_PROXY_COUNT=1)
def test_behind_a_proxy_the_client_address_is_counted_not_the_proxy(client):
    user = secretary()
    for number in range(10):
        sign_in(client, f"gissning{number}", "fel", HTTP_X_FORWARDED_FOR="198.51.100.7")
    # The attacker's address is locked, whatever it writes into the header itself.
    locked = sign_in(client, user.username, PASSWORD, HTTP_X_FORWARDED_FOR="10.0.0.1, 198.51.100.7")
    assert locked.status_code == 429
    # Another client behind the same proxy is not.
    other = sign_in(Client(), user.username, PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert signed_in(other)


def test_the_lock_lifts_after_the_cool_off(client):
    user = secretary()
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        for _ in range(10):
            sign_in(client, user.username, "fel")
        assert sign_in(client, user.username, PASSWORD).status_code == 429
        traveller.shift(datetime.timedelta(minutes=16))
        assert signed_in(sign_in(client, user.username, PASSWORD))


def test_a_success_resets_the_count(client):
    user = secretary()
    for _ in range(9):
        sign_in(client, user.username, "fel")
    assert signed_in(sign_in(client, user.username, PASSWORD))
    client.logout()
    for _ in range(9):
        sign_in(client, user.username, "fel")
    assert signed_in(sign_in(client, user.username, PASSWORD))


def test_the_django_admin_login_is_locked_too(client):
    user = secretary()
    user.is_staff = True
    user.save()
    for _ in range(10):
        sign_in(client, user.username, "fel", url=DJANGO_LOGIN)
    assert sign_in(client, user.username, PASSWORD, url=DJANGO_LOGIN).status_code == 429
    # And the lock holds on Wagtail's login as well: it is one count.
    assert sign_in(client, user.username, PASSWORD).status_code == 429


# --- Password reset ------------------------------------------------------------------------------


@pytest.fixture
def clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.usefixtures("clear_cache")
def test_password_reset_mails_are_throttled_per_address(client):
    users = [secretary(f"kansli{number}") for number in range(7)]
    statuses = [
        client.post("/admin/password_reset/", {"email": user.email}).status_code for user in users
    ]
    assert statuses == [302] * 5 + [429] * 2
    assert len(mail.outbox) == 5


@pytest.mark.usefixtures("clear_cache")
def test_password_reset_mails_are_throttled_per_email_address(client):
    user = secretary()
    statuses = [
        client.post(
            "/admin/password_reset/", {"email": user.email.upper()}, REMOTE_ADDR=f"10.3.0.{n}"
        ).status_code
        for n in range(5)
    ]
    assert statuses == [302] * 3 + [429] * 2
    assert len(mail.outbox) == 3
    response = client.post("/admin/password_reset/", {"email": user.email}, REMOTE_ADDR="10.4.0.1")
    assert "Inget e-postmeddelande har skickats" in response.content.decode()


# --- Two-factor authentication ---------------------------------------------------------------


def code_for(device: TOTPDevice) -> str:
    return TOTP(device.bin_key, step=device.step, t0=device.t0, digits=device.digits).token()


def set_up_authenticator(client: Client) -> tuple[TOTPDevice, list[str]]:
    """Walk through the set-up page as a user does; returns the device and recovery codes."""
    page = client.get(reverse("two_factor_setup"))
    assert page.status_code == 200
    assert b"<svg" in page.content
    device = TOTPDevice.objects.get(user=page.wsgi_request.user, confirmed=False)
    wrong = client.post(reverse("two_factor_setup"), {"code": "000000"})
    assert "Koden stämmer inte" in wrong.content.decode()
    # After a wrong code django-otp makes the next one wait a moment (a second, then doubling).
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=5)):
        response = client.post(reverse("two_factor_setup"), {"code": code_for(device)})
    assert response["Location"] == reverse("two_factor_recovery_codes")
    codes_page = client.get(response["Location"]).content.decode()
    codes = list(
        StaticToken.objects.filter(device__user=device.user).values_list("token", flat=True)
    )
    assert len(codes) == 10
    assert all(code in codes_page for code in codes)
    # Shown once.
    assert client.get(reverse("two_factor_recovery_codes")).status_code == 302
    device.refresh_from_db()
    return device, codes


@override_settings(ADMIN_2FA_REQUIRED=True)
def test_the_secretariat_must_set_up_a_second_factor_before_the_admin_opens(client):
    user = secretary()
    assert signed_in(sign_in(client, user.username, PASSWORD))
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == reverse("two_factor_setup") + "?next=%2Fadmin%2Fpages%2F"
    device, _codes = set_up_authenticator(client)
    assert device.confirmed
    assert client.get("/admin/").status_code == 200


@override_settings(ADMIN_2FA_REQUIRED=True)
def test_the_next_sign_in_asks_for_a_code_and_a_recovery_code_works_once(client):
    user = secretary()
    client.force_login(user)
    device, codes = set_up_authenticator(client)
    client.logout()
    verify = reverse("two_factor_verify")

    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=1), tick=False) as clock:
        other = Client()
        assert signed_in(sign_in(other, user.username, PASSWORD))
        assert other.get("/admin/")["Location"].startswith(verify)
        assert other.post(verify, {"code": "123456"}).status_code == 200
        assert other.get("/admin/").status_code == 302
        # After a wrong code the next try waits a moment (django-otp's throttle).
        clock.shift(datetime.timedelta(seconds=5))
        response = other.post(verify, {"code": codes[0], "next": "/admin/"})
        assert response["Location"] == "/admin/"
        assert other.get("/admin/").status_code == 200

        # The recovery code is spent; the app's current code still works.
        third = Client()
        third.force_login(user)
        clock.shift(datetime.timedelta(seconds=5))
        assert third.post(verify, {"code": codes[0]}).status_code == 200
        clock.shift(datetime.timedelta(minutes=1))
        assert signed_in(third.post(verify, {"code": code_for(device)}))
        assert third.get("/admin/").status_code == 200


@override_settings(ADMIN_2FA_REQUIRED=True)
def test_an_outside_next_address_is_ignored(client):
    user = secretary()
    client.force_login(user)
    set_up_authenticator(client)
    client.logout()
    client.force_login(user)
    device = TOTPDevice.objects.get(user=user)
    # A code is good once: the next one comes from the app's next 30 seconds.
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=1)):
        response = client.post(
            reverse("two_factor_verify"),
            {"code": code_for(device), "next": "https://evil.example/"},
        )
    assert response["Location"] == "/admin/"


@override_settings(ADMIN_2FA_REQUIRED=True)
def test_an_editor_may_choose_a_second_factor_and_turn_it_off(client):
    user = editor()
    client.force_login(user)
    assert client.get("/admin/").status_code == 200
    assert b"/admin/2fa/" in client.get("/admin/account/").content
    set_up_authenticator(client)
    client.post(reverse("two_factor_manage"), {"remove": "1"})
    assert not TOTPDevice.objects.filter(user=user).exists()


@override_settings(ADMIN_2FA_REQUIRED=True)
def test_the_secretariat_cannot_turn_it_off(client):
    user = secretary()
    client.force_login(user)
    set_up_authenticator(client)
    client.post(reverse("two_factor_manage"), {"remove": "1"})
    assert TOTPDevice.objects.filter(user=user, confirmed=True).exists()


@override_settings(ADMIN_2FA_REQUIRED=True)
def test_the_django_admin_asks_for_the_second_factor_too(client):
    user = secretary()
    user.is_staff = user.is_superuser = True
    user.save()
    client.force_login(user)
    response = client.get("/django-admin/")
    assert response["Location"].startswith(reverse("two_factor_setup"))


@override_settings(ADMIN_2FA_REQUIRED=True)
def test_an_operator_resets_a_lost_device(client):
    user = secretary()
    client.force_login(user)
    set_up_authenticator(client)
    out = __import__("io").StringIO()
    call_command("reset_two_factor", user.username, stdout=out)
    assert "Removed 2 two-factor device(s)" in out.getvalue()
    assert not TOTPDevice.objects.filter(user=user).exists()
    # The old session no longer counts as verified: set up again.
    assert client.get("/admin/")["Location"].startswith(reverse("two_factor_setup"))


def test_without_the_requirement_no_one_is_stopped(client):
    client.force_login(secretary())
    assert client.get("/admin/").status_code == 200


def test_production_requires_the_second_factor(tmp_path):
    result = subprocess.run(  # noqa: S603 - fixed arguments, our own interpreter
        [
            sys.executable,
            "-c",
            "import json, django; django.setup(); from django.conf import settings; "
            "print(json.dumps([settings.ADMIN_2FA_REQUIRED, settings.AXES_FAILURE_LIMIT]))",
        ],
        cwd=settings.BASE_DIR,
        env=production_env(tmp_path, ADMIN_2FA_REQUIRED="false"),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == [True, 10]


@override_settings(ADMIN_2FA_REQUIRED=True)
def test_the_second_factors_pages_load_what_they_need(client):
    """The set-up page's icons and script translations come before the second factor."""
    client.force_login(secretary())
    assert client.get("/admin/sprite/").status_code == 200
    assert client.get("/admin/jsi18n/").status_code == 200
    assert client.get("/admin/pages/").status_code == 302
