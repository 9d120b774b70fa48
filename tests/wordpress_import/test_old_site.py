"""The old SmåKom site moves in: an export of it as WordPress wrote it (its 22 news items, two
of them tagged as remissvar, 14 remissvar with their PDFs, pictures, and pages in a hierarchy,
from the demo's facts) imported
into a fresh site. Every item, file and old address is in place, readers see it all, and a
second run changes nothing."""

from __future__ import annotations

import datetime
import json
import tempfile
from pathlib import Path

from django.conf import settings
from django.test import TestCase, override_settings
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from articles.models import ArticlePage
from consultation_responses.models import ConsultationResponsePage
from core.models import ContentChange
from tests.wordpress_import.test_import import counts, import_wordpress, imported, write_export
from tests.wordpress_import.test_media import PDF, make_png
from tests.wordpress_import.wxr import SITE, attachment, page, post

CONTENT = json.loads((Path(settings.BASE_DIR) / "demo" / "data" / "content.json").read_text())
NEWS = CONTENT["news"]
RESPONSES = CONTENT["consultation_responses"]
# WordPress ids: news 1000+, remissvar 2000+, their PDFs 3000+, pictures 4000+, pages 5000+.
NEWS_ID, RESPONSE_ID, PDF_ID, PICTURE_ID, PAGE_ID = 1000, 2000, 3000, 4000, 5000
PICTURES = 3


def is_remissvar(news: dict) -> bool:
    """A news item tagged "Remissvar" was the remissvar's own post: it becomes a response."""
    return "remissvar" in {tag.lower() for tag in news["tags"]}


MARKED = [number for number, news in enumerate(NEWS) if is_remissvar(news)]
# The news items with a picture (a remissvar's text has none).
ILLUSTRATED = [number for number, news in enumerate(NEWS) if not is_remissvar(news)][:PICTURES]


def response_date(response: dict) -> str:
    return (
        response["sent_date"] or response["approved_date"] or response["deadline"] or ("2015-06-01")
    )


def permalink(date: str, slug: str) -> str:
    year, month, day = date.split("-")
    return f"/{year}/{month}/{day}/{slug}/"


def old_site() -> list:
    """The export's items: the news (the first PICTURES with a captioned picture), the
    remissvar in their category, each linking its PDF, and three pages."""
    items = []
    for number in range(PICTURES):
        items.append(
            attachment(
                PICTURE_ID + number,
                f"Bild {number}",
                f"bild-{number}",
                f"2012/01/bild-{number}.png",
                alt=f"Bild {number} från kommunbesöket",
            )
        )
    for number, news in enumerate(NEWS):
        picture = ""
        if number in ILLUSTRATED:
            n = ILLUSTRATED.index(number)
            picture = (
                f'[caption id="attachment_{PICTURE_ID + n}" width="40"]<img '
                f'class="wp-image-{PICTURE_ID + n}" src="{SITE}/wp-content/uploads/2012/01/'
                f'bild-{n}.png" alt="" width="40" height="30"> Bildtext {n}[/caption]\n\n'
            )
        items.append(
            post(
                NEWS_ID + number,
                news["title"],
                news["slug"],
                date=f"{news['date']} 10:00:00",
                date_gmt=f"{news['date']} 09:00:00",
                creator="hilkka" if news["author"] == "Hilkka Eskelinen" else "kansli",
                content=picture + "\n\n".join(news["body_paragraphs"]),
                categories=[("nyheter", "Nyheter")],
                tags=[(tag.lower().replace(" ", "-"), tag) for tag in news["tags"]],
                link=SITE + permalink(news["date"], news["slug"]),
            )
        )
    for number, response in enumerate(RESPONSES):
        date = response_date(response)
        year, month, _day = date.split("-")
        pdf = f"{year}/{month}/remissvar-{number}.pdf"
        items.append(attachment(PDF_ID + number, f"Remissvar {number} (pdf)", f"pdf-{number}", pdf))
        items.append(
            post(
                RESPONSE_ID + number,
                response["title"],
                response["slug"],
                date=f"{date} 10:00:00",
                date_gmt=f"{date} 09:00:00",
                content=(
                    f"{response['summary']}\n\n"
                    f'<a href="{SITE}/wp-content/uploads/{pdf}">Remissvaret som pdf</a>'
                ),
                categories=[("remissvar", "Remissvar")],
                link=SITE + permalink(date, response["slug"]),
            )
        )
    items += [
        page(PAGE_ID, "Om SmåKom", "om-smakom", content=CONTENT["organisation"]["description"]),
        page(
            PAGE_ID + 1,
            "Styrelse",
            "styrelse",
            parent=PAGE_ID,
            content="SmåKoms styrelse.",
            link=f"{SITE}/om-smakom/styrelse/",
        ),
        page(PAGE_ID + 2, "Kontakt", "kontakt-oss", content="Skriv till kansliet."),
    ]
    return items


