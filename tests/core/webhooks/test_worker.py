"""The real worker (``manage.py worker --batch``) delivers what a commit queued, and queues
one retry step at the time the first failed delivery is due again."""

from __future__ import annotations

import json

import time_machine
from django.core.cache import cache
from django.test import TransactionTestCase, override_settings
from django_tasks_db.models import DBTaskResult

from core.models import WebhookDelivery
from core.webhooks import delivery
from tests.core.api.helpers import configure_public_site
from tests.core.editorial.test_scheduled_publishing import DATABASE_TASKS, run_worker
from tests.core.webhooks.receiver import receiver
from tests.core.webhooks.test_delivery import NOW, SECRET, endpoint, verify
from tests.factories.articles import ArticleIndexPageFactory, ArticlePageFactory
from tests.transactional import ensure_initial_data


@override_settings(TASKS=DATABASE_TASKS)
class WorkerTests(TransactionTestCase):
    """The real worker (``manage.py worker --batch``) runs what a commit queued."""

    def setUp(self):
        ensure_initial_data()
        configure_public_site()
        self.news = ArticleIndexPageFactory()
        cache.clear()

    def test_a_publish_reaches_the_receiver_when_the_worker_runs(self):
        with receiver(204) as hook:
            endpoint(hook.url)
            article = ArticlePageFactory(parent=self.news, title="Nyhet", slug="nyhet")
            run_worker()
        [(_path, headers, body)] = hook.requests
        self.assertTrue(verify(SECRET, headers["X-SmaKom-Signature"], body))
        self.assertEqual(json.loads(body)["page"]["id"], article.pk)

    def test_a_failure_queues_the_retry_for_its_time(self):
        with receiver(500, 204) as hook, time_machine.travel(NOW, tick=False) as traveller:
            endpoint(hook.url)
            ArticlePageFactory(parent=self.news)
            ArticlePageFactory(parent=self.news)
            run_worker()
            # The first failed (500): the second waits with it, untried; one retry step, at
            # its time.
            self.assertEqual(len(hook.requests), 1)
            retries = DBTaskResult.objects.filter(status="READY")
            self.assertEqual(
                list(retries.values_list("run_after", flat=True)),
                [NOW + delivery.FIRST_RETRY],
            )
            run_worker()
            self.assertEqual(len(hook.requests), 1)
            traveller.shift(delivery.FIRST_RETRY)
            run_worker()
        self.assertEqual(len(hook.requests), 3)
        self.assertFalse(DBTaskResult.objects.filter(status="READY").exists())
        self.assertEqual(
            set(WebhookDelivery.objects.values_list("status", flat=True)), {"delivered"}
        )
