"""``manage.py load_demo_content``: build or refresh the SmåKom demo site."""

from __future__ import annotations

import time
from collections import Counter

from django.core.management.base import BaseCommand
from django.db import transaction

from core.caching.version import bump
from demo import sections
from demo.loader import DemoContentLoader


def describe(counts: Counter) -> str:
    return ", ".join(f"{count} {kind}" for kind, count in sorted(counts.items())) or "none"


class Command(BaseCommand):
    help = (
        "Load the SmåKom demo content (news, remissvar, the film, standard pages, settings) "
        "under the default site's home page. Safe to run again: only what differs is updated."
    )

    def handle(self, *args, **options) -> None:
        started = time.monotonic()
        loader = DemoContentLoader(self.stdout, verbosity=options["verbosity"])
        try:
            with transaction.atomic():
                tally = loader.load(sections.STEPS)
        except BaseException:
            loader.discard_new_files()
            raise
        elapsed = time.monotonic() - started

        if not tally.changed:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo content is up to date: nothing changed "
                    f"({sum(tally.unchanged.values())} unchanged, {elapsed:.1f} s)."
                )
            )
            return
        # Some rows were written with QuerySet.update(), which no cache hears of.
        bump()
        self.stdout.write(f"Created: {describe(tally.created)}")
        self.stdout.write(f"Updated: {describe(tally.updated)}")
        self.stdout.write(f"Unchanged: {describe(tally.unchanged)}")
        self.stdout.write(self.style.SUCCESS(f"Demo content loaded in {elapsed:.1f} s."))
