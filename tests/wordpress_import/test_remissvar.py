"""``manage.py import_wordpress``: posts marked remissvar become remissvar pages; a published
one is imported as sent, with the board's approval recorded from its WordPress date, a draft
one as a draft the board has not approved."""

from __future__ import annotations

import datetime
import tempfile
from dataclasses import replace

from django.test import TestCase
from wagtail.models import Page, Revision

from articles.models import ArticleIndexPage, ArticlePage
from consultation_responses.models import (
    ConsultationResponseIndexPage,
    ConsultationResponsePage,
    ResponseStatus,
)
from home.models import HomePage
from tests.wordpress_import.test_import import import_wordpress, imported, write_export
from tests.wordpress_import.wxr import SITE, post
from wordpress_import.importer import inquiry_reference

SECRET = "Hemligtremissord"

ITEMS = [
    post(
        300,
        "Yttrande över SOU 2011:59 Spara i goda tider",
        "yttrande-sou-2011-59",
        link=f"{SITE}/2011/11/30/yttrande-sou-2011-59/",
        date="2011-11-30 14:00:00",
        date_gmt="2011-11-30 13:00:00",
        excerpt="SmåKom tillstyrker <em>delvis</em>.",
        content="<h2>Sammanfattning</h2><p>SmåKom tillstyrker förslaget.</p>"
        "<blockquote><p>Goda tider</p><cite>Utredaren</cite></blockquote>",
        categories=[("remissvar", "Remissvar")],
    ),
    post(
        301,
        "Svar till Finansdepartementet",
        "svar-finans",
        content="<p>Vi har läst prop 2011/12:1 och Ds 2012:3.</p>",
        tags=[("remissvar", "remissvar")],
    ),
    post(
        302,
        "Utkast till remissvar",
        "utkast-remissvar",
        status="draft",
        content=f"<p>{SECRET}</p>",
        categories=[("remissvar", "Remissvar")],
    ),
    post(303, "Ett yttrande", "ett-yttrande", categories=[("yttranden", "Yttranden")]),
    post(304, "En nyhet om SOU 2011:59", "en-nyhet", categories=[("nyheter", "Nyheter")]),
]


