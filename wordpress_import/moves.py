"""Moving an imported page whose parent changed in WordPress under the page that parent became.

An updated page goes under its new parent, to the end of its sub-pages, unless an editor moved
it on this site since the import (Wagtail's log of moves tells), the new parent was not
imported, or it lies under the page itself: then the page stays where it is, with a warning.
"""

from __future__ import annotations

from wagtail.models import Page, PageLogEntry

from home.models import HomePage
from wordpress_import.models import ImportedItem
from wordpress_import.report import Report
from wordpress_import.wxr import WxrItem


class PageMoves:
    """The new places of the pages of one export (``pages``: the imported pages by WordPress
    ID, as the run fills it in)."""

    def __init__(
        self, site_key: str, home: HomePage, pages: dict[int, Page], report: Report
    ) -> None:
        self.site_key = site_key
        self.home = home
        self.pages = pages
        self.report = report

    def new_parent(self, item: WxrItem, page: Page, name: str = "") -> Page | None:
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
                        wp_site=self.site_key, wp_id=item.parent_id, page__isnull=False
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
    def moved_here(page: Page, record: ImportedItem) -> bool:
        """Whether an editor moved ``page`` since the import last saved it (the import's own
        moves are logged before it saves its record)."""
        return PageLogEntry.objects.filter(
            page=page, action="wagtail.move", timestamp__gt=record.imported_at
        ).exists()

    @staticmethod
    def move(page: Page, parent: Page, slug: str) -> Page:
        """``page`` moved to the end of ``parent``'s sub-pages, with ``slug`` (free there)."""
        if slug != page.slug:
            # Before the move, which makes its address (and its sub-pages') from it.
            Page.objects.filter(pk=page.pk).update(slug=slug)
        page.move(parent, pos="last-child")
        return type(page).objects.get(pk=page.pk)
