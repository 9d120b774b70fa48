"""``manage.py import_wordpress --media-dir``: attachments become images and documents through
the admin's validation, bodies get image blocks, document links and page links, and the old
files' addresses lead to the new ones; a second run stores nothing twice."""

from __future__ import annotations

import os
import tempfile
from dataclasses import replace
from pathlib import Path
from unittest import mock

from django.conf import settings
from django.core.management import CommandError
from django.test import TestCase, override_settings
from PIL import Image as PillowImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction, Revision

from tests.wordpress_import.test_import import counts, import_wordpress, imported, write_export
from tests.wordpress_import.wxr import SITE, attachment, page, post
from wordpress_import.models import ImportedItem

Image = get_image_model()
Document = get_document_model()

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'

ITEMS = [
    attachment(200, "Sjön", "sjon", "2012/01/sjon.png", alt="Sjön i Lundsbrunn"),
    # A large image's attachment file is WordPress's scaled-down copy.
    attachment(201, "Hamnen", "hamnen", "2012/01/hamnen-scaled.png"),
    attachment(202, "Remissvar om landsbygden", "remiss", "2012/01/remiss.pdf"),
    attachment(203, "Saknas", "saknas", "2012/01/saknas.png"),
    attachment(204, "Skal", "shell", "2012/01/shell.php"),
    attachment(205, "Vektor", "vektor", "2012/01/vektor.svg"),
    attachment(206, "Jättebild", "jattebild", "2012/01/jattebild.png"),
    post(
        300,
        "Bilder från Lundsbrunn",
        "bilder",
        link=f"{SITE}/2012/01/12/bilder/",
        content=(
            '[caption id="attachment_200" align="alignnone" width="40"]'
            '<a href="/wp-content/uploads/2012/01/sjon.png"><img class="size-medium wp-image-200" '
            f'src="{SITE}/wp-content/uploads/2012/01/sjon-300x200.png" alt="" width="40" '
            'height="30"></a> Sjön en vinterdag[/caption]\n\n'
            '<!-- wp:image {"id":201} --><figure class="wp-block-image">'
            '<img src="https://www.smakom.example/wp-content/uploads/2012/01/hamnen-1024x768.png" '
            'alt="Hamnen i Lundsbrunn"/><figcaption>Hamnen i maj'
            "</figcaption></figure><!-- /wp:image -->\n"
            f'<p>Läs <a href="{SITE}/wp-content/uploads/2012/01/remiss.pdf">remissvaret</a>, '
            f'<a href="{SITE}/om-oss/">om oss</a> och <a href="/?p=301">nästa</a>.</p>\n'
            '<p><img src="/wp-content/uploads/2012/01/saknas.png" alt="Borta"></p>'
        ),
    ),
    post(301, "Nästa", "nasta", content=f'Se <a href="{SITE}/2012/01/12/bilder/">bilderna</a>.'),
    page(310, "Om oss", "om-oss", content='Våra <a href="/?p=300">bilder</a>.'),
]


