"""The English demo content: made through wagtail-localize, complete, and English throughout."""

from __future__ import annotations

import re
from collections import deque
from datetime import UTC, datetime
from html.parser import HTMLParser
from io import StringIO
from urllib.parse import urldefrag, urlsplit

import polib
import pytest
import time_machine
from bs4 import BeautifulSoup
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import TestCase
from wagtail.models import Locale, Page, Site
from wagtail_localize.models import StringSegment, Translation, TranslationSource

from articles.models import ArticlePage
from consultation_responses.models import ConsultationResponsePage, Ministry
from demo.translations import load_english_content, page_paths
from events.models import EventIndexPage, EventPage

ENGLISH = load_english_content()
CATALOGUE = polib.pofile(str(settings.BASE_DIR / "locale" / "en" / "LC_MESSAGES" / "django.po"))


def swedish_page(path: str) -> Page:
    page = Site.objects.get(is_default_site=True).root_page
    for slug in filter(None, path.split("/")):
        page = page.get_children().get(slug=slug)
    return page.specific


def visible_text(html: str) -> str:
    """The page's text as a reader meets it, without what is marked as Swedish (lang="sv")."""
    document = BeautifulSoup(html, "html.parser")
    for element in document(["script", "style"]):
        element.decompose()
    for element in document.select('[lang="sv"]'):
        element.decompose()
    texts = [document.get_text(" ")]
    for element in document.find_all(True):
        texts.extend(element[name] for name in ("aria-label", "title", "alt") if element.get(name))
    return re.sub(r"\s+", " ", " ".join(texts))


# The association's name is Swedish in every language (content may quote it unmarked).
PROPER_NAMES = {"De små kommunernas samverkan"}


def swedish_interface_strings() -> list[str]:
    """Interface strings whose Swedish differs from their English: none may show in English."""
    strings = []
    for entry in CATALOGUE:
        if entry.obsolete or entry.msgid_plural or "%(" in entry.msgid:
            continue
        if entry.msgid in PROPER_NAMES:
            continue
        # One word of three letters or fewer ("Tid", "År") would match inside English words.
        if entry.msgid != entry.msgstr and len(entry.msgid) > 3:
            strings.append(entry.msgid)
    return strings


