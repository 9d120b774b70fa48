"""The stylesheet and script reach readers compressed: production's static files storage
(WhiteNoise's CompressedManifestStaticFilesStorage, config/settings/production.py) writes Brotli
and gzip copies beside each file at collectstatic, and WhiteNoise sends the best one a browser
accepts. The home page's weight budget (tests/browser/test_header.py) counts on it."""

from __future__ import annotations

import brotli
import pytest
from django.core.management import call_command
from django.test import override_settings
from whitenoise import WhiteNoise

import config.settings.base as base_settings

PRODUCTION_STORAGE = "whitenoise.storage.CompressedManifestStaticFilesStorage"


def test_production_stores_static_files_compressed():
    production = (base_settings.BASE_DIR / "config" / "settings" / "production.py").read_text()
    assert f'STORAGES["staticfiles"]["BACKEND"] = "{PRODUCTION_STORAGE}"' in production


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    """The site's own static files, collected as production collects them."""
    root = tmp_path_factory.mktemp("static")
    storages = {**base_settings.STORAGES, "staticfiles": {"BACKEND": PRODUCTION_STORAGE}}
    with override_settings(
        STATIC_ROOT=root,
        STORAGES=storages,
        STATICFILES_FINDERS=["django.contrib.staticfiles.finders.FileSystemFinder"],
    ):
        call_command("collectstatic", interactive=False, verbosity=0)
    return root


def get(root, path: str, accept_encoding: str) -> tuple[dict, bytes]:
    """What WhiteNoise answers for ``/static/<path>``."""
    application = WhiteNoise(None, root=root, prefix="static/")
    status_headers: dict = {}

    def start_response(status, headers, exc_info=None):
        status_headers.update({"status": status, **dict(headers)})

    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": f"/static/{path}",
        "HTTP_ACCEPT_ENCODING": accept_encoding,
    }
    body = b"".join(application(environ, start_response))
    return status_headers, body


@pytest.mark.parametrize(
    ("accepted", "encoding"), [("gzip, deflate, br", "br"), ("gzip", "gzip"), ("", None)]
)
@pytest.mark.parametrize("source", ["css/site.css", "js/menu.js"])
def test_whitenoise_sends_the_compressed_copy_a_browser_accepts(
    collected, source, accepted, encoding
):
    original = (base_settings.BASE_DIR / "site" / "static" / source).read_bytes()
    headers, body = get(collected, source, accepted)
    assert headers["status"].startswith("200")
    assert headers.get("Content-Encoding") == encoding
    assert "Accept-Encoding" in headers["Vary"]
    if encoding == "br":
        assert brotli.decompress(body) == original
        # The stylesheet: 29 KB as written, 6 KB on the wire; the script 1.3 KB, 0.5 KB.
        assert len(body) < len(original) / 2
    elif encoding is None:
        assert body == original
