"""Run the background worker: scheduled publishing and Wagtail's own tasks (docs/deploy.md)."""

from __future__ import annotations

from typing import Any

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from home.tasks import publish_scheduled


class Command(DatabaseWorkerCommand):
    help = (
        "Run the database-backed django-tasks worker (db_worker's options). It first queues "
        "a publish_scheduled run, to catch up on what went due while no worker ran. --batch "
        "runs what is due, then exits."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        publish_scheduled.enqueue()
        if options["verbosity"]:
            self.stdout.write("Queued a catch-up run of publish_scheduled.")
        super().handle(*args, **options)
