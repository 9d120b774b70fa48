"""``manage.py import_wordpress --media-dir``: the shortcodes of uploaded files, ``[audio]`` and
``[playlist]``, become links to the documents imported from them, a ``[gallery]`` without
``ids`` the images attached to its post; one of a file that was not imported stays as text and
is counted in the report."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.conf import settings
from django.test import TestCase, override_settings
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from tests.wordpress_import.test_import import import_wordpress, imported, write_export
from tests.wordpress_import.test_media import PDF, make_png
from tests.wordpress_import.wxr import SITE, attachment, post

Document = get_document_model()
Image = get_image_model()

# A site whose document types do not include sound files refuses them.
WITHOUT_SOUND = [
    extension
    for extension in settings.WAGTAILDOCS_EXTENSIONS
    if extension not in {"m4a", "mp3", "ogg", "wav"}
]

ITEMS = [
    attachment(400, "Intervju med Hilkka", "intervju", "2012/01/intervju.mp3"),
    attachment(401, "Årsmötet", "arsmotet", "2012/01/arsmotet.ogg"),
    attachment(402, "Saknas", "saknas", "2012/01/saknas.mp3"),
    post(
        500,
        "Lyssna",
        "lyssna",
        content=(
            f'Hör intervjun: [audio mp3="{SITE}/wp-content/uploads/2012/01/intervju.mp3"]'
            "[/audio]\n\n"
            '[audio src="/wp-content/uploads/2012/01/arsmotet.ogg"]\n\n'
            '[playlist ids="400, 401"]\n\n'
            '[audio mp3="/wp-content/uploads/2012/01/saknas.mp3"][/audio]\n\n'
            '[playlist ids="400,402"]'
        ),
    ),
]


class SoundImportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.directory = tempfile.mkdtemp()
        cls.media = Path(cls.directory, "uploads")
        uploads = cls.media / "2012" / "01"
        uploads.mkdir(parents=True)
        (uploads / "intervju.mp3").write_bytes(b"ID3\x03\x00\x00\x00\x00\x00\x00")
        (uploads / "arsmotet.ogg").write_bytes(b"OggS\x00\x02")
        cls.path = write_export(cls.directory, ITEMS)
        cls.output = import_wordpress(cls.path, "--media-dir", str(cls.media))
        cls.interview = Document.objects.get(title="Intervju med Hilkka")
        cls.meeting = Document.objects.get(title="Årsmötet")

    def test_audio_and_playlists_of_imported_files_become_document_links(self):
        body = imported(500).body.raw_data
        self.assertEqual([block["type"] for block in body], ["paragraph"] * 5)
        interview = f'<a linktype="document" id="{self.interview.pk}">Intervju med Hilkka</a>'
        meeting = f'<a linktype="document" id="{self.meeting.pk}">Årsmötet</a>'
        self.assertIn(f"Hör intervjun: {interview}", body[0]["value"])
        self.assertIn(meeting, body[1]["value"])
        playlist = body[2]["value"]
        self.assertTrue(playlist.startswith("<ul>"))
        self.assertEqual(playlist.count("<li"), 2)
        self.assertLess(playlist.index(f"{interview}</li>"), playlist.index(f"{meeting}</li>"))
        response = self.client.get(imported(500).url)
        self.assertContains(response, f'href="{self.interview.url}"', count=2)
        self.assertContains(response, f'href="{self.meeting.url}"', count=2)

    def test_a_shortcode_of_a_file_not_imported_stays_text_and_is_reported(self):
        body = imported(500).body.raw_data
        missing = '[audio mp3="/wp-content/uploads/2012/01/saknas.mp3"][/audio]'
        self.assertIn(missing, body[3]["value"])
        self.assertIn('[playlist ids="400,402"]', body[4]["value"])
        self.assertIn("Shortcodes kept as text: 1 audio, 1 playlist", self.output)


@override_settings(WAGTAILDOCS_EXTENSIONS=WITHOUT_SOUND)
class SoundRefusedTests(TestCase):
    def test_without_sound_files_among_the_document_types_the_shortcodes_stay_text(self):
        directory = tempfile.mkdtemp()
        media = Path(directory, "uploads")
        (media / "2012" / "01").mkdir(parents=True)
        (media / "2012" / "01" / "intervju.mp3").write_bytes(b"ID3\x03\x00")
        output = import_wordpress(
            write_export(directory, [ITEMS[0], ITEMS[3]]), "--media-dir", str(media)
        )
        self.assertIn("the file 2012/01/intervju.mp3 was refused", output)
        self.assertFalse(Document.objects.exists())
        first = imported(500).body.raw_data[0]["value"]
        self.assertIn(f'[audio mp3="{SITE}/wp-content/uploads/2012/01/intervju.mp3"]', first)
        self.assertIn("Shortcodes kept as text: 3 audio, 2 playlist", output)


GALLERY_ITEMS = [
    post(600, "Bilder från mötet", "bilder", content='Före\n\n[gallery columns="2"]\n\nEfter'),
    # Attached to post 600: its gallery shows them by menu order, then ID; not the PDF.
    attachment(610, "Tredje", "tredje", "2012/01/tredje.png", parent=600, menu_order=2),
    attachment(612, "Andra", "andra", "2012/01/andra.png", parent=600, menu_order=1),
    attachment(611, "Första", "forsta", "2012/01/forsta.png", parent=600, menu_order=1),
    attachment(613, "Program", "program", "2012/01/program.pdf", parent=600),
    # Its image's file is missing: the gallery stays as it is.
    post(601, "Fler bilder", "fler", content='[gallery]\n\n[gallery id="600" exclude="610"]'),
    attachment(614, "Borta", "borta", "2012/01/borta.png", parent=601),
]


class GalleryImportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        directory = tempfile.mkdtemp()
        media = Path(directory, "uploads")
        for name in ("tredje", "andra", "forsta"):
            make_png(media / "2012" / "01" / f"{name}.png", (20, 20))
        (media / "2012" / "01" / "program.pdf").write_bytes(PDF)
        cls.output = import_wordpress(
            write_export(directory, GALLERY_ITEMS), "--media-dir", str(media)
        )

    def images(self, wp_id: int) -> list[str]:
        body = imported(wp_id).body.raw_data
        found = [block["value"]["image"]["image"] for block in body if block["type"] == "image"]
        titles = dict(Image.objects.values_list("pk", "title"))
        return [titles[pk] for pk in found]

    def test_a_gallery_without_ids_shows_the_images_attached_to_its_post_in_order(self):
        body = imported(600).body.raw_data
        self.assertEqual(
            [block["type"] for block in body], ["paragraph", "image", "image", "image", "paragraph"]
        )
        self.assertEqual(self.images(600), ["Första", "Andra", "Tredje"])
        self.assertEqual(self.images(601), ["Första", "Andra"])

    def test_a_gallery_with_an_image_not_imported_stays_text(self):
        self.assertIn("[gallery]", imported(601).body.raw_data[0]["value"])
        self.assertIn("Shortcodes kept as text: 1 gallery", self.output)
