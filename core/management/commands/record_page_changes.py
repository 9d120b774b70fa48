"""manage.py record_page_changes: start the change log (core.changes) on a site whose pages,
images, documents and ministries existed before it, so that the changes feed names every page
readers see and a later delete or hide of any of them is sent as a webhook."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from wagtail.models import Page

from core.changes import CHUNK, Noted, record, tracked_models
from core.models import ContentChange


class Command(BaseCommand):
    help = (
        "Record the pages, images, documents and ministries the change log has never seen (an "
        "upsert for each one readers see); those it knows are left alone, so a second run "
        "records nothing."
    )

    def handle(self, *args, **options) -> None:
        for model, kind in [(Page, ContentChange.Kind.PAGE), *tracked_models().items()]:
            label = "pages" if model is Page else f"{model._meta.label} objects"
            known = ContentChange.objects.filter(kind=kind)
            if model is not Page:
                known = known.filter(object_type=model._meta.label)
            unseen = list(
                model.objects.exclude(pk__in=known.values("object_id"))
                .order_by("pk")
                .values_list("pk", flat=True)
            )
            recorded = 0
            for start in range(0, len(unseen), CHUNK):
                ids = set(unseen[start : start + CHUNK])
                recorded += record(
                    Noted(pages=ids) if model is Page else Noted(objects={model: ids})
                )
                done = min(start + CHUNK, len(unseen))
                self.stdout.write(f"{done}/{len(unseen)} {label} looked at")
            self.stdout.write(f"Recorded {recorded} visible {label} in the change log.")
