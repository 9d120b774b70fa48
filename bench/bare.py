"""The bare Django view the site is measured against: settings and URLs in one module, no
middleware, no database, no templates. Served by gunicorn as the site is, with as many workers:

    DJANGO_SETTINGS_MODULE=bench.bare gunicorn 'django.core.wsgi:get_wsgi_application()'

Its requests per second are what Django and gunicorn cost on this machine at this moment; the
site's are reported as a ratio to them (docs/performance.md).
"""

import os

from django.http import HttpRequest, HttpResponse
from django.urls import path

DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "bench.bare"
INSTALLED_APPS: list[str] = []
MIDDLEWARE: list[str] = []
DATABASES: dict[str, dict] = {}
USE_TZ = True

BODY = b"<!doctype html><title>SmaKom</title><p>Bare Django view.</p>\n"


def bare_view(request: HttpRequest) -> HttpResponse:
    """A small fixed HTML answer: the least a Django view can do."""
    return HttpResponse(BODY, content_type="text/html; charset=utf-8")


urlpatterns = [path("", bare_view)]
