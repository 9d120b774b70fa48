"""The change log: what anonymous readers see of each page, image, document and snippet,
recorded as it changes.

Every path that can change what an anonymous reader sees of a page names the pages it touched
(Wagtail's signals: a publish, which includes an edit, a scheduled publish by the worker and an
alias brought up to date; an unpublish; a new page; a slug change or a move, with the pages
under it, whose addresses change; a view restriction added, changed or removed, with the pages
under it and the aliases of those; a delete, with the pages under it). Images, documents and
the snippets the APIs serve are named when they are saved or deleted, and images and documents
when a collection's view restriction changes above them. When the transaction commits, each
such object's current visibility is worked out (a page: ``reader_q``, live, under a site, what
``/api/v3/pages/`` lists; an image or a document: outside private collections; a snippet: live
if it has drafts) in one query per kind, and a ``ContentChange`` is written:

- ``upsert`` when the object is visible now;
- ``delete`` when it is not, and the last change recorded for it was an ``upsert``;
- nothing otherwise: an object that was never public never appears, not even its id.

Each row names its event for the webhooks: a page's upsert is ``page.moved`` when it was moved
or renamed (or is under one that was), else ``page.published``; its delete ``page.deleted``
when the page is gone, else ``page.unpublished``. Other kinds have ``.changed`` and ``.deleted``.

The rows are written under a table lock (PostgreSQL), so ids are taken and committed in the
same order and a consumer that has read up to an id never misses a row committed later with a
smaller one. The changes feed (``core.api.changes_router``) serves the pages' rows; webhooks
(``core.webhooks``) deliver them all, a worker step queued when rows are written. Code that
writes pages without signals (``bulk_create``, ``QuerySet.update``) names them with
``note_pages``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from django.db import connection, models, transaction
from django.db.models import Max, Q
from django.db.models.signals import post_delete, post_save
from wagtail.api import APIField
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    DraftStateMixin,
    Page,
    PageViewRestriction,
    TranslatableMixin,
)
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move
from wagtail.snippets.models import get_snippet_models

from core.caching.version import bump
from core.i18n import reader_q
from core.models import ContentChange
from core.visibility import collections_under_restriction
from core.webhooks.tasks import on_changes_recorded

# The noted objects that wait for the transaction to commit (on the connection, which is the
# transaction's).
PENDING_ATTRIBUTE = "_smakom_pending_changes"
# Objects looked up per query for their last recorded change.
CHUNK = 5000
# Fields Wagtail fills in on an image or a document as it is read (its size, its hash): saving
# only these changes nothing a reader sees.
BOOKKEEPING_FIELDS = frozenset({"file_size", "file_hash"})

Kind = ContentChange.Kind
Event = ContentChange.Event


@dataclass
class Noted:
    """What a transaction touched: pages (with the pages under them, for moves and
    restrictions), other objects by model, and collections whose files' visibility changed."""

    pages: set[int] = field(default_factory=set)
    subtrees: set[int] = field(default_factory=set)
    moved: set[int] = field(default_factory=set)
    objects: dict[type[models.Model], set[int]] = field(default_factory=dict)
    collections: set[int] = field(default_factory=set)

    def __bool__(self) -> bool:
        return bool(self.pages or self.subtrees or self.objects or self.collections)


def _note(add: Callable[[Noted], object]) -> None:
    """``add`` what was touched to the current transaction's ``Noted``; its recorder runs when
    the transaction commits (at once outside one, with what was just added)."""
    recorder = getattr(connection, PENDING_ATTRIBUTE, None)
    # A recorder whose transaction (or savepoint) was rolled back is no longer registered:
    # what it noted went with it.
    if recorder is not None and any(func is recorder for _, func, _ in connection.run_on_commit):
        add(recorder.noted)
        return
    noted = Noted()
    add(noted)

    def record_pending() -> None:
        if getattr(connection, PENDING_ATTRIBUTE, None) is record_pending:
            delattr(connection, PENDING_ATTRIBUTE)
        if record(noted):
            on_changes_recorded()

    record_pending.noted = noted
    setattr(connection, PENDING_ATTRIBUTE, record_pending)
    # A failure is logged; the object's next change records its state then.
    transaction.on_commit(record_pending, robust=True)


