"""Scheduled publishing end to end: the secretariat schedules a page in the admin, the worker
publishes it when its time comes, and unpublishes it when it expires."""

from __future__ import annotations

import datetime
import subprocess
import sys
import tempfile
from pathlib import Path

import time_machine
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import TransactionTestCase, override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from wagtail.models import PageLogEntry, Revision

from articles.models import ArticlePage
from core.editorial.tasks import publish_scheduled
from tests.articles.test_pages import article_form_data
from tests.config.test_settings import production_env
from tests.core.editorial.helpers import secretary
from tests.factories.articles import ArticleIndexPageFactory, ArticlePageFactory
from tests.transactional import ensure_initial_data

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
NOW = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC)


def admin_datetime(value: datetime.datetime) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


def run_worker() -> None:
    call_command("worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


@override_settings(TASKS=DATABASE_TASKS)
class ScheduledPublishingTests(TransactionTestCase):
    def setUp(self):
        ensure_initial_data()
        self.index = ArticleIndexPageFactory()
        self.client.force_login(secretary())

    def publish_in_admin(self, page: ArticlePage | None = None, **dates: datetime.datetime):
        data = article_form_data(
            slug="schemalagd-nyhet", **{name: admin_datetime(d) for name, d in dates.items()}
        )
        data["action-publish"] = "Publicera"
        if page is None:
            url = reverse("wagtailadmin_pages:add", args=["articles", "articlepage", self.index.pk])
        else:
            url = reverse("wagtailadmin_pages:edit", args=[page.pk])
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 302, response.content[:500])
        return ArticlePage.objects.get(slug="schemalagd-nyhet")

    def test_a_scheduled_page_goes_live_when_the_worker_runs_after_its_time(self):
        go_live = NOW + datetime.timedelta(hours=2)
        with time_machine.travel(NOW, tick=False):
            page = self.publish_in_admin(go_live_at=go_live)
            self.assertFalse(page.live)
            queued = DBTaskResult.objects.get(task_path=publish_scheduled.module_path)
            self.assertEqual(queued.run_after, go_live)
            run_worker()  # before its time: nothing to publish
        page.refresh_from_db()
        self.assertFalse(page.live)
        self.assertEqual(self.client.get("/nyheter/").content.count(b"schemalagd-nyhet"), 0)

        with time_machine.travel(go_live + datetime.timedelta(minutes=1), tick=False):
            run_worker()
        page.refresh_from_db()
        self.assertTrue(page.live)
        self.assertEqual(page.first_published_at, go_live + datetime.timedelta(minutes=1))
        self.assertFalse(DBTaskResult.objects.ready().exists())
        self.client.logout()
        self.assertEqual(self.client.get(page.url).status_code, 200)

    def test_a_page_is_unpublished_when_it_expires(self):
        expiry = NOW + datetime.timedelta(days=3)
        with time_machine.travel(NOW, tick=False):
            page = self.publish_in_admin(expire_at=expiry)
            self.assertTrue(page.live)
        queued = DBTaskResult.objects.filter(task_path=publish_scheduled.module_path)
        self.assertIn(expiry, set(queued.values_list("run_after", flat=True)))

        with time_machine.travel(expiry + datetime.timedelta(minutes=1), tick=False):
            run_worker()
        page.refresh_from_db()
        self.assertFalse(page.live)
        self.assertTrue(page.expired)

    def test_the_worker_catches_up_on_what_went_due_while_it_was_down(self):
        go_live = NOW + datetime.timedelta(hours=1)
        # Scheduled where nothing reached the database queue (another backend, a lost task).
        with (
            override_settings(TASKS=DUMMY_TASKS),
            time_machine.travel(NOW, tick=False),
        ):
            page = ArticlePageFactory(parent=self.index, live=False)
            page.go_live_at = go_live
            page.save_revision().publish()
        page.refresh_from_db()
        self.assertFalse(page.live)
        self.assertFalse(DBTaskResult.objects.filter(task_path=publish_scheduled.module_path))

        with time_machine.travel(go_live + datetime.timedelta(hours=1), tick=False):
            run_worker()
        page.refresh_from_db()
        self.assertTrue(page.live)

    def test_a_worker_with_nothing_due_queues_nothing(self):
        with time_machine.travel(NOW, tick=False):
            page = ArticlePageFactory(parent=self.index, live=False)
            page.go_live_at = NOW + datetime.timedelta(days=1)
            with override_settings(TASKS=DUMMY_TASKS):
                page.save_revision().publish()
            run_worker()
            run_worker()
        self.assertFalse(DBTaskResult.objects.filter(task_path=publish_scheduled.module_path))


class TwoWorkersTests(TransactionTestCase):
    """Two workers, as two app servers each run one, against one database: every scheduled
    revision is published once (core.editorial.tasks.exclusively)."""

    def test_two_workers_publish_each_scheduled_revision_once(self):
        if connection.vendor != "postgresql":
            self.skipTest("Several workers need PostgreSQL (set DATABASE_URL).")
        ensure_initial_data()
        index = ArticleIndexPageFactory()
        due = timezone.now() - datetime.timedelta(minutes=1)
        pages = []
        for number in range(20):
            page = ArticlePageFactory(parent=index, live=False, slug=f"schemalagd-{number}")
            page.title = f"Schemalagd {number}"
            revision = page.save_revision()
            Revision.objects.filter(pk=revision.pk).update(approved_go_live_at=due)
            pages.append(page)
        # A task for each worker to take, as two schedulings would queue them.
        for _ in range(2):
            DBTaskResult.objects.create(
                task_path=publish_scheduled.module_path,
                args_kwargs={"args": [], "kwargs": {}},
                backend_name="default",
                run_after=due,
            )

        env = production_env(
            Path(tempfile.gettempdir()),
            DATABASE_URL=database_url(connection.settings_dict),
            REDIS_URL=None,
            LOG_LEVEL="WARNING",
        )
        command = [sys.executable, "manage.py", "worker", "--batch", "--no-startup-delay"]
        workers = [
            subprocess.Popen(command, cwd=settings.BASE_DIR, env=env)  # noqa: S603
            for _ in range(2)
        ]
        assert [worker.wait(timeout=120) for worker in workers] == [0, 0]

        for page in pages:
            page.refresh_from_db()
            self.assertTrue(page.live, page.slug)
            published = PageLogEntry.objects.filter(page=page, action="wagtail.publish.scheduled")
            self.assertEqual(published.count(), 1, page.slug)
        self.assertFalse(DBTaskResult.objects.ready().exists())


def database_url(database: dict) -> str:
    user = database["USER"] or "postgres"
    host = database["HOST"] or "127.0.0.1"
    return f"postgres://{user}@{host}:{database['PORT'] or 5432}/{database['NAME']}"
