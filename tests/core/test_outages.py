"""The site through a database outage, against a real PostgreSQL behind a TCP proxy the test
cuts and freezes (tests/tcp_proxy.py), the site under gunicorn with the production settings:

- down (connections refused): pages answer a calm 503 page in the reader's language, the APIs
  503 problem+json, both with Retry-After, within the connect timeout; ``/readyz/`` says the
  database failed, ``/healthz/`` still answers;
- frozen (connected, no answer): the same within ``DATABASE_TIMEOUT`` + 1 s, not when the
  worker would be killed;
- back: the very next request is answered from the database again, nothing restarted;
- the log: one line per failed request, no traceback.
"""

from __future__ import annotations

import json
import time

import pytest
from django.conf import settings
from django.db import connection

from tests.app_server import app_server
from tests.config.test_settings import production_env
from tests.tcp_proxy import TCPProxy

DATABASE_TIMEOUT = 2

# The test database must exist (and its migrations' rows): the site's process reads it.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def database(django_db_setup, django_db_blocker):
    """The test database's name and server (its migrations made the home page and site)."""
    with django_db_blocker.unblock():
        if connection.vendor != "postgresql":
            pytest.skip("A database outage is tested against PostgreSQL (set DATABASE_URL).")
        return dict(connection.settings_dict)


@pytest.fixture
def proxy(database):
    proxy = TCPProxy(database["HOST"] or "127.0.0.1", int(database["PORT"] or 5432)).start()
    yield proxy
    proxy.stop()


@pytest.fixture
def site(tmp_path, database, proxy):
    """The site under gunicorn with the production settings, its database behind ``proxy``."""
    user = database["USER"] or "postgres"
    env = production_env(
        tmp_path,
        DATABASE_URL=f"postgres://{user}@127.0.0.1:{proxy.port}/{database['NAME']}",
        DATABASE_TIMEOUT=str(DATABASE_TIMEOUT),
        DATABASE_CONNECT_TIMEOUT="2",
        # The connection is kept between requests, as production keeps it.
        DATABASE_CONN_MAX_AGE="60",
        REDIS_URL=None,
        RESPONSE_CACHE=None,
        LOG_LEVEL="INFO",
    )
    with app_server(env, tmp_path / "site.log") as server:
        yield server


def assert_calm_503(answer: dict, *, within: float) -> None:
    assert answer["status"] == 503, answer["body"]
    assert answer["headers"]["Retry-After"] == str(settings.OUTAGE_RETRY_AFTER)
    assert answer["seconds"] < within
    assert "Traceback" not in answer["body"]


def test_down_frozen_and_back(site, proxy):
    assert site.get("/")["status"] == 200, site.log()
    assert site.get("/api/v3/news/")["status"] == 200
    assert json.loads(site.get("/readyz/")["body"])["checks"]["database"]["ok"] is True

    proxy.cut()
    page = site.get("/?during=down")
    assert_calm_503(page, within=5)
    assert page["headers"]["X-Request-ID"]
    assert page["headers"]["Content-Type"].startswith("text/html")
    assert '<html lang="sv">' in page["body"]
    assert "Tillfälligt avbrott" in page["body"]
    english = site.get("/en/?during=down")
    assert_calm_503(english, within=5)
    assert '<html lang="en">' in english["body"]
    assert "Temporarily unavailable" in english["body"]
    api = site.get("/api/v3/news/?offset=1")
    assert_calm_503(api, within=5)
    assert api["headers"]["Content-Type"] == "application/problem+json"
    assert json.loads(api["body"])["status"] == 503
    assert_calm_503(site.get("/api/v2/pages/?offset=1"), within=5)
    ready = site.get("/readyz/")
    assert ready["status"] == 503
    assert json.loads(ready["body"])["checks"]["database"]["ok"] is False
    assert site.get("/healthz/")["status"] == 200

    proxy.freeze()
    started = time.monotonic()
    frozen = site.get("/?during=frozen")
    assert_calm_503(frozen, within=DATABASE_TIMEOUT + 3)
    assert time.monotonic() - started < DATABASE_TIMEOUT + 3

    proxy.forward()
    back = site.get("/?during=back")
    assert back["status"] == 200, site.log()
    assert "Tillfälligt avbrott" not in back["body"]
    assert site.get("/api/v3/news/?offset=2")["status"] == 200

    records = [json.loads(line) for line in site.log().splitlines() if line.startswith("{")]
    assert not any("Traceback" in json.dumps(record) for record in records)
    failures = [r for r in records if r["message"].startswith("Database unavailable")]
    # One line for each failed page and API request (readiness logs its own checks).
    assert len(failures) == 5, records
    assert all(r["level"] == "ERROR" and r["logger"] == "django.request" for r in failures)
    # Each request's lines share its id, which its answer carried.
    unavailable = [r for r in records if r["logger"] == "smakom.access" and r["status"] == 503]
    assert {r["request_id"] for r in failures} == {r["request_id"] for r in unavailable}
