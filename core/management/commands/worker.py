"""Run the background worker: scheduled publishing and Wagtail's own tasks (docs/deploy.md)."""

from __future__ import annotations

from typing import Any

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from core.editorial.tasks import publish_scheduled, publishing_is_due


class Command(DatabaseWorkerCommand):
    help = (
        "Run the database-backed django-tasks worker (db_worker's options). When pages went "
        "due while no worker ran, it first queues a publish_scheduled run for them. --batch "
        "runs what is due, then exits."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if publishing_is_due():
            publish_scheduled.enqueue()
            if options["verbosity"]:
                self.stdout.write("Pages went due while no worker ran: publishing them first.")
        super().handle(*args, **options)
