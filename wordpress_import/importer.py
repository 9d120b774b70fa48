"""Pages from a WordPress export: posts become news items, pages text pages, with redirects.

``WordPressImporter(export).run()`` imports under the default site's home page and returns a
``Report``. What it does (docs/import.md says it for editors):

- Posts become ``ArticlePage`` under the news index (created under the home page when the site
  has none), pages ``StandardPage`` keeping their hierarchy. Only published items go live;
  drafts, private, pending and scheduled items become drafts. Comments are counted, not imported.
- Items are matched by their WordPress ID (``ImportedItem``): an item whose content digest is
  unchanged is left alone, a changed one gets a new revision (published if it is published in
  WordPress, unpublished if it no longer is). A page edited on this site since the import, or
  deleted here, is left as it is and reported.
- A slug already taken under the parent (by a page not imported, or by a listing's route) is
  never taken over: the new page gets ``slug-2`` (``-3``, …) and the report says so.
- Each item is imported in its own savepoint: a failing item is reported and the rest goes on.
- Published items get permanent redirects from ``/?p=ID`` (posts) or ``/?page_id=ID`` (pages)
  and from the path of their old ``<link>``; an existing redirect from the same path to
  another page is left as it is and reported.

Not yet (later slices of issue 17): attachments and media files, remissvar recognised as
``ConsultationResponsePage``, images, embeds and shortcodes as blocks, links between imported
posts rewritten, redirects for categories, tags, authors, feeds and uploads, moving a page whose
parent changed in WordPress.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator, slugify
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, Site

from articles.models import ArticleIndexPage, ArticlePage
from core.seo.feeds import reserved_slug_check
from home.models import HomePage, StandardPage
from wordpress_import.body import BodyConverter, shortcodes
from wordpress_import.models import ImportedItem
from wordpress_import.wxr import STATUSES, WxrExport, WxrItem

NEWS_INDEX = {"title": "Nyheter", "slug": "nyheter", "show_in_menus": True}
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
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(
            sum(self.created.values()) + sum(self.updated.values()) + self.redirects["created"]
        )


class WordPressImporter:
    """Imports one export; ``progress(done, total)`` is called after each item."""

    def __init__(
        self,
        export: WxrExport,
        *,
        progress: Callable[[int, int], None] | None = None,
        log: Callable[[str], None] | None = None,
    ) -> None:
        self.export = export
        self.report = Report()
        self.progress = progress or (lambda done, total: None)
        self.log = log or (lambda message: None)
        self.body = BodyConverter()
        self.pages: dict[int, Page] = {}
        self.site: Site | None = None
        self.home: HomePage | None = None
        self.news_index: ArticleIndexPage | None = None

    def run(self) -> Report:
        self.site = Site.objects.get(is_default_site=True)
        home = self.site.root_page.specific
        if not isinstance(home, HomePage):
            raise TypeError(f"The default site's root page is a {type(home).__name__}.")
        self.home = home
        items = self._in_import_order(self.export.items)
        self.report.comments = sum(item.comments for item in self.export.items)
        if any(item.post_type == "post" and item.status in STATUSES for item in items):
            with transaction.atomic():
                self.news_index = self._news_index_page()
        for done, item in enumerate(items, start=1):
            self._import_item(item)
            self.progress(done, len(items))
        return self.report

    # --- Items -----------------------------------------------------------------------------

    @staticmethod
    def _in_import_order(items: list[WxrItem]) -> list[WxrItem]:
        """Pages before posts, each page after its parent; everything else as it comes."""
        pages = {item.wp_id: item for item in items if item.post_type == "page"}

        def depth(item: WxrItem) -> int:
            seen = {item.wp_id}
            level, parent = 0, pages.get(item.parent_id)
            while parent is not None and parent.wp_id not in seen:
                seen.add(parent.wp_id)
                level, parent = level + 1, pages.get(parent.parent_id)
            return level

        def key(item: WxrItem) -> tuple[int, int]:
            if item.post_type == "page":
                return (0, depth(item))
            return (1, 0)

        return sorted(items, key=key)

    def _import_item(self, item: WxrItem) -> None:
        name = f"{item.post_type or 'item'} {item.wp_id} ”{item.title[:80]}”"
        if item.post_type not in ("post", "page"):
            self.report.skipped[item.post_type or "unknown type"] += 1
            return
        if item.status not in STATUSES:
            self.report.skipped[f"{item.post_type} ({item.status or 'no status'})"] += 1
            if ImportedItem.objects.filter(
                wp_site=self.export.site_key, wp_id=item.wp_id, page__isnull=False
            ).exists():
                self.report.warnings.append(
                    f"{name} is ”{item.status}” in WordPress now; the page imported from it "
                    f"was left as it is."
                )
            return
        if item.error:
            self.report.errors.append(f"{name}: {item.error}; skipped.")
            self.report.skipped[f"{item.post_type} (error)"] += 1
            return
        self.report.shortcodes.update(shortcodes(item.content))
        try:
            with transaction.atomic():
                page = self._import_page(item, name)
        except Exception as error:  # noqa: BLE001 - any failure skips this item only
            message = "; ".join(getattr(error, "messages", None) or [str(error)])
            self.report.errors.append(f"{name}: {type(error).__name__}: {message}; skipped.")
            self.report.skipped[f"{item.post_type} (error)"] += 1
        else:
            # Only once the item's transaction is committed: its subpages go under it.
            if page is not None:
                self.pages[item.wp_id] = page

    def _import_page(self, item: WxrItem, name: str) -> Page | None:
        record = (
            ImportedItem.objects.filter(wp_site=self.export.site_key, wp_id=item.wp_id)
            .select_related("page")
            .first()
        )
        digest = item.content_hash()
        if record is not None:
            if record.page is None:
                self.report.warnings.append(
                    f"{name} was deleted on this site after an earlier import; not recreated."
                )
                self.report.skipped[f"{item.post_type} (deleted here)"] += 1
                return None
            page = record.page.specific
            if record.content_hash == digest:
                self.report.unchanged[type(page).__name__] += 1
            elif page.latest_revision_id != record.revision_id:
                self.report.warnings.append(
                    f"{name} was edited on this site after the import; the changes in the "
                    f"export were not applied to ”{page.title}”."
                )
                self.report.skipped[f"{item.post_type} (edited here)"] += 1
            else:
                self._update(record, page, item, name, digest)
            self._redirect(item, page, name)
            return page

        parent = self._parent(item, name)
        model = ArticlePage if item.post_type == "post" else StandardPage
        fields, tags = self._fields(item, model, name)
        fields["slug"] = self._free_slug(parent, fields["slug"], model, None, name)
        live = item.status == "publish"
        page = model(locale=parent.locale, live=False, has_unpublished_changes=True, **fields)
        if tags is not None:
            page.tags.set(tags)
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
    ) -> None:
        fields, tags = self._fields(item, type(page), name)
        parent = page.get_parent()
        if fields["slug"] != page.slug:
            fields["slug"] = self._free_slug(parent, fields["slug"], type(page), page, name)
        for field_name, value in fields.items():
            setattr(page, field_name, value)
        if tags is not None:
            page.tags.set(tags)
        revision = page.save_revision(clean=True)
        if item.status == "publish":
            revision.publish()
        elif page.live:
            page.unpublish()
        if item.post_type == "page" and parent.pk != self._parent(item, name).pk:
            self.report.warnings.append(
                f"{name} has another parent in WordPress now; ”{page.title}” was not moved."
            )
        record.revision = revision
        record.content_hash = digest
        record.save()
        self.report.updated[type(page).__name__] += 1
        self.log(f"  ~ {type(page).__name__} {page.title}")

    # --- Values ----------------------------------------------------------------------------

    def _fields(
        self, item: WxrItem, model: type[Page], name: str
    ) -> tuple[dict[str, Any], list[str] | None]:
        converted = self.body.convert(item.content)
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
            "body": converted.blocks,
        }
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
            return self.news_index
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
        if model is ArticlePage:
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
            existing = Redirect.get_for_site(self.site).filter(old_path=old_path).first()
            if existing is None:
                Redirect.add_redirect(old_path, page, is_permanent=True, site=self.site)
                self.report.redirects["created"] += 1
            elif existing.redirect_page_id == page.pk:
                self.report.redirects["unchanged"] += 1
            else:
                self.report.redirects["kept"] += 1
                self.report.warnings.append(
                    f"{name}: a redirect from {old_path} already leads elsewhere "
                    f"({existing.link or 'nowhere'}); it was left as it is."
                )


def _path_of(link: str) -> str:
    parts = urlsplit(link)
    return f"{parts.path or '/'}?{parts.query}" if parts.query else parts.path or "/"