def make_png(path: Path, size: tuple[int, int]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    PillowImage.new("RGB", size, (40, 90, 160)).save(path, "PNG")


def stored_files() -> set[str]:
    """Every uploaded file in storage but the renditions."""
    root = Path(settings.MEDIA_ROOT)
    return {
        str(Path(folder, name).relative_to(root))
        for folder, _, names in os.walk(root)
        for name in names
        if not str(Path(folder).relative_to(root)).startswith("images")
    }


# Small files for the tests; the "oversized" image is larger than this many pixels.
@override_settings(WAGTAILIMAGES_MAX_IMAGE_PIXELS=10_000)
class MediaImportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.directory = tempfile.mkdtemp()
        cls.media = Path(cls.directory, "uploads")
        uploads = cls.media / "2012" / "01"
        make_png(uploads / "sjon.png", (40, 30))
        make_png(uploads / "hamnen-scaled.png", (60, 40))
        make_png(uploads / "jattebild.png", (200, 100))
        (uploads / "remiss.pdf").write_bytes(PDF)
        (uploads / "shell.php").write_bytes(b"<?php system($_GET['c']); ?>")
        (uploads / "vektor.svg").write_bytes(SVG)
        cls.files_before = stored_files()
        cls.path = write_export(cls.directory, ITEMS)
        cls.output = import_wordpress(cls.path, "--media-dir", str(cls.media))
        cls.image = Image.objects.get(title="Sjön")
        cls.harbour = Image.objects.get(title="Hamnen")
        cls.document = Document.objects.get()

    def test_attachments_become_images_and_documents(self):
        self.assertEqual(Image.objects.count(), 2)
        self.assertEqual(self.image.description, "Sjön i Lundsbrunn")
        self.assertEqual(self.image.width, 40)
        self.assertEqual(self.document.title, "Remissvar om landsbygden")
        self.assertTrue(self.document.file.name.endswith("/remiss.pdf"))
        self.assertEqual(ImportedItem.objects.get(wp_id=200).image, self.image)
        self.assertEqual(ImportedItem.objects.get(wp_id=202).document, self.document)
        self.assertIn(
            "Created: 1 ArticleIndexPage, 2 ArticlePage, 1 Document, 2 Image", self.output
        )

    def test_a_missing_file_is_a_warning_and_hostile_files_are_refused(self):
        self.assertIn(
            "Warning: attachment 203 ”Saknas”: the file 2012/01/saknas.png is not in", self.output
        )
        for wp_id, path in ((204, "shell.php"), (205, "vektor.svg"), (206, "jattebild.png")):
            self.assertIn(f"{wp_id} ", self.output)
            self.assertIn(f"the file 2012/01/{path} was refused", self.output)
            self.assertFalse(ImportedItem.objects.filter(wp_id=wp_id).exists())
        self.assertIn("Skipped: 1 attachment (file missing), 3 attachment (refused)", self.output)
        # Only the three imported files were stored.
        self.assertEqual(
            stored_files() - self.files_before,
            {self.image.file.name, self.harbour.file.name, self.document.file.name},
        )

    def test_images_become_image_blocks(self):
        body = imported(300).body.raw_data
        self.assertEqual(
            [block["type"] for block in body], ["image", "image", "paragraph", "paragraph"]
        )
        caption, gutenberg = body[0]["value"], body[1]["value"]
        self.assertEqual(
            caption["image"],
            {"image": self.image.pk, "decorative": False, "alt_text": "Sjön i Lundsbrunn"},
        )
        self.assertEqual(caption["caption"], "Sjön en vinterdag")
        self.assertEqual(gutenberg["image"]["image"], self.harbour.pk)
        self.assertEqual(gutenberg["image"]["alt_text"], "Hamnen i Lundsbrunn")
        self.assertEqual(gutenberg["caption"], "Hamnen i maj")
        # The image whose file was missing stays a link to the old file.
        self.assertIn(
            '<a href="/wp-content/uploads/2012/01/saknas.png">[Bild: Borta]</a>', body[3]["value"]
        )
        # The [caption] became the image block's caption: no shortcode is left as text.
        self.assertNotIn("Shortcodes kept as text", self.output)
        response = self.client.get(imported(300).url)
        self.assertContains(response, 'alt="Sjön i Lundsbrunn"')
        self.assertContains(response, "Sjön en vinterdag")
        self.assertContains(response, "Hamnen i maj")

    def test_links_to_uploads_become_document_links_that_anyone_can_follow(self):
        paragraph = imported(300).body.raw_data[2]["value"]
        self.assertIn(f'<a linktype="document" id="{self.document.pk}">remissvaret</a>', paragraph)
        response = self.client.get(imported(300).url)
        self.assertContains(response, f'href="{self.document.url}"')
        download = self.client.get(self.document.url)
        self.assertEqual(download.status_code, 200)
        self.assertEqual(b"".join(download.streaming_content), PDF)

    def test_links_between_imported_items_become_page_links(self):
        about, first, second = imported(310), imported(300), imported(301)
        paragraph = first.body.raw_data[2]["value"]
        self.assertIn(f'<a linktype="page" id="{about.pk}">om oss</a>', paragraph)
        # Imported after the post that links to it: resolved in the second pass.
        self.assertIn(f'<a linktype="page" id="{second.pk}">nästa</a>', paragraph)
        self.assertIn(
            f'<a linktype="page" id="{first.pk}">bilderna</a>', second.body.raw_data[0]["value"]
        )
        self.assertIn(
            f'<a linktype="page" id="{first.pk}">bilder</a>', about.body.raw_data[0]["value"]
        )
        self.assertIn("Pages saved again with what was imported after them: 2", self.output)
        for page_ in (first, about):
            record = ImportedItem.objects.get(page=page_)
            self.assertEqual(page_.latest_revision_id, record.revision_id)
            self.assertTrue(page_.live)
            self.assertFalse(page_.has_unpublished_changes)
        self.assertEqual(first.last_published_at, first.first_published_at)
        response = self.client.get(first.url)
        self.assertContains(response, f'href="{second.url}"')
        self.assertContains(response, f'href="{about.url}"')

    def test_the_old_file_addresses_redirect(self):
        response = self.client.get("/wp-content/uploads/2012/01/remiss.pdf")
        self.assertEqual(response.status_code, 301)
        self.assertEqual(response["Location"], self.document.url)
        self.assertEqual(self.client.get(response["Location"]).status_code, 200)
        for old in (
            "/wp-content/uploads/2012/01/sjon.png",
            "/wp-content/uploads/2012/01/sjon-300x200.png",
            "/wp-content/uploads/2012/01/hamnen.png",
            "/wp-content/uploads/2012/01/hamnen-scaled.png",
        ):
            response = self.client.get(old)
            self.assertEqual(response.status_code, 302, old)
            self.assertTrue(response["Location"].startswith("/media/images/"), old)
            image = self.client.get(response["Location"])
            self.assertEqual(image.status_code, 200)
            self.assertEqual(image["Content-Type"], "image/png")
        for missing in ("saknas.png", "shell.php", "../../../config/settings/base.py", "ingen.pdf"):
            response = self.client.get(f"/wp-content/uploads/2012/01/{missing}")
            self.assertEqual(response.status_code, 404, missing)

    def test_a_private_file_is_not_redirected_to(self):
        private = Collection.get_first_root_node().add_child(name="Styrelsen")
        CollectionViewRestriction.objects.create(
            collection=private, restriction_type=CollectionViewRestriction.LOGIN
        )
        Document.objects.filter(pk=self.document.pk).update(collection=private)
        Image.objects.filter(pk=self.image.pk).update(collection=private)
        for old in (
            "/wp-content/uploads/2012/01/remiss.pdf",
            "/wp-content/uploads/2012/01/sjon.png",
        ):
            self.assertEqual(self.client.get(old).status_code, 404, old)
        self.assertNotEqual(self.client.get(self.document.url).status_code, 200)

    def test_a_second_run_stores_nothing_twice(self):
        before, files = counts(), stored_files()
        images, documents = Image.objects.count(), Document.objects.count()
        output = import_wordpress(self.path, "--media-dir", str(self.media))
        self.assertEqual(counts(), before)
        self.assertEqual((Image.objects.count(), Document.objects.count()), (images, documents))
        self.assertEqual(stored_files(), files)
        self.assertIn("Unchanged: 2 ArticlePage, 1 Document, 2 Image, 1 StandardPage", output)
        self.assertIn("Nothing changed", output)

    def test_without_a_media_folder_attachments_are_skipped_and_bodies_keep_their_images(self):
        edited = [replace(item, title="Bilder") if item.wp_id == 300 else item for item in ITEMS]
        with tempfile.TemporaryDirectory() as directory:
            output = import_wordpress(write_export(directory, edited))
        self.assertIn("Skipped: 7 attachment", output)
        self.assertIn("Updated: 1 ArticlePage", output)
        body = imported(300).body.raw_data
        self.assertEqual([block["type"] for block in body][:2], ["image", "image"])

    def test_a_dry_run_stores_no_file(self):
        make_png(self.media / "2013" / "05" / "ny.png", (20, 20))
        edited = [*ITEMS, attachment(207, "Ny", "ny", "2013/05/ny.png")]
        before, files, images = counts(), stored_files(), Image.objects.count()
        with tempfile.TemporaryDirectory() as directory:
            output = import_wordpress(
                write_export(directory, edited), "--media-dir", str(self.media), "--dry-run"
            )
        self.assertIn("Created: 1 Image", output)
        self.assertEqual(counts(), before)
        self.assertEqual(Image.objects.count(), images)
        self.assertEqual(stored_files(), files)

    def test_a_failing_item_leaves_no_file_behind(self):
        make_png(self.media / "2013" / "06" / "trasig.png", (20, 20))
        edited = [*ITEMS, attachment(208, "Trasig", "trasig", "2013/06/trasig.png")]
        files, images = stored_files(), Image.objects.count()
        with (
            tempfile.TemporaryDirectory() as directory,
            mock.patch.object(
                ImportedItem.objects, "create", side_effect=RuntimeError("the database is gone")
            ),
        ):
            output = import_wordpress(
                write_export(directory, edited), "--media-dir", str(self.media)
            )
        self.assertIn("attachment 208 ”Trasig”: RuntimeError: the database is gone", output)
        self.assertEqual(Image.objects.count(), images)
        self.assertEqual(stored_files(), files)
        self.assertEqual(Revision.objects.filter(object_id=str(imported(300).pk)).count(), 2)

    def test_a_file_outside_the_media_folder_is_never_read(self):
        outside = Path(self.directory, "hemlig.pdf")
        outside.write_bytes(PDF)
        (self.media / "2013" / "07").mkdir(parents=True)
        (self.media / "2013" / "07" / "lank.pdf").symlink_to(outside)
        edited = [
            *ITEMS,
            attachment(209, "Uppåt", "uppat", "2013/07/../../../hemlig.pdf"),
            attachment(210, "Länk", "lank", "2013/07/lank.pdf"),
        ]
        documents = Document.objects.count()
        with tempfile.TemporaryDirectory() as directory:
            output = import_wordpress(
                write_export(directory, edited), "--media-dir", str(self.media)
            )
        self.assertIn("attachment 209 ”Uppåt”: its file's address", output)
        self.assertIn(
            "attachment 210 ”Länk”: the file 2013/07/lank.pdf is not in the media", output
        )
        self.assertEqual(Document.objects.count(), documents)

    def test_a_file_deleted_here_is_not_imported_again(self):
        self.harbour.delete()
        images = Image.objects.count()
        output = import_wordpress(self.path, "--media-dir", str(self.media))
        self.assertIn("attachment 201 ”Hamnen” was deleted on this site", output)
        self.assertEqual(Image.objects.count(), images)

    def test_the_media_folder_must_be_a_folder(self):
        with self.assertRaisesMessage(CommandError, "is not a folder"):
            import_wordpress(self.path, "--media-dir", str(self.media / "nowhere"))


class MediaLaterTests(TestCase):
    def test_files_imported_by_a_later_run_reach_the_pages_that_show_them(self):
        directory = tempfile.mkdtemp()
        media = Path(directory, "uploads")
        make_png(media / "2012" / "01" / "sjon.png", (40, 30))
        (media / "2012" / "01" / "remiss.pdf").write_bytes(PDF)
        path = write_export(directory, ITEMS)
        # The first run had no media folder: the post shows links to the old files.
        import_wordpress(path)
        self.assertNotIn("image", [block["type"] for block in imported(300).body.raw_data])
        unrelated = Revision.objects.filter(object_id=str(imported(301).pk)).count()
        output = import_wordpress(path, "--media-dir", str(media))
        self.assertIn("Created: 1 Document, 1 Image", output)
        self.assertIn("Pages saved again with what was imported after them: 1", output)
        body = imported(300).body.raw_data
        self.assertEqual([block["type"] for block in body].count("image"), 1)
        self.assertEqual(body[0]["value"]["image"]["image"], Image.objects.get().pk)
        self.assertIn(f'<a linktype="document" id="{Document.objects.get().pk}">', str(body))
        self.assertTrue(imported(300).live)
        # A page that shows none of the new files is left as it was.
        revisions = Revision.objects.filter(object_id=str(imported(301).pk)).count()
        self.assertEqual(revisions, unrelated)
        self.assertIn("Nothing changed", import_wordpress(path, "--media-dir", str(media)))
