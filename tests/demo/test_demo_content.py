"""``manage.py load_demo_content``: the site it builds, and that a second run changes nothing."""

from __future__ import annotations

import html
from collections import deque
from io import StringIO
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core.management import call_command
from django.test import TestCase
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, Revision, Site

from articles.models import ArticleIndexPage, ArticlePage
from consultation_responses.blocks import Stance
from consultation_responses.models import (
    ConsultationResponseIndexPage,
    ConsultationResponsePage,
)
from demo import sections
from demo.loader import COLLECTION_NAME
from demo.parsing import load_content, parse_date, parse_point
from demo.sections import home as home_section
from demo.sections.events import events_data
from events.models import EventPage
from home.models import OrganisationSettings, StandardPage, VideoPage

CONTENT = load_content()
NEWS = CONTENT["news"]
RESPONSES = CONTENT["consultation_responses"]
FILM = CONTENT["film"]
EVENTS = events_data()["events"]
# Words of the notes about the sources, which readers must never be shown.
EDITORS_WORDS = ("sidfot", "källan", "seed-sida")


def load_demo_content() -> str:
    out = StringIO()
    call_command("load_demo_content", stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "images": get_image_model().objects.count(),
        "documents": get_document_model().objects.count(),
    }


@pytest.mark.parametrize(
    ("text", "stance", "reference", "starts_with"),
    [
        ("1. SmåKom säger nej till utredningens förslag.", Stance.REJECTS, "", "SmåKom säger nej"),
        (
            "1. SmåKom säger ja till förslaget att minska antal (p 2.3 i utredningen).",
            Stance.SUPPORTS,
            "p 2.3",
            "SmåKom säger ja",
        ),
        ("12. SmåKom tillstyrker men avstyrker sedan.", Stance.SUPPORTS, "", "SmåKom tillstyrker"),
        ("SmåKom avstyrker förslaget.", Stance.REJECTS, "", "SmåKom avstyrker"),
        ("3. SmåKom vill påpeka att…", Stance.COMMENTS, "", "SmåKom vill påpeka"),
    ],
)
def test_parse_point(text, stance, reference, starts_with):
    point = parse_point(text)

    assert point["stance"] == stance
    assert point["proposal_reference"] == reference
    assert point["text"].startswith(f"<p>{starts_with}")
    assert "i utredningen" not in point["text"]


def test_content_file_holds_the_expected_items():
    assert len(NEWS) == 22
    assert len(RESPONSES) == 14
    assert all(item["date_decision"] for item in RESPONSES)


