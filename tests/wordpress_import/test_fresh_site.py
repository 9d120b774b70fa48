"""The import on a site's own news index, and a dry run on a fresh site."""

from __future__ import annotations

from io import StringIO
from unittest.mock import patch

import pytest
from django.core.management import call_command
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page

from articles.models import ArticleIndexPage, ArticlePage
from tests.factories.articles import ArticleIndexPageFactory
from tests.wordpress_import.wxr import export, page, post
from wordpress_import.importer import WordPressImporter
from wordpress_import.models import ImportedItem

ITEMS = [post(1, "En nyhet", "en-nyhet", content="Text."), page(2, "En sida", "en-sida")]


@pytest.fixture
def export_path(tmp_path):
    path = tmp_path / "export.xml"
    path.write_bytes(export(ITEMS))
    return str(path)


def run(path: str, *args: str) -> str:
    out = StringIO()
    call_command("import_wordpress", path, *args, stdout=out)
    return out.getvalue()


def test_a_dry_run_on_a_fresh_site_writes_nothing(db, export_path):
    pages = Page.objects.count()
    output = run(export_path, "--dry-run")
    assert "Created: 1 ArticleIndexPage, 1 ArticlePage, 1 StandardPage" in output
    assert "Dry run, nothing was written." in output
    assert Page.objects.count() == pages
    assert not ArticleIndexPage.objects.exists()
    assert not ImportedItem.objects.exists()
    assert not Redirect.objects.exists()


def test_posts_go_to_the_sites_own_news_index(db, export_path):
    index = ArticleIndexPageFactory(title="Aktuellt", slug="aktuellt")
    output = run(export_path)
    assert "ArticleIndexPage" not in output
    assert ArticleIndexPage.objects.get().pk == index.pk
    assert ArticlePage.objects.get().get_parent().pk == index.pk


def test_an_item_that_fails_half_way_leaves_nothing_behind(db, tmp_path):
    path = tmp_path / "export.xml"
    path.write_bytes(
        export(
            [
                page(30, "Förälder", "foralder"),
                page(31, "Barn", "barn", parent=30),
                post(32, "Nyhet", "nyhet"),
            ]
        )
    )
    redirect = WordPressImporter._redirect

    def failing_redirect(importer, item, page, name):
        if item.wp_id == 30:
            raise RuntimeError("the disk is full")
        return redirect(importer, item, page, name)

    with patch.object(WordPressImporter, "_redirect", failing_redirect):
        output = run(str(path))
    assert "page 30 ”Förälder”: RuntimeError: the disk is full; skipped." in output
    assert not Page.objects.filter(slug="foralder").exists()
    assert not ImportedItem.objects.filter(wp_id=30).exists()
    child = ImportedItem.objects.get(wp_id=31).page
    assert child.get_parent().specific_class.__name__ == "HomePage"
    assert "its parent page (30) was not imported" in output
    assert ArticlePage.objects.get().title == "Nyhet"
    # The next run imports what failed and leaves the rest as it is.
    output = run(str(path))
    assert "Created: 1 StandardPage" in output
    assert "Unchanged: 1 ArticlePage, 1 StandardPage" in output


def test_the_sites_own_addresses_are_not_taken(db, tmp_path):
    path = tmp_path / "export.xml"
    path.write_bytes(
        export([post(40, "Flödet", "feed"), post(41, "År", "2012"), page(42, "Admin", "admin")])
    )
    output = run(str(path))
    assert [item.page.slug for item in ImportedItem.objects.order_by("wp_id")] == [
        "feed-2",
        "2012-2",
        "admin-2",
    ]
    assert "the slug ”admin” is reserved for the site's own addresses" in output


class Terminal(StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_sees_the_progress(db, export_path):
    out = Terminal()
    call_command("import_wordpress", export_path, stdout=out)
    assert "\r1/2 items\r2/2 items\n" in out.getvalue()
    plain = run(export_path)
    assert "items\r" not in plain and "/2 items" not in plain