@pytest.mark.django_db
class EnglishDemoContentTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        out = StringIO()
        call_command("load_demo_content", stdout=out)
        cls.output = out.getvalue()
        cls.english = Locale.objects.get(language_code="en")

    def test_every_listed_page_has_a_live_english_translation_made_by_wagtail_localize(self):
        self.assertIn("English: 25/25", self.output)
        for path in page_paths(ENGLISH):
            with self.subTest(path=path):
                original = swedish_page(path)
                translated = original.get_translation(self.english).specific
                self.assertTrue(translated.live)
                self.assertFalse(translated.has_unpublished_changes)
                source = TranslationSource.objects.get_for_instance(original)
                translation = Translation.objects.get(source=source, target_locale=self.english)
                self.assertTrue(translation.enabled)
                total, translated_count = translation.get_progress()
                self.assertEqual(translated_count, total)
                self.assertEqual(
                    translated.title, ENGLISH["pages"][path]["strings"][original.title]
                )

    def test_every_english_string_is_used(self):
        """content_en.json holds no string that no longer appears in the Swedish page."""
        for path in page_paths(ENGLISH):
            with self.subTest(path=path):
                source = TranslationSource.objects.get_for_instance(swedish_page(path))
                used = set(
                    StringSegment.objects.filter(source=source).values_list(
                        "string__data", flat=True
                    )
                )
                self.assertEqual(set(ENGLISH["pages"][path]["strings"]), used)

    def test_the_english_site_has_english_addresses(self):
        for url in [
            "/en/",
            "/en/news/",
            "/en/news/saving-in-good-times/",
            "/en/consultation-responses/",
            "/en/consultation-responses/sou-2011-59-saving-in-good-times/",
            "/en/conferences/",
            "/en/members/",
            "/en/about-smakom/",
            "/en/living-in-the-countryside/",
        ]:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 200)

    def test_english_response_keeps_the_facts_and_names_the_ministry_in_english(self):
        original = ConsultationResponsePage.objects.get(
            inquiry_reference="SOU 2011:59", locale__language_code="sv"
        )
        translated = original.get_translation(self.english)
        self.assertEqual(translated.inquiry_reference, "SOU 2011:59")
        self.assertEqual(translated.sent_date, original.sent_date)
        self.assertEqual(translated.status, original.status)
        self.assertEqual(translated.response_document_id, original.response_document_id)
        self.assertEqual(translated.ministry.name, "Ministry of Finance")
        self.assertEqual(translated.ministry.locale, self.english)
        self.assertEqual(
            translated.ministry.translation_key,
            Ministry.objects.get(name="Finansdepartementet").translation_key,
        )
        self.assertEqual(len(translated.points), len(original.points))
        self.assertTrue(translated.points[0].value["text"].source.startswith("<p>SmåKom rejects"))

    def test_every_event_has_an_english_page_listed_on_the_english_conferences_page(self):
        swedish_index = EventIndexPage.objects.get(locale__language_code="sv")
        events = EventPage.objects.child_of(swedish_index).live()
        self.assertEqual(events.count(), 11)
        listing = BeautifulSoup(self.client.get("/en/conferences/").content, "html.parser")
        links = {a["href"]: a.get_text(strip=True) for a in listing.select("main a[href]")}
        for original in events:
            with self.subTest(event=original.slug):
                translated = original.get_translation(self.english).specific
                self.assertTrue(translated.live)
                self.assertEqual(translated.url, f"/en/conferences/{translated.slug}/")
                self.assertEqual(links.get(translated.url), translated.title)
                # Dates, kind and registration are the original's; place and text are English.
                self.assertEqual(
                    (translated.kind, translated.start, translated.end, translated.all_day),
                    (original.kind, original.start, original.end, original.all_day),
                )
                self.assertEqual(translated.registration_closes, original.registration_closes)
                self.assertEqual(translated.source_note, original.source_note)
                self.assertEqual(len(translated.body), len(original.body))
                response = self.client.get(translated.url)
                self.assertContains(response, f"<h1>{translated.title}</h1>", html=True)
                self.assertEqual(self.client.get(f"{translated.url}ical/").status_code, 200)

    def test_english_event_page_and_calendar_are_english(self):
        response = self.client.get("/en/conferences/national-conference-2016/")
        self.assertContains(response, "Annual general meeting and national conference 2016")
        self.assertContains(response, "20 April 2016 at 15:00 – 22 April 2016 at 12:00")
        self.assertContains(response, "Strand Hotell, Borgholm")
        self.assertContains(response, "SEK 4,000 excluding VAT")
        calendar = self.client.get("/en/conferences/national-conference-2016/ical/")
        self.assertEqual(calendar["Content-Type"], "text/calendar; charset=utf-8")
        self.assertContains(calendar, "SUMMARY:Annual general meeting and national conference")
        self.assertContains(calendar, "CATEGORIES:National conference")

    @time_machine.travel(datetime(2026, 12, 5, 12, tzinfo=UTC), tick=False)
    def test_english_home_page_recalls_the_last_meeting_in_english(self):
        response = self.client.get("/en/")
        banner = BeautifulSoup(response.content, "html.parser").select_one(".banner")
        text = " ".join(banner.get_text(" ").split())
        self.assertIn("Autumn meeting 2026", text)
        self.assertIn("The meeting has been held", text)
        self.assertEqual(
            banner.select_one("a[href]")["href"], "/en/conferences/autumn-meeting-2026/"
        )

    def test_news_items_have_tags_of_their_own_language(self):
        original = ArticlePage.objects.get(slug="spara-i-goda-tider")
        translated = original.get_translation(self.english)
        self.assertEqual(
            sorted(translated.tags.names()),
            sorted(ENGLISH["pages"]["nyheter/spara-i-goda-tider"]["tags"]),
        )
        self.assertIn("kommunal ekonomi", original.tags.names())
        self.assertEqual(translated.date, original.date)
        self.assertEqual(translated.hero_image_id, original.hero_image_id)

    def test_english_news_item_links_to_the_english_response(self):
        response = self.client.get("/en/news/saving-in-good-times/")
        self.assertContains(
            response, 'href="/en/consultation-responses/sou-2011-59-saving-in-good-times/"'
        )

    def test_a_second_run_changes_no_translation(self):
        out = StringIO()
        call_command("load_demo_content", stdout=out)
        self.assertIn("nothing changed", out.getvalue())

    def test_a_swedish_string_without_english_stops_the_load(self):
        original = swedish_page("nyheter")
        original.search_description = "Ny beskrivning"
        original.save_revision().publish()

        with self.assertRaisesMessage(CommandError, "content_en.json has no English for 'nyheter'"):
            call_command("load_demo_content", stdout=StringIO())


class EnglishSiteCrawlTests(TestCase):
    """Every English page reached from /en/ reads as English: no Swedish interface string."""

    @classmethod
    def setUpTestData(cls):
        call_command("load_demo_content", stdout=StringIO())

    class LinkParser(HTMLParser):
        def __init__(self):
            super().__init__()
            self.links: list[str] = []

        def handle_starttag(self, tag, attrs):
            href = dict(attrs).get("href")
            if tag == "a" and href:
                self.links.append(href)

    def test_english_pages_show_no_swedish_interface_strings(self):
        forbidden = swedish_interface_strings()
        self.assertGreater(len(forbidden), 200)
        seen: set[str] = set()
        queue = deque(["/en/"])
        while queue:
            url = queue.popleft()
            if url in seen:
                continue
            seen.add(url)
            response = self.client.get(url)
            self.assertEqual(response.status_code, 200, url)
            html = response.content.decode()
            text = visible_text(html)
            found = [string for string in forbidden if re.search(rf"\b{re.escape(string)}\b", text)]
            self.assertEqual(found, [], url)
            parser = self.LinkParser()
            parser.feed(html)
            for link in parser.links:
                path = urldefrag(link)[0]
                parts = urlsplit(path)
                if parts.netloc or not parts.path.startswith("/en/") or parts.query:
                    continue
                if "/ical/" in parts.path:
                    continue
                queue.append(parts.path)
        # Links reach every translated page: the home page, the menu's sections and their pages.
        english = Locale.objects.get(language_code="en")
        for path in page_paths(ENGLISH):
            self.assertIn(swedish_page(path).get_translation(english).url, seen)
