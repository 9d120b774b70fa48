"""Health endpoints for load balancers, container runtimes and monitoring.

- ``/healthz/`` (liveness): the process answers. It touches nothing else, so a database outage
  never makes an orchestrator restart healthy app servers.
- ``/readyz/`` (readiness): the services a request needs answer, each within a short time: the
  database, the shared cache, the media storage, and the task queue (its oldest waiting task is
  not older than ``READINESS_TASK_DELAY_LIMIT``, else no worker is running). 200 with each
  check's result, 503 when one fails: a load balancer then sends readers to another server.

Both are answered by ``HealthCheckMiddleware``, first in ``MIDDLEWARE``: before the host is
checked against ``ALLOWED_HOSTS`` (a load balancer asks by the server's address), before the
redirect to HTTPS, and before anything that reads the database (the site lookup, the session).
Neither is cached, indexed or listed in the sitemap, and neither says which versions run or
shows an error's text (both go to the log).
"""

from __future__ import annotations

import datetime
import logging
import os
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connection
from django.db.models.functions import Greatest
from django.http import HttpRequest, HttpResponseBase, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from core.log_filters import one_line

logger = logging.getLogger(__name__)

# A name no upload can have (uploads get unguessable names in folders): asking whether it exists
# makes the storage answer without reading or writing anything.
STORAGE_PROBE_NAME = "readyz-probe"


class HealthCheckMiddleware:
    """Answers ``/healthz/`` and ``/readyz/`` before any other middleware runs."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        view = ENDPOINTS.get(request.path_info)
        if view is None:
            return self.get_response(request)
        return view(request)


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness: the process answers."""
    return health_response({"status": "ok"}, 200)


@never_cache
@require_safe
def readyz(request: HttpRequest) -> JsonResponse:
    """Readiness: every service the site needs answers."""
    checks = {name: run_check(name, check) for name, check in CHECKS.items()}
    ready = all(result["ok"] for result in checks.values())
    body = {"status": "ok" if ready else "unavailable", "checks": checks}
    response = health_response(body, 200 if ready else 503)
    # Each failed check logged its line: Django need not log the 503 as an error as well.
    response._has_been_logged = True
    return response


def health_response(body: dict, status: int) -> JsonResponse:
    response = JsonResponse(body, status=status)
    response["X-Robots-Tag"] = "noindex"
    return response


def run_check(name: str, check: Callable[[], None]) -> dict:
    """``check``'s result: whether it passed and how long it took (the error goes to the log)."""
    started = time.perf_counter()
    try:
        check()
    except Exception as error:  # noqa: BLE001 - any failure of a dependency means not ready
        logger.warning(
            "Readiness check %s failed: %s: %s", name, type(error).__name__, one_line(str(error))
        )
        ok = False
    else:
        ok = True
    return {"ok": ok, "ms": round((time.perf_counter() - started) * 1000, 1)}


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_cache() -> None:
    """The shared cache answers. The site keeps working without it (the cache backend degrades
    to none, core/caching/redis.py), but slower: readiness says so."""
    ping = getattr(cache, "ping", None)
    if ping is not None:
        ping()
        return
    cache.set(STORAGE_PROBE_NAME, 1, 10)
    if cache.get(STORAGE_PROBE_NAME) != 1:
        raise RuntimeError("the cache did not keep a value")


def check_storage() -> None:
    """The media storage answers (an S3 bucket: one HEAD request); a folder on disk must be
    there and writable."""
    default_storage.exists(STORAGE_PROBE_NAME)
    local = isinstance(default_storage, FileSystemStorage)
    if local and not os.access(default_storage.location, os.W_OK):
        raise RuntimeError("the media folder is missing or not writable")


def check_tasks() -> None:
    """No task has waited longer than ``READINESS_TASK_DELAY_LIMIT`` seconds for a worker."""
    from django_tasks_db.models import DBTaskResult

    limit = timezone.now() - datetime.timedelta(seconds=settings.READINESS_TASK_DELAY_LIMIT)
    # A task waits from when it was enqueued, or from the moment it was to run after.
    oldest = (
        DBTaskResult.objects.ready()
        .annotate(waiting_since=Greatest("enqueued_at", "run_after"))
        .order_by("waiting_since")
        .values_list("waiting_since", flat=True)
        .first()
    )
    if oldest is not None and oldest < limit:
        raise RuntimeError(f"a task has waited since {oldest.isoformat()}: is a worker running?")


ENDPOINTS = {"/healthz/": healthz, "/readyz/": readyz}

CHECKS: dict[str, Callable[[], None]] = {
    "database": check_database,
    "cache": check_cache,
    "storage": check_storage,
    "tasks": check_tasks,
}