@override_settings(WAGTAILIMAGES_MAX_IMAGE_PIXELS=10_000)
class OldSiteTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.directory = tempfile.mkdtemp()
        cls.media = Path(cls.directory, "uploads")
        for number in range(PICTURES):
            make_png(cls.media / "2012" / "01" / f"bild-{number}.png", (40, 30))
        for number, response in enumerate(RESPONSES):
            year, month, _day = response_date(response).split("-")
            folder = cls.media / year / month
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"remissvar-{number}.pdf").write_bytes(PDF)
        cls.path = write_export(cls.directory, old_site())
        cls.output = import_wordpress(cls.path, "--media-dir", str(cls.media))

    def test_every_news_item_is_a_page_with_its_date_author_and_tags(self):
        self.assertEqual(ArticlePage.objects.count(), len(NEWS) - len(MARKED))
        for number, news in enumerate(NEWS):
            article = imported(NEWS_ID + number)
            if number in MARKED:
                self.assertIsInstance(article, ConsultationResponsePage)
                continue
            self.assertIsInstance(article, ArticlePage)
            self.assertEqual(article.title, news["title"])
            self.assertEqual(article.date, datetime.date.fromisoformat(news["date"]))
            expected = (
                "Hilkka Eskelinen" if news["author"] == "Hilkka Eskelinen" else "SmåKoms kansli"
            )
            self.assertEqual(article.author_name, expected)
            self.assertTrue(article.live)
            self.assertGreaterEqual(
                {tag.lower() for tag in article.tags.names()},
                {tag.lower() for tag in news["tags"]},
            )
        for n, number in enumerate(ILLUSTRATED):
            [block, *_] = imported(NEWS_ID + number).body.raw_data
            self.assertEqual(block["type"], "image")
            self.assertEqual(block["value"]["caption"], f"Bildtext {n}")

    def test_every_remissvar_is_a_response_with_its_reference(self):
        self.assertEqual(ConsultationResponsePage.objects.count(), len(RESPONSES) + len(MARKED))
        for number, response in enumerate(RESPONSES):
            page = imported(RESPONSE_ID + number)
            self.assertIsInstance(page, ConsultationResponsePage)
            self.assertEqual(page.status, "sent")
            self.assertTrue(page.live)
            if response["inquiry_reference"] in response["title"]:
                self.assertEqual(page.inquiry_reference, response["inquiry_reference"])

    def test_every_file_is_imported(self):
        self.assertEqual(get_image_model().objects.count(), PICTURES)
        self.assertEqual(get_document_model().objects.count(), len(RESPONSES))
        self.assertIn("Warnings: 0, errors: 0", self.output)

    def test_every_old_address_leads_to_its_new_page_or_file(self):
        old = {}
        for number, news in enumerate(NEWS):
            page = imported(NEWS_ID + number)
            old[f"/?p={NEWS_ID + number}"] = old[permalink(news["date"], news["slug"])] = page.url
        for number, response in enumerate(RESPONSES):
            page = imported(RESPONSE_ID + number)
            date = response_date(response)
            old[f"/?p={RESPONSE_ID + number}"] = old[permalink(date, response["slug"])] = page.url
        for number in range(3):
            old[f"/?page_id={PAGE_ID + number}"] = imported(PAGE_ID + number).url
        old["/om-smakom/styrelse/"] = imported(PAGE_ID + 1).url
        old["/kontakt-oss/"] = imported(PAGE_ID + 2).url
        for path, new in old.items():
            response = self.client.get(path, follow=True)
            self.assertEqual(response.status_code, 200, path)
            if response.redirect_chain:
                self.assertEqual(response.redirect_chain[0][1], 301, path)
            self.assertEqual(response.request["PATH_INFO"], new, path)
        for number, response in enumerate(RESPONSES):
            year, month, _day = response_date(response).split("-")
            upload = f"/wp-content/uploads/{year}/{month}/remissvar-{number}.pdf"
            answer = self.client.get(upload, follow=True)
            self.assertEqual(answer.status_code, 200, upload)
            self.assertEqual(b"".join(answer.streaming_content), PDF, upload)

    def test_a_second_run_changes_nothing(self):
        before, changes = counts(), ContentChange.objects.count()
        output = import_wordpress(self.path, "--media-dir", str(self.media))
        self.assertIn("Nothing changed", output)
        self.assertEqual(counts(), before)
        self.assertEqual(ContentChange.objects.count(), changes)
        self.assertEqual(get_document_model().objects.count(), len(RESPONSES))
