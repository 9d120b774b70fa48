"""What each webhook event says: a page published, moved, unpublished or deleted; an image, a
document or a snippet the APIs serve changed or deleted. Files in private collections and
snippets the APIs do not serve are never named, as pages never public are not. And one
endpoint that is down holds up no other."""

from __future__ import annotations

import datetime
import json
import socket
import threading
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from wagtail import hooks
from wagtail.models import CollectionViewRestriction

from core.changes import tracked_models
from core.models import ContentChange, WebhookDelivery
from core.webhooks import delivery
from members.models import MembershipApplication, Municipality
from tests.core.editorial.test_scheduled_publishing import DUMMY_TASKS
from tests.core.webhooks.receiver import receiver
from tests.core.webhooks.test_delivery import NOW, SECRET, endpoint, verify
from tests.factories.articles import ArticlePageFactory
from tests.factories.consultation_responses import MinistryFactory
from tests.factories.core import DocumentFactory, ImageFactory, root_collection
from tests.factories.home import StandardPageFactory
from tests.factories.members import MunicipalityFactory

pytestmark = pytest.mark.django_db

BASE_URL = "https://www.smakom.se"


@pytest.fixture(autouse=True)
def _queued_not_run(settings):
    """The step is called here as the worker would; what the commit queues is not run."""
    settings.TASKS = DUMMY_TASKS


def events_since(cursor: int) -> list[tuple[str, int]]:
    """The log's events after ``cursor``, with their objects' ids, in order."""
    return list(
        ContentChange.objects.filter(id__gt=cursor).order_by("id").values_list("event", "object_id")
    )


def newest() -> int:
    return ContentChange.objects.order_by("-id").values_list("id", flat=True).first() or 0


def posted(hook) -> list[dict]:
    """The events the receiver got, each checked for its signature and its event header."""
    events = []
    for _path, headers, body in hook.requests:
        assert verify(SECRET, headers["X-SmaKom-Signature"], body)
        event = json.loads(body)
        assert headers["X-SmaKom-Event"] == event["type"]
        events.append(event)
    return events


@pytest.fixture
def private_collection(committed):
    with committed():
        collection = root_collection().add_child(name="Styrelsen")
        CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=CollectionViewRestriction.LOGIN
        )
    return collection


def test_a_pages_events_say_what_happened_to_it(committed, news):
    home = news.get_parent()
    with committed():
        section = StandardPageFactory(parent=home, title="Om oss", slug="om-oss")
        child = StandardPageFactory(parent=section, title="Styrelsen", slug="styrelsen")
        archive = StandardPageFactory(parent=home, title="Arkiv", slug="arkiv")
    start = newest()
    with receiver(204) as hook:
        endpoint(hook.url)
        with committed():
            section.title = "Om SmåKom"
            section.save_revision().publish()
        with committed():
            section.move(archive, "last-child")
        with committed():
            child.specific.unpublish()
        with committed():
            section.delete()
        delivery.run()
    assert events_since(start) == [
        ("page.published", section.pk),
        ("page.moved", section.pk),
        ("page.moved", child.pk),
        ("page.unpublished", child.pk),
        # The child was already hidden: it is not named again.
        ("page.deleted", section.pk),
    ]
    events = posted(hook)
    assert [(event["type"], event["action"]) for event in events] == [
        ("page.published", "upsert"),
        ("page.moved", "upsert"),
        ("page.moved", "upsert"),
        ("page.unpublished", "delete"),
        ("page.deleted", "delete"),
    ]
    moved = events[1]["page"]
    assert moved["html_url"] == f"{BASE_URL}/arkiv/om-oss/"
    assert events[4]["page"] == {
        "id": section.pk,
        "type": "home.StandardPage",
        "locale": "sv",
        "html_url": None,
        "api_url": None,
    }


