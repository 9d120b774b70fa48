"""The test suite: only what makes tests faster and hermetic."""

import tempfile

from .dev import *

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="smakom-test-media-"))
CACHES = {
    alias: {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": alias}
    for alias in ("default", "renditions")
}
# The tests run with the response cache on: every test that changes content and reads it again
# checks the invalidation too. One process, so locmem is shared enough.
RESPONSE_CACHE_ENABLED = True
WAGTAILADMIN_BASE_URL = WAGTAILAPI_BASE_URL = "https://www.smakom.se"
# Tasks run at once, in the request; tests of the worker switch to the database backend.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
