"""Redirects from the old site's addresses to the imported pages and the news list.

- Published items get permanent redirects from ``/?p=ID`` (posts) or ``/?page_id=ID`` (pages)
  and from the path of their old ``<link>``; an existing redirect from the same path to
  another page is left as it is and reported.
- The old site's archives lead to the news list (``Redirects.from_archives``):
  ``/category/slug/`` and ``/tag/slug/`` to it filtered by the tag the term became, their
  ``feed/`` to its feed so filtered, ``/feed/`` and ``/?feed=rss2`` (WordPress's other feeds
  too, Atom to Atom, answered by ``middleware.WordPressIdRedirectMiddleware``) to its feed,
  ``/author/login/`` to the list, ``/2012/``, ``/2012/01/`` and ``/2012/01/12/`` to the list's
  year; only for the terms, authors and dates of published posts (a draft's tag stays
  unknown). ``/?s=term`` needs no redirect of its own: the middleware leads it to the site's
  search.
"""

from __future__ import annotations

from urllib.parse import quote, urlsplit

from django.db import transaction
from django.db.models import F
from django.utils.text import slugify
from taggit.models import Tag
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, Site

from articles.models import ArticleIndexPage
from wordpress_import.middleware import FEEDS
from wordpress_import.page_values import DEFAULT_CATEGORIES, MAX_FIELD
from wordpress_import.report import Report
from wordpress_import.wxr import WxrItem


class Redirects:
    """The site's permanent redirects, as the import makes them: one is made when missing,
    counted when there, and never replaced when it leads elsewhere (``report`` says so)."""

    def __init__(self, site: Site, report: Report) -> None:
        self.site = site
        self.report = report
        # The site's redirects by old path (existing); None: to be read again.
        self.by_old_path: dict[str, Redirect] | None = None

    def forget(self) -> None:
        """The site's redirects are to be read again (``existing``)."""
        self.by_old_path = None

    def from_item(self, item: WxrItem, page: Page, name: str) -> None:
        """Permanent redirects from the item's old addresses, for published items only."""
        if item.status != "publish":
            return
        query = "p" if item.post_type == "post" else "page_id"
        old_paths = [f"/?{query}={item.wp_id}"]
        if item.link:
            old_paths.append(path_of(item.link))
        new_path = Redirect.normalise_path(page.get_url() or "")
        for old_path in dict.fromkeys(Redirect.normalise_path(path) for path in old_paths):
            if old_path in ("/", new_path):
                continue
            if len(old_path) > 255:
                self.report.warnings.append(f"{name}: the address {old_path[:80]}… is too long.")
                continue
            self.ensure(old_path, page, name)

    def from_archives(
        self, items: list[WxrItem], index: ArticleIndexPage | None, news_items: set[int]
    ) -> None:
        """Redirects from the old site's archives of its published posts to the news list
        ``index`` (``news_items``: the posts that are news items here)."""
        published = [
            item
            for item in items
            if item.post_type == "post" and item.status == "publish" and not item.error
            and item.wp_id in news_items
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
            self.by_old_path = None
            self.report.errors.append(
                f"The redirects from the old archives were not made: {type(error).__name__}: "
                f"{error}."
            )

    def _archive_redirect(self, old_path: str, link: str) -> None:
        old_path = Redirect.normalise_path(old_path)
        if len(old_path) <= 255:
            self.ensure(old_path, link)

    def existing(self, old_path: str) -> Redirect | None:
        """The site's redirect from ``old_path``. The site's redirects are read in one query,
        and again after ``forget``: when an item's transaction was rolled back, or a page was
        updated (Wagtail adds redirects when a live page moves or its slug changes)."""
        if self.by_old_path is None:
            self.by_old_path = {}
            # This site's before those of every site, as Wagtail's middleware has them.
            for redirect in Redirect.get_for_site(self.site).order_by(
                F("site_id").asc(nulls_last=True), "pk"
            ):
                self.by_old_path.setdefault(redirect.old_path, redirect)
        return self.by_old_path.get(old_path)

    def ensure(self, old_path: str, target: Page | str, name: str = "") -> None:
        """A permanent redirect from ``old_path`` to ``target`` (a page or an address): made
        when missing, counted when there, and never replaced when it leads elsewhere (a
        warning, naming the item ``name`` if given)."""
        existing = self.existing(old_path)
        if existing is None:
            self.by_old_path[old_path] = Redirect.add_redirect(
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


def path_of(link: str) -> str:
    """The path and query of an address, as a redirect's old path."""
    parts = urlsplit(link)
    return f"{parts.path or '/'}?{parts.query}" if parts.query else parts.path or "/"