def test_an_image_is_named_while_readers_may_see_it(committed, news, private_collection):
    start = newest()
    with receiver(204) as hook:
        # Images have no language: an endpoint that chose one hears of them all the same.
        endpoint(hook.url, locales=["en"])
        with committed():
            image = ImageFactory(title="Krokom i vinterljus")
            image_id = image.pk
            hidden = ImageFactory(title="Styrelsens bild", collection=private_collection)
        with committed():
            image.title = "Krokom i vårljus"
            image.save()
        with committed():
            # Wagtail filling in the file's size as it is read changes nothing readers see.
            image.file_size = None
            image.save(update_fields=["file_size"])
            hidden.title = "Ny titel"
            hidden.save()
        with committed():
            image.collection = private_collection
            image.save()
        with committed():
            hidden.delete()
        restriction = CollectionViewRestriction.objects.get(collection=private_collection)
        with committed():
            restriction.delete()
        with committed():
            CollectionViewRestriction.objects.create(
                collection=root_collection(), restriction_type=CollectionViewRestriction.LOGIN
            )
        with committed():
            image.delete()
        delivery.run()
    assert events_since(start) == [
        ("image.changed", image_id),
        ("image.changed", image_id),
        ("image.deleted", image_id),
        # The collection opened: what is in it is visible now.
        ("image.changed", image_id),
        # The collection above it closed; deleting a hidden image says nothing more.
        ("image.deleted", image_id),
    ]
    events = posted(hook)
    assert len(events) == 5
    assert events[0]["image"] == {
        "id": image_id,
        "type": "wagtailimages.Image",
        "api_url": f"{BASE_URL}/api/v3/images/{image_id}/",
    }
    assert events[2]["image"]["api_url"] is None


def test_documents_are_named_as_images_are(committed, news, private_collection):
    start = newest()
    with receiver(204) as hook:
        endpoint(hook.url)
        with committed():
            document = DocumentFactory(title="Remissvar SOU 2026:4")
            document_id = document.pk
            DocumentFactory(title="Protokoll", collection=private_collection)
        with committed():
            document.delete()
        delivery.run()
    assert events_since(start) == [
        ("document.changed", document_id),
        ("document.deleted", document_id),
    ]
    assert posted(hook)[0]["document"] == {
        "id": document_id,
        "type": "wagtaildocs.Document",
        "api_url": f"{BASE_URL}/api/v3/documents/{document_id}/",
    }


def test_the_snippets_the_api_serves_are_named_and_no_others(committed, news):
    assert Municipality not in tracked_models()
    assert MembershipApplication not in tracked_models()
    start = newest()
    with receiver(204) as hook:
        endpoint(hook.url)
        with committed():
            ministry = MinistryFactory(name="Finansdepartementet")
            ministry_id = ministry.pk
            MunicipalityFactory()
        with committed():
            ministry.delete()
        delivery.run()
    assert events_since(start) == [
        ("snippet.changed", ministry_id),
        ("snippet.deleted", ministry_id),
    ]
    changed, deleted = posted(hook)
    assert changed["snippet"] == {
        "id": ministry_id,
        "type": "consultation_responses.Ministry",
        "locale": "sv",
        "api_url": f"{BASE_URL}/api/v3/snippets/consultation_responses.Ministry/{ministry_id}/",
    }
    assert deleted["snippet"]["api_url"] is None


def test_only_the_events_chosen_are_sent(committed, news):
    with receiver(204) as hook:
        endpoint(hook.url, events=["image.deleted", "page.moved"])
        with committed():
            ImageFactory()
            ArticlePageFactory(parent=news)
        assert delivery.run()["created"] == 0
    assert hook.requests == []


def test_the_changes_feed_lists_pages_only(committed, news):
    before = Client().get("/api/v3/changes/", {"since": newest()}).json()
    with committed():
        ImageFactory()
        MinistryFactory()
    after = Client().get("/api/v3/changes/", {"since": before["next"]}).json()
    assert after == {"items": [], "next": before["next"], "has_more": False}


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on: connecting is refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_an_endpoint_that_is_down_holds_up_no_other(committed, news):
    with receiver(204) as hook, time_machine.travel(NOW, tick=False) as traveller:
        dead = endpoint(f"http://127.0.0.1:{closed_port()}/hook/", name="Nere")
        endpoint(hook.url, name="Uppe")
        with committed():
            for number in range(3):
                ArticlePageFactory(parent=news, slug=f"nyhet-{number}")
        done = delivery.run()
        assert (done["delivered"], done["failed"]) == (3, 1)
        assert len(hook.requests) == 3
        tried, *waiting = WebhookDelivery.objects.filter(endpoint=dead).order_by("change_id")
        assert tried.attempts == 1 and "Connection" in tried.last_error
        # Untried, the rest wait for the endpoint's pause, the failed one's retry.
        dead.refresh_from_db()
        assert dead.paused_until == tried.next_attempt_at == NOW + delivery.FIRST_RETRY
        assert [item.attempts for item in waiting] == [0, 0]
        assert delivery.next_due() == NOW + delivery.FIRST_RETRY
        # The next step, for a later change: the endpoint that is up has it at once; nothing is
        # tried on the paused one.
        with committed():
            ArticlePageFactory(parent=news, slug="nyhet-3")
        assert delivery.run() == {"created": 2, "delivered": 1, "failed": 0, "pruned": 0}
        assert len(hook.requests) == 4
        # When the pause ends, one delivery (the one due soonest) tries the endpoint again.
        traveller.move_to(dead.paused_until)
        assert delivery.run()["failed"] == 1
    assert sorted(
        WebhookDelivery.objects.filter(endpoint=dead).values_list("attempts", flat=True)
    ) == [0, 0, 1, 1]


