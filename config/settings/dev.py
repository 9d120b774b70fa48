"""Local development: debug on, a fixed development-only key, e-mail to the console."""

from .base import *

DEBUG = True

# A development-only key: production.py refuses to start without a real SECRET_KEY.
SECRET_KEY = SECRET_KEY or "django-insecure-smakom-development-only"  # noqa: S105
ALLOWED_HOSTS = ALLOWED_HOSTS or ["localhost", "127.0.0.1", "[::1]", "0.0.0.0"]  # noqa: S104
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
WAGTAILADMIN_BASE_URL = WAGTAILADMIN_BASE_URL or "http://localhost:8000"
SECURE_SSL_REDIRECT = False
# Serve static files straight from the app and site folders, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL
# A webhook receiver on this machine (http://127.0.0.1:…) may be tried.
WEBHOOKS_ALLOW_HTTP = WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = True
