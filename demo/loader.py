"""The demo loader's machinery: pages synced idempotently, generated media, the tally, output.

``DemoContentLoader.load(steps)`` runs the steps it is given, in order, under the default site's
home page; it knows nothing of any page app's content. The steps, one module per page app, and
their order are in ``demo.sections``, which imports this module (never the other way round).

A page is identified by its slug under its parent. It gets a new, published revision only when
one of the values the loader sets differs from the live page (StreamField data is compared
without block ids, tags as a set, foreign keys by id), or when it is not live yet. Images and
documents are identified by title within the demo collection and are never regenerated.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.base import OutputWrapper
from django.db.models import ForeignKey
from wagtail.documents import get_document_model
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.models import Collection, Page, Site

from demo.media import landscape_jpeg
from demo.parsing import load_content, publication_datetime
from home.models import HomePage

COLLECTION_NAME = "Demoinnehåll"


@dataclass
class Tally:
    created: Counter
    updated: Counter
    unchanged: Counter

    @classmethod
    def empty(cls) -> Tally:
        return cls(Counter(), Counter(), Counter())

    @property
    def changed(self) -> bool:
        return bool(sum(self.created.values()) + sum(self.updated.values()))


class DemoContentLoader:
    """Runs the demo's steps and gives them the tools to build their part idempotently.

    Run ``load()`` in a transaction, and ``discard_new_files()`` if it fails. ``content`` holds
    content.json, which several steps read; ``site`` is the default site once ``load()`` runs.
    """

    def __init__(self, stdout: OutputWrapper, verbosity: int = 1) -> None:
        self.stdout = stdout
        self.verbosity = verbosity
        self.content = load_content()
        self.tally = Tally.empty()
        self.new_files: list[str] = []
        self.site: Site | None = None
        self._collection: Collection | None = None

    # --- The whole site ----------------------------------------------------------------------

    def load(self, steps: Sequence[Step]) -> Tally:
        """Run ``steps`` in order under the default site's home page; returns what they did."""
        self.site = Site.objects.get(is_default_site=True)
        home = self.site.root_page.specific
        if not isinstance(home, HomePage):
            raise TypeError(f"The default site's root page is a {type(home).__name__}.")
        for step in steps:
            step(self, home)
        return self.tally

    # --- Pages -------------------------------------------------------------------------------

    def sync_page(
        self,
        parent: Page | None,
        page_or_model: Page | type[Page],
        fields: dict[str, Any],
        *,
        tags: list[str] | None = None,
        published_on: date | None = None,
        created_with: dict[str, Any] | None = None,
    ) -> Page:
        """Create or update one page and publish it when anything differs; returns the page.

        ``created_with`` holds fields set only when the page is created: a page's record rather
        than its content (a remissvar's approval by the board), which later runs leave alone.
        """
        if isinstance(page_or_model, Page):
            page = page_or_model
        else:
            page = page_or_model.objects.child_of(parent).filter(slug=fields["slug"]).first()
        kind = type(page).__name__ if page else page_or_model.__name__

        if page is None:
            page = page_or_model(locale=parent.locale, live=False, has_unpublished_changes=True)
            self._apply(page, {**fields, **(created_with or {})}, tags)
            if published_on:
                page.first_published_at = publication_datetime(published_on)
            parent.add_child(instance=page)
            self._publish(page)
            if published_on:
                type(page).objects.filter(pk=page.pk).update(
                    last_published_at=page.first_published_at
                )
            self.tally.created[kind] += 1
            self.log(f"  + {kind} {page.title}")
            return page

        if self._differs(page, fields, tags) or not page.live or not page.live_revision_id:
            self._apply(page, fields, tags)
            self._publish(page)
            self.tally.updated[kind] += 1
            self.log(f"  ~ {kind} {page.title}")
        else:
            self.tally.unchanged[kind] += 1
        return page

    @staticmethod
    def _apply(page: Page, fields: dict[str, Any], tags: list[str] | None) -> None:
        for name, value in fields.items():
            setattr(page, name, value)
        if tags is not None:
            page.tags.set(tags)

    @staticmethod
    def _publish(page: Page) -> None:
        page.save_revision(clean=True).publish()

    def _differs(self, page: Page, fields: dict[str, Any], tags: list[str] | None) -> bool:
        for name, wanted in fields.items():
            model_field = page._meta.get_field(name)
            if isinstance(model_field, StreamField):
                if self._stream_data(model_field, getattr(page, name)) != self._stream_data(
                    model_field, wanted
                ):
                    return True
            elif isinstance(model_field, ForeignKey):
                if getattr(page, model_field.attname) != (wanted.pk if wanted else None):
                    return True
            elif getattr(page, name) != wanted:
                return True
        return tags is not None and sorted(page.tags.names()) != sorted(tags)

    @staticmethod
    def _stream_data(model_field: StreamField, value: Any) -> list[tuple[str, Any]]:
        """Stream content normalised through the block definitions, without block ids."""
        block = model_field.stream_block
        if not isinstance(value, list):
            value = block.get_prep_value(value)
        prepared = block.get_prep_value(block.to_python(value))
        return [(child["type"], child["value"]) for child in prepared]

    # --- Images and documents ----------------------------------------------------------------

    @property
    def collection(self) -> Collection:
        if self._collection is None:
            root = Collection.get_first_root_node()
            self._collection = root.get_children().filter(name=COLLECTION_NAME).first()
            if self._collection is None:
                self._collection = root.add_child(name=COLLECTION_NAME)
        return self._collection

    def image(self, title: str, label: str, file_stem: str):
        """The demo collection's image ``title``: a landscape labelled ``label``, drawn once."""
        image_model = get_image_model()
        existing = image_model.objects.filter(collection=self.collection, title=title).first()
        if existing:
            return existing
        data = landscape_jpeg(title, label)
        image = image_model(
            title=title,
            description=f"Tecknat landskap med kullar och sol och texten ”{label}”.",
            collection=self.collection,
            file=ContentFile(data, name=f"{file_stem}.jpg"),
            file_size=len(data),
            file_hash=hashlib.sha1(data).hexdigest(),  # noqa: S324 - Wagtail's own file hash
        )
        image.save()
        self.new_files.append(image.file.name)
        self.tally.created["image"] += 1
        return image

    def document(self, title: str, file_name: str, draw: Callable[[], bytes]):
        """The demo collection's document titled ``title``; ``draw()`` makes its file once."""
        document_model = get_document_model()
        existing = document_model.objects.filter(collection=self.collection, title=title).first()
        if existing:
            return existing
        data = draw()
        document = document_model(
            title=title,
            collection=self.collection,
            file=ContentFile(data, name=file_name),
            file_size=len(data),
            file_hash=hashlib.sha1(data).hexdigest(),  # noqa: S324 - Wagtail's own file hash
        )
        document.save()
        self.new_files.append(document.file.name)
        self.tally.created["document"] += 1
        return document

    def discard_new_files(self) -> None:
        """Remove files written by a load whose database changes were rolled back."""
        for name in self.new_files:
            default_storage.delete(name)
        self.new_files.clear()

    # --- Output ------------------------------------------------------------------------------

    def log(self, message: str) -> None:
        if self.verbosity >= 2:
            self.stdout.write(message)

    def report_progress(self, section: str, done: int, total: int) -> None:
        if self.verbosity >= 2:
            self.stdout.write(f"{section}: {done}/{total}")

    def report_section(self, section: str, done: int, total: int) -> None:
        if self.verbosity >= 1:
            self.stdout.write(f"{section}: {done}/{total}")


Step = Callable[[DemoContentLoader, HomePage], None]
"""One part of the demo site, run by ``DemoContentLoader.load`` (see ``demo.sections``)."""