@pytest.mark.django_db
class DemoContentTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.first_output = load_demo_content()
        cls.home = Site.objects.get(is_default_site=True).root_page.specific

    def test_first_run_reports_progress_and_what_it_created(self):
        self.assertIn("Nyheter: 22/22", self.first_output)
        self.assertIn("Remissvar: 14/14", self.first_output)
        self.assertIn("22 ArticlePage", self.first_output)
        self.assertIn("14 ConsultationResponsePage", self.first_output)

    def test_home_page_is_updated(self):
        self.assertEqual(self.home.title, "SmåKom")
        # The banner comes from the conferences; no notice of its own.
        self.assertEqual(self.home.banner_text, "")
        self.assertEqual(self.home.intro, CONTENT["organisation"]["description"])
        self.assertTrue(self.home.live)
        self.assertIsNotNone(self.home.live_revision_id)

    def test_page_tree(self):
        news_index = ArticleIndexPage.objects.child_of(self.home).get(slug="nyheter")
        response_index = ConsultationResponseIndexPage.objects.child_of(self.home).get(
            slug="remissvar"
        )
        self.assertEqual(ArticlePage.objects.child_of(news_index).live().count(), 22)
        self.assertEqual(
            ConsultationResponsePage.objects.child_of(response_index).live().count(), 14
        )
        film = VideoPage.objects.child_of(self.home).get(slug="bo-pa-landet")
        self.assertEqual(film.title, "Bo på landet")
        self.assertEqual(film.quote, "Allt du kan göra i stan kan du göra på landsbygden.")
        self.assertEqual(film.embed_url, "")
        self.assertIsNotNone(film.poster)
        self.assertEqual(
            set(StandardPage.objects.child_of(self.home).values_list("slug", flat=True)),
            {"om-smakom", "kontakt", "tillganglighetsredogorelse"},
        )
        self.assertEqual(
            set(self.home.get_children().in_menu().values_list("slug", flat=True)),
            {
                "nyheter",
                "remissvar",
                "konferenser",
                "bo-pa-landet",
                "medlemmar",
                "bli-medlem",
                "om-smakom",
                "kontakt",
            },
        )

    def test_every_page_is_live_with_a_published_revision(self):
        pages = self.home.get_descendants(inclusive=True)
        # …, the events index and its 11 events, Medlemmar and Bli medlem.
        self.assertEqual(pages.count(), 1 + 2 + 22 + 14 + 1 + 3 + 12 + 2)
        for page in pages:
            with self.subTest(page=page.url_path):
                self.assertTrue(page.live)
                self.assertFalse(page.has_unpublished_changes)
                self.assertIsNotNone(page.live_revision_id)

    def test_news_match_the_data(self):
        for item in NEWS:
            with self.subTest(news=item["title"]):
                page = ArticlePage.objects.get(slug=item["slug"])
                self.assertEqual(page.title, item["title"])
                self.assertEqual(page.date, parse_date(item["date"]))
                self.assertEqual(page.author_name, item["author"])
                self.assertEqual(page.intro, item["intro"])
                self.assertEqual(sorted(page.tags.names()), sorted(item["tags"]))
                self.assertEqual(page.first_published_at.date(), page.date)
                self.assertEqual(len(page.body), len(item["body_paragraphs"]))
                self.assertIsNotNone(page.hero_image)

    def test_events_keep_their_source_notes_from_readers(self):
        for item in EVENTS:
            with self.subTest(event=item["title"]):
                page = EventPage.objects.get(slug=item["slug"])
                main = BeautifulSoup(self.client.get(page.url).content, "html.parser").main
                text = main.get_text(" ", strip=True)
                self.assertIn(item["description"], text)
                self.assertEqual([word for word in EDITORS_WORDS if word in text.lower()], [])
                # The note says what the data file says about the sources, for the editors.
                for part in (item.get("source_remark", ""), item["date_decision"], *item["source"]):
                    self.assertIn(part, page.source_note)
        varmote = EventPage.objects.get(slug="varmote-2026")
        self.assertIn("Mötestider 2026", varmote.source_note)

    def test_body_headings_become_heading_blocks(self):
        page = ArticlePage.objects.get(slug="remissvar-pa-balansutredningen")
        headings = [block.value["text"] for block in page.body if block.block_type == "heading"]
        self.assertEqual(
            headings, ["Remissvar – Spara i goda tider (SOU 2011:59)", "SmåKoms synpunkter"]
        )

    def test_news_link_to_the_responses_they_announce(self):
        expected = {
            "Remissvar på Balansutredningen": "SOU 2011:59",
            "Spara i goda tider": "SOU 2011:59",
            "SmåKoms svar på utredningen Vital kommunal demokrati": "SOU 2012:30",
            "Utredningen föreslår minskat antal fullmäktigeledamöter": "SOU 2012:30",
        }
        linked = {
            page.title: page.consultation_response.inquiry_reference
            for page in ArticlePage.objects.filter(
                consultation_response__isnull=False, locale__language_code="sv"
            )
        }
        self.assertEqual(linked, expected)

    def test_responses_match_the_data(self):
        for item in RESPONSES:
            with self.subTest(response=item["title"]):
                page = ConsultationResponsePage.objects.get(slug=item["slug"])
                self.assertEqual(page.inquiry_reference, item["inquiry_reference"])
                self.assertEqual(page.inquiry_title, item["inquiry_title"])
                self.assertEqual(page.sent_date, parse_date(item["sent_date"]))
                self.assertEqual(page.deadline, parse_date(item["deadline"]))
                self.assertEqual(page.status, item["status"])
                self.assertEqual(page.ministry.name if page.ministry else None, item["ministry"])
                self.assertEqual(len(page.points), len(item["points"]))
                has_document = bool(item["points"] or item["summary"])
                self.assertEqual(page.response_document is not None, has_document)

    def test_sou_2011_59_has_its_points_and_signed_pdf(self):
        page = ConsultationResponsePage.objects.get(
            inquiry_reference="SOU 2011:59", locale__language_code="sv"
        )
        self.assertEqual(page.ministry.name, "Finansdepartementet")
        self.assertEqual(str(page.sent_date), "2012-01-12")
        self.assertEqual(page.status, "sent")
        self.assertEqual(
            [point.value["stance"] for point in page.points], [Stance.REJECTS, Stance.SUPPORTS]
        )
        self.assertTrue(page.points[0].value["text"].source.startswith("<p>SmåKom säger nej "))
        document = page.response_document
        self.assertEqual(document.collection.name, COLLECTION_NAME)
        with document.open_file() as handle:
            self.assertEqual(handle.read(5), b"%PDF-")
        self.assertEqual(document.file_extension, "pdf")

    def test_sou_2012_30_points_keep_their_proposal_references(self):
        page = ConsultationResponsePage.objects.get(inquiry_reference="SOU 2012:30")
        self.assertEqual(
            [(point.value["stance"], point.value["proposal_reference"]) for point in page.points],
            [
                (Stance.SUPPORTS, "p 2.3"),
                (Stance.SUPPORTS, "p 2.7"),
                (Stance.REJECTS, "p 3.4"),
                (Stance.SUPPORTS, "p 4.9"),
            ],
        )

    def test_images_are_small_with_alt_text(self):
        images = get_image_model().objects.filter(collection__name=COLLECTION_NAME)
        self.assertEqual(images.count(), 22 + 2)
        for image in images:
            with self.subTest(image=image.title):
                self.assertEqual((image.width, image.height), (1200, 675))
                self.assertLess(image.file_size, 100_000)
                self.assertTrue(image.description)

    def test_organisation_settings(self):
        organisation = OrganisationSettings.for_site(Site.objects.get(is_default_site=True))
        self.assertEqual(organisation.name, "SmåKom – De små kommunernas samverkan")
        self.assertEqual(organisation.address, "Baltzar von Platens väg 15, 546 73 Forsvik")
        self.assertEqual(organisation.phone, "0706 725 649")
        self.assertIsNotNone(organisation.default_social_image)
        self.assertEqual(organisation.accessibility_statement.slug, "tillganglighetsredogorelse")

    def test_site_address_follows_the_public_base_url(self):
        # config.settings.test sets WAGTAILADMIN_BASE_URL = "https://www.smakom.se".
        site = Site.objects.get(is_default_site=True)
        self.assertEqual((site.hostname, site.port), ("www.smakom.se", 443))
        self.assertEqual(self.home.full_url, "https://www.smakom.se/")

    def test_second_run_changes_nothing(self):
        before = counts()
        output = load_demo_content()
        self.assertIn("Demo content is up to date: nothing changed", output)
        self.assertEqual(counts(), before)

    def test_an_edited_page_is_restored_with_one_new_revision(self):
        page = ArticlePage.objects.get(slug="hultsfred-pa-besokslistan")
        page.intro = "Ändrad ingress"
        page.tags.set(["annat"])
        page.save_revision().publish()
        before = counts()

        output = load_demo_content()

        self.assertIn("Updated: 1 ArticlePage", output)
        self.assertEqual(counts(), {**before, "revisions": before["revisions"] + 1})
        page = ArticlePage.objects.get(pk=page.pk)
        item = next(item for item in NEWS if item["slug"] == page.slug)
        self.assertEqual(page.intro, item["intro"])
        self.assertEqual(sorted(page.tags.names()), sorted(item["tags"]))


