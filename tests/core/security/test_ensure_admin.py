"""``manage.py ensure_admin``: creates the administrator once, then leaves it alone."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def ensure_admin() -> str:
    out = StringIO()
    call_command("ensure_admin", stdout=out)
    return out.getvalue()


@pytest.fixture
def no_admin_environment(monkeypatch):
    for name in ("ADMIN_USERNAME", "ADMIN_PASSWORD", "ADMIN_EMAIL"):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.usefixtures("no_admin_environment")
def test_creates_admin_with_a_random_password_printed_once():
    output = ensure_admin()

    user = get_user_model().objects.get(username="admin")
    assert user.is_superuser
    assert user.is_staff
    password = output.split("Password: ")[1].split()[0]
    assert len(password) >= 20
    assert user.check_password(password)
    assert "https://www.smakom.se/admin/" in output

    second = ensure_admin()
    assert "already exists: nothing changed" in second
    assert "Password" not in second
    user.refresh_from_db()
    assert user.check_password(password)
    assert get_user_model().objects.count() == 1


def test_uses_the_environment(monkeypatch):
    monkeypatch.setenv("ADMIN_USERNAME", "hilkka")
    monkeypatch.setenv("ADMIN_PASSWORD", "ett-långt-lösenord-2012")
    monkeypatch.setenv("ADMIN_EMAIL", "hilkka@example.org")

    output = ensure_admin()

    user = get_user_model().objects.get(username="hilkka")
    assert user.is_superuser
    assert user.email == "hilkka@example.org"
    assert user.check_password("ett-långt-lösenord-2012")
    assert "ett-långt-lösenord-2012" not in output
    assert "nothing changed" in ensure_admin()


def test_existing_user_gets_the_new_password_only_when_one_is_given(monkeypatch):
    user = get_user_model().objects.create_user("admin", password="gammalt-lösenord-1")
    monkeypatch.delenv("ADMIN_USERNAME", raising=False)
    monkeypatch.delenv("ADMIN_PASSWORD", raising=False)

    assert "nothing changed" in ensure_admin()
    user.refresh_from_db()
    assert user.check_password("gammalt-lösenord-1")
    assert not user.is_superuser

    monkeypatch.setenv("ADMIN_PASSWORD", "nytt-lösenord-2")
    assert "password" in ensure_admin()
    user.refresh_from_db()
    assert user.check_password("nytt-lösenord-2")
    assert get_user_model().objects.count() == 1


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("1", "too short"),
        ("12345678901", "entirely numeric"),
        ("password123", "too common"),
        ("kansliet1", "too similar"),
    ],
)
def test_a_weak_password_is_refused_and_nothing_changes(monkeypatch, password, problem):
    monkeypatch.setenv("ADMIN_USERNAME", "kansliet")
    monkeypatch.setenv("ADMIN_PASSWORD", password)
    with pytest.raises(CommandError, match=problem):
        call_command("ensure_admin", stdout=StringIO())
    assert not get_user_model().objects.exists()


def test_a_weak_password_does_not_replace_a_good_one(monkeypatch):
    monkeypatch.setenv("ADMIN_PASSWORD", "ett-långt-lösenord-2012")
    call_command("ensure_admin", stdout=StringIO())
    monkeypatch.setenv("ADMIN_PASSWORD", "1")
    with pytest.raises(CommandError):
        call_command("ensure_admin", stdout=StringIO())
    assert get_user_model().objects.get(username="admin").check_password("ett-långt-lösenord-2012")