class RemissvarImportTests(TestCase):
    """One import of ``ITEMS`` into a fresh site."""

    @classmethod
    def setUpTestData(cls):
        cls.directory = tempfile.mkdtemp()
        cls.path = write_export(cls.directory, ITEMS)
        cls.output = import_wordpress(cls.path)

    def test_a_published_remissvar_is_a_sent_response_approved_on_its_date(self):
        index = ConsultationResponseIndexPage.objects.get()
        self.assertEqual(index.get_parent().pk, HomePage.objects.get().pk)
        self.assertTrue(index.live)
        response = imported(300)
        self.assertIsInstance(response, ConsultationResponsePage)
        self.assertEqual(response.get_parent().pk, index.pk)
        self.assertTrue(response.live)
        self.assertEqual(response.inquiry_reference, "SOU 2011:59")
        self.assertEqual(response.inquiry_title, response.title)
        self.assertEqual(response.status, ResponseStatus.SENT)
        self.assertEqual(response.sent_date, datetime.date(2011, 11, 30))
        approved = datetime.datetime(2011, 11, 30, 13, 0, tzinfo=datetime.UTC)
        self.assertEqual(response.board_approved_at, approved)
        self.assertEqual(response.first_published_at, approved)
        self.assertEqual(response.summary, "SmåKom tillstyrker delvis.")
        self.assertEqual(
            response.background,
            "<p><b>Sammanfattning</b></p><p>SmåKom tillstyrker förslaget.</p>"
            "<p><i>Goda tider</i></p><p>– Utredaren</p>",
        )
        page = self.client.get(response.url)
        self.assertContains(page, "SOU 2011:59")
        self.assertContains(page, "SmåKom tillstyrker förslaget.")
        self.assertContains(self.client.get(index.url), response.title)
        self.assertIn(
            "Created: 1 ArticleIndexPage, 2 ArticlePage, 1 ConsultationResponseIndexPage, "
            "3 ConsultationResponsePage",
            self.output,
        )
        self.assertIn("board's approval recorded from the WordPress date: 2", self.output)

    def test_a_lowercase_tag_marks_a_remissvar_and_the_text_gives_the_reference(self):
        response = imported(301)
        self.assertIsInstance(response, ConsultationResponsePage)
        self.assertTrue(response.live)
        self.assertEqual(response.inquiry_reference, "Prop. 2011/12:1")
        self.assertEqual(response.summary, "Vi har läst prop 2011/12:1 och Ds 2012:3.")

    def test_a_draft_remissvar_is_a_draft_the_board_has_not_approved(self):
        draft = imported(302)
        self.assertIsInstance(draft, ConsultationResponsePage)
        self.assertFalse(draft.live)
        self.assertIsNone(draft.board_approved_at)
        self.assertFalse(draft.is_board_approved())
        self.assertEqual(draft.status, ResponseStatus.DRAFTING)
        self.assertIsNone(draft.sent_date)
        self.assertEqual(draft.inquiry_reference, "")
        self.assertEqual(self.client.get(draft.url).status_code, 404)
        for path in (
            "/remissvar/",
            "/remissvar/feed/",
            "/api/v2/pages/?type=consultation_responses.ConsultationResponsePage&fields=*",
            "/api/v3/pages/?type=consultation_responses.ConsultationResponsePage",
        ):
            response = self.client.get(path)
            self.assertContains(response, "Spara i goda tider", msg_prefix=path)
            self.assertNotContains(response, "Utkast till remissvar", msg_prefix=path)
            self.assertNotContains(response, SECRET, msg_prefix=path)
        for path in (f"/api/v2/pages/{draft.pk}/", f"/api/v3/pages/{draft.pk}/"):
            self.assertEqual(self.client.get(path).status_code, 404, path)

    def test_other_posts_stay_news_items(self):
        for wp_id in (303, 304):
            self.assertIsInstance(imported(wp_id), ArticlePage)
        self.assertEqual(imported(304).get_parent().pk, ArticleIndexPage.objects.get().pk)

    def test_the_old_addresses_lead_to_the_response(self):
        response = imported(300)
        for old in ("/?p=300", "/2011/11/30/yttrande-sou-2011-59/"):
            self.assertRedirects(
                self.client.get(old), response.url, status_code=301, msg_prefix=old
            )

    def test_a_second_run_changes_nothing(self):
        before = (Page.objects.count(), Revision.objects.count())
        output = import_wordpress(self.path)
        self.assertIn("Nothing changed", output)
        self.assertIn("Unchanged: 2 ArticlePage, 3 ConsultationResponsePage", output)
        self.assertEqual((Page.objects.count(), Revision.objects.count()), before)

    def test_an_edited_export_updates_the_response_and_keeps_its_approval(self):
        approved = imported(300).board_approved_at
        edited = [*ITEMS]
        edited[0] = post(
            300,
            "Yttrande över SOU 2011:59 (rättat)",
            "yttrande-sou-2011-59",
            link=f"{SITE}/2011/11/30/yttrande-sou-2011-59/",
            date="2011-11-30 14:00:00",
            date_gmt="2011-11-30 13:00:00",
            content="<p>Rättad text.</p>",
            categories=[("remissvar", "Remissvar")],
        )
        output = import_wordpress(write_export(tempfile.mkdtemp(), edited))
        self.assertIn("Updated: 1 ConsultationResponsePage", output)
        response = imported(300)
        self.assertEqual(response.title, "Yttrande över SOU 2011:59 (rättat)")
        self.assertEqual(response.background, "<p>Rättad text.</p>")
        self.assertTrue(response.live)
        self.assertEqual(response.board_approved_at, approved)

    def test_a_draft_remissvar_published_in_wordpress_since_is_recorded_as_sent(self):
        edited = [*ITEMS]
        edited[2] = post(
            302,
            "Utkast till remissvar",
            "utkast-remissvar",
            date_gmt="2012-01-12 09:30:00",
            content=f"<p>{SECRET}</p>",
            categories=[("remissvar", "Remissvar")],
        )
        import_wordpress(write_export(tempfile.mkdtemp(), edited))
        response = imported(302)
        self.assertTrue(response.live)
        self.assertEqual(response.status, ResponseStatus.SENT)
        self.assertEqual(
            response.board_approved_at, datetime.datetime(2012, 1, 12, 9, 30, tzinfo=datetime.UTC)
        )

    def test_a_news_item_marked_as_a_remissvar_since_is_left_as_it_is_and_reported(self):
        news = imported(304)
        edited = [*ITEMS]
        edited[4] = replace(
            ITEMS[4], content="<p>Nu ett remissvar.</p>", categories=[("remissvar", "Remissvar")]
        )
        # And a remissvar no longer marked as one.
        edited[1] = replace(ITEMS[1], tags=[])
        before = (Page.objects.count(), Revision.objects.count())
        output = import_wordpress(write_export(tempfile.mkdtemp(), edited))
        self.assertEqual((Page.objects.count(), Revision.objects.count()), before)
        kept = imported(304)
        self.assertIsInstance(kept, ArticlePage)
        self.assertEqual(kept.latest_revision_id, news.latest_revision_id)
        self.assertNotIn("Nu ett remissvar", str(kept.body))
        self.assertIsInstance(imported(301), ConsultationResponsePage)
        self.assertIn(
            "Warning: post 304 ”En nyhet om SOU 2011:59” is a remissvar (the category or tag "
            "”Remissvar”) in WordPress, but was imported as a news item: ”En nyhet om SOU "
            "2011:59” was left as it is, neither updated nor made a remissvar page. Create a "
            "remissvar page by hand if it should be one, and unpublish the old page.",
            output,
        )
        self.assertIn(
            "Warning: post 301 ”Svar till Finansdepartementet” is no longer a remissvar (not "
            "in the category or tag ”Remissvar”) in WordPress, but was imported as a remissvar",
            output,
        )
        self.assertIn(
            "Skipped: 1 post (a news item now, a remissvar here), "
            "1 post (a remissvar now, a news item here)",
            output,
        )
        self.assertIn("Nothing changed", output)
        self.assertRedirects(self.client.get("/?p=304"), kept.url, status_code=301)


