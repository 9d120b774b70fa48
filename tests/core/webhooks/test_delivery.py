"""Webhooks: the worker's delivery step POSTs each change of the change log, signed, to a real
receiver on 127.0.0.1; retries with backoff; refuses redirects and private addresses; never
sends a page that was never public; prunes its log after 30 days."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
import socket
import time

import pytest
import time_machine
import urllib3
from django_tasks import default_task_backend
from wagtail.models import PageViewRestriction

from core.models import ContentChange, WebhookDelivery, WebhookEndpoint
from core.webhooks import delivery
from core.webhooks.tasks import deliver_webhooks
from tests.core.editorial.test_scheduled_publishing import DUMMY_TASKS
from tests.core.webhooks.receiver import receiver
from tests.factories.articles import ArticlePageFactory
from tests.factories.home import StandardPageFactory

pytestmark = pytest.mark.django_db

SECRET = "en-hemlighet-för-testerna-1234"
NOW = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC)


def verify(secret: str, header: str, body: bytes, tolerance: int = 300) -> bool:
    """The consumer's check, as docs/api.md "Webhooks" gives it."""
    fields = dict(part.split("=", 1) for part in header.split(","))
    timestamp, signature = fields.get("t", ""), fields.get("v1", "")
    if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > tolerance:
        return False
    message = timestamp.encode() + b"." + body
    expected = hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, signature)


@pytest.fixture(autouse=True)
def _queued_not_run(settings):
    """The step is called here as the worker would; what the commit queues is not run."""
    settings.TASKS = DUMMY_TASKS


def endpoint(url: str, **fields) -> WebhookEndpoint:
    fields.setdefault("events", [event for event, _label in ContentChange.Event.choices])
    fields.setdefault("name", "Kommunen")
    return WebhookEndpoint.objects.create(url=url, secret=SECRET, **fields)


def test_a_publish_and_an_unpublish_reach_the_receiver_signed(committed, news):
    with receiver(204) as hook:
        endpoint(hook.url)
        with committed():
            article = ArticlePageFactory(parent=news, title="Nyhet", slug="nyhet")
        done = delivery.run()
        with committed():
            article.unpublish()
        delivery.run()
    assert done["created"] == done["delivered"] == 1
    assert len(hook.requests) == 2
    events = []
    for path, headers, body in hook.requests:
        assert path == "/hook/"
        assert headers["Content-Type"] == "application/json"
        assert verify(SECRET, headers["X-SmaKom-Signature"], body)
        assert not verify("en annan hemlighet", headers["X-SmaKom-Signature"], body)
        assert not verify(SECRET, headers["X-SmaKom-Signature"], body + b" ")
        events.append(json.loads(body))
    published, unpublished = events
    assert published["type"] == "page.published" and published["action"] == "upsert"
    assert published["page"] == {
        "id": article.pk,
        "type": "articles.ArticlePage",
        "locale": "sv",
        "html_url": f"https://www.smakom.se{article.url}",
        "api_url": f"https://www.smakom.se/api/v3/pages/{article.pk}/",
    }
    assert unpublished["type"] == "page.unpublished" and unpublished["action"] == "delete"
    assert unpublished["page"]["id"] == article.pk
    assert unpublished["page"]["html_url"] is None
    assert published["id"] != unpublished["id"]
    assert published["cursor"] < unpublished["cursor"]
    assert set(WebhookDelivery.objects.values_list("status", flat=True)) == {"delivered"}
    # A second step sends nothing again.
    assert delivery.run()["delivered"] == 0


def test_only_the_chosen_events_and_locales(committed, news):
    with receiver(204) as hook:
        endpoint(hook.url, events=["page.unpublished", "page.deleted", "page.moved"])
        endpoint(hook.url, locales=["en"])
        with committed():
            ArticlePageFactory(parent=news)
        assert delivery.run()["created"] == 0
    assert hook.requests == []


def test_a_new_endpoint_is_not_sent_the_past(committed, news):
    with committed():
        ArticlePageFactory(parent=news)
    with receiver(204) as hook:
        endpoint(hook.url)
        delivery.run()
    assert hook.requests == []


def test_a_page_never_public_is_never_sent(committed, news):
    with committed():
        private = StandardPageFactory(parent=news.get_parent(), title="Internt", slug="internt")
        PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    with receiver(204) as hook:
        endpoint(hook.url)
        with committed():
            draft = ArticlePageFactory(parent=news, live=False)
            draft.save_revision()
            StandardPageFactory(parent=private, title="Styrelseprotokoll")
            draft.delete()
        assert delivery.run()["created"] == 0
    assert hook.requests == []


def test_a_failing_receiver_is_retried_with_backoff(committed, news, monkeypatch):
    monkeypatch.setattr(delivery, "TIMEOUT", urllib3.Timeout(connect=2, read=0.2))
    with (
        receiver(500, "hang", 503, 500, 500, 200) as hook,
        time_machine.travel(NOW, tick=False) as traveller,
    ):
        endpoint(hook.url)
        with committed():
            ArticlePageFactory(parent=news)
        delivery.run()
        sent = WebhookDelivery.objects.get()
        waits, errors = [], []
        for _ in range(delivery.MAX_ATTEMPTS - 1):
            sent.refresh_from_db()
            assert sent.status == "pending"
            errors.append(sent.last_error)
            waits.append(sent.next_attempt_at - datetime.datetime.now(datetime.UTC))
            # Not before its time.
            assert delivery.run()["failed"] == 0
            traveller.move_to(sent.next_attempt_at)
            delivery.run()
        sent.refresh_from_db()
    assert [wait.total_seconds() / 60 for wait in waits] == [1, 5, 25, 125, 625]
    assert errors[0] == "HTTP 500" and errors[2:] == ["HTTP 503", "HTTP 500", "HTTP 500"]
    assert errors[1].startswith("ReadTimeoutError")
    assert len(hook.requests) == delivery.MAX_ATTEMPTS
    assert sent.status == "delivered" and sent.attempts == delivery.MAX_ATTEMPTS
    assert sent.last_error == ""
    # The same event each time, signed anew.
    bodies = {body for _path, _headers, body in hook.requests}
    assert len(bodies) == 1


