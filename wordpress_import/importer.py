"""Pages from a WordPress export: posts become news items, pages text pages, with redirects.

``WordPressImporter(export).run()`` imports under the default site's home page and returns a
``Report``. What it does (docs/import.md says it for editors):

- Posts become ``ArticlePage`` under the news index (created under the home page when the site
  has none), pages ``StandardPage`` keeping their hierarchy. Only published items go live;
  drafts, private, pending and scheduled items become drafts. Comments are counted, not imported.
- Items are matched by their WordPress ID (``ImportedItem``): an item whose content digest is
  unchanged is left alone, a changed one gets a new revision (published if it is published in
  WordPress, unpublished if it no longer is), and a page whose parent changed is moved under
  the page that parent became (``_new_parent``; unless an editor moved it here since, which
  Wagtail's log of moves tells). A page edited on this site since the import, or deleted
  here, is left as it is (not moved either) and reported.
- A slug already taken under the parent (by a page not imported, or by a listing's route) is
  never taken over: the new page gets ``slug-2`` (``-3``, …) and the report says so.
- Each item is imported in its own savepoint: a failing item is reported and the rest goes on.
- Published items get permanent redirects from ``/?p=ID`` (posts) or ``/?page_id=ID`` (pages)
  and from the path of their old ``<link>``; an existing redirect from the same path to
  another page is left as it is and reported.

- With ``media_dir`` (a copy of ``wp-content/uploads``), attachments are imported first: their
  files become images or documents through the admin's validation (wordpress_import/media.py),
  matched by WordPress ID too; a file that is missing is a warning, one the admin would refuse
  an error, and neither leaves anything behind. An imported file is never changed by a later
  run. ``views.uploads_redirect`` answers the old files' addresses.
- Bodies use what was imported (``ImportLinks``): imported images become image blocks, links
  to imported documents (and ``[audio]``/``[playlist]`` shortcodes of them) document links,
  links to imported posts and pages page links; a ``[gallery]`` without ``ids`` shows the
  images attached to its post (``wp:post_parent``), in ``wp:menu_order``, then ID order. A link
  to an item imported later in the run is resolved in a second pass over the items that have
  one, each in its own transaction, as a second revision; so is an unchanged item's that may
  show a file first imported in this run (``_may_show_new_media``: a run with ``media_dir``
  after one without).

- The old site's archives lead to the news list (``_archive_redirects``): ``/category/slug/``
  and ``/tag/slug/`` to it filtered by the tag the term became, their ``feed/`` to its feed so
  filtered, ``/feed/`` and ``/?feed=rss2`` (WordPress's other feeds too, Atom to Atom, answered by
  ``middleware.WordPressIdRedirectMiddleware``) to its feed, ``/author/login/`` to the list,
  ``/2012/``, ``/2012/01/`` and ``/2012/01/12/`` to the list's year; only for the terms,
  authors and dates of published posts (a draft's tag stays unknown). ``/?s=term`` needs no
  redirect of its own: the middleware leads it to the site's search.

- Remissvar (``remissvar_term``, default "Remissvar": a post in a category or with a tag of
  that name or slug, case-insensitive) become ``ConsultationResponsePage`` under the remissvar
  listing (created under the home page when the site has none), the inquiry's reference (SOU,
  Ds, Prop.) read from the title, else the text. A published one was sent long ago: it is
  imported as a historical record, status "sent", sent on the post's date, with the board's
  approval (``board_approved_at``, not content) recorded at the post's publishing time, as the
  demo records its replies' approval; only so can it be live, since
  ``ConsultationResponsePage.save`` refuses a live response the board has not approved. A
  draft (private, pending) one becomes a draft without approval: it goes through the board's
  workflow like any new remissvar. An update keeps the approval recorded. A post keeps the
  page type it was first imported as: one marked as a remissvar since (or no longer marked) is
  left as it is, with a warning (``_kept_as``).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, time
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, unquote, urlsplit

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import Truncator, slugify
from taggit.models import Tag
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, PageLogEntry, Site

from articles.models import ArticleIndexPage, ArticlePage
from consultation_responses.models import (
    ConsultationResponseIndexPage,
    ConsultationResponsePage,
    ResponseStatus,
)
from core.seo.feeds import reserved_slug_check
from home.models import HomePage, StandardPage
from wordpress_import.body import BodyConverter, LinkResolver, ResolvedDocument, ResolvedImage
from wordpress_import.media import (
    Refused,
    candidate_paths,
    delete_file,
    find_file,
    is_image,
    original_path,
    save_form,
    upload_path,
    validated_form,
)
from wordpress_import.middleware import FEEDS
from wordpress_import.models import ImportedItem
from wordpress_import.wxr import STATUSES, WxrExport, WxrItem

NEWS_INDEX = {"title": "Nyheter", "slug": "nyheter", "show_in_menus": True}
RESPONSES_INDEX = {"title": "Remissvar", "slug": "remissvar", "show_in_menus": True}
REMISSVAR_TERM = "Remissvar"
# The paragraph blocks' Draftail keys, which a rich text field does without.
BLOCK_KEY = re.compile(r' data-block-key="[^"]*"')
# An inquiry's reference: "SOU 2011:59", "Ds 2012:3", "Prop. 2011/12:1" (or "prop 2011/12:1").
INQUIRY_REFERENCE = re.compile(
    r"\b(?:(?P<kind>SOU|Ds)\s+(?P<number>\d{4}:\d+)|Prop\.?\s*(?P<bill>\d{4}/\d{2}:\d+))\b",
    re.IGNORECASE,
)
# WordPress's default category, which says nothing about a post.
DEFAULT_CATEGORIES = {"uncategorized", "okategoriserade", "okategoriserad"}
# Addresses under the home page that the site's own URLs answer before any page (config/urls.py).
RESERVED_TOP_LEVEL = {
    "admin", "django-admin", "api", "documents", "media", "static", "sok", "en",
}  # fmt: skip
INTRO_CHARS = 300
MAX_FIELD = {"title": 255, "author_name": 100, "intro": 1000, "tag": 100}


@dataclass
class Report:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    skipped: Counter = field(default_factory=Counter)
    redirects: Counter = field(default_factory=Counter)
    shortcodes: Counter = field(default_factory=Counter)
    comments: int = 0
    # Remissvar published in WordPress whose board approval was recorded from the post's date.
    approvals_recorded: int = 0
    # Pages saved once more after the run, with links to items imported after them.
    relinked: int = 0
    # Pages moved under the page their WordPress parent became.
    moved: int = 0
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(
            sum(self.created.values()) + sum(self.updated.values()) + self.redirects["created"]
        )


class ImportLinks(LinkResolver):
    """The body converter's answers: the images, documents and pages this import made (in this
    run or an earlier one) from the items of the export, by WordPress ID, file path and old
    address. ``pending`` is set when a link leads to an item of the export not imported yet."""

    def __init__(self, export: WxrExport) -> None:
        self.host = urlsplit(export.site_url).netloc.lower().removeprefix("www.")
        self.images: dict[int, ResolvedImage] = {}
        self.image_paths: dict[str, ResolvedImage] = {}
        self.documents: dict[int, ResolvedDocument] = {}
        self.document_paths: dict[str, ResolvedDocument] = {}
        self.pages: dict[int, int] = {}
        self.permalinks: dict[str, int] = {}
        self.items: set[int] = set()
        attached: dict[int, list[WxrItem]] = {}
        for item in export.items:
            if (
                item.post_type == "attachment"
                and item.parent_id
                and not item.error
                and is_image(urlsplit(item.attachment_url).path)
            ):
                attached.setdefault(item.parent_id, []).append(item)
            if item.post_type in ("post", "page") and item.status in STATUSES:
                self.items.add(item.wp_id)
                path = _permalink(item.link)
                if path and item.link and self.ours(item.link):
                    self.permalinks.setdefault(path, item.wp_id)
        # A post's images in a [gallery]'s order.
        self.attached = {
            parent: [item.wp_id for item in sorted(items, key=lambda i: (i.menu_order, i.wp_id))]
            for parent, items in attached.items()
        }
        self.pending = False

    def add_media(self, wp_id: int, path: str, image=None, document=None) -> None:
        if image is not None:
            resolved = ResolvedImage(image.pk, image.description or image.title)
            self.images[wp_id] = resolved
            self.image_paths[path] = resolved
        elif document is not None:
            resolved = ResolvedDocument(document.pk, document.title, wp_id)
            self.documents[wp_id] = resolved
            self.document_paths[path] = resolved

    def ours(self, address: str) -> bool:
        parts = urlsplit(address)
        host = parts.netloc.lower().removeprefix("www.")
        return parts.scheme in ("", "http", "https") and (not host or host == self.host)

    def image(self, attachment_id: int | None, source: str) -> ResolvedImage | None:
        if attachment_id is not None and attachment_id in self.images:
            return self.images[attachment_id]
        path = upload_path(source) if source and self.ours(source) else ""
        if not path:
            return None
        return next(
            (self.image_paths[c] for c in candidate_paths(path) if c in self.image_paths), None
        )

    def attached_images(self, post_id: int) -> list[int]:
        return self.attached.get(post_id, [])

    def document(self, attachment_id: int | None, source: str) -> ResolvedDocument | None:
        if attachment_id is not None:
            return self.documents.get(attachment_id)
        path = upload_path(source) if source and self.ours(source) else ""
        return self.document_paths.get(path) if path else None

    def link(self, href: str) -> dict[str, str] | None:
        if not self.ours(href):
            return None
        if path := upload_path(href):
            document = self.document_paths.get(path)
            return {"linktype": "document", "id": str(document.pk)} if document else None
        wp_id = self._item_id(href)
        if wp_id is None:
            return None
        page = self.pages.get(wp_id)
        if page is None:
            self.pending = self.pending or wp_id in self.items
            return None
        return {"linktype": "page", "id": str(page)}

    def _item_id(self, href: str) -> int | None:
        parts = urlsplit(href)
        query = parse_qs(parts.query)
        for key in ("p", "page_id"):
            value = (query.get(key) or [""])[0]
            if value.isdigit() and len(value) < 19:
                return int(value)
        path = _permalink(href)
        return self.permalinks.get(path) if path else None


class WordPressImporter:
    """Imports one export; ``progress(done, total)`` is called after each item."""

    def __init__(
        self,
        export: WxrExport,
        *,
        progress: Callable[[int, int], None] | None = None,
        log: Callable[[str], None] | None = None,
        media_dir: Path | None = None,
        dry_run: bool = False,
        remissvar_term: str = REMISSVAR_TERM,
    ) -> None:
        self.export = export
        self.report = Report()
        self.progress = progress or (lambda done, total: None)
        self.log = log or (lambda message: None)
        self.media_dir = media_dir
        # A dry run checks each file as the import would, and stores none.
        self.dry_run = dry_run
        self.remissvar_name = remissvar_term.strip()
        self.remissvar_term = self.remissvar_name.casefold()
        self.links = ImportLinks(export)
        self.body = BodyConverter(self.links)
        self.records: dict[int, ImportedItem] = {}
        # What shows a file imported in this run in a body (its ID, its path without the
        # extension), and the posts it is attached to: for the bodies of unchanged items.
        self.new_media: set[str] = set()
        self.new_media_posts: set[int] = set()
        # The site's redirects by old path (_existing_redirect); None: to be read again.
        self.redirects: dict[str, Redirect] | None = None
        # The posts that are news items here, whose terms and dates the archives show.
        self.news_items: set[int] = set()
        self.pages: dict[int, Page] = {}
        # Items whose body links to an item imported after them, for the second pass.
        self.relink: list[WxrItem] = []
        self._pending_links = False
        self.site: Site | None = None
        self.home: HomePage | None = None
        self.news_index: ArticleIndexPage | None = None
        self.responses_index: ConsultationResponseIndexPage | None = None

    def run(self) -> Report:
        self.site = Site.objects.get(is_default_site=True)
        home = self.site.root_page.specific
        if not isinstance(home, HomePage):
            raise TypeError(f"The default site's root page is a {type(home).__name__}.")
        self.home = home
        items = self._in_import_order(self.export.items)
        self.report.comments = sum(item.comments for item in self.export.items)
        # What earlier runs made of the posts and pages, in one query. Their pages are read
        # again (``Page.specific``) when their item is imported: a move may have changed them.
        self.records = {
            record.wp_id: record
            for record in ImportedItem.objects.filter(wp_site=self.export.site_key)
            .exclude(wp_type="attachment")
            .select_related("page")
        }
        # A post keeps the page type it was first imported as (_kept_as).
        listed = {
            record.page.specific_class
            if (record := self.records.get(item.wp_id)) and record.page
            else self._model(item)
            for item in items
            if item.post_type == "post" and item.status in STATUSES
        }
        if ArticlePage in listed:
            with transaction.atomic():
                self.news_index = self._news_index_page()
        if ConsultationResponsePage in listed:
            with transaction.atomic():
                self.responses_index = self._responses_index_page()
        self.media_records = {
            record.wp_id: record
            for record in ImportedItem.objects.filter(
                wp_site=self.export.site_key, wp_type="attachment"
            ).select_related("image", "document")
        }
        for record in self.media_records.values():
            self.links.add_media(record.wp_id, record.file_path, record.image, record.document)
        for done, item in enumerate(items, start=1):
            self._import_item(item)
            self.progress(done, len(items))
        for item in self.relink:
            self._relink_item(item)
        self._archive_redirects()
        return self.report

    # --- Items -----------------------------------------------------------------------------

    @staticmethod
    def _in_import_order(items: list[WxrItem]) -> list[WxrItem]:
        """Attachments first, then pages, each after its parent, then posts; everything else as
        it comes."""
        pages = {item.wp_id: item for item in items if item.post_type == "page"}

        def depth(item: WxrItem) -> int:
            seen = {item.wp_id}
            level, parent = 0, pages.get(item.parent_id)
            while parent is not None and parent.wp_id not in seen:
                seen.add(parent.wp_id)
                level, parent = level + 1, pages.get(parent.parent_id)
            return level

        def key(item: WxrItem) -> tuple[int, int]:
            if item.post_type == "attachment":
                return (-1, 0)
            if item.post_type == "page":
                return (0, depth(item))
            return (1, 0)

        return sorted(items, key=key)

    def _import_item(self, item: WxrItem) -> None:
        name = f"{item.post_type or 'item'} {item.wp_id} ”{item.title[:80]}”"
        if item.post_type == "attachment":
            self._import_attachment(item, name)
            return
        if item.post_type not in ("post", "page"):
            self.report.skipped[item.post_type or "unknown type"] += 1
            return
        if item.status not in STATUSES:
            self.report.skipped[f"{item.post_type} ({item.status or 'no status'})"] += 1
            if (record := self.records.get(item.wp_id)) and record.page_id:
                self.report.warnings.append(
                    f"{name} is ”{item.status}” in WordPress now; the page imported from it "
                    f"was left as it is."
                )
            return
        if item.error:
            self.report.errors.append(f"{name}: {item.error}; skipped.")
            self.report.skipped[f"{item.post_type} (error)"] += 1
            return
        self.report.shortcodes.update(self.body.shortcodes(item.content, item.wp_id))
        self._pending_links = False
        try:
            with transaction.atomic():
                page = self._import_page(item, name)
        except Exception as error:  # noqa: BLE001 - any failure skips this item only
            self.redirects = None  # some may have been rolled back
            message = "; ".join(getattr(error, "messages", None) or [str(error)])
            if isinstance(error, RecursionError):
                message = "its HTML is nested too deeply to be read"
            self.report.errors.append(f"{name}: {type(error).__name__}: {message}; skipped.")
            self.report.skipped[f"{item.post_type} (error)"] += 1
        else:
            # Only once the item's transaction is committed: its subpages go under it.
            if page is not None:
                if item.post_type == "page":
                    self.pages[item.wp_id] = page
                elif isinstance(page, ArticlePage):
                    self.news_items.add(item.wp_id)
                self.links.pages[item.wp_id] = page.pk
                if self._pending_links:
                    self.relink.append(item)

    def _relink_item(self, item: WxrItem) -> None:
        """The second pass: the body once more, now that every item of the run is imported."""
        name = f"{item.post_type} {item.wp_id} ”{item.title[:80]}”"
        try:
            with transaction.atomic():
                record = ImportedItem.objects.select_related("page").get(
                    wp_site=self.export.site_key, wp_id=item.wp_id
                )
                page = record.page.specific
                text = self._text_fields(type(page), self.body.convert(item.content, item.wp_id))
                if isinstance(page, ConsultationResponsePage):
                    current = {"background": page.background}
                else:
                    current = {
                        "body": [
                            {"type": block["type"], "value": block["value"]}
                            for block in page.body.raw_data
                        ]
                    }
                if page.latest_revision_id != record.revision_id or text == current:
                    return
                for field_name, value in text.items():
                    setattr(page, field_name, value)
                revision = page.save_revision(clean=True)
                if item.status == "publish":
                    revision.publish()
                    if item.published_at:
                        type(page).objects.filter(pk=page.pk).update(
                            last_published_at=item.published_at
                        )
                record.revision = revision
                record.save()
        except Exception as error:  # noqa: BLE001 - the page stays as the first pass made it
            self.report.errors.append(
                f"{name}: its links to pages imported after it were not resolved: "
                f"{type(error).__name__}: {error}."
            )
        else:
            self.report.relinked += 1

    # --- Attachments -----------------------------------------------------------------------

    def _import_attachment(self, item: WxrItem, name: str) -> None:
        record = self.media_records.get(item.wp_id)
        if self.media_dir is None:
            self.report.skipped["attachment"] += 1
            return
        if item.error:
            self.report.errors.append(f"{name}: {item.error}; skipped.")
            self.report.skipped["attachment (error)"] += 1
            return
        alt = " ".join(item.meta.get("_wp_attachment_image_alt", "").split())
        digest = hashlib.sha256(
            json.dumps([item.title, alt, item.attachment_url]).encode("utf-8")
        ).hexdigest()
        if record is not None:
            imported = record.image or record.document
            if imported is None:
                self.report.warnings.append(
                    f"{name} was deleted on this site after an earlier import; not recreated."
                )
                self.report.skipped["attachment (deleted here)"] += 1
            elif record.content_hash != digest:
                self.report.warnings.append(
                    f"{name} was changed in WordPress (its title, alternative text or file); "
                    f"”{imported.title}” was left as it is."
                )
                self.report.skipped["attachment (changed in WordPress)"] += 1
            else:
                self.report.unchanged[type(imported).__name__] += 1
            return
        path = upload_path(item.attachment_url)
        if not path:
            self.report.warnings.append(
                f"{name}: its file's address ({item.attachment_url[:100] or 'none'}) is not "
                f"under /wp-content/uploads/; not imported."
            )
            self.report.skipped["attachment (no file)"] += 1
            return
        try:
            file = find_file(self.media_dir, path)
            form = validated_form(file, item.title, alt) if file is not None else None
        except Refused as refusal:
            self.report.errors.append(f"{name}: the file {path} was refused: {refusal}.")
            self.report.skipped["attachment (refused)"] += 1
            return
        except Exception as error:  # noqa: BLE001 - an unreadable file skips this item only
            self.report.errors.append(f"{name}: the file {path}: {type(error).__name__}: {error}.")
            self.report.skipped["attachment (error)"] += 1
            return
        if form is None:
            self.report.warnings.append(f"{name}: the file {path} is not in the media folder.")
            self.report.skipped["attachment (file missing)"] += 1
            return
        kind = "Image" if is_image(path) else "Document"
        if self.dry_run:
            form.files["file"].close()
            self.report.created[kind] += 1
            return
        saved = None
        try:
            with transaction.atomic():
                saved = save_form(form)
                ImportedItem.objects.create(
                    wp_site=self.export.site_key,
                    wp_id=item.wp_id,
                    wp_type=item.post_type,
                    image=saved if kind == "Image" else None,
                    document=saved if kind == "Document" else None,
                    file_path=path,
                    content_hash=digest,
                )
        except Exception as error:  # noqa: BLE001 - any failure skips this item only
            delete_file(saved if saved is not None else form.instance)
            self.report.errors.append(f"{name}: {type(error).__name__}: {error}; skipped.")
            self.report.skipped["attachment (error)"] += 1
            return
        self.links.add_media(
            item.wp_id,
            path,
            image=saved if kind == "Image" else None,
            document=saved if kind == "Document" else None,
        )
        # What shows the file in a body: its ID, or its path in any of its sizes.
        stem = original_path(path).rpartition(".")[0] or path
        self.new_media.update({f"wp-image-{item.wp_id}", f"attachment_{item.wp_id}", stem})
        self.new_media_posts.add(item.parent_id)
        self.report.created[kind] += 1
        self.log(f"  + {kind} {saved.title}")

    def _import_page(self, item: WxrItem, name: str) -> Page | None:
        record = self.records.get(item.wp_id)
        digest = item.content_hash()
        if record is not None:
            if record.page is None:
                self.report.warnings.append(
                    f"{name} was deleted on this site after an earlier import; not recreated."
                )
                self.report.skipped[f"{item.post_type} (deleted here)"] += 1
                return None
            page = record.page.specific
            if self._kept_as(item, page, name):
                pass  # left as it is, reported; its old addresses still lead to it
            elif record.content_hash == digest:
                self.report.unchanged[type(page).__name__] += 1
                # Saved again at the end (if its body then differs) when it may show a file
                # first imported in this run, e.g. by a run with --media-dir after one without.
                self._pending_links = self._may_show_new_media(item)
            elif page.latest_revision_id != record.revision_id:
                moved = self._new_parent(item, page) is not None
                self.report.warnings.append(
                    f"{name} was edited on this site after the import; the changes in the "
                    f"export were not applied to ”{page.title}”"
                    f"{', nor was it moved under its new parent' if moved else ''}."
                )
                self.report.skipped[f"{item.post_type} (edited here)"] += 1
            else:
                page = self._update(record, page, item, name, digest)
            self._redirect(item, page, name)
            return page

        parent = self._parent(item, name)
        model = self._model(item)
        fields, tags = self._fields(item, model, name)
        fields["slug"] = self._free_slug(parent, fields["slug"], model, None, name)
        live = item.status == "publish"
        page = model(locale=parent.locale, live=False, has_unpublished_changes=True, **fields)
        if tags is not None:
            page.tags.set(tags)
        if live and model is ConsultationResponsePage:
            self._record_approval(page, item)
        if live and item.published_at:
            page.first_published_at = item.published_at
        parent.add_child(instance=page)
        revision = page.save_revision(clean=True)
        if live:
            revision.publish()
            if item.published_at:
                model.objects.filter(pk=page.pk).update(last_published_at=item.published_at)
        ImportedItem.objects.create(
            wp_site=self.export.site_key,
            wp_id=item.wp_id,
            wp_type=item.post_type,
            page=page,
            revision=revision,
            content_hash=digest,
        )
        self.report.created[model.__name__] += 1
        self.log(f"  + {model.__name__} {page.title}{'' if live else ' (draft)'}")
        self._redirect(item, page, name)
        return page

    def _may_show_new_media(self, item: WxrItem) -> bool:
        """Whether ``item``'s body may show a file imported in this run (``new_media``)."""
        if not self.new_media:
            return False
        content = item.content
        return (
            item.wp_id in self.new_media_posts
            or "[gallery" in content
            or "[playlist" in content
            or any(marker in content for marker in self.new_media)
        )

    def _update(
        self, record: ImportedItem, page: Page, item: WxrItem, name: str, digest: str
    ) -> Page:
        """A new revision of ``page`` from the changed ``item``, moved under the page its
        WordPress parent became, unless an editor moved it here; the page as it is now."""
        self.redirects = None  # Wagtail may add some for the page's old address
        fields, tags = self._fields(item, type(page), name)
        parent = self._new_parent(item, page, name)
        if parent is not None and self._moved_here(page, record):
            self.report.warnings.append(
                f"{name} has another parent in WordPress now, but ”{page.title}” was moved on "
                f"this site after the import; it was left where it is."
            )
            parent = None
        if parent is not None:
            fields["slug"] = self._free_slug(parent, fields["slug"], type(page), page, name)
            page = self._move(page, parent, fields["slug"])
            self.log(f"  > {type(page).__name__} {page.title} moved under {parent.title}")
        elif fields["slug"] != page.slug:
            fields["slug"] = self._free_slug(
                page.get_parent(), fields["slug"], type(page), page, name
            )
        for field_name, value in fields.items():
            setattr(page, field_name, value)
        if tags is not None:
            page.tags.set(tags)
        if (
            item.status == "publish"
            and isinstance(page, ConsultationResponsePage)
            and page.board_approved_at is None
        ):
            # A draft remissvar published in WordPress since: it was sent (the page's record).
            self._record_approval(page, item)
            type(page).objects.filter(pk=page.pk).update(board_approved_at=page.board_approved_at)
        revision = page.save_revision(clean=True)
        if item.status == "publish":
            revision.publish()
        elif page.live:
            page.unpublish()
        record.revision = revision
        record.content_hash = digest
        record.save()
        self.report.updated[type(page).__name__] += 1
        if parent is not None:
            self.report.moved += 1
        self.log(f"  ~ {type(page).__name__} {page.title}")
        return page

    def _new_parent(self, item: WxrItem, page: Page, name: str = "") -> Page | None:
        """The page ``page`` (imported from the page ``item``) belongs under now, when its
        parent changed in WordPress; None when it did not, or when that parent is not a page
        of this import or lies under ``page`` (a warning naming ``name`` if given)."""
        if item.post_type != "page":
            return None
        current = page.get_parent()
        if not item.parent_id:
            wanted = self.home
        else:
            wanted = self.pages.get(item.parent_id) or next(
                (
                    record.page
                    for record in ImportedItem.objects.filter(
                        wp_site=self.export.site_key, wp_id=item.parent_id, page__isnull=False
                    ).select_related("page")
                ),
                None,
            )
        if wanted is None:
            if name:
                self.report.warnings.append(
                    f"{name}: its parent page ({item.parent_id}) in WordPress was not imported; "
                    f"”{page.title}” was not moved."
                )
            return None
        if wanted.pk == current.pk:
            return None
        wanted = Page.objects.get(pk=wanted.pk)  # its place in the tree as it is now
        if wanted.pk == page.pk or wanted.is_descendant_of(page):
            if name:
                self.report.warnings.append(
                    f"{name}: its parent in WordPress, ”{wanted.title}”, is a sub-page of "
                    f"”{page.title}” here; it was not moved."
                )
            return None
        return wanted

    @staticmethod
    def _moved_here(page: Page, record: ImportedItem) -> bool:
        """Whether an editor moved ``page`` since the import last saved it (the import's own
        moves are logged before it saves its record)."""
        return PageLogEntry.objects.filter(
            page=page, action="wagtail.move", timestamp__gt=record.imported_at
        ).exists()

    def _move(self, page: Page, parent: Page, slug: str) -> Page:
        """``page`` moved to the end of ``parent``'s sub-pages, with ``slug`` (free there)."""
        if slug != page.slug:
            # Before the move, which makes its address (and its sub-pages') from it.
            Page.objects.filter(pk=page.pk).update(slug=slug)
        page.move(parent, pos="last-child")
        return type(page).objects.get(pk=page.pk)

    # --- Values ----------------------------------------------------------------------------

    def _fields(
        self, item: WxrItem, model: type[Page], name: str
    ) -> tuple[dict[str, Any], list[str] | None]:
        self.links.pending = False
        converted = self.body.convert(item.content, item.wp_id)
        self._pending_links = self.links.pending
        title = item.title
        if not title:
            title = f"Utan rubrik ({item.wp_id})"
            self.report.warnings.append(f"{name} has no title; it is called ”{title}”.")
        elif len(title) > MAX_FIELD["title"]:
            title = Truncator(title).chars(MAX_FIELD["title"])
            self.report.warnings.append(f"{name}: its title was shortened to 255 characters.")
        slug = slugify(item.slug, allow_unicode=True) or slugify(title, allow_unicode=True)
        excerpt = " ".join(self.body.plain_text(item.excerpt).split())
        fields: dict[str, Any] = {
            "title": title,
            "draft_title": title,
            "slug": (slug or f"wp-{item.wp_id}")[:240].strip("-"),
            **self._text_fields(model, converted, name),
        }
        if model is ConsultationResponsePage:
            summary = excerpt or Truncator(converted.first_text).chars(INTRO_CHARS)
            sent = item.status == "publish"
            fields.update(
                inquiry_reference=inquiry_reference(item.title, self.body.plain_text(item.content)),
                # Required, and not in the post: the editor corrects it.
                inquiry_title=title,
                summary=Truncator(summary).chars(MAX_FIELD["intro"]),
                status=ResponseStatus.SENT if sent else ResponseStatus.DRAFTING,
                sent_date=(item.date or timezone.localdate()) if sent else None,
            )
            return fields, None
        if model is StandardPage:
            fields["intro"] = Truncator(excerpt).chars(MAX_FIELD["intro"])
            return fields, None
        intro = excerpt or Truncator(converted.first_text).chars(INTRO_CHARS) or title
        fields.update(
            date=item.date or timezone.localdate(),
            author_name=Truncator(
                self.export.authors.get(item.author) or item.author or "SmåKom"
            ).chars(MAX_FIELD["author_name"]),
            intro=Truncator(intro).chars(MAX_FIELD["intro"]),
        )
        return fields, self._tags(item)

    def _text_fields(self, model: type[Page], converted: Any, name: str = "") -> dict[str, Any]:
        """The page's text: its body blocks, or a remissvar's background (rich text, which has
        no headings, quotes or pictures: headings become bold paragraphs, quotes italic ones, a
        film a link, and pictures are left out with a warning naming the item)."""
        if model is not ConsultationResponsePage:
            return {"body": converted.blocks}
        parts: list[str] = []
        left_out = 0
        for block in converted.blocks:
            kind, value = block["type"], block["value"]
            if kind == "paragraph":
                parts.append(BLOCK_KEY.sub("", value))
            elif kind == "heading":
                parts.append(f"<p><b>{escape(value['text'])}</b></p>")
            elif kind == "quote":
                parts.extend(
                    f"<p><i>{escape(text)}</i></p>" for text in value["quote"].split("\n\n")
                )
                if value["attribution"]:
                    parts.append(f"<p>– {escape(value['attribution'])}</p>")
            elif kind == "embed":
                parts.append(
                    f'<p><a href="{escape(value["embed"])}">{escape(value["title"])}</a></p>'
                )
            else:
                left_out += 1
        if left_out and name:
            self.report.warnings.append(
                f"{name}: a remissvar's text has no pictures; {left_out} were left out."
            )
        return {"background": "".join(parts)}

    def _model(self, item: WxrItem) -> type[Page]:
        """The page type a post or page becomes when it is first imported."""
        if item.post_type == "page":
            return StandardPage
        return ConsultationResponsePage if self.is_remissvar(item) else ArticlePage

    def _kept_as(self, item: WxrItem, page: Page, name: str) -> bool:
        """Whether the post ``item`` is a remissvar in WordPress now and was imported as a news
        item (or the other way round): its page keeps its type, and is left as it is, since
        neither type's fields fit the other's (a warning says so)."""
        wanted = self._model(item)
        if item.post_type != "post" or isinstance(page, wanted):
            return False
        term = f"the category or tag ”{self.remissvar_name}”"
        if wanted is ConsultationResponsePage:
            now, was, instead = f"a remissvar ({term})", "a news item", "a remissvar page"
            self.report.skipped["post (a remissvar now, a news item here)"] += 1
        else:
            now, was = f"no longer a remissvar (not in {term})", "a remissvar"
            instead = "a news item"
            self.report.skipped["post (a news item now, a remissvar here)"] += 1
        self.report.warnings.append(
            f"{name} is {now} in WordPress, but was imported as {was}: ”{page.title}” was left "
            f"as it is, neither updated nor made {instead}. Create {instead} by hand if it "
            f"should be one, and unpublish the old page."
        )
        return True

    def is_remissvar(self, item: WxrItem) -> bool:
        """A post in a category or with a tag named (or with the slug) ``remissvar_term``."""
        return (
            item.post_type == "post"
            and bool(self.remissvar_term)
            and any(
                term.domain in ("category", "post_tag")
                and self.remissvar_term in (term.name.strip().casefold(), term.slug.casefold())
                for term in item.terms
            )
        )

    def _record_approval(self, page: ConsultationResponsePage, item: WxrItem) -> None:
        """The board approved a remissvar published in WordPress before it went out: its
        approval is recorded at the post's publishing time (noon on its date without one)."""
        moment = item.published_at
        if moment is None:
            day = item.date or timezone.localdate()
            moment = timezone.make_aware(datetime.combine(day, time(12)))
        page.board_approved_at = moment
        self.report.approvals_recorded += 1

    @staticmethod
    def _tags(item: WxrItem) -> list[str]:
        tags: dict[str, str] = {}
        for term in item.terms:
            if term.domain not in ("category", "post_tag") or not term.name:
                continue
            if term.domain == "category" and term.slug in DEFAULT_CATEGORIES:
                continue
            tags.setdefault(term.name.casefold(), term.name[: MAX_FIELD["tag"]])
        return sorted(tags.values())

    def _parent(self, item: WxrItem, name: str) -> Page:
        if item.post_type == "post":
            return self.responses_index if self.is_remissvar(item) else self.news_index
        # A page may be out of date in ``pages`` after a move; treebeard's add_child reads
        # the parent's place in the tree again, and _new_parent does.
        if not item.parent_id:
            return self.home
        parent = self.pages.get(item.parent_id)
        if parent is None:
            self.report.warnings.append(
                f"{name}: its parent page ({item.parent_id}) was not imported; it is placed "
                f"under the home page."
            )
            return self.home
        return parent

    def _news_index_page(self) -> ArticleIndexPage:
        """The home page's news index, created (and published) when it has none."""
        index = ArticleIndexPage.objects.child_of(self.home).order_by("path").first()
        if index is None:
            slug = self._free_slug(self.home, NEWS_INDEX["slug"], ArticleIndexPage, None, "")
            index = ArticleIndexPage(**{**NEWS_INDEX, "slug": slug})
            self.home.add_child(instance=index)
            index.save_revision().publish()
            self.report.created["ArticleIndexPage"] += 1
            self.log(f"  + ArticleIndexPage {index.title}")
        return index

    def _responses_index_page(self) -> ConsultationResponseIndexPage:
        """The home page's remissvar listing, created (and published) when it has none."""
        index = ConsultationResponseIndexPage.objects.child_of(self.home).order_by("path").first()
        if index is None:
            slug = self._free_slug(
                self.home, RESPONSES_INDEX["slug"], ConsultationResponseIndexPage, None, ""
            )
            index = ConsultationResponseIndexPage(**{**RESPONSES_INDEX, "slug": slug})
            self.home.add_child(instance=index)
            index.save_revision().publish()
            self.report.created["ConsultationResponseIndexPage"] += 1
            self.log(f"  + ConsultationResponseIndexPage {index.title}")
        return index

    def _free_slug(
        self, parent: Page, wanted: str, model: type[Page], page: Page | None, name: str
    ) -> str:
        """``wanted``, or ``wanted-2`` (``-3``, …) when a sibling or a route has it."""
        siblings = Page.objects.child_of(parent).filter(slug__startswith=wanted)
        if page is not None:
            siblings = siblings.exclude(pk=page.pk)
        taken = dict(siblings.values_list("slug", "title"))
        candidate, number = wanted, 1
        while candidate in taken or self._reserved(parent, model, candidate):
            number += 1
            candidate = f"{wanted}-{number}"
        if candidate != wanted and name:
            if wanted in taken:
                imported = ImportedItem.objects.filter(page__slug=wanted, page__in=siblings)
                holder = "an imported page" if imported.exists() else "an existing page"
                reason = f"is taken by {holder} (”{taken[wanted]}”)"
            else:
                reason = "is reserved for the site's own addresses"
            self.report.warnings.append(
                f"{name}: the slug ”{wanted}” {reason}; the page's slug is ”{candidate}”."
            )
        return candidate

    def _reserved(self, parent: Page, model: type[Page], slug: str) -> bool:
        if parent.pk == self.home.pk and slug in RESERVED_TOP_LEVEL:
            return True
        if model in (ArticlePage, ConsultationResponsePage):
            try:
                reserved_slug_check(slug)
            except Exception:  # noqa: BLE001 - a ValidationError: the listing's route
                return True
        return False

    # --- Redirects -------------------------------------------------------------------------

    def _redirect(self, item: WxrItem, page: Page, name: str) -> None:
        """Permanent redirects from the item's old addresses, for published items only."""
        if item.status != "publish":
            return
        query = "p" if item.post_type == "post" else "page_id"
        old_paths = [f"/?{query}={item.wp_id}"]
        if item.link:
            old_paths.append(_path_of(item.link))
        new_path = Redirect.normalise_path(page.get_url() or "")
        for old_path in dict.fromkeys(Redirect.normalise_path(path) for path in old_paths):
            if old_path in ("/", new_path):
                continue
            if len(old_path) > 255:
                self.report.warnings.append(f"{name}: the address {old_path[:80]}… is too long.")
                continue
            self._ensure_redirect(old_path, page, name)

    def _archive_redirects(self) -> None:
        """Redirects from the old site's archives of its published posts to the news list."""
        index = self.news_index
        published = [
            item
            for item in self.export.items
            if item.post_type == "post" and item.status == "publish" and not item.error
            and item.wp_id in self.news_items
        ]  # fmt: skip
        if index is None or not published or not index.live:
            return
        index_url = index.get_url() or ""
        names = {
            term.name[: MAX_FIELD["tag"]]
            for item in published
            for term in item.terms
            if term.domain in ("category", "post_tag") and term.name
        }
        tag_slugs = {
            name.casefold(): slug
            for name, slug in Tag.objects.filter(name__in=names).values_list("name", "slug")
        }
        feed = f"{index_url}feed/"
        targets = {
            "/feed/": feed,
            # Atom to the Atom feed, the others to the RSS one.
            **{f"/?feed={name}": f"{feed}atom/" if "atom" in name else feed for name in FEEDS},
        }
        for item in published:
            for term in item.terms:
                base = {"category": "category", "post_tag": "tag"}.get(term.domain)
                tag = tag_slugs.get(term.name[: MAX_FIELD["tag"]].casefold())
                if base is None or tag is None or not term.slug:
                    continue
                if term.domain == "category" and term.slug in DEFAULT_CATEGORIES:
                    continue
                query = f"?tag={quote(tag)}"
                targets.setdefault(f"/{base}/{term.slug}/", f"{index_url}{query}")
                targets.setdefault(f"/{base}/{term.slug}/feed/", f"{index_url}feed/{query}")
            if item.author and (author := slugify(item.author)):
                targets.setdefault(f"/author/{author}/", index_url)
            if item.date:
                year = f"{index_url}{index.reverse_subpage('year', args=[item.date.year])}"
                targets.setdefault(f"/{item.date.year}/", year)
                targets.setdefault(f"/{item.date.year}/{item.date.month:02}/", year)
                day = f"/{item.date.year}/{item.date.month:02}/{item.date.day:02}/"
                targets.setdefault(day, year)
        try:
            with transaction.atomic():
                for old_path, link in targets.items():
                    self._archive_redirect(old_path, link)
        except Exception as error:  # noqa: BLE001 - the pages are imported; reported
            self.redirects = None
            self.report.errors.append(
                f"The redirects from the old archives were not made: {type(error).__name__}: "
                f"{error}."
            )

    def _archive_redirect(self, old_path: str, link: str) -> None:
        old_path = Redirect.normalise_path(old_path)
        if len(old_path) <= 255:
            self._ensure_redirect(old_path, link)

    def _existing_redirect(self, old_path: str) -> Redirect | None:
        """The site's redirect from ``old_path``. The site's redirects are read in one query,
        and again after ``redirects`` was emptied: when an item's transaction was rolled
        back, or a page was updated (Wagtail adds redirects when a live page moves or its slug
        changes)."""
        if self.redirects is None:
            self.redirects = {}
            # This site's before those of every site, as Wagtail's middleware has them.
            for redirect in Redirect.get_for_site(self.site).order_by(
                F("site_id").asc(nulls_last=True), "pk"
            ):
                self.redirects.setdefault(redirect.old_path, redirect)
        return self.redirects.get(old_path)

    def _ensure_redirect(self, old_path: str, target: Page | str, name: str = "") -> None:
        """A permanent redirect from ``old_path`` to ``target`` (a page or an address): made
        when missing, counted when there, and never replaced when it leads elsewhere (a
        warning, naming the item ``name`` if given)."""
        existing = self._existing_redirect(old_path)
        if existing is None:
            self.redirects[old_path] = Redirect.add_redirect(
                old_path, target, is_permanent=True, site=self.site
            )
            self.report.redirects["created"] += 1
        elif (
            existing.redirect_page_id == target.pk
            if isinstance(target, Page)
            else existing.link == target
        ):
            self.report.redirects["unchanged"] += 1
        else:
            self.report.redirects["kept"] += 1
            self.report.warnings.append(
                f"{f'{name}: a' if name else 'A'} redirect from {old_path} already leads elsewhere "
                f"({existing.link or 'nowhere'}); it was left as it is."
            )


def inquiry_reference(*texts: str) -> str:
    """The first inquiry reference in the first text that has one, written the usual way
    ("SOU 2011:59", "Ds 2012:3", "Prop. 2011/12:1"); "" when none has."""
    for text in texts:
        if match := INQUIRY_REFERENCE.search(text or ""):
            if match["bill"]:
                return f"Prop. {match['bill']}"
            kind = "SOU" if match["kind"].upper() == "SOU" else "Ds"
            return f"{kind} {match['number']}"
    return ""


def _permalink(link: str) -> str:
    """The path of an item's address, decoded and without its last slash ("" for the home)."""
    return unquote(urlsplit(link).path).rstrip("/")


def _path_of(link: str) -> str:
    parts = urlsplit(link)
    return f"{parts.path or '/'}?{parts.query}" if parts.query else parts.path or "/"
