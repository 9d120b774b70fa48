"""Background work: scheduled publishing.

Wagtail publishes a scheduled revision, and unpublishes an expired page, when its
``publish_scheduled`` command runs. Here that command is a django-tasks task, queued to run at
the moment it has work: when an editor schedules a revision (its go-live time) and when a page
with an expiry date is published (its expiry time). The worker (``manage.py worker``, started
by ``make worker``) runs the task when that time comes, and when it starts it runs it once if
anything went due while it was down. The task is idempotent: it acts on whatever is due then,
and runs in one worker at a time (``exclusively``), so with several workers a revision is still
published once.
"""

from __future__ import annotations

import contextlib
import datetime
import io
import logging
from collections.abc import Iterator
from typing import Any

from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def publish_scheduled() -> str:
    """Publish revisions whose go-live time has passed; unpublish pages that have expired.

    A page whose type says it may not go live without a user's decision (``may_go_live``: a
    remissvar the board has not approved) is unscheduled instead, with a warning in the log.
    """
    with exclusively("publish_scheduled"):
        unschedule_what_may_not_go_live()
        output = io.StringIO()
        call_command("publish_scheduled", stdout=output)
    report = output.getvalue().strip()
    if report:
        logger.info("publish_scheduled: %s", report)
    return report


@contextlib.contextmanager
def exclusively(name: str) -> Iterator[None]:
    """Run the block in one process at a time across every worker (a PostgreSQL advisory lock
    named ``name``; another worker waits for it). Wagtail's ``publish_scheduled`` lists what is
    due and then publishes it: two workers running it at once would publish a revision twice.
    SQLite runs one writer at a time anyway, and several workers need PostgreSQL."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(hashtext(%s))", [name])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(hashtext(%s))", [name])


def unschedule_what_may_not_go_live() -> list[int]:
    """Cancel due scheduled revisions of pages that may not go live (``BasePage.may_go_live``);
    return their revisions' ids."""
    from wagtail.models import Revision

    from core.pages import BasePage

    cancelled = []
    for revision in Revision.objects.filter(approved_go_live_at__lte=timezone.now()):
        page = revision.as_object()
        if isinstance(page, BasePage) and not page.may_go_live():
            Revision.objects.filter(pk=revision.pk).update(approved_go_live_at=None)
            logger.warning(
                "Not published as scheduled: %s (page %s) may not go live without approval",
                page.title,
                page.pk,
            )
            cancelled.append(revision.pk)
    return cancelled


def schedule_publishing_at(when: datetime.datetime) -> None:
    """Queue ``publish_scheduled`` to run at ``when`` (at once if it has passed), once the
    transaction that scheduled it commits. A backend that cannot defer (the immediate one of
    the test settings) leaves it to the worker's catch-up run."""
    if not publish_scheduled.get_backend().supports_defer:
        logger.warning("The task backend cannot defer: %s waits for the worker's next start", when)
        return
    transaction.on_commit(publish_scheduled.using(run_after=max(when, timezone.now())).enqueue)


def on_revision_saved(sender: type, instance: Any, **kwargs: Any) -> None:
    """A revision approved to go live later: publish it then."""
    if kwargs.get("raw") or instance.approved_go_live_at is None:
        return
    schedule_publishing_at(instance.approved_go_live_at)


def on_page_published(sender: type, instance: Any, **kwargs: Any) -> None:
    """A page published with an expiry date: unpublish it then. (Wagtail also sends the signal
    when it only schedules a revision; the expiry is queued when the page goes live.)"""
    if instance.live and instance.expire_at is not None and instance.expire_at > timezone.now():
        schedule_publishing_at(instance.expire_at)


def publishing_is_due() -> bool:
    """Whether a scheduled revision's time has come or a live page has expired."""
    from wagtail.models import Page, Revision

    now = timezone.now()
    return (
        Revision.objects.filter(approved_go_live_at__lte=now).exists()
        or Page.objects.filter(live=True, expire_at__lte=now).exists()
    )
