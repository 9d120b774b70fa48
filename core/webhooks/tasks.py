"""The worker runs the delivery step as a django-tasks task: queued when the change log grows
(and an endpoint is active), at the next retry's time, and when the worker starts with work
left. It runs in one worker at a time (``exclusively``), so a delivery is never sent twice at
once."""

from __future__ import annotations

import logging

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from core.editorial.tasks import exclusively
from core.models import ContentChange, WebhookDelivery, WebhookEndpoint
from core.webhooks import delivery

logger = logging.getLogger(__name__)

# The time a step is already queued for (the cache is shared by every process), so a run of
# failures queues one retry step, not one per change.
SCHEDULED_KEY = "smakom:webhooks:scheduled"


@task()
def deliver_webhooks() -> dict[str, int]:
    """Hand out new changes, POST the deliveries that are due, prune; queue the next retry."""
    with exclusively("deliver_webhooks"):
        done = delivery.run()
    if any(done.values()):
        logger.info("Webhooks: %s", done)
    schedule_retry()
    return done


def schedule_retry() -> None:
    due = delivery.next_due()
    if due is None or due <= timezone.now():
        if due is not None:
            deliver_webhooks.enqueue()
        return
    scheduled = cache.get(SCHEDULED_KEY)
    if scheduled is not None and timezone.now() < scheduled <= due:
        return
    deliver_webhooks.using(run_after=due).enqueue()
    cache.set(SCHEDULED_KEY, due, timeout=int((due - timezone.now()).total_seconds()) + 60)


def retry_now(endpoint: WebhookEndpoint) -> None:
    """The endpoint has a new address: its pending deliveries are due now and its pause is
    lifted, with a step queued to send them."""
    endpoint.deliveries.filter(status=WebhookDelivery.Status.PENDING).update(
        next_attempt_at=timezone.now()
    )
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(paused_until=None)
    endpoint.paused_until = None
    transaction.on_commit(deliver_webhooks.enqueue)


def on_changes_recorded() -> None:
    """Queue a step for the changes just committed, when an endpoint wants to hear of them."""
    if WebhookEndpoint.objects.filter(active=True).exists():
        deliver_webhooks.enqueue()


def delivery_is_due() -> bool:
    """Whether a step has work: changes no endpoint has been handed, or a delivery due."""
    newest = ContentChange.objects.order_by("-id").values_list("id", flat=True).first() or 0
    behind = WebhookEndpoint.objects.filter(active=True, last_change_id__lt=newest).exists()
    due = delivery.next_due()
    return behind or (due is not None and due <= timezone.now())
