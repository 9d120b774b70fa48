"""/healthz/ and /readyz/ (core/health.py): answered before the rest of the site, for any host,
never cached, disallowed to crawlers; readiness names each check and fails with 503 when one
fails. The database and Redis outages themselves: tests/core/test_outages.py and
tests/core/caching/test_redis.py."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

pytestmark = pytest.mark.django_db

CHECKS = {"database", "cache", "storage", "tasks"}


def waiting_task(enqueued: datetime.timedelta, run_after: datetime.timedelta) -> DBTaskResult:
    """A task in the database queue, enqueued and due that long ago, that no worker took (the
    tests run tasks at once, so the queue is filled by hand)."""
    now = timezone.now()
    task = DBTaskResult.objects.create(
        task_path="core.editorial.tasks.publish_scheduled",
        args_kwargs={"args": [], "kwargs": {}},
        backend_name="default",
        run_after=now - run_after,
    )
    DBTaskResult.objects.filter(pk=task.pk).update(enqueued_at=now - enqueued)
    return task


def test_liveness_answers_for_any_host_without_a_query(client, settings):
    settings.ALLOWED_HOSTS = ["www.smakom.se"]
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/healthz/", headers={"host": "10.0.0.5:8000"})

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert len(queries) == 0
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex"


def test_readiness_names_every_check(client):
    response = client.get("/readyz/")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == CHECKS
    assert all(check["ok"] and check["ms"] >= 0 for check in body["checks"].values())
    # Nothing else: no versions, no hosts, no error texts.
    assert set(body) == {"status", "checks"}
    assert all(set(check) == {"ok", "ms"} for check in body["checks"].values())


def test_a_task_no_worker_took_makes_the_server_not_ready(client, settings):
    settings.READINESS_TASK_DELAY_LIMIT = 600
    task = waiting_task(datetime.timedelta(minutes=9), datetime.timedelta(minutes=9))
    assert client.get("/readyz/").status_code == 200

    DBTaskResult.objects.filter(pk=task.pk).update(
        enqueued_at=timezone.now() - datetime.timedelta(minutes=11),
        run_after=timezone.now() - datetime.timedelta(minutes=11),
    )

    response = client.get("/readyz/")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
    assert response.json()["checks"]["tasks"]["ok"] is False
    assert response.json()["checks"]["database"]["ok"] is True


def test_a_task_waits_from_the_moment_it_was_to_run(client, settings):
    settings.READINESS_TASK_DELAY_LIMIT = 600
    # Enqueued days ago to run a minute ago (a page scheduled to go live): not late.
    waiting_task(datetime.timedelta(days=3), datetime.timedelta(minutes=1))

    assert client.get("/readyz/").status_code == 200


def test_media_storage_that_cannot_be_written_makes_the_server_not_ready(
    client, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path / "not-there")

    response = client.get("/readyz/")

    assert response.status_code == 503
    assert response.json()["checks"]["storage"]["ok"] is False


@pytest.mark.parametrize("path", ["/healthz/", "/readyz/"])
def test_never_cached_nor_crawled_and_only_read(client, path):
    first, second = client.get(path), client.get(path)

    assert "X-Cache" not in second
    assert first["Cache-Control"] == second["Cache-Control"]
    assert "no-store" in second["Cache-Control"]
    assert client.post(path).status_code == 405
    assert f"Disallow: {path}" in client.get("/robots.txt").content.decode()
