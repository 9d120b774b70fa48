"""The container files (Dockerfile, compose.yaml; docs/deploy.md "Containers") say what the
operator's guide promises: a slim non-root image serving config.wsgi under gunicorn, static
files collected at build, a health check on /healthz/; compose with the web process, the
worker, PostgreSQL, Redis and an S3-compatible store, configured only through variables the
settings read. (No Docker daemon runs in CI; the commands themselves run outside Docker in the
other tests: gunicorn config.wsgi in tests/app_server.py, collectstatic in make deploy-check.)"""

from __future__ import annotations

import re
import shlex

import yaml
from django.conf import settings

DOCKERFILE = (settings.BASE_DIR / "Dockerfile").read_text()
COMPOSE = yaml.safe_load((settings.BASE_DIR / "compose.yaml").read_text())
SETTINGS_SOURCE = "".join(
    path.read_text() for path in (settings.BASE_DIR / "config" / "settings").glob("*.py")
)


def instructions(name: str) -> list[str]:
    joined = DOCKERFILE.replace("\\\n", " ")
    return [line.split(None, 1)[1] for line in joined.splitlines() if line.startswith(name + " ")]


def test_the_image_is_slim_and_runs_as_a_user_of_its_own():
    (base,) = instructions("FROM")
    assert re.fullmatch(r"python:3\.11-slim-\w+", base)
    assert instructions("USER") == ["smakom"]
    # The locked requirements, nothing resolved at build time.
    assert "pip install -r requirements/base.txt" in instructions("RUN")[0]


def test_static_files_are_collected_at_build_with_throwaway_settings():
    (collect,) = [run for run in instructions("RUN") if "collectstatic" in run]
    assert "python manage.py collectstatic --no-input" in collect
    assert "DATABASE_URL=sqlite:///" in collect


def test_gunicorn_serves_config_wsgi_and_the_health_check_asks_healthz():
    (command,) = instructions("CMD")
    assert shlex.split(command.strip("[]").replace(",", " "))[:2] == ["gunicorn", "config.wsgi"]
    (health,) = instructions("HEALTHCHECK")
    assert "http://127.0.0.1:8000/healthz/" in health


def test_compose_has_the_production_shape():
    services = COMPOSE["services"]
    assert {"web", "worker", "db", "redis", "s3", "migrate"} <= set(services)
    assert services["worker"]["command"] == ["python", "manage.py", "worker"]
    assert services["web"]["depends_on"]["migrate"]["condition"] == (
        "service_completed_successfully"
    )
    assert "migrate --no-input" in " ".join(services["migrate"]["command"])


def test_compose_sets_only_variables_the_settings_read():
    environment = COMPOSE["services"]["web"]["environment"]
    for name in environment:
        assert f'"{name}"' in SETTINGS_SOURCE, name
    assert environment["SECRET_KEY"].startswith("${SECRET_KEY:?")
