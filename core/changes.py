"""The change log: what anonymous readers see of each page, recorded as it changes.

Every path that can change what an anonymous reader sees of a page names the pages it touched
(Wagtail's signals: a publish, which includes an edit, a scheduled publish by the worker and an
alias brought up to date; an unpublish; a new page; a slug change or a move, with the pages
under it, whose addresses change; a view restriction added, changed or removed, with the pages
under it and the aliases of those; a delete, with the pages under it). When the transaction
commits, each such page's current visibility is worked out (``reader_q``, live, under a site:
what ``/api/v3/pages/`` lists) in one query for all of them, and a ``PageChange`` is written:

- ``upsert`` when the page is visible now;
- ``delete`` when it is not, and the last change recorded for it was an ``upsert``;
- nothing otherwise: a page that was never public never appears, not even its id.

The rows are written under a table lock (PostgreSQL), so ids are taken and committed in the
same order and a consumer that has read up to an id never misses a row committed later with a
smaller one. The changes feed (``core.api.changes_router``) serves the log; webhooks
(``core.webhooks``) deliver from it, a worker step queued when rows are written. Code that
writes pages without signals (``bulk_create``, ``QuerySet.update``) names them with
``note_pages``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from types import SimpleNamespace
from typing import Any

from django.db import connection, transaction
from django.db.models import Max, Q
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from core.caching.version import bump
from core.i18n import reader_q
from core.models import PageChange
from core.webhooks.tasks import on_changes_recorded

# The recorder that gathers the pages until the transaction commits (on the connection,
# which is the transaction's).
PENDING_ATTRIBUTE = "_smakom_pending_page_changes"
# Pages looked up per query for their last recorded change.
CHUNK = 5000


def note_pages(page_ids: Iterable[int], *, with_descendants: bool = False) -> None:
    """Record the pages ``page_ids`` (and the pages under them) when the transaction commits
    (at once outside one), all the transaction's pages together."""
    recorder = getattr(connection, PENDING_ATTRIBUTE, None)
    # A recorder whose transaction (or savepoint) was rolled back is no longer registered:
    # what it noted went with it.
    registered = recorder is not None and any(
        func is recorder for _, func, _ in connection.run_on_commit
    )
    if not registered:
        recorder = _pending_recorder()
        setattr(connection, PENDING_ATTRIBUTE, recorder)
    (recorder.subtrees if with_descendants else recorder.pages).update(page_ids)
    if not registered:
        # A failure is logged; the page's next change records its state then.
        transaction.on_commit(recorder, robust=True)


def _pending_recorder() -> Callable[[], None]:
    """What runs at the commit: the log's rows for the pages noted until then."""

    def record_pending() -> None:
        if getattr(connection, PENDING_ATTRIBUTE, None) is record_pending:
            delattr(connection, PENDING_ATTRIBUTE)
        if record_changes(record_pending.pages, record_pending.subtrees):
            on_changes_recorded()

    record_pending.pages = set()
    record_pending.subtrees = set()
    return record_pending


def _scope(page_ids: set[int], subtree_ids: set[int]) -> Q:
    """The pages to look at: ``page_ids``, the pages under ``subtree_ids`` and the pages under
    aliases of those (public_q restricts them with their sources). Two queries, for subtrees."""
    scope = Q(pk__in=page_ids)
    if not subtree_ids:
        return scope
    roots = list(Page.objects.filter(pk__in=subtree_ids).values_list("path", flat=True))
    if not roots:
        return scope
    under_roots = Q()
    for path in roots:
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
    for path in {*roots, *alias_roots}:
        scope |= Q(path__startswith=path)
    return scope


def _last_changes(page_ids: list[int]) -> dict[int, PageChange]:
    """The last change recorded for each of ``page_ids`` that has one (a query per CHUNK)."""
    found = {}
    for start in range(0, len(page_ids), CHUNK):
        last_ids = (
            PageChange.objects.filter(page_id__in=page_ids[start : start + CHUNK])
            .order_by()
            .values("page_id")
            .annotate(last=Max("id"))
            .values("last")
        )
        for change in PageChange.objects.filter(id__in=last_ids).only(
            "page_id", "action", "locale", "page_type"
        ):
            found[change.page_id] = change
    return found


