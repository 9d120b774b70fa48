"""A CDN or caching proxy in front of the site is purged when content changes, the same set the
app's cache drops (everything), once per transaction (core/caching/frontend.py); tested against a
local HTTP server that records what it is sent."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.db import transaction

from core.caching.frontend import enqueue_purge
from tests.config.test_settings import manage, production_env
from tests.factories.articles import ArticlePageFactory
from tests.factories.consultation_responses import MinistryFactory
from tests.transactional import ensure_initial_data

pytestmark = pytest.mark.django_db


class Recorder(BaseHTTPRequestHandler):
    """Records each request's method, path, headers and body; answers 200 (Cloudflare's way)."""

    def _record(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode() if length else ""
        self.server.requests.append(
            {"method": self.command, "path": self.path, "headers": dict(self.headers), "body": body}
        )
        payload = b'{"success": true, "errors": [], "result": {}}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_BAN = do_PURGE = do_POST = _record

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def recorder() -> Iterator[ThreadingHTTPServer]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    server.requests = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def address(server: ThreadingHTTPServer) -> str:
    host, port = server.server_address
    return f"http://{host}:{port}"


@pytest.fixture
def varnish(recorder, settings):
    settings.WAGTAILFRONTENDCACHE = {
        "default": {
            "BACKEND": "core.caching.frontend.HTTPBanBackend",
            "LOCATION": address(recorder),
        }
    }
    return recorder


def test_publishing_bans_the_whole_site_from_the_proxy_once(
    varnish, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ArticlePageFactory(title="Bredband på landet")

    # One ban of everything for each host the site answers on: the one readers use
    # (WAGTAILADMIN_BASE_URL in the test settings) and the Wagtail site's.
    assert {request["method"] for request in varnish.requests} == {"BAN"}
    assert {request["path"] for request in varnish.requests} == {"/"}
    assert {request["headers"]["X-Ban-Url"] for request in varnish.requests} == {"^/"}
    hosts = [request["headers"]["Host"] for request in varnish.requests]
    assert sorted(hosts) == ["localhost", "www.smakom.se"]


@pytest.mark.django_db(transaction=True)
def test_a_snippet_change_purges_too(varnish):
    ensure_initial_data()
    ministry = MinistryFactory(name="Finansdepartementet")
    varnish.requests.clear()

    ministry.name = "Landsbygdsdepartementet"
    ministry.save()

    # A ban for each of the two hosts (see above).
    assert len(varnish.requests) == 2


def test_nothing_is_purged_before_the_change_is_committed(
    varnish, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        ArticlePageFactory(title="Bredband på landet")
        ArticlePageFactory(title="Fibernät i Dalarna")

    assert varnish.requests == []
    # One purge for the whole transaction, however many rows it wrote.
    assert callbacks.count(enqueue_purge) == 1


def test_cloudflare_purges_everything_in_the_zone(
    recorder, settings, django_capture_on_commit_callbacks
):
    settings.WAGTAILFRONTENDCACHE = {
        "default": {
            "BACKEND": "core.caching.frontend.CloudflareBackend",
            "ZONEID": "zone-1",
            "BEARER_TOKEN": "secret-token",
            "API_URL": address(recorder),
        }
    }

    with django_capture_on_commit_callbacks(execute=True):
        ArticlePageFactory(title="Bredband på landet")

    [purge] = recorder.requests
    assert purge["method"] == "POST"
    assert purge["path"] == "/zones/zone-1/purge_cache"
    assert purge["headers"]["Authorization"] == "Bearer secret-token"
    assert json.loads(purge["body"]) == {"purge_everything": True}


def test_reading_purges_nothing(varnish, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ArticlePageFactory(title="Bredband på landet")
    varnish.requests.clear()

    with django_capture_on_commit_callbacks(execute=True):
        for path in ["/", "/nyheter/", "/api/v2/pages/", "/sitemap.xml"]:
            client.get(path)

    assert varnish.requests == []


@pytest.mark.parametrize(
    ("name", "backend"),
    [
        ("http", "core.caching.frontend.HTTPBanBackend"),
        ("cloudflare", "core.caching.frontend.CloudflareBackend"),
        ("cloudfront", "core.caching.frontend.CloudfrontBackend"),
    ],
)
def test_configured_from_the_environment(tmp_path, name, backend):
    env = production_env(
        tmp_path,
        FRONTEND_CACHE=name,
        FRONTEND_CACHE_LOCATION="http://varnish:6081",
        CLOUDFLARE_ZONE_ID="zone",
        CLOUDFLARE_BEARER_TOKEN="token",
        CLOUDFRONT_DISTRIBUTION_ID="dist",
    )
    code = (
        "import json; from django.conf import settings; "
        "print(json.dumps(settings.WAGTAILFRONTENDCACHE))"
    )

    result = manage(env, "shell", "--no-imports", "-c", code)

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1])["default"]["BACKEND"] == backend


def test_an_unknown_frontend_cache_refuses_to_start(tmp_path):
    result = manage(production_env(tmp_path, FRONTEND_CACHE="akamai"), "check")

    assert result.returncode != 0
    assert "FRONTEND_CACHE='akamai'" in result.stderr
