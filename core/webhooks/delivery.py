"""The worker's delivery step: hand out new changes to endpoints, POST what is due, retry with
backoff, prune the old log (docs/api.md "Webhooks" is the consumer's side of it)."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
import logging
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import certifi
import urllib3
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Min, Q
from django.urls import reverse
from django.utils import timezone
from wagtail.api.utils import get_full_url

from core.models import ContentChange, WebhookDelivery, WebhookEndpoint
from core.webhooks.addresses import resolve

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-SmaKom-Signature"
# Attempts in all; after a failed one the next waits 1, 5, 25, 125, 625 minutes.
MAX_ATTEMPTS = 6
FIRST_RETRY = datetime.timedelta(minutes=1)
BACKOFF_FACTOR = 5
TIMEOUT = urllib3.Timeout(connect=5, read=5)
KEEP_LOG = datetime.timedelta(days=30)
# Changes handed out per query.
BATCH = 500
# Deliveries sent to one endpoint in one step at most (the next step goes on).
PER_ENDPOINT = 100
# Endpoints sent to at once, each in a thread of its own, its deliveries one after another.
CONCURRENCY = 8


def run(now: datetime.datetime | None = None) -> dict[str, int]:
    """One step: fan out, deliver what is due, prune. What it did, counted."""
    now = now or timezone.now()
    created = fan_out(now)
    delivered, failed = deliver_due(now)
    pruned = prune(now)
    return {"created": created, "delivered": delivered, "failed": failed, "pruned": pruned}


def fan_out(now: datetime.datetime) -> int:
    """A delivery for each change after each endpoint's cursor that it asked for; the cursor
    moves on with them in one transaction, so a change is handed out once and none skipped
    (the log's ids commit in order). An endpoint another worker holds is left to it."""
    created = 0
    with transaction.atomic():
        endpoints = list(WebhookEndpoint.objects.select_for_update(skip_locked=True))
        newest = ContentChange.objects.order_by("-id").values_list("id", flat=True).first() or 0
        for endpoint in endpoints:
            while endpoint.last_change_id < newest:
                changes = list(
                    ContentChange.objects.filter(id__gt=endpoint.last_change_id, id__lte=newest)
                    .order_by("id")
                    .only("id", "action", "event", "locale")[:BATCH]
                )
                if not changes:
                    break
                if endpoint.active:
                    deliveries = [
                        WebhookDelivery(endpoint=endpoint, change=change, next_attempt_at=now)
                        for change in changes
                        if endpoint.wants(change)
                    ]
                    WebhookDelivery.objects.bulk_create(deliveries)
                    created += len(deliveries)
                endpoint.last_change_id = changes[-1].id
            WebhookEndpoint.objects.filter(pk=endpoint.pk).update(
                last_change_id=endpoint.last_change_id
            )
    return created


def deliver_due(now: datetime.datetime) -> tuple[int, int]:
    """POST the pending deliveries whose time has come; (delivered, failed).

    Each endpoint's oldest first, up to PER_ENDPOINT of them, in order; the endpoints at once
    (CONCURRENCY threads, which only send: the database is read and written here), so that one
    endpoint that is slow or down holds no other up. An endpoint that does not answer, or
    answers 429 or 5xx, is paused until the failed delivery's retry: nothing else is sent to it
    before then, in this step or the next (a circuit breaker), so a dead endpoint costs one
    timeout per retry, not one per delivery.
    """
    endpoints = WebhookEndpoint.objects.filter(active=True).filter(
        Q(paused_until__isnull=True) | Q(paused_until__lte=now)
    )
    queues = {}
    for endpoint in endpoints:
        due = list(
            endpoint.deliveries.filter(
                status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=now
            )
            .select_related("change")
            .order_by("next_attempt_at", "pk")[:PER_ENDPOINT]
        )
        for item in due:
            item.endpoint = endpoint
        if due:
            queues[endpoint] = [(item, encode(item)) for item in due]
    if not queues:
        return 0, 0
    with ThreadPoolExecutor(
        max_workers=min(CONCURRENCY, len(queues)), thread_name_prefix="webhooks"
    ) as pool:
        outcomes = list(pool.map(send_in_turn, queues.values()))
    delivered = failed = 0
    for endpoint, sent in zip(queues, outcomes, strict=True):
        for item, error in sent:
            record_attempt(item, error, now)
            if error:
                failed += 1
            else:
                delivered += 1
        last_error = sent[-1][1]
        paused_until = None
        if last_error and is_down(last_error):
            paused_until = sent[-1][0].next_attempt_at or now + FIRST_RETRY
        if paused_until != endpoint.paused_until:
            endpoint.paused_until = paused_until
            endpoint.save(update_fields=["paused_until"])
    return delivered, failed


def send_in_turn(queue: list[tuple[WebhookDelivery, bytes]]) -> list[tuple[WebhookDelivery, str]]:
    """POST one endpoint's deliveries one after another, stopping at the first that finds it
    down; each with its error ("" when delivered). No database here: this runs in a thread."""
    sent = []
    for item, body in queue:
        error = send(item, body)
        sent.append((item, error))
        if error and is_down(error):
            break
    return sent


def is_down(error: str) -> bool:
    """Whether an attempt's error says the endpoint is unreachable or overloaded, rather than
    refusing this one delivery: no connection or answer in time, 429, 5xx."""
    return not error.startswith("HTTP ") or error in {"HTTP 429"} or error.startswith("HTTP 5")


def next_due() -> datetime.datetime | None:
    """When the next pending delivery is due, if any is (a paused endpoint's at its pause's
    end at the soonest)."""
    soonest = None
    pending = (
        WebhookDelivery.objects.filter(status=WebhookDelivery.Status.PENDING, endpoint__active=True)
        .values("endpoint__paused_until")
        .annotate(next=Min("next_attempt_at"))
        .order_by()
    )
    for row in pending:
        due = max(filter(None, [row["next"], row["endpoint__paused_until"]]), default=None)
        if due is not None and (soonest is None or due < soonest):
            soonest = due
    return soonest


def api_path(change: ContentChange) -> str:
    """The changed object's detail in API v3."""
    kind = ContentChange.Kind
    if change.kind == kind.PAGE:
        return reverse("wagtailapi_v3:detail_page", kwargs={"page_id": change.object_id})
    if change.kind == kind.IMAGE:
        return reverse("wagtailapi_v3:detail_image", kwargs={"image_id": change.object_id})
    if change.kind == kind.DOCUMENT:
        return reverse("wagtailapi_v3:detail_document", kwargs={"document_id": change.object_id})
    return reverse(
        "wagtailapi_v3:detail_snippet",
        kwargs={"type": change.object_type, "pk": str(change.object_id)},
    )


def payload(delivery: WebhookDelivery) -> dict:
    """The event as it is POSTed: its type, the change's cursor and what changed, under the
    name of its kind ("page", "image", "document", "snippet"); addresses for upserts only."""
    change = delivery.change
    upsert = change.action == ContentChange.Action.UPSERT
    subject = {"id": change.object_id, "type": change.object_type}
    if change.kind in (ContentChange.Kind.PAGE, ContentChange.Kind.SNIPPET):
        subject["locale"] = change.locale or None
    if change.kind == ContentChange.Kind.PAGE:
        subject["html_url"] = get_full_url(None, change.html_path) if upsert else None
    subject["api_url"] = get_full_url(None, api_path(change)) if upsert else None
    return {
        "id": delivery.pk,
        "type": change.event,
        "action": change.action,
        "time": change.created_at.isoformat(),
        "cursor": change.pk,
        change.kind: subject,
    }


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """The signature header's value: ``t=<unix time>,v1=<hex HMAC-SHA256 of "t.body">``."""
    message = f"{timestamp}.".encode() + body
    digest = hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def encode(delivery: WebhookDelivery) -> bytes:
    """The body POSTed for ``delivery``."""
    return json.dumps(payload(delivery), separators=(",", ":")).encode()


def send(delivery: WebhookDelivery, body: bytes) -> str:
    """One POST of ``delivery``; the error, or "" when it was delivered."""
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "SmaKom-Webhooks/1",
        "X-SmaKom-Event": delivery.change.event,
        "X-SmaKom-Delivery": str(delivery.pk),
        # The time of sending: a step may last, and the receiver checks it against its clock.
        SIGNATURE_HEADER: sign(delivery.endpoint.secret, int(time.time()), body),
    }
    try:
        status = post(delivery.endpoint.url, body, headers)
    except ValidationError as refused:
        return " ".join(refused.messages)
    except urllib3.exceptions.HTTPError as problem:
        return f"{type(problem).__name__}: {problem}"[:1000]
    return "" if 200 <= status < 300 else f"HTTP {status}"


