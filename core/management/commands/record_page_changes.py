"""manage.py record_page_changes: start the change log (core.changes) on a site whose pages,
images, documents and ministries existed before it, so that the changes feed names every page
readers see and a later delete or hide of any of them is sent as a webhook."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from wagtail.models import Page

from core.changes import CHUNK, Noted, record, record_changes, tracked_models
from core.models import ContentChange


class Command(BaseCommand):
    help = (
        "Record the pages, images, documents and ministries the change log has never seen (an "
        "upsert for each one readers see); those it knows are left alone, so a second run "
        "records nothing."
    )

    def handle(self, *args, **options) -> None:
        pages = ContentChange.objects.filter(kind=ContentChange.Kind.PAGE)
        unseen = list(
            Page.objects.exclude(pk__in=pages.values("object_id"))
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        recorded = 0
        for start in range(0, len(unseen), CHUNK):
            recorded += record_changes(unseen[start : start + CHUNK])
            done = min(start + CHUNK, len(unseen))
            self.stdout.write(f"{done}/{len(unseen)} pages looked at")
        self.stdout.write(f"Recorded {recorded} visible pages in the change log.")
        for model, kind in tracked_models().items():
            known = ContentChange.objects.filter(kind=kind, object_type=model._meta.label)
            unseen = list(
                model.objects.exclude(pk__in=known.values("object_id"))
                .order_by("pk")
                .values_list("pk", flat=True)
            )
            recorded = 0
            for start in range(0, len(unseen), CHUNK):
                recorded += record(Noted(objects={model: set(unseen[start : start + CHUNK])}))
            label = model._meta.label
            self.stdout.write(f"Recorded {recorded} visible {label} objects in the change log.")
