"""The webhooks in the admin: the secretariat's alone; the secret is never shown after saving."""

from __future__ import annotations

import datetime
import re

from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from core.models import ContentChange, WebhookDelivery, WebhookEndpoint
from core.webhooks.tasks import deliver_webhooks
from tests.core.editorial.helpers import board_member, editor, secretary


class WebhookAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.secretary = secretary()
        cls.editor = editor()
        cls.board_member = board_member()

    def add(self, **data) -> WebhookEndpoint:
        form = {
            "name": "Kommunens webbplats",
            "url": "https://127.0.0.1/hook/",
            "events": ["page.published", "page.deleted"],
            "active": "on",
            **data,
        }
        response = self.client.post(reverse("webhooks:add"), form)
        self.assertEqual(response.status_code, 302, response.content[-3000:])
        return WebhookEndpoint.objects.get(name=form["name"])

    def test_only_the_secretariat_sees_and_edits_webhooks(self):
        endpoint = WebhookEndpoint.objects.create(
            name="Kommunen", url="https://example.org/", secret="s" * 20, events=["page.published"]
        )
        change = ContentChange.objects.create(
            object_id=1,
            locale="sv",
            object_type="home.HomePage",
            action="upsert",
            event="page.published",
            html_path="/",
        )
        WebhookDelivery.objects.create(endpoint=endpoint, change=change, last_error="HTTP 503")
        urls = [
            reverse("webhooks:index"),
            reverse("webhooks:add"),
            reverse("webhooks:edit", args=[endpoint.pk]),
            reverse("webhook_deliveries:index"),
        ]
        for user in (self.editor, self.board_member):
            self.client.force_login(user)
            for url in urls:
                with self.subTest(user=user.username, url=url):
                    response = self.client.get(url)
                    self.assertIn(response.status_code, (302, 403))
                    self.assertNotContains(
                        response, "example.org", status_code=response.status_code
                    )
        self.client.force_login(self.secretary)
        for url in urls:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 200)
        self.assertContains(self.client.get(reverse("webhook_deliveries:index")), "HTTP 503")

    def test_the_secret_is_shown_once_and_never_after_saving(self):
        self.client.force_login(self.secretary)
        add_page = self.client.get(reverse("webhooks:add")).content.decode()
        offered = re.search(r'name="new_secret"[^>]*value="([^"]+)"', add_page)
        self.assertIsNotNone(offered)
        endpoint = self.add(new_secret=offered[1])
        self.assertEqual(endpoint.secret, offered[1])
        edit_url = reverse("webhooks:edit", args=[endpoint.pk])
        self.assertNotContains(self.client.get(edit_url), offered[1])
        self.assertNotContains(self.client.get(reverse("webhooks:index")), offered[1])
        # Saved again without one, the secret stays; a new one replaces it.
        form = {"name": endpoint.name, "url": endpoint.url, "events": ["page.published"]}
        self.client.post(edit_url, form)
        endpoint.refresh_from_db()
        self.assertEqual((endpoint.secret, endpoint.events), (offered[1], ["page.published"]))
        self.client.post(edit_url, {**form, "new_secret": "en-ny-hemlighet-som-är-lång"})
        endpoint.refresh_from_db()
        self.assertEqual(endpoint.secret, "en-ny-hemlighet-som-är-lång")
        self.assertNotContains(self.client.get(edit_url), "en-ny-hemlighet")

    def test_a_secret_left_empty_is_generated(self):
        self.client.force_login(self.secretary)
        endpoint = self.add(new_secret="")
        self.assertGreaterEqual(len(endpoint.secret), 32)

    @override_settings(WEBHOOKS_ALLOW_HTTP=False, WEBHOOKS_ALLOW_PRIVATE_ADDRESSES=False)
    def test_http_and_private_addresses_are_refused(self):
        self.client.force_login(self.secretary)
        for url in ("http://example.org/hook/", "https://127.0.0.1/", "https://169.254.169.254/"):
            with self.subTest(url=url):
                response = self.client.post(
                    reverse("webhooks:add"),
                    {
                        "name": "Fel",
                        "url": url,
                        "events": ["page.published"],
                        "new_secret": "x" * 20,
                    },
                )
                self.assertEqual(response.status_code, 200)
        self.assertFalse(WebhookEndpoint.objects.exists())

    def test_the_delivery_log_cannot_be_written(self):
        self.client.force_login(self.secretary)
        self.assertEqual(self.client.get(reverse("webhook_deliveries:add")).status_code, 302)
        self.assertFalse(WebhookDelivery.objects.exists())

    def test_a_corrected_address_is_tried_at_once(self):
        later = timezone.now() + datetime.timedelta(hours=10)
        endpoint = WebhookEndpoint.objects.create(
            name="Kommunen",
            url="https://example.org/fel/",
            secret="s" * 20,
            events=["page.published"],
        )
        WebhookEndpoint.objects.filter(pk=endpoint.pk).update(paused_until=later)
        change = ContentChange.objects.create(
            object_id=1, object_type="home.HomePage", action="upsert", event="page.published"
        )
        pending = WebhookDelivery.objects.create(
            endpoint=endpoint, change=change, attempts=5, next_attempt_at=later
        )
        self.client.force_login(self.secretary)
        edit_url = reverse("webhooks:edit", args=[endpoint.pk])
        form = {"name": "Kommunen", "url": endpoint.url, "events": ["page.published"]}
        # Another name only: the retry keeps its time.
        self.client.post(edit_url, {**form, "name": "Kommunens webb"})
        pending.refresh_from_db()
        endpoint.refresh_from_db()
        self.assertEqual((pending.next_attempt_at, endpoint.paused_until), (later, later))
        with self.captureOnCommitCallbacks() as queued:
            self.client.post(edit_url, {**form, "url": "https://127.0.0.1/ratt/"})
        pending.refresh_from_db()
        endpoint.refresh_from_db()
        self.assertEqual(endpoint.url, "https://127.0.0.1/ratt/")
        self.assertIsNone(endpoint.paused_until)
        self.assertLessEqual(pending.next_attempt_at, timezone.now())
        self.assertEqual(pending.attempts, 5)
        self.assertIn(deliver_webhooks.enqueue, queued)
