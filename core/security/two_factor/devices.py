"""A user's second factors: one authenticator app (TOTP) and a set of recovery codes."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.editorial import roles

AUTHENTICATOR_NAME = "Autentiseringsapp"
RECOVERY_NAME = "Reservkoder"
RECOVERY_CODE_COUNT = 10


def must_use_two_factor(user: AbstractBaseUser) -> bool:
    """Whether ``user`` must set up a second factor: superusers and the secretariat, when
    ``ADMIN_2FA_REQUIRED`` is on."""
    if not settings.ADMIN_2FA_REQUIRED or not user.is_authenticated:
        return False
    return user.is_superuser or user.groups.filter(name=roles.SECRETARIAT).exists()


def authenticator(user: AbstractBaseUser) -> TOTPDevice | None:
    """The user's confirmed authenticator app, if any."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def pending_authenticator(user: AbstractBaseUser) -> TOTPDevice:
    """The authenticator being set up: a new secret until a code from it confirms it."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)
    return device


def remaining_recovery_codes(user: AbstractBaseUser) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def new_recovery_codes(user: AbstractBaseUser) -> list[str]:
    """Replace the user's recovery codes with ten new ones; returns them (shown once)."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def remove_second_factor(user: AbstractBaseUser) -> int:
    """Delete the user's authenticator and recovery codes; returns how many devices went."""
    devices = [TOTPDevice.objects.filter(user=user), StaticDevice.objects.filter(user=user)]
    deleted = sum(queryset.count() for queryset in devices)
    for queryset in devices:
        queryset.delete()
    return deleted
