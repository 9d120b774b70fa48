"""``manage.py import_wordpress``: a WordPress export becomes news items and text pages, with
redirects from the old addresses, on a fresh site; a second run changes nothing."""

from __future__ import annotations

import datetime
import tempfile
from dataclasses import replace
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, Revision

from articles.models import ArticleIndexPage, ArticlePage
from home.models import HomePage, StandardPage
from tests.factories.home import StandardPageFactory
from tests.wordpress_import.wxr import SITE, attachment, export, page, post
from wordpress_import.models import ImportedItem

SECRET_DRAFT = "Hemligtutkastord"
SECRET_PRIVATE = "Hemligtprivatord"

ITEMS = [
    page(10, "Om SmåKom", "om-smakom", content="SmåKom bildades 1989.\n\nVi är ett nätverk."),
    page(
        11,
        "Styrelse",
        "styrelse",
        parent=10,
        link=f"{SITE}/om-smakom/styrelse/",
        content="<h2>Ledamöter</h2>\n<ul>\n<li>Ordförande</li>\n\n<li>Kassör</li>\n</ul>",
    ),
    # A child listed before its parent: the importer sorts them.
    page(12, "Stadgar", "stadgar", parent=11, link=f"{SITE}/om-smakom/styrelse/stadgar/"),
    # The existing "Kontakt" page keeps its slug.
    page(13, "Kontakt", "kontakt", content="Ring oss."),
    post(
        100,
        "Rikskonferens i Lundsbrunn",
        "rikskonferens-i-lundsbrunn",
        link=f"{SITE}/2012/01/12/rikskonferens-i-lundsbrunn/",
        excerpt="Välkommen till <em>Lundsbrunn</em>.",
        content=(
            "<!-- wp:paragraph --><p>Konferensen hålls i maj.</p><!-- /wp:paragraph -->"
            "<h3>Program</h3><blockquote><p>Allt du kan göra i stan</p><cite>Bo på landet</cite>"
            '</blockquote>[caption id="1"]<img src="/wp-content/uploads/a.jpg" alt="Sjön">'
            "[/caption]"
        ),
        categories=[("nyheter", "Nyheter"), ("uncategorized", "Uncategorized")],
        tags=[("landsbygd", "Landsbygd"), ("konferens", "Konferens")],
        comments=3,
    ),
    post(
        101,
        "Åäö nyhet",
        "%c3%a5%c3%a4%c3%b6-nyhet",
        creator="kansli",
        date="2012-02-01 08:00:00",
        date_gmt="2012-02-01 07:00:00",
        link=f"{SITE}/2012/02/01/%c3%a5%c3%a4%c3%b6-nyhet/",
        content=(
            "Första stycket\nmed en radbrytning.\n\nAndra stycket "
            '<a href="javascript:alert(1)" onclick="steal()">klicka</a> [gallery ids="1,2"]'
            "<script>alert('x')</script><style>p{}</style>"
        ),
    ),
    post(
        102,
        "Utkastet",
        "",
        status="draft",
        date_gmt="0000-00-00 00:00:00",
        content=SECRET_DRAFT,
        tags=[("hemlig-tagg", "Hemligtagg")],
    ),
    post(103, "Det privata", "det-privata", status="private", content=SECRET_PRIVATE),
    post(104, "Trasigt datum", "trasigt-datum", date="2012-13-45 10:00:00"),
    post(105, "Gammal adress", "gammal-adress", link=f"{SITE}/gammal-adress/"),
    post(106, "I papperskorgen", "papperskorgen", status="trash"),
    attachment(200, "Sjön", "sjon"),
]
ITEMS.insert(0, ITEMS.pop(2))


def write_export(directory: str, items, **options) -> str:
    path = Path(directory) / "export.xml"
    path.write_bytes(export(items, **options))
    return str(path)


def import_wordpress(path: str, *args: str) -> str:
    out = StringIO()
    call_command("import_wordpress", path, *args, stdout=out)
    return out.getvalue()


def imported(wp_id: int) -> Page:
    return ImportedItem.objects.get(wp_id=wp_id).page.specific


def counts() -> dict[str, int]:
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "redirects": Redirect.objects.count(),
        "items": ImportedItem.objects.count(),
    }


