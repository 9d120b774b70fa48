"""Production: tightens the base settings and refuses to start without its configuration."""

import os

from django.core.exceptions import ImproperlyConfigured
from pythonjsonlogger.core import RESERVED_ATTRS

from core.log_filters import CLIENT_ERROR_LOGGERS

from .base import *

DEBUG = False


def _require(name: str, value: object) -> None:
    if not value:
        raise ImproperlyConfigured(f"The environment variable {name} must be set in production.")


_require("SECRET_KEY", SECRET_KEY)
_require("ALLOWED_HOSTS", ALLOWED_HOSTS)
_require("DATABASE_URL", DATABASE_URL)
_require("WAGTAILADMIN_BASE_URL", WAGTAILADMIN_BASE_URL)

# Persistent database connections: a new PostgreSQL connection per request costs more than many
# a page's queries. Django checks a reused connection before each request (CONN_HEALTH_CHECKS in
# base.py), so a restarted database costs one failed check, not an error.
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("DATABASE_CONN_MAX_AGE", "60"))

STORAGES["staticfiles"]["BACKEND"] = "whitenoise.storage.CompressedManifestStaticFilesStorage"

# The secretariat and superusers sign in to the admin with a second factor.
ADMIN_2FA_REQUIRED = True

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# Wagtail marks its own preview views SAMEORIGIN, so everything else can refuse framing.
X_FRAME_OPTIONS = "DENY"

# Without EMAIL_HOST, mail is written to the log rather than silently dropped.
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)

# One JSON object per line on stderr (LOG_FORMAT=text: "LEVEL logger: message"), each with the
# request id (core/request_log.py); docs/deploy.md "Logs" shows how to read them. A client's
# malformed request (bad Host, oversized body, too many fields) is one WARNING line without a
# traceback, and so is a request that failed on a database outage (core/log_filters.py).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "client_errors": {"()": "core.log_filters.ClientErrorFilter"},
        "database_outages": {"()": "core.log_filters.DatabaseOutageFilter"},
        "request_id": {"()": "core.request_log.RequestIdFilter"},
    },
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
            "datefmt": "%Y-%m-%dT%H:%M:%S%z",
            # The record's request (Django's django.request lines) is not JSON.
            "reserved_attrs": [*RESERVED_ATTRS, "request", "server_time"],
        },
        "text": {"format": "%(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "text" if LOG_FORMAT == "text" else "json",
            "filters": ["request_id"],
        }
    },
    "loggers": {
        **{name: {"filters": ["client_errors"]} for name in CLIENT_ERROR_LOGGERS},
        "django.request": {"filters": ["database_outages"]},
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
}