def record_attempt(delivery: WebhookDelivery, error: str, now: datetime.datetime) -> None:
    """Record an attempt's outcome on ``delivery``'s row and, failing, when to retry."""
    delivery.attempts += 1
    if not error:
        delivery.status = WebhookDelivery.Status.DELIVERED
        delivery.delivered_at = now
        delivery.next_attempt_at = None
    elif delivery.attempts >= MAX_ATTEMPTS:
        delivery.status = WebhookDelivery.Status.FAILED
        delivery.next_attempt_at = None
        logger.warning(
            "Webhook %s gave up on change %s: %s", delivery.endpoint, delivery.change_id, error
        )
    else:
        delivery.next_attempt_at = now + FIRST_RETRY * BACKOFF_FACTOR ** (delivery.attempts - 1)
    delivery.last_error = error
    delivery.save(
        update_fields=["status", "attempts", "last_error", "next_attempt_at", "delivered_at"]
    )


def post(url: str, body: bytes, headers: dict[str, str]) -> int:
    """POST ``body`` to ``url`` on an address ``resolve`` allowed (connecting to that address,
    not resolving the name again); the status. Redirects are answers, not followed."""
    address = resolve(url)[0]
    parts = urlsplit(url)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    options = {"timeout": TIMEOUT, "retries": False, "maxsize": 1}
    if parts.scheme == "https":
        pool = urllib3.HTTPSConnectionPool(
            address,
            parts.port or 443,
            server_hostname=parts.hostname,
            assert_hostname=parts.hostname,
            cert_reqs="CERT_REQUIRED",
            ca_certs=certifi.where(),
            **options,
        )
    else:
        pool = urllib3.HTTPConnectionPool(address, parts.port or 80, **options)
    with pool:
        response = pool.urlopen(
            "POST",
            path,
            body=body,
            headers={**headers, "Host": parts.netloc.rpartition("@")[2]},
            redirect=False,
            preload_content=False,
        )
        response.drain_conn()
        return response.status


def prune(now: datetime.datetime) -> int:
    """Delete the deliveries made more than 30 days ago and done with (delivered or failed);
    how many. One still pending waits for its endpoint, however long."""
    deleted, _ = (
        WebhookDelivery.objects.filter(created_at__lt=now - KEEP_LOG)
        .exclude(status=WebhookDelivery.Status.PENDING)
        .delete()
    )
    return deleted