def note_pages(
    page_ids: Iterable[int], *, with_descendants: bool = False, moved: bool = False
) -> None:
    """Record the pages ``page_ids`` (and the pages under them; ``moved``: as moved) when the
    transaction commits, all the transaction's changes together."""
    page_ids = set(page_ids)

    def add(noted: Noted) -> None:
        (noted.subtrees if with_descendants or moved else noted.pages).update(page_ids)
        if moved:
            noted.moved.update(page_ids)

    _note(add)


def note_objects(model: type[models.Model], ids: Iterable[int]) -> None:
    """Record these images, documents or snippets when the transaction commits."""
    ids = set(ids)
    _note(lambda noted: noted.objects.setdefault(model, set()).update(ids))


def note_collections(collection_ids: Iterable[int]) -> None:
    """Record the images and documents in these collections and the ones under them."""
    collection_ids = set(collection_ids)
    _note(lambda noted: noted.collections.update(collection_ids))


@functools.cache
def tracked_models() -> dict[type[models.Model], str]:
    """The models whose objects the log records besides pages, with their kind: the image and
    document models, and the snippets the APIs serve (those with API fields, as Wagtail's v3
    snippets API registers them)."""
    tracked = {get_image_model(): Kind.IMAGE, get_document_model(): Kind.DOCUMENT}
    for model in get_snippet_models():
        if APIField.get_fields_for_model(model) and model not in tracked:
            tracked[model] = Kind.SNIPPET
    return tracked


def _page_scope(noted: Noted) -> tuple[Q, tuple[str, ...]]:
    """The pages to look at: the noted pages, the pages under the noted subtrees and the pages
    under aliases of those (public_q restricts them with their sources); and the paths of the
    moved ones. Two queries, for subtrees."""
    scope = Q(pk__in=noted.pages | noted.subtrees)
    if not noted.subtrees:
        return scope, ()
    roots = dict(Page.objects.filter(pk__in=noted.subtrees).values_list("pk", "path"))
    if not roots:
        return scope, ()
    under_roots = Q()
    for path in roots.values():
        under_roots |= (
            Q(path__startswith=path)
            | Q(alias_of__path__startswith=path)
            | Q(alias_of__alias_of__path__startswith=path)
        )
    alias_roots = (
        Page.objects.filter(under_roots)
        .filter(alias_of__isnull=False)
        .values_list("path", flat=True)
        .order_by()
    )
    for path in {*roots.values(), *alias_roots}:
        scope |= Q(path__startswith=path)
    return scope, tuple(path for pk, path in roots.items() if pk in noted.moved)


def _last_changes(
    kind: str, object_ids: list[int], object_type: str | None = None
) -> dict[int, ContentChange]:
    """The last change recorded for each of ``object_ids`` of ``kind`` (a snippet: of
    ``object_type`` too) that has one (a query per CHUNK)."""
    of_kind = Q(kind=kind) & (Q(object_type=object_type) if object_type else Q())
    found = {}
    for start in range(0, len(object_ids), CHUNK):
        last_ids = (
            ContentChange.objects.filter(of_kind, object_id__in=object_ids[start : start + CHUNK])
            .order_by()
            .values("object_id")
            .annotate(last=Max("id"))
            .values("last")
        )
        for change in ContentChange.objects.filter(id__in=last_ids).only(
            "object_id", "action", "locale", "object_type"
        ):
            found[change.object_id] = change
    return found


def _delete(change: ContentChange, event: str) -> ContentChange:
    """The delete that follows ``change``, an upsert."""
    return ContentChange(
        kind=change.kind,
        object_id=change.object_id,
        locale=change.locale,
        object_type=change.object_type,
        action=ContentChange.Action.DELETE,
        event=event,
    )