def test_a_backlog_on_one_endpoint_leaves_room_for_the_others(committed, news, monkeypatch):
    monkeypatch.setattr(delivery, "PER_ENDPOINT", 2)
    with receiver(204) as busy, receiver(204) as other:
        endpoint(busy.url, name="Många")
        with committed():
            for number in range(5):
                ArticlePageFactory(parent=news, slug=f"nyhet-{number}")
        delivery.fan_out(timezone.now())
        endpoint(other.url, name="Ny")
        with committed():
            ArticlePageFactory(parent=news, slug="nyhet-5")
        assert delivery.run()["delivered"] == 3
        assert (len(busy.requests), len(other.requests)) == (2, 1)
        assert delivery.run()["delivered"] == 2
        assert delivery.run()["delivered"] == 2
    assert len(busy.requests) == 6


def test_a_pending_delivery_is_kept_past_30_days(committed, news):
    with time_machine.travel(NOW, tick=False) as traveller:
        hooked = endpoint(f"http://127.0.0.1:{closed_port()}/hook/")
        with committed():
            ArticlePageFactory(parent=news)
        delivery.run()
        hooked.active = False
        hooked.save()
        traveller.shift(datetime.timedelta(days=31))
        assert delivery.run()["pruned"] == 0
    assert WebhookDelivery.objects.get().status == "pending"


def test_a_delivery_refused_on_its_own_stops_none_after_it(committed, news):
    with receiver(400, 204) as hook:
        endpoint(hook.url)
        with committed():
            for number in range(3):
                ArticlePageFactory(parent=news, slug=f"nyhet-{number}")
        done = delivery.run()
    assert (done["delivered"], done["failed"]) == (2, 1)
    assert len(hook.requests) == 3


def test_files_hidden_by_a_collection_move_or_a_bulk_action_are_deleted(
    committed, news, private_collection
):
    with committed():
        album = root_collection().add_child(name="Album")
        moved = ImageFactory(collection=album)
        bulk = DocumentFactory()
    start = newest()
    with committed():
        # As the admin's collection form does it: the collection saved, then moved.
        album.name = "Styrelsens album"
        album.save()
        # (Adding "Album" sorted it before "Styrelsen", whose path changed.)
        private_collection.refresh_from_db()
        album.move(private_collection, "sorted-child")
    with committed():
        # As Wagtail's bulk action "add to collection" does it, then its after-hook.
        type(bulk).objects.filter(pk=bulk.pk).update(collection=private_collection)
        for hook in hooks.get_hooks("after_bulk_action"):
            hook(None, "add_to_collection", [bulk], None)
    assert events_since(start) == [("image.deleted", moved.pk), ("document.deleted", bulk.pk)]


def test_files_and_ministries_from_before_the_log_are_recorded_by_the_command(committed, news):
    with committed():
        image = ImageFactory()
        ministry = MinistryFactory()
    ContentChange.objects.exclude(kind="page").delete()
    out = StringIO()
    call_command("record_page_changes", stdout=out)
    assert "Recorded 1 visible wagtailimages.Image objects" in out.getvalue()
    assert events_since(0)[-2:] == [("image.changed", image.pk), ("snippet.changed", ministry.pk)]
    before = newest()
    call_command("record_page_changes", stdout=StringIO())
    assert newest() == before


def test_endpoints_are_sent_to_at_once(committed, news, monkeypatch):
    """One endpoint that is slow holds no other up: each is sent to in a thread of its own
    (sent one after the other, the first would wait at the barrier for ever)."""
    barrier = threading.Barrier(2, timeout=10)

    def send(item, body):
        barrier.wait()
        return ""

    monkeypatch.setattr(delivery, "send", send)
    endpoint("https://a.kommun.example/hook/", name="A")
    endpoint("https://b.kommun.example/hook/", name="B")
    with committed():
        ArticlePageFactory(parent=news)
    assert delivery.run()["delivered"] == 2
