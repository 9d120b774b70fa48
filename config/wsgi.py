"""WSGI entry point (gunicorn config.wsgi).

Stored answers for anonymous readers are served in front of Django's handler
(core/caching/wsgi.py); everything else goes through Django.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
# A request waits at most this many seconds for each database statement (core/db_timeouts.py);
# management commands and the worker set their own, if any.
os.environ.setdefault("DATABASE_TIMEOUT", "5")

django_application = get_wsgi_application()

from core.caching.wsgi import serve_stored_answers  # noqa: E402  (needs the apps loaded)

application = serve_stored_answers(django_application)