def _page_rows(noted: Noted) -> list[ContentChange]:
    """The rows for the noted pages: the pages, the visible ones, their last changes."""
    scope, moved_paths = _page_scope(noted)
    url_cache = SimpleNamespace()  # Wagtail keeps the site root paths on it: one lookup
    existing = set(Page.objects.filter(scope).order_by().values_list("pk", flat=True))
    visible = {}
    pages = (
        Page.objects.live()
        .filter(scope)
        .filter(reader_q(from_database=True))
        .select_related("locale")
        .only("pk", "path", "url_path", "content_type", "locale", "locale__language_code")
    )
    for page in pages:
        parts = page.get_url_parts(request=url_cache)
        if parts is not None and parts[2]:  # under a site: what the APIs list
            visible[page.pk] = page, parts[2]
    considered = sorted(noted.pages | existing)
    last = _last_changes(Kind.PAGE, considered)
    rows = []
    for page_id in considered:
        if page_id in visible:
            page, html_path = visible[page_id]
            moved = bool(moved_paths) and page.path.startswith(moved_paths)
            rows.append(
                ContentChange(
                    kind=Kind.PAGE,
                    object_id=page_id,
                    locale=page.locale.language_code,
                    object_type=(page.specific_class or Page)._meta.label,
                    action=ContentChange.Action.UPSERT,
                    event=Event.PAGE_MOVED if moved else Event.PAGE_PUBLISHED,
                    html_path=html_path,
                )
            )
        elif page_id in last and last[page_id].action == ContentChange.Action.UPSERT:
            gone = page_id not in existing
            rows.append(
                _delete(last[page_id], Event.PAGE_DELETED if gone else Event.PAGE_UNPUBLISHED)
            )
    return rows


def _object_rows(noted: Noted) -> list[ContentChange]:
    """The rows for the noted images, documents and snippets, and the files in the noted
    collections: per model, the objects that exist and are visible, and their last changes."""
    objects = {model: set(ids) for model, ids in noted.objects.items()}
    files = [model for model, kind in tracked_models().items() if kind != Kind.SNIPPET]
    if noted.collections:
        paths = Collection.objects.filter(pk__in=noted.collections).values_list("path", flat=True)
        under = Q()
        for path in paths:
            under |= Q(collection__path__startswith=path)
        if under:
            for model in files:
                in_collections = model.objects.filter(under).values_list("pk", flat=True)
                objects.setdefault(model, set()).update(in_collections)
    private = None
    rows = []
    for model, ids in objects.items():
        if not ids:
            continue
        kind = tracked_models()[model]
        label = model._meta.label
        shown = model.objects.filter(pk__in=ids)
        if model in files:
            if private is None:
                private = collections_under_restriction()
            shown = shown.exclude(collection_id__in=private)
        if issubclass(model, DraftStateMixin):
            shown = shown.filter(live=True)
        if issubclass(model, TranslatableMixin):
            locales = dict(shown.values_list("pk", "locale__language_code"))
        else:
            locales = dict.fromkeys(shown.values_list("pk", flat=True), "")
        considered = sorted(ids)
        last = _last_changes(kind, considered, label if kind == Kind.SNIPPET else None)
        for object_id in considered:
            if object_id in locales:
                rows.append(
                    ContentChange(
                        kind=kind,
                        object_id=object_id,
                        locale=locales[object_id],
                        object_type=label,
                        action=ContentChange.Action.UPSERT,
                        event=f"{kind}.changed",
                    )
                )
            elif object_id in last and last[object_id].action == ContentChange.Action.UPSERT:
                rows.append(_delete(last[object_id], f"{kind}.deleted"))
    return rows


def record(noted: Noted) -> int:
    """Write the change log's rows for what ``noted`` names (see the module's docstring); the
    number of rows written. A bounded number of queries however many objects: for pages, the
    pages, the visible ones, their last changes; as much per other model; the insert."""
    if not noted:
        return 0
    with transaction.atomic():
        _lock()
        pages = _page_rows(noted) if noted.pages or noted.subtrees else []
        rows = pages + _object_rows(noted)
        if rows:
            ContentChange.objects.bulk_create(rows, batch_size=CHUNK)
    if pages:
        # The feed shows them: cached answers are retired (bulk_create sends no signal).
        bump()
    return len(rows)


