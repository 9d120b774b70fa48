"""Run the background worker: scheduled publishing, webhooks, Wagtail's tasks (docs/deploy.md)."""

from __future__ import annotations

from typing import Any

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from core.editorial.tasks import publish_scheduled, publishing_is_due
from core.webhooks.tasks import deliver_webhooks, delivery_is_due


class Command(DatabaseWorkerCommand):
    help = (
        "Run the database-backed django-tasks worker (db_worker's options). When pages went "
        "due while no worker ran, it first queues a publish_scheduled run for them. --batch "
        "runs what is due, then exits. Webhooks left to deliver are queued at the start too."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if publishing_is_due():
            publish_scheduled.enqueue()
            if options["verbosity"]:
                self.stdout.write("Pages went due while no worker ran: publishing them first.")
        if delivery_is_due():
            deliver_webhooks.enqueue()
        super().handle(*args, **options)
