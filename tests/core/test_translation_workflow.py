"""An editor translates a news item in the admin with wagtail-localize and publishes it; PO files
go out and come back; a changed original shows up as a translation to update."""

from __future__ import annotations

import polib
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from wagtail.models import Locale
from wagtail_localize.models import StringSegment, Translation, TranslationSource

from articles.models import ArticlePage
from consultation_responses.models import Ministry
from tests.factories.articles import ArticleIndexPageFactory, ArticlePageFactory
from tests.factories.home import HomePageFactory

ENGLISH = {
    "Hultsfred på besökslistan": "Hultsfred on the visiting list",
    "hultsfred-pa-besokslistan": "hultsfred-on-the-visiting-list",
    "Hilkka": "Hilkka",
    "Styrelsen besöker Hultsfred i vår.": "The board visits Hultsfred this spring.",
    "<p>Stycke om besöket.</p>": "<p>A paragraph about the visit.</p>",
    "Stycke om besöket.": "A paragraph about the visit.",
    "Nyheter": "News",
    "nyheter": "news",
    "Nyheter från SmåKom.": "News from SmåKom.",
    "SmåKom": "SmåKom",
    "home": "en",
    "SmåKom är ett nätverk för Sveriges små kommuner.": "SmåKom is a network of Sweden’s "
    "small municipalities.",
}


class TranslationWorkflowTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = get_user_model().objects.create_superuser("redaktor", "r@example.se", "pw")
        cls.english = Locale.objects.get(language_code="en")
        cls.home = HomePageFactory()
        ArticleIndexPageFactory()
        cls.article = ArticlePageFactory(
            title="Hultsfred på besökslistan",
            slug="hultsfred-pa-besokslistan",
            intro="Styrelsen besöker Hultsfred i vår.",
            body=[{"type": "paragraph", "value": "<p>Stycke om besöket.</p>"}],
            tags=["kommunbesök"],
        )

    def setUp(self):
        self.client.force_login(self.editor)

    def submit(self, page) -> Translation:
        """What "Translate" → English → Submit does in the page's action menu."""
        response = self.client.post(
            reverse("wagtail_localize:submit_page_translation", args=[page.pk]),
            {"locales": [self.english.pk]},
        )
        self.assertEqual(response.status_code, 302)
        return Translation.objects.get(
            source=TranslationSource.objects.get_for_instance(page), target_locale=self.english
        )

    def translate_strings(self, translation: Translation) -> None:
        """Download the PO file, translate it as a translator would, and upload it."""
        download = self.client.get(
            reverse("wagtail_localize:download_pofile", args=[translation.pk])
        )
        self.assertEqual(download.status_code, 200)
        self.assertEqual(download["Content-Type"], "text/x-gettext-translation")
        po = polib.pofile(download.content.decode())
        for entry in po:
            entry.msgstr = ENGLISH[entry.msgid]
        edit_url = reverse("wagtailadmin_pages:edit", args=[translation.get_target_instance().pk])
        upload = self.client.post(
            reverse("wagtail_localize:upload_pofile", args=[translation.pk]),
            {"file": SimpleUploadedFile("en.po", str(po).encode()), "next": edit_url},
        )
        self.assertRedirects(upload, edit_url, fetch_redirect_response=False)
        total, translated = translation.get_progress()
        self.assertEqual(translated, total)

    def publish(self, translation: Translation) -> ArticlePage:
        target = translation.get_target_instance()
        # wagtail-localize publishes when the transaction commits.
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                reverse("wagtailadmin_pages:edit", args=[target.pk]), {"action": "publish"}
            )
        self.assertIn(response.status_code, (200, 302))
        return type(target.specific).objects.get(pk=target.pk)

    def test_an_editor_translates_a_news_item_and_publishes_it(self):
        translation = self.submit(self.article)
        draft = translation.get_target_instance().specific
        self.assertEqual(draft.locale, self.english)
        self.assertFalse(draft.live)
        # The English page is edited in wagtail-localize's translation editor.
        editor = self.client.get(reverse("wagtailadmin_pages:edit", args=[draft.pk]))
        self.assertContains(editor, "js-translation-editor")

        # Its untranslated parents (the news index, the home page) were copied for English.
        for ancestor in self.article.get_ancestors().filter(depth__gt=1):
            self.translate_strings(self.submit(ancestor))
            self.publish(
                Translation.objects.get(
                    source=TranslationSource.objects.get_for_instance(ancestor),
                    target_locale=self.english,
                )
            )
        self.translate_strings(translation)
        published = self.publish(translation)

        self.assertTrue(published.live)
        self.assertEqual(published.title, "Hultsfred on the visiting list")
        self.assertEqual(published.body[0].value.source, "<p>A paragraph about the visit.</p>")
        # Synchronised fields came across; the tags stay the editor's own per language.
        self.assertEqual(published.date, self.article.date)
        page = self.client.get("/en/news/hultsfred-on-the-visiting-list/")
        self.assertContains(page, "The board visits Hultsfred this spring.")
        self.assertContains(page, '<html lang="en">')
        api = self.client.get("/api/v2/pages/", {"locale": "en", "type": "articles.ArticlePage"})
        self.assertEqual([item["title"] for item in api.json()["items"]], [published.title])

    def test_a_string_can_be_edited_in_the_translation_editor(self):
        translation = self.submit(self.article)
        segment = StringSegment.objects.get(
            source=translation.source, string__data="Styrelsen besöker Hultsfred i vår."
        )

        response = self.client.put(
            reverse("wagtail_localize:edit_string_translation", args=[translation.pk, segment.pk]),
            "value=The+board+visits+Hultsfred.",
            content_type="application/x-www-form-urlencoded",
        )

        self.assertEqual(response.status_code, 201)
        self.assertEqual(response.json()["data"], "The board visits Hultsfred.")

    def test_a_changed_original_is_listed_on_the_dashboard_until_synced(self):
        translation = self.submit(self.article)
        dashboard = self.client.get(reverse("wagtailadmin_home"))
        self.assertNotContains(dashboard, "outdated-translations")

        self.article.intro = "Styrelsen besöker Hultsfred i maj."
        self.article.save_revision().publish()
        dashboard = self.client.get(reverse("wagtailadmin_home"))
        self.assertContains(dashboard, "outdated-translations")
        sync_url = reverse("wagtail_localize:update_translations", args=[translation.source.pk])
        self.assertContains(dashboard, sync_url)

        # "Sync translated pages" brings the change in; the new string waits for a translator.
        response = self.client.post(sync_url, {"next": reverse("wagtailadmin_home")})
        self.assertEqual(response.status_code, 302)
        dashboard = self.client.get(reverse("wagtailadmin_home"))
        self.assertNotContains(dashboard, "outdated-translations")
        total, translated = Translation.objects.get(pk=translation.pk).get_progress()
        self.assertLess(translated, total)

    def test_only_those_who_may_publish_publish_when_updating_translations(self):
        from tests.core.editorial.helpers import editor, secretary

        translation = self.submit(self.article)
        sync_url = reverse("wagtail_localize:update_translations", args=[translation.source.pk])
        target = translation.get_target_instance()
        for user, published in ((editor("hilkka"), False), (secretary("karin"), True)):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                form = self.client.get(sync_url)
                self.assertEqual(form.status_code, 200)
                with self.captureOnCommitCallbacks(execute=True):
                    response = self.client.post(sync_url, {"publish_translations": "on"})
                self.assertEqual(response.status_code, 302)
                target.refresh_from_db()
                self.assertEqual(target.live, published)

    def test_the_panel_lists_only_originals_the_user_may_edit(self):
        self.submit(self.article)
        self.article.intro = "Styrelsen besöker Hultsfred i maj."
        self.article.save_revision().publish()
        reader = get_user_model().objects.create_user("lasare", "l@example.se", "pw")
        reader.user_permissions.add(Permission.objects.get(codename="access_admin"))
        self.client.force_login(reader)

        dashboard = self.client.get(reverse("wagtailadmin_home"))

        self.assertEqual(dashboard.status_code, 200)
        self.assertNotContains(dashboard, "outdated-translations")

    def test_ministries_are_translated_as_snippets(self):
        ministry = Ministry.objects.create(name="Finansdepartementet", locale=self.home.locale)

        response = self.client.post(
            reverse(
                "wagtail_localize:submit_snippet_translation",
                args=["consultation_responses", "ministry", ministry.pk],
            ),
            {"locales": [self.english.pk]},
        )

        self.assertEqual(response.status_code, 302)
        self.assertTrue(ministry.has_translation(self.english))