def record_changes(page_ids: Iterable[int] = (), subtree_ids: Iterable[int] = ()) -> int:
    """Write the rows for the pages ``page_ids`` and the pages under ``subtree_ids`` now."""
    return record(Noted(pages=set(page_ids), subtrees=set(subtree_ids)))


def _lock() -> None:
    """Take and commit ids in one order: one writer of the log at a time (readers go on)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {ContentChange._meta.db_table} IN EXCLUSIVE MODE")


def on_page_shown_or_hidden(instance: Page, **kwargs: Any) -> None:
    note_pages([instance.pk])


def on_page_moved(instance: Page, **kwargs: Any) -> None:
    """A move or a slug change: the page and every page under it have new addresses."""
    note_pages([instance.pk], moved=True)


def on_saved(
    sender: type,
    instance: Any,
    created: bool = False,
    raw: bool = False,
    update_fields: frozenset[str] | None = None,
    **kwargs: Any,
) -> None:
    """A new page (an alias, a copy, an import) may be live from the start; an image, a
    document or a snippet the APIs serve may have changed."""
    if raw or (update_fields and update_fields <= BOOKKEEPING_FIELDS):
        return
    if issubclass(sender, Page):
        if created:
            note_pages([instance.pk])
    elif sender in tracked_models():
        note_objects(sender, [instance.pk])


def on_deleted(sender: type, instance: Any, **kwargs: Any) -> None:
    if instance.pk is None:
        return
    if issubclass(sender, Page):
        note_pages([instance.pk])
    elif sender in tracked_models():
        note_objects(sender, [instance.pk])


def on_restriction_changed(instance: PageViewRestriction, raw: bool = False, **kwargs: Any):
    """A view restriction added, changed or removed: the page, the pages under it and the
    aliases of those flip between visible and not."""
    if not raw:
        note_pages([instance.page_id], with_descendants=True)


def on_collection_saved(
    instance: Collection, created: bool = False, raw: bool = False, **kwargs: Any
) -> None:
    """A collection edited, and perhaps moved (the admin moves it in the same transaction, after
    saving it): its files may have moved under a restriction or out of one."""
    if not (created or raw):
        note_collections([instance.pk])


def on_files_bulk_changed(
    request: Any, action_type: str, objects: list, action: Any, **kwargs: Any
) -> None:
    """The admin's bulk actions on images and documents (adding them to a collection, tagging
    them) update rows without saving each: their files are named here."""
    for model in {type(obj) for obj in objects} & set(tracked_models()):
        note_objects(model, [obj.pk for obj in objects if type(obj) is model and obj.pk])


def on_collection_restriction_changed(
    instance: CollectionViewRestriction, raw: bool = False, **kwargs: Any
):
    """A collection's view restriction added, changed or removed: its files and those of the
    collections under it flip between visible and not."""
    if not raw:
        note_collections([instance.collection_id])


def connect() -> None:
    """Listen to every change of what readers see (from ``CoreConfig.ready``)."""
    page_published.connect(on_page_shown_or_hidden, dispatch_uid="smakom_changes_published")
    page_unpublished.connect(on_page_shown_or_hidden, dispatch_uid="smakom_changes_unpublished")
    post_page_move.connect(on_page_moved, dispatch_uid="smakom_changes_moved")
    page_slug_changed.connect(on_page_moved, dispatch_uid="smakom_changes_slug")
    post_save.connect(on_saved, dispatch_uid="smakom_changes_saved")
    post_delete.connect(on_deleted, dispatch_uid="smakom_changes_deleted")
    post_save.connect(on_collection_saved, sender=Collection, dispatch_uid="smakom_changes_coll")
    for signal in (post_save, post_delete):
        signal.connect(
            on_restriction_changed,
            sender=PageViewRestriction,
            dispatch_uid=f"smakom_changes_restriction_{signal is post_save}",
        )
        signal.connect(
            on_collection_restriction_changed,
            sender=CollectionViewRestriction,
            dispatch_uid=f"smakom_changes_collection_restriction_{signal is post_save}",
        )