def test_the_last_failure_gives_up_and_says_why(committed, news):
    with receiver(500) as hook:
        endpoint(hook.url)
        with committed():
            ArticlePageFactory(parent=news)
        with time_machine.travel(NOW, tick=False) as traveller:
            for _ in range(delivery.MAX_ATTEMPTS):
                delivery.run()
                traveller.shift(datetime.timedelta(days=1))
            delivery.run()
    sent = WebhookDelivery.objects.get()
    assert (sent.status, sent.attempts, sent.last_error) == ("failed", 6, "HTTP 500")
    assert sent.next_attempt_at is None
    assert len(hook.requests) == delivery.MAX_ATTEMPTS


def test_a_redirect_is_not_followed(committed, news):
    with receiver(302, 204) as hook:
        endpoint(hook.url)
        with committed():
            ArticlePageFactory(parent=news)
        delivery.run()
    assert [path for path, _headers, _body in hook.requests] == ["/hook/"]
    sent = WebhookDelivery.objects.get()
    assert (sent.status, sent.last_error) == ("pending", "HTTP 302")


def test_a_private_address_is_refused_unless_allowed(committed, news, settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = False
    with receiver(204) as hook:
        endpoint(hook.url)
        with committed():
            ArticlePageFactory(parent=news)
        delivery.run()
        assert hook.requests == []
        sent = WebhookDelivery.objects.get()
        assert sent.status == "pending" and "127.0.0.1" in sent.last_error
        settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = True
        with time_machine.travel(sent.next_attempt_at, tick=False):
            delivery.run()
    assert len(hook.requests) == 1


def test_http_is_refused_unless_allowed(committed, news, settings):
    settings.WEBHOOKS_ALLOW_HTTP = False
    with receiver(204) as hook:
        endpoint(hook.url)
        with committed():
            ArticlePageFactory(parent=news)
        delivery.run()
    assert hook.requests == []
    assert "https" in WebhookDelivery.objects.get().last_error


def test_an_inactive_endpoint_is_sent_nothing_then_or_later(committed, news):
    with receiver(204) as hook:
        hooked = endpoint(hook.url, active=False)
        with committed():
            ArticlePageFactory(parent=news)
        delivery.run()
        hooked.active = True
        hooked.save()
        delivery.run()
    assert hook.requests == []


def test_the_log_is_pruned_after_30_days(committed, news):
    with receiver(204) as hook, time_machine.travel(NOW, tick=False) as traveller:
        endpoint(hook.url)
        with committed():
            ArticlePageFactory(parent=news)
        delivery.run()
        traveller.shift(datetime.timedelta(days=29))
        with committed():
            ArticlePageFactory(parent=news)
        assert delivery.run()["pruned"] == 0
        assert WebhookDelivery.objects.count() == 2
        traveller.shift(datetime.timedelta(days=2))
        assert delivery.run()["pruned"] == 1
    assert WebhookDelivery.objects.get().created_at == NOW + datetime.timedelta(days=29)


def test_a_commit_queues_the_step_when_an_endpoint_is_active(committed, news):
    def queued_steps() -> int:
        return sum(
            result.task.func is deliver_webhooks.func for result in default_task_backend.results
        )

    default_task_backend.clear()
    with committed():
        ArticlePageFactory(parent=news)
    assert queued_steps() == 0
    endpoint("https://example.org/hook/")
    with committed():
        ArticlePageFactory(parent=news)
    assert queued_steps() == 1


def resolving(monkeypatch, name: str, address: str, times: int = 1) -> None:
    """``name`` resolves to ``address`` ``times`` times, then not at all (other names as
    before): a second lookup by the POST would fail."""
    real = socket.getaddrinfo
    left = [times]

    def getaddrinfo(host, port, *args, **kwargs):
        if host == name:
            if not left[0]:
                raise socket.gaierror("looked up again")
            left[0] -= 1
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


def test_the_post_goes_to_the_address_checked_under_its_name(committed, news, monkeypatch):
    with receiver(204) as hook:
        port = hook.url.split(":")[2].split("/")[0]
        resolving(monkeypatch, "mottagare.kommun.test", "127.0.0.1")
        endpoint(f"http://mottagare.kommun.test:{port}/hook/?nyckel=1")
        with committed():
            ArticlePageFactory(parent=news)
        assert delivery.run()["delivered"] == 1
    [(path, headers, _body)] = hook.requests
    assert path == "/hook/?nyckel=1"
    assert headers["Host"] == f"mottagare.kommun.test:{port}"


def test_a_name_that_now_resolves_to_a_private_address_is_refused(
    committed, news, monkeypatch, settings
):
    """DNS rebinding: the name was public when saved, is internal when the POST is made."""
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = False
    resolving(monkeypatch, "mottagare.kommun.test", "10.0.0.5")
    endpoint("https://mottagare.kommun.test/hook/")
    with committed():
        ArticlePageFactory(parent=news)
    assert delivery.run()["failed"] == 1
    sent = WebhookDelivery.objects.get()
    assert sent.status == "pending" and "10.0.0.5" in sent.last_error