class NewsBecomingRemissvarTests(TestCase):
    def test_no_remissvar_listing_is_made_for_a_news_item_marked_as_a_remissvar_since(self):
        import_wordpress(write_export(tempfile.mkdtemp(), [ITEMS[4]]))
        marked = replace(ITEMS[4], categories=[("remissvar", "Remissvar")])
        output = import_wordpress(write_export(tempfile.mkdtemp(), [marked]))
        self.assertIn("is a remissvar (the category or tag ”Remissvar”) in WordPress", output)
        self.assertFalse(ConsultationResponseIndexPage.objects.exists())
        self.assertIsInstance(imported(304), ArticlePage)
        # Its archives still lead to the news list.
        self.assertRedirects(
            self.client.get("/category/nyheter/"), "/nyheter/?tag=nyheter", status_code=301
        )


class RemissvarTermTests(TestCase):
    def test_remissvar_term_picks_another_category(self):
        path = write_export(tempfile.mkdtemp(), ITEMS)
        import_wordpress(path, "--remissvar-term", "Yttranden")
        self.assertIsInstance(imported(303), ConsultationResponsePage)
        self.assertTrue(imported(303).live)
        for wp_id in (300, 301, 302):
            self.assertIsInstance(imported(wp_id), ArticlePage)


def test_inquiry_references_are_read_and_written_the_usual_way():
    assert inquiry_reference("Yttrande över sou 2011:59") == "SOU 2011:59"
    assert inquiry_reference("Om Ds 2012:3", "SOU 2011:59") == "Ds 2012:3"
    assert inquiry_reference("Svar", "Se Prop. 2011/12:1.") == "Prop. 2011/12:1"
    assert inquiry_reference("Svar", "prop 2011/12:1") == "Prop. 2011/12:1"
    assert inquiry_reference("Svar om budgeten", "Inget nummer 2011:59") == ""
