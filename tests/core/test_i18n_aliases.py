"""Translations made the way wagtail-localize makes them: a translated page's untranslated
parents become aliases of the Swedish originals. Nothing restricted leaks through such an
alias, and no link leads to an alias (which has no English address of its own)."""

from __future__ import annotations

from bs4 import BeautifulSoup
from django.test import Client, TestCase
from wagtail.models import PageViewRestriction

from tests.core.api.helpers import configure_public_site
from tests.core.seo.helpers import sitemap_text
from tests.factories.articles import ArticleIndexPageFactory, ArticlePageFactory
from tests.factories.core import english_locale, translate_page
from tests.factories.home import HomePageFactory, StandardPageFactory


def copy_for_english(page, **changes):
    """What wagtail-localize's "Translate" does: copy the page, its missing parents as aliases."""
    translation = page.copy_for_translation(english_locale(), copy_parents=True)
    for name, value in changes.items():
        setattr(translation, name, value)
    translation.save_revision().publish()
    return type(translation).objects.get(pk=translation.pk)


class RestrictedSourceTests(TestCase):
    """An English article under an alias of a password-protected Swedish index."""

    @classmethod
    def setUpTestData(cls):
        configure_public_site()
        cls.home = HomePageFactory()
        cls.home_en = translate_page(cls.home, title="SmåKom")
        cls.index = ArticleIndexPageFactory()
        PageViewRestriction.objects.create(
            page=cls.index, restriction_type=PageViewRestriction.PASSWORD, password="hemligt"
        )
        cls.article = ArticlePageFactory(title="Hemlig nyhet", slug="hemlig-nyhet")
        cls.article_en = copy_for_english(cls.article, title="Secret news", slug="secret-news")
        cls.index_alias = cls.article_en.get_parent()

    def setUp(self):
        self.client = Client(raise_request_exception=False)

    def test_the_parent_is_an_alias_of_the_restricted_index(self):
        self.assertEqual(self.index_alias.alias_of_id, self.index.pk)
        # Wagtail itself asks for the password when the page is served.
        response = self.client.get(self.article_en.url)
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "Secret news")

    def test_no_api_lists_or_serves_it(self):
        for url, params in [
            ("/api/v2/pages/", {"locale": "en"}),
            ("/api/v2/pages/", {"locale": "en", "search": "secret"}),
            ("/api/v3/pages/", {"locale": "en"}),
            ("/api/v3/news/", {"locale": "en"}),
        ]:
            with self.subTest(url=url, params=params):
                self.assertNotContains(self.client.get(url, params), "Secret news")
        for url in (
            f"/api/v2/pages/{self.article_en.pk}/",
            f"/api/v3/pages/{self.article_en.pk}/",
        ):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 404)
        find = self.client.get("/api/v3/pages/find/", {"html_path": self.article_en.url})
        self.assertEqual(find.status_code, 404)

    def test_no_page_links_to_it(self):
        self.assertNotContains(self.client.get(self.home_en.url), "secret-news")
        sitemap = sitemap_text(self.client)
        self.assertIn("/en/", sitemap)
        self.assertNotIn("secret-news", sitemap)


class AliasParentTests(TestCase):
    """An English article whose index was never translated, only aliased."""

    @classmethod
    def setUpTestData(cls):
        cls.home = HomePageFactory()
        cls.home_en = translate_page(cls.home, title="SmåKom")
        ArticleIndexPageFactory()
        cls.about = StandardPageFactory(parent=cls.home, title="Om oss", slug="om-oss")
        cls.about_alias = cls.about.copy_for_translation(english_locale(), alias=True)
        cls.article = ArticlePageFactory(
            title="Nyhet",
            slug="nyhet",
            body=[
                {
                    "type": "paragraph",
                    "value": f'<p>Läs <a linktype="page" id="{cls.about.pk}">om oss</a>.</p>',
                }
            ],
        )
        cls.article_en = copy_for_english(cls.article, title="News item", slug="news-item")

    def test_the_alias_index_is_not_served_in_english(self):
        alias = self.article_en.get_parent()
        self.assertIsNotNone(alias.alias_of_id)
        self.assertEqual(self.client.get(alias.url).status_code, 404)

    def test_breadcrumbs_skip_the_alias(self):
        page = BeautifulSoup(self.client.get(self.article_en.url).content, "html.parser")
        trail = [link["href"] for link in page.select(".breadcrumbs a")]
        self.assertEqual(trail, ["/en/"])

    def test_rich_text_links_lead_to_the_original_not_to_the_alias(self):
        html = self.client.get(self.article_en.url).content.decode()
        self.assertIn('href="/om-oss/"', html)
        self.assertNotIn(f'href="{self.about_alias.url}"', html)

    def test_an_alias_is_not_a_translation_for_the_switcher_or_hreflang(self):
        page = BeautifulSoup(self.client.get(self.about.url).content, "html.parser")
        self.assertIsNone(page.find("link", rel="alternate", hreflang="en"))
        switch = page.select_one(".language-switcher a")
        self.assertEqual(switch["href"], "/en/")


class UnpublishedEnglishHomeTests(TestCase):
    """Without a live English home page, English pages have no address to point to."""

    @classmethod
    def setUpTestData(cls):
        configure_public_site()
        cls.home = HomePageFactory()
        cls.home_en = translate_page(cls.home, title="SmåKom")
        translate_page(ArticleIndexPageFactory(), title="News", slug="news")
        cls.article = ArticlePageFactory(title="Nyhet", slug="nyhet")
        cls.article_en = translate_page(cls.article, title="News item", slug="news-item")
        cls.home_en.unpublish()

    def test_the_english_page_is_not_served(self):
        self.assertEqual(self.client.get("/en/news/news-item/").status_code, 404)

    def test_nothing_points_to_it(self):
        page = BeautifulSoup(self.client.get(self.article.url).content, "html.parser")
        self.assertIsNone(page.find("link", rel="alternate", hreflang="en"))
        self.assertIsNone(page.select_one(".language-switcher a"))
        detail = self.client.get(f"/api/v2/pages/{self.article.pk}/").json()
        self.assertEqual(detail["translations"], [])
        news = self.client.get("/api/v3/news/", {"locale": "sv"}).json()
        self.assertEqual(news["items"][0]["translations"], [])
