"""Users in the editors' roles, for tests of what each role may do."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from core.editorial import roles


def user_in_role(role: str | None, username: str, **fields):
    """A user (with an e-mail address, for the workflow's notifications) in ``role``'s group."""
    user = get_user_model().objects.create_user(
        username, f"{username}@smakom.se", "lösenord-för-test", **fields
    )
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


def editor(username: str = "redaktor"):
    return user_in_role(roles.EDITOR, username, first_name="Hilkka")


def secretary(username: str = "kansli"):
    return user_in_role(roles.SECRETARIAT, username, first_name="Karin")


def board_member(username: str = "styrelse"):
    return user_in_role(roles.BOARD, username, first_name="Bo")