@pytest.mark.django_db
def test_a_failed_load_leaves_nothing_behind(monkeypatch):
    def fail(loader, home):
        raise RuntimeError("simulated failure")

    def media_files() -> set[Path]:
        return {path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()}

    steps = tuple(fail if step is home_section.film else step for step in sections.STEPS)
    monkeypatch.setattr(sections, "STEPS", steps)
    before, files_before = counts(), media_files()

    with pytest.raises(RuntimeError, match="simulated failure"):
        load_demo_content()

    assert counts() == before
    assert not ArticlePage.objects.exists()
    assert media_files() == files_before


TEMPLATES_PRESENT = (Path(settings.BASE_DIR) / "home/templates/home/home_page.html").exists()
SKIPPED_PREFIXES = ("/admin/", "/django-admin/", "/documents/", "/media/", "/static/")
MAX_PAGES = 300


@pytest.mark.django_db
@pytest.mark.skipif(not TEMPLATES_PRESENT, reason="The page templates are not written yet.")
class DemoSiteCrawlTests(TestCase):
    """A reader who starts at the home page and follows links reaches all the demo content."""

    @classmethod
    def setUpTestData(cls):
        load_demo_content()

    def crawl(self) -> str:
        seen, queue, texts = {"/"}, deque(["/"]), []
        while queue:
            url = queue.popleft()
            response = self.client.get(url)
            self.assertEqual(response.status_code, 200, url)
            if "text/html" not in response.get("Content-Type", ""):
                continue
            content = response.content.decode()
            texts.append(html.unescape(content))
            for href in _links(content):
                target = _internal_path(urljoin(f"http://testserver{url}", href))
                if target and target not in seen and not target.startswith(SKIPPED_PREFIXES):
                    seen.add(target)
                    queue.append(target)
            if len(seen) > MAX_PAGES:
                self.fail(f"The site links to more than {MAX_PAGES} pages; is a link looping?")
        return "\n".join(texts)

    def test_links_from_the_home_page_reach_all_demo_content(self):
        text = self.crawl()
        missing = [item["title"] for item in NEWS if item["title"] not in text]
        missing += [
            item["inquiry_reference"] or item["inquiry_title"]
            for item in RESPONSES
            if (item["inquiry_reference"] or item["inquiry_title"]) not in text
        ]
        missing += [FILM["quote"]] if FILM["quote"] not in text else []
        self.assertEqual(missing, [])


def _links(content: str) -> list[str]:
    from html.parser import HTMLParser

    class LinkParser(HTMLParser):
        def __init__(self):
            super().__init__()
            self.hrefs: list[str] = []

        def handle_starttag(self, tag, attrs):
            if tag == "a":
                self.hrefs += [value for name, value in attrs if name == "href" and value]

    parser = LinkParser()
    parser.feed(content)
    return parser.hrefs


def _internal_path(href: str) -> str | None:
    """The path and query of an absolute link to this site; None for other sites and schemes."""
    parts = urlsplit(urldefrag(href)[0])
    if parts.scheme not in {"http", "https"}:
        return None
    if parts.netloc not in {"testserver", "localhost", "www.smakom.se"}:
        return None
    path = parts.path or "/"
    return f"{path}?{parts.query}" if parts.query else path