class WordPressImportTests(TestCase):
    """One import of ``ITEMS`` into a fresh site with a "Kontakt" page and an old redirect."""

    @classmethod
    def setUpTestData(cls):
        cls.directory = tempfile.mkdtemp()
        cls.home = HomePage.objects.get()
        cls.contact = StandardPageFactory(parent=cls.home, title="Kontakt", slug="kontakt")
        Redirect.add_redirect("/gammal-adress/", cls.contact, site=None)
        cls.path = write_export(cls.directory, ITEMS)
        cls.output = import_wordpress(cls.path)

    def test_posts_become_news_items_under_a_new_news_index(self):
        index = ArticleIndexPage.objects.get()
        self.assertEqual(index.get_parent().pk, self.home.pk)
        self.assertTrue(index.live)
        article = imported(100)
        self.assertIsInstance(article, ArticlePage)
        self.assertEqual(article.get_parent().pk, index.pk)
        self.assertEqual(article.title, "Rikskonferens i Lundsbrunn")
        self.assertEqual(article.date, datetime.date(2012, 1, 12))
        self.assertEqual(article.author_name, "Hilkka Eskelinen")
        self.assertEqual(article.intro, "Välkommen till Lundsbrunn.")
        self.assertEqual(
            sorted(article.tags.names()), ["Konferens", "Landsbygd", "Nyheter"]
        )  # not WordPress's "Uncategorized"
        self.assertEqual(
            article.first_published_at, datetime.datetime(2012, 1, 12, 9, 30, tzinfo=datetime.UTC)
        )
        self.assertTrue(article.live)
        self.assertEqual(imported(101).author_name, "SmåKoms kansli")

    def test_the_body_has_headings_quotes_and_paragraphs(self):
        body = imported(100).body.raw_data
        self.assertEqual(
            [block["type"] for block in body], ["paragraph", "heading", "quote", "paragraph"]
        )
        self.assertIn("Konferensen hålls i maj.", body[0]["value"])
        self.assertEqual(body[1]["value"], {"text": "Program", "level": "h3"})
        self.assertEqual(
            body[2]["value"], {"quote": "Allt du kan göra i stan", "attribution": "Bo på landet"}
        )
        # Images are not imported yet: a link to the old file, the shortcode as text.
        self.assertIn('<a href="/wp-content/uploads/a.jpg">[Bild: Sjön]</a>', body[3]["value"])
        self.assertIn('[caption id="1"]', body[3]["value"])

    def test_plain_text_is_split_into_paragraphs_and_sanitised(self):
        article = imported(101)
        body = article.body.raw_data
        self.assertEqual([block["type"] for block in body], ["paragraph", "paragraph"])
        self.assertIn("Första stycket<br/>med en radbrytning.", body[0]["value"])
        self.assertIn('Andra stycket klicka [gallery ids="1,2"]', body[1]["value"])
        html = str(article.body)
        for unsafe in ("script", "alert", "onclick", "javascript", "style"):
            self.assertNotIn(unsafe, html)
        self.assertEqual(article.intro, "Första stycket med en radbrytning.")

    def test_a_percent_encoded_slug_is_decoded(self):
        article = imported(101)
        self.assertEqual(article.slug, "åäö-nyhet")
        self.assertEqual(self.client.get(article.url).status_code, 200)

    def test_pages_keep_their_hierarchy(self):
        about, board, statutes = imported(10), imported(11), imported(12)
        self.assertIsInstance(about, StandardPage)
        self.assertEqual(about.get_parent().pk, self.home.pk)
        self.assertEqual(board.get_parent().pk, about.pk)
        self.assertEqual(statutes.get_parent().pk, board.pk)
        self.assertEqual(statutes.url, "/om-smakom/styrelse/stadgar/")
        self.assertContains(self.client.get(statutes.url), "Stadgar")
        self.assertEqual([block["type"] for block in board.body.raw_data], ["heading", "paragraph"])
        self.assertIn("<li", board.body.raw_data[1]["value"])

    def test_an_existing_page_keeps_its_slug(self):
        self.contact.refresh_from_db()
        self.assertEqual(self.contact.slug, "kontakt")
        self.assertEqual(self.contact.title, "Kontakt")
        self.assertEqual(imported(13).slug, "kontakt-2")
        self.assertIn("the slug ”kontakt” is taken by an existing page", self.output)

    def test_drafts_and_private_posts_are_drafts(self):
        for wp_id in (102, 103):
            article = imported(wp_id)
            self.assertFalse(article.live)
            self.assertIsNone(article.first_published_at)
        self.assertEqual(imported(102).slug, "utkastet")

    def test_anonymous_readers_see_nothing_of_drafts_and_private_posts(self):
        draft, private = imported(102), imported(103)
        self.assertEqual(self.client.get(draft.url).status_code, 404)
        self.assertEqual(self.client.get(private.url).status_code, 404)
        listings = {
            "/": "Rikskonferens i Lundsbrunn",
            "/api/v2/pages/?type=articles.ArticlePage&fields=*": "Rikskonferens i Lundsbrunn",
            "/api/v3/pages/?type=articles.ArticlePage": "Rikskonferens i Lundsbrunn",
            "/nyheter/": "Rikskonferens i Lundsbrunn",
            "/nyheter/?tag=hemlig-tagg": "Nyheter",
            "/nyheter/feed/": "Rikskonferens i Lundsbrunn",
            "/nyheter/feed/?tag=hemlig-tagg": "Nyheter",
            "/sitemap-1.xml": "rikskonferens-i-lundsbrunn",
        }
        for path, shown in listings.items():
            response = self.client.get(path)
            self.assertContains(response, shown, msg_prefix=path)
            for hidden in ("Utkastet", "utkastet", "Det privata", "det-privata", "Hemligtagg"):
                self.assertNotContains(response, hidden, msg_prefix=path)
            for hidden in (SECRET_DRAFT, SECRET_PRIVATE):
                self.assertNotContains(response, hidden, msg_prefix=path)
        for path in (f"/api/v2/pages/{draft.pk}/", f"/api/v3/pages/{private.pk}/"):
            self.assertEqual(self.client.get(path).status_code, 404, path)
        for word, title in ((SECRET_DRAFT, "Utkastet"), (SECRET_PRIVATE, "Det privata")):
            self.assertNotContains(self.client.get("/sok/", {"q": word}), title)
            self.assertEqual(
                self.client.get("/api/v2/pages/", {"search": word}).json()["meta"]["total_count"],
                0,
            )

    def test_redirects_lead_from_the_old_addresses_to_the_pages(self):
        redirects = {
            "/?p=100": imported(100),
            "/2012/01/12/rikskonferens-i-lundsbrunn/": imported(100),
            "/2012/02/01/%c3%a5%c3%a4%c3%b6-nyhet/": imported(101),
            "/?p=101&utm_source=nyhetsbrev": imported(101),
            "/index.php?p=100": imported(100),
            "/?page_id=11": imported(11),
            "/?page_id=12": imported(12),
        }
        for old, new in redirects.items():
            response = self.client.get(old, follow=True)
            self.assertEqual(response.redirect_chain[0][1], 301, old)
            self.assertEqual(response.status_code, 200, old)
            self.assertEqual(response.redirect_chain[-1][0], new.url, old)
            self.assertContains(response, new.title)

    def test_the_old_archives_lead_to_the_news_list(self):
        redirects = {
            "/category/nyheter/": "/nyheter/?tag=nyheter",
            "/tag/landsbygd/": "/nyheter/?tag=landsbygd",
            "/tag/konferens/feed/": "/nyheter/feed/?tag=konferens",
            "/feed/": "/nyheter/feed/",
            "/author/hilkka/": "/nyheter/",
            "/2012/": "/nyheter/2012/",
            "/2012/02/": "/nyheter/2012/",
            "/2012/01/12/": "/nyheter/2012/",
            "/?feed=rss2": "/nyheter/feed/",
            "/?feed=atom&utm_source=x": "/nyheter/feed/atom/",
            "/index.php?feed=comments-rss2": "/nyheter/feed/",
        }
        for old, new in redirects.items():
            response = self.client.get(old, follow=True)
            self.assertEqual(response.redirect_chain, [(new, 301)], old)
            self.assertContains(response, "Rikskonferens i Lundsbrunn", msg_prefix=old)
        # Not for a draft's tag, nor for WordPress's default category.
        for old in (
            "/tag/hemlig-tagg/",
            "/category/uncategorized/",
            "/author/nobody/",
            "/2013/",
            "/2012/01/13/",
        ):
            self.assertEqual(self.client.get(old).status_code, 404, old)
        # Not a feed WordPress has: the home page, as there is no such address.
        self.assertEqual(self.client.get("/?feed=nonsense").status_code, 200)

    def test_no_redirects_for_drafts_nor_to_the_same_address(self):
        self.assertFalse(Redirect.objects.filter(old_path="/?p=102").exists())
        self.assertFalse(Redirect.objects.filter(old_path="/?p=103").exists())
        # "/om-smakom/" is where WordPress had it and where it is now.
        self.assertFalse(Redirect.objects.filter(old_path="/om-smakom").exists())
        for home in ("/?p=102", "/?p=abc", "/?page_id=99999"):
            self.assertEqual(self.client.get(home).status_code, 200, home)  # the home page

    def test_an_existing_redirect_is_not_replaced(self):
        redirect = Redirect.objects.get(old_path="/gammal-adress")
        self.assertEqual(redirect.redirect_page_id, self.contact.pk)
        self.assertIn("a redirect from /gammal-adress already leads elsewhere", self.output)
        self.assertTrue(Redirect.objects.filter(old_path="/?p=105").exists())

    def test_the_report(self):
        self.assertIn("post 104 ”Trasigt datum”: its <wp:post_date> is not a date", self.output)
        self.assertFalse(ImportedItem.objects.filter(wp_id=104).exists())
        self.assertIn("Created: 1 ArticleIndexPage, 5 ArticlePage, 4 StandardPage", self.output)
        self.assertIn("Skipped: 1 attachment, 1 post (error), 1 post (trash)", self.output)
        self.assertIn("Comments not imported: 3", self.output)
        self.assertIn("Shortcodes kept as text: 1 caption, 1 gallery", self.output)
        self.assertIn("Warnings: 2, errors: 1", self.output)

    def test_a_second_run_changes_nothing(self):
        before = counts()
        output = import_wordpress(self.path)
        self.assertEqual(counts(), before)
        self.assertIn("Unchanged: 5 ArticlePage, 4 StandardPage", output)
        self.assertIn("Nothing changed", output)

    def test_a_second_run_reads_the_redirects_once(self):
        with CaptureQueriesContext(connection) as queries:
            output = import_wordpress(self.path)
        self.assertIn("Redirects: 1 kept, 31 unchanged", output)
        redirects = [q["sql"] for q in queries if 'FROM "wagtailredirects_redirect"' in q["sql"]]
        self.assertEqual(len(redirects), 1, redirects)

    def test_an_edited_export_updates_only_what_changed(self):
        edited = [
            replace(item, title="Rikskonferens i Lundsbrunn 2012")
            if item.wp_id == 100
            else replace(item, status="publish", date_gmt="2012-03-01 10:00:00")
            if item.wp_id == 102
            else item
            for item in ITEMS
        ]
        revisions = {wp_id: imported(wp_id).latest_revision_id for wp_id in (10, 101)}
        before = counts()
        with tempfile.TemporaryDirectory() as directory:
            output = import_wordpress(write_export(directory, edited))
        self.assertIn("Updated: 2 ArticlePage", output)
        self.assertEqual(counts()["pages"], before["pages"])
        self.assertEqual(counts()["revisions"], before["revisions"] + 2)
        self.assertEqual(imported(100).title, "Rikskonferens i Lundsbrunn 2012")
        self.assertTrue(imported(100).live)
        self.assertTrue(imported(102).live)
        self.assertContains(self.client.get("/?p=102", follow=True), SECRET_DRAFT)
        for wp_id, revision in revisions.items():
            self.assertEqual(imported(wp_id).latest_revision_id, revision)

    def test_a_post_that_becomes_a_draft_is_unpublished(self):
        edited = [replace(item, status="draft") if item.wp_id == 101 else item for item in ITEMS]
        with tempfile.TemporaryDirectory() as directory:
            path = write_export(directory, edited)
            import_wordpress(path)
            self.assertFalse(imported(101).live)
            self.assertEqual(self.client.get("/nyheter/åäö-nyhet/").status_code, 404)
            self.assertIn("Nothing changed", import_wordpress(path))

    def test_a_post_moved_to_the_trash_is_left_as_it_is_and_reported(self):
        edited = [replace(item, status="trash") if item.wp_id == 100 else item for item in ITEMS]
        with tempfile.TemporaryDirectory() as directory:
            output = import_wordpress(write_export(directory, edited))
        self.assertTrue(imported(100).live)
        self.assertIn("is ”trash” in WordPress now; the page imported from it was left", output)

    def test_a_page_edited_on_the_site_is_left_alone(self):
        article = imported(100)
        article.intro = "Ändrad av redaktören."
        article.save_revision().publish()
        edited = [replace(item, title="Ny rubrik") if item.wp_id == 100 else item for item in ITEMS]
        with tempfile.TemporaryDirectory() as directory:
            output = import_wordpress(write_export(directory, edited))
        self.assertEqual(imported(100).title, "Rikskonferens i Lundsbrunn")
        self.assertEqual(imported(100).intro, "Ändrad av redaktören.")
        self.assertIn("was edited on this site after the import", output)

    def test_a_page_whose_parent_changed_is_moved_under_its_new_parent(self):
        taken = StandardPageFactory(parent=self.home, title="Styrelsen", slug="styrelse")
        edited = [
            replace(item, parent=0)
            if item.wp_id == 11
            else replace(item, parent=13)
            if item.wp_id == 12
            else item
            for item in ITEMS
        ]
        # A new page under the moved one, in the same run.
        edited.append(page(14, "Protokoll", "protokoll", parent=11))
        with tempfile.TemporaryDirectory() as directory:
            path = write_export(directory, edited)
            output = import_wordpress(path)
            self.assertIn("Nothing changed", import_wordpress(path))
        board, statutes, minutes = imported(11), imported(12), imported(14)
        self.assertEqual(board.get_parent().pk, self.home.pk)
        self.assertEqual(board.slug, "styrelse-2")  # "styrelse" is taken there
        self.assertEqual(statutes.get_parent().pk, imported(13).pk)
        self.assertEqual(minutes.get_parent().pk, board.pk)
        self.assertEqual(
            [board.url, statutes.url, minutes.url],
            ["/styrelse-2/", "/kontakt-2/stadgar/", "/styrelse-2/protokoll/"],
        )
        for moved in (board, statutes, minutes):
            self.assertTrue(moved.live)
            self.assertContains(self.client.get(moved.url), moved.title)
        for old in ("/?page_id=12", "/om-smakom/styrelse/stadgar/"):
            self.assertRedirects(self.client.get(old), statutes.url, status_code=301)
        self.assertEqual(taken.url, "/styrelse/")
        self.assertIn("Updated: 2 StandardPage", output)
        self.assertIn("Pages moved under their new parent in WordPress: 2", output)
        self.assertIn("the slug ”styrelse” is taken by an existing page", output)

    def test_a_page_edited_or_moved_here_is_not_moved(self):
        statutes = imported(12)
        statutes.intro = "Ändrad av redaktören."
        statutes.save_revision().publish()
        imported(13).move(imported(11), pos="last-child")  # by an editor
        edited = [replace(item, parent=10) if item.wp_id in (12, 13) else item for item in ITEMS]
        # Under its own grandchild: WordPress would not allow it, nor does the import.
        edited = [replace(item, parent=12) if item.wp_id == 10 else item for item in edited]
        with tempfile.TemporaryDirectory() as directory:
            output = import_wordpress(write_export(directory, edited))
        self.assertEqual(imported(12).get_parent().pk, imported(11).pk)
        self.assertEqual(imported(13).get_parent().pk, imported(11).pk)
        self.assertEqual(imported(10).get_parent().pk, self.home.pk)
        self.assertIn(
            "page 12 ”Stadgar” was edited on this site after the import; the changes in the "
            "export were not applied to ”Stadgar”, nor was it moved under its new parent.",
            output,
        )
        self.assertIn(
            "page 13 ”Kontakt” has another parent in WordPress now, but ”Kontakt” was moved on "
            "this site after the import; it was left where it is.",
            output,
        )
        self.assertIn(
            "page 10 ”Om SmåKom”: its parent in WordPress, ”Stadgar”, is a sub-page of "
            "”Om SmåKom” here; it was not moved.",
            output,
        )
        self.assertNotIn("Pages moved", output)

    def test_a_dry_run_writes_nothing(self):
        edited = [*ITEMS, post(300, "Ny nyhet", "ny-nyhet")]
        before = counts()
        with tempfile.TemporaryDirectory() as directory:
            output = import_wordpress(write_export(directory, edited), "--dry-run")
        self.assertEqual(counts(), before)
        self.assertIn("dry run", output)
        self.assertIn("Created: 1 ArticlePage", output)
        self.assertIn("Dry run, nothing was written.", output)


class DeeplyNestedTests(TestCase):
    def test_a_post_nested_too_deeply_is_reported_and_skipped_and_the_rest_goes_on(self):
        items = [
            post(1, "Djup", "djup", content="<div>" * 5000 + "Text"),
            post(2, "Bild", "bild", content='[caption id="x"]' + "<b>" * 5000 + "<img>[/caption]"),
            post(3, "Vanlig", "vanlig", content="Text"),
        ]
        output = import_wordpress(write_export(tempfile.mkdtemp(), items))
        for name in ("post 1 ”Djup”", "post 2 ”Bild”"):
            self.assertIn(
                f"Error: {name}: RecursionError: its HTML is nested too deeply to be read; "
                "skipped.",
                output,
            )
        self.assertEqual(list(ImportedItem.objects.values_list("wp_id", flat=True)), [3])
        self.assertIn("Created: 1 ArticleIndexPage, 1 ArticlePage", output)
