"""manage.py record_page_changes: start the change log (core.changes) on a site whose pages
existed before it, so that the changes feed names every page readers see."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from wagtail.models import Page

from core.changes import CHUNK, record_changes
from core.models import ContentChange


class Command(BaseCommand):
    help = (
        "Record the pages the change log has never seen (an upsert for each one readers see); "
        "pages it knows are left alone, so a second run records nothing."
    )

    def handle(self, *args, **options) -> None:
        unseen = list(
            Page.objects.exclude(
                pk__in=ContentChange.objects.filter(kind=ContentChange.Kind.PAGE).values(
                    "object_id"
                )
            )
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        recorded = 0
        for start in range(0, len(unseen), CHUNK):
            recorded += record_changes(unseen[start : start + CHUNK])
            done = min(start + CHUNK, len(unseen))
            self.stdout.write(f"{done}/{len(unseen)} pages looked at")
        self.stdout.write(f"Recorded {recorded} visible pages in the change log.")
