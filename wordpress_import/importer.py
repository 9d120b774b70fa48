"""Pages from a WordPress export: posts become news items, pages text pages, with redirects.

``WordPressImporter(export).run()`` imports under the default site's home page and returns a
``Report`` (wordpress_import/report.py). What it does (docs/import.md says it for editors):

- Posts become ``ArticlePage`` under the news index (created under the home page when the site
  has none), pages ``StandardPage`` keeping their hierarchy. Only published items go live;
  drafts, private, pending and scheduled items become drafts. Comments are counted, not imported.
- Items are matched by their WordPress ID (``ImportedItem``): an item whose content digest is
  unchanged is left alone, a changed one gets a new revision (published if it is published in
  WordPress, unpublished if it no longer is), and a page whose parent changed is moved under
  the page that parent became (wordpress_import/moves.py; unless an editor moved it here since,
  which Wagtail's log of moves tells). A page edited on this site since the import, or deleted
  here, is left as it is (not moved either) and reported.
- A slug already taken under the parent (by a page not imported, or by a listing's route) is
  never taken over: the new page gets ``slug-2`` (``-3``, …) and the report says so.
- Each item is imported in its own savepoint: a failing item is reported and the rest goes on.
- Published items get permanent redirects from their old addresses, and the old site's
  archives lead to the news list (wordpress_import/redirects.py).

- With ``media_dir`` (a copy of ``wp-content/uploads``), attachments are imported first, as
  images and documents (wordpress_import/attachments.py).
- Bodies use what was imported (``ImportLinks``, wordpress_import/links.py). A link to an item
  imported later in the run is resolved in a second pass over the items that have one, each in
  its own transaction, as a second revision; so is an unchanged item's that may show a file
  first imported in this run (``Attachments.may_show_new_media``: a run with ``media_dir``
  after one without).

- Remissvar become ``ConsultationResponsePage`` under the remissvar listing (created under the
  home page when the site has none); what a post or page becomes, with which fields, is
  wordpress_import/page_values.py's.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.db import transaction
from wagtail.models import Page, Site

from articles.models import ArticleIndexPage, ArticlePage
from consultation_responses.models import ConsultationResponseIndexPage, ConsultationResponsePage
from core.seo.feeds import reserved_slug_check
from home.models import HomePage
from wordpress_import.attachments import Attachments
from wordpress_import.body import BodyConverter
from wordpress_import.links import ImportLinks
from wordpress_import.models import ImportedItem
from wordpress_import.moves import PageMoves
from wordpress_import.page_values import PageValues, inquiry_reference
from wordpress_import.redirects import Redirects
from wordpress_import.report import Report
from wordpress_import.wxr import STATUSES, WxrExport, WxrItem

# What the command and the tests import from here.
__all__ = ["REMISSVAR_TERM", "Report", "WordPressImporter", "inquiry_reference"]

NEWS_INDEX = {"title": "Nyheter", "slug": "nyheter", "show_in_menus": True}
RESPONSES_INDEX = {"title": "Remissvar", "slug": "remissvar", "show_in_menus": True}
REMISSVAR_TERM = "Remissvar"
# Addresses under the home page that the site's own URLs answer before any page (config/urls.py).
RESERVED_TOP_LEVEL = {
    "admin", "django-admin", "api", "documents", "media", "static", "sok", "en",
}  # fmt: skip


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
        self.links = ImportLinks(export)
        self.body = BodyConverter(self.links)
        self.values = PageValues(self.body, export.authors, self.report, remissvar_term)
        self.attachments = Attachments(
            export.site_key,
            self.links,
            self.report,
            media_dir=media_dir,
            dry_run=dry_run,
            log=self.log,
        )
        self.records: dict[int, ImportedItem] = {}
        # Made by ``run``, which reads the site and its home page.
        self.redirects: Redirects | None = None
        self.moves: PageMoves | None = None
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
        self.redirects = Redirects(self.site, self.report)
        self.moves = PageMoves(self.export.site_key, home, self.pages, self.report)
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
        # A post keeps the page type it was first imported as (PageValues.kept_as).
        listed = {
            record.page.specific_class
            if (record := self.records.get(item.wp_id)) and record.page
            else self.values.page_type(item)
            for item in items
            if item.post_type == "post" and item.status in STATUSES
        }
        if ArticlePage in listed:
            with transaction.atomic():
                self.news_index = self._news_index_page()
        if ConsultationResponsePage in listed:
            with transaction.atomic():
                self.responses_index = self._responses_index_page()
        self.attachments.load()
        for done, item in enumerate(items, start=1):
            self._import_item(item)
            self.progress(done, len(items))
        for item in self.relink:
            self._relink_item(item)
        self.redirects.from_archives(self.export.items, self.news_index, self.news_items)
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
            self.attachments.import_item(item, name)
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
            self.redirects.forget()  # some may have been rolled back
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
                text = self.values.text_fields(
                    type(page), self.body.convert(item.content, item.wp_id)
                )
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

    # --- Pages -----------------------------------------------------------------------------

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
            if self.values.kept_as(item, page, name):
                pass  # left as it is, reported; its old addresses still lead to it
            elif record.content_hash == digest:
                self.report.unchanged[type(page).__name__] += 1
                # Saved again at the end (if its body then differs) when it may show a file
                # first imported in this run, e.g. by a run with --media-dir after one without.
                self._pending_links = self.attachments.may_show_new_media(item)
            elif page.latest_revision_id != record.revision_id:
                moved = self.moves.new_parent(item, page) is not None
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
        model = self.values.page_type(item)
        fields, tags = self._fields(item, model, name)
        fields["slug"] = self._free_slug(parent, fields["slug"], model, None, name)
        live = item.status == "publish"
        page = model(locale=parent.locale, live=False, has_unpublished_changes=True, **fields)
        if tags is not None:
            page.tags.set(tags)
        if live and model is ConsultationResponsePage:
            self.values.record_approval(page, item)
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

    def _update(
        self, record: ImportedItem, page: Page, item: WxrItem, name: str, digest: str
    ) -> Page:
        """A new revision of ``page`` from the changed ``item``, moved under the page its
        WordPress parent became, unless an editor moved it here; the page as it is now."""
        self.redirects.forget()  # Wagtail may add some for the page's old address
        fields, tags = self._fields(item, type(page), name)
        parent = self.moves.new_parent(item, page, name)
        if parent is not None and self.moves.moved_here(page, record):
            self.report.warnings.append(
                f"{name} has another parent in WordPress now, but ”{page.title}” was moved on "
                f"this site after the import; it was left where it is."
            )
            parent = None
        if parent is not None:
            fields["slug"] = self._free_slug(parent, fields["slug"], type(page), page, name)
            page = self.moves.move(page, parent, fields["slug"])
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
            self.values.record_approval(page, item)
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

    def _fields(
        self, item: WxrItem, model: type[Page], name: str
    ) -> tuple[dict[str, Any], list[str] | None]:
        """The page's fields and tags (``PageValues.fields``); whether its body links to an
        item of the export not imported yet is kept for the second pass."""
        self.links.pending = False
        values = self.values.fields(item, model, name)
        self._pending_links = self.links.pending
        return values

    # --- Places in the tree ----------------------------------------------------------------

    def _parent(self, item: WxrItem, name: str) -> Page:
        if item.post_type == "post":
            return self.responses_index if self.values.is_remissvar(item) else self.news_index
        # A page may be out of date in ``pages`` after a move; treebeard's add_child reads
        # the parent's place in the tree again, and PageMoves.new_parent does.
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
        self.redirects.from_item(item, page, name)