def _lock() -> None:
    """Take and commit ids in one order: one writer of the log at a time (readers go on)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {PageChange._meta.db_table} IN EXCLUSIVE MODE")


def record_changes(page_ids: Iterable[int] = (), subtree_ids: Iterable[int] = ()) -> int:
    """Write the change log's rows for ``page_ids`` and the pages under ``subtree_ids`` (see
    the module's docstring); the number of rows written. A bounded number of queries however
    many pages: the pages, the visible ones, their last changes, the insert."""
    page_ids, subtree_ids = set(page_ids), set(subtree_ids)
    if not (page_ids or subtree_ids):
        return 0
    url_cache = SimpleNamespace()  # Wagtail keeps the site root paths on it: one lookup
    with transaction.atomic():
        _lock()
        scope = _scope(page_ids, subtree_ids)
        existing = set(Page.objects.filter(scope).order_by().values_list("pk", flat=True))
        visible = {}
        pages = (
            Page.objects.live()
            .filter(scope)
            .filter(reader_q(from_database=True))
            .select_related("locale")
            .only("pk", "url_path", "content_type", "locale", "locale__language_code")
        )
        for page in pages:
            parts = page.get_url_parts(request=url_cache)
            if parts is not None and parts[2]:  # under a site: what the APIs list
                visible[page.pk] = page, parts[2]
        considered = sorted(page_ids | existing)
        last = _last_changes(considered)
        rows = []
        for page_id in considered:
            if page_id in visible:
                page, html_path = visible[page_id]
                rows.append(
                    PageChange(
                        page_id=page_id,
                        locale=page.locale.language_code,
                        page_type=(page.specific_class or Page)._meta.label,
                        action=PageChange.Action.UPSERT,
                        html_path=html_path,
                    )
                )
            elif page_id in last and last[page_id].action == PageChange.Action.UPSERT:
                rows.append(
                    PageChange(
                        page_id=page_id,
                        locale=last[page_id].locale,
                        page_type=last[page_id].page_type,
                        action=PageChange.Action.DELETE,
                    )
                )
        if rows:
            PageChange.objects.bulk_create(rows, batch_size=CHUNK)
    if rows:
        # The feed shows them: cached answers are retired (bulk_create sends no signal).
        bump()
    return len(rows)


def on_page_shown_or_hidden(instance: Page, **kwargs: Any) -> None:
    note_pages([instance.pk])


def on_page_moved(instance: Page, **kwargs: Any) -> None:
    """A move or a slug change: the page and every page under it have new addresses."""
    note_pages([instance.pk], with_descendants=True)


def on_page_saved(sender: type, instance: Any, created: bool = False, raw: bool = False, **kwargs):
    """A new page (an alias, a copy, an import) may be live from the start."""
    if created and not raw and issubclass(sender, Page):
        note_pages([instance.pk])


def on_page_deleted(sender: type, instance: Any, **kwargs: Any) -> None:
    if issubclass(sender, Page) and instance.pk is not None:
        note_pages([instance.pk])


def on_restriction_changed(instance: PageViewRestriction, raw: bool = False, **kwargs: Any):
    """A view restriction added, changed or removed: the page, the pages under it and the
    aliases of those flip between visible and not."""
    if not raw:
        note_pages([instance.page_id], with_descendants=True)


def connect() -> None:
    """Listen to every change of what readers see of a page (from ``CoreConfig.ready``)."""
    page_published.connect(on_page_shown_or_hidden, dispatch_uid="smakom_changes_published")
    page_unpublished.connect(on_page_shown_or_hidden, dispatch_uid="smakom_changes_unpublished")
    post_page_move.connect(on_page_moved, dispatch_uid="smakom_changes_moved")
    page_slug_changed.connect(on_page_moved, dispatch_uid="smakom_changes_slug")
    post_save.connect(on_page_saved, dispatch_uid="smakom_changes_page_saved")
    post_delete.connect(on_page_deleted, dispatch_uid="smakom_changes_page_deleted")
    for signal in (post_save, post_delete):
        signal.connect(
            on_restriction_changed,
            sender=PageViewRestriction,
            dispatch_uid=f"smakom_changes_restriction_{signal is post_save}",
        )
