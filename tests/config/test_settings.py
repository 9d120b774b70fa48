"""Production settings refuse to start without their configuration, and pass the deploy checks."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings

REQUIRED = ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "WAGTAILADMIN_BASE_URL")


def production_env(tmp_path, **overrides: str | None) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in REQUIRED and not key.startswith("DJANGO_")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="www.smakom.se",
        DATABASE_URL=f"sqlite:///{tmp_path / 'deploy-check.sqlite3'}",
        WAGTAILADMIN_BASE_URL="https://www.smakom.se",
    )
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - fixed arguments, our own interpreter
        [sys.executable, str(settings.BASE_DIR / "manage.py"), *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("missing", REQUIRED)
def test_production_refuses_to_start_without(tmp_path, missing):
    result = manage(production_env(tmp_path, **{missing: None}), "check")

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"The environment variable {missing} must be set" in result.stderr


@pytest.mark.parametrize("missing", REQUIRED)
def test_production_refuses_an_empty_value(tmp_path, missing):
    result = manage(production_env(tmp_path, **{missing: ""}), "check")

    assert result.returncode != 0
    assert f"The environment variable {missing} must be set" in result.stderr


def test_deploy_checks_pass_with_the_configuration_set(tmp_path):
    result = manage(production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_is_not_in_debug_and_keeps_the_given_values(tmp_path):
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DEBUG, s.ALLOWED_HOSTS, s.WAGTAILADMIN_BASE_URL, s.SESSION_COOKIE_SECURE)"
    )
    result = subprocess.run(  # noqa: S603 - fixed arguments, our own interpreter
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=production_env(tmp_path, ALLOWED_HOSTS="www.smakom.se,smakom.se"),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "False ['www.smakom.se', 'smakom.se'] https://www.smakom.se True"
    )


def run_in_production(tmp_path, code: str, **overrides: str | None) -> str:
    result = subprocess.run(  # noqa: S603 - fixed arguments, our own interpreter
        [sys.executable, "-c", "import django; django.setup(); " + code],
        cwd=settings.BASE_DIR,
        env=production_env(tmp_path, **overrides),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_production_keeps_database_connections_with_health_checks(tmp_path):
    code = (
        "from django.conf import settings as s; d = s.DATABASES['default']; "
        "print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])"
    )
    assert run_in_production(tmp_path, code, DATABASE_CONN_MAX_AGE=None) == "60 True"
    assert run_in_production(tmp_path, code, DATABASE_CONN_MAX_AGE="0") == "0 True"
