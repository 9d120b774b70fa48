"""Swedish and English on the public site: URLs, <html lang>, the language switcher, hreflang,
untranslated pages, and links an editor chose once for both languages."""

from __future__ import annotations

import datetime

from bs4 import BeautifulSoup
from django.test import TestCase
from wagtail.models import PageViewRestriction
from wagtail.test.utils import WagtailPageTestCase

from home.models import OrganisationSettings
from tests.factories.articles import ArticleIndexPageFactory, ArticlePageFactory
from tests.factories.consultation_responses import ConsultationResponsePageFactory
from tests.factories.core import english_locale, translate_page
from tests.factories.home import HomePageFactory, StandardPageFactory


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def switcher_links(response) -> list[dict[str, str]]:
    nav = soup(response).find("nav", class_="language-switcher")
    if nav is None:
        return []
    return [
        {
            "language": link["hreflang"],
            "href": link["href"],
            "text": link.get_text(" ", strip=True),
            "to_home": "title" in link.attrs,
        }
        for link in nav.find_all("a")
    ]


def hreflang_entries(response) -> dict[str, str]:
    return {
        link["hreflang"]: link["href"]
        for link in soup(response).find_all("link", rel="alternate", hreflang=True)
    }


class TranslatedSiteMixin:
    """A Swedish site with an English home page, news index and one translated news item."""

    @classmethod
    def setUpTestData(cls):
        cls.home = HomePageFactory()
        cls.index = ArticleIndexPageFactory(show_in_menus=True)
        cls.article = ArticlePageFactory(
            title="Nyhet om skolan", slug="nyhet-om-skolan", date=datetime.date(2012, 1, 12)
        )
        cls.untranslated = ArticlePageFactory(title="Bara på svenska", slug="bara-pa-svenska")
        cls.index_en = translate_page(cls.index, title="News", slug="news")
        cls.article_en = translate_page(
            cls.article, title="News about the school", slug="news-about-the-school"
        )
        cls.home_en = cls.home.get_translation(english_locale()).specific


class URLTests(TranslatedSiteMixin, WagtailPageTestCase):
    def test_swedish_pages_have_no_prefix_and_english_ones_live_under_en(self):
        self.assertEqual(self.article.url, "/nyheter/nyhet-om-skolan/")
        self.assertEqual(self.article_en.url, "/en/news/news-about-the-school/")
        self.assertEqual(self.home_en.url, "/en/")
        for page in (self.article, self.article_en, self.home, self.home_en):
            with self.subTest(page=page.url):
                self.assertEqual(self.client.get(page.url).status_code, 200)

    def test_html_lang_is_the_pages_language(self):
        for url, language in [
            ("/", "sv"),
            ("/nyheter/nyhet-om-skolan/", "sv"),
            ("/en/", "en"),
            ("/en/news/news-about-the-school/", "en"),
            ("/en/no-such-page/", "en"),
            ("/ingen-sida/", "sv"),
        ]:
            with self.subTest(url=url):
                self.assertEqual(soup(self.client.get(url)).html["lang"], language)

    def test_english_pages_speak_english_in_the_interface(self):
        page = soup(self.client.get(self.article_en.url))

        self.assertEqual(page.find("a", class_="skip-link").get_text(), "Skip to content")
        self.assertEqual(page.find("nav", class_="site-nav")["aria-label"], "Main menu")
        self.assertEqual(page.find("nav", class_="breadcrumbs")["aria-label"], "You are here")
        self.assertIn("By Hilkka", page.find(class_="byline").get_text())
        self.assertIn("12 January 2012", page.find(class_="byline").get_text())

    def test_swedish_pages_speak_swedish(self):
        page = soup(self.client.get(self.article.url))

        self.assertEqual(page.find("a", class_="skip-link").get_text(), "Hoppa till innehållet")
        self.assertIn("Av Hilkka", page.find(class_="byline").get_text())
        self.assertIn("12 januari 2012", page.find(class_="byline").get_text())

    def test_menu_lists_the_pages_of_the_language_being_read(self):
        titles = [
            link.get_text(strip=True)
            for link in soup(self.client.get(self.article_en.url)).select(".site-nav a")
        ]
        self.assertEqual(titles, ["News"])
        swedish = soup(self.client.get(self.article.url)).select(".site-nav a")
        self.assertEqual([link.get_text(strip=True) for link in swedish], ["Nyheter"])

    def test_the_english_menu_keeps_the_swedish_order_whatever_was_translated_first(self):
        about = StandardPageFactory(parent=self.home, title="Om SmåKom", show_in_menus=True)
        contact = StandardPageFactory(parent=self.home, title="Kontakt", show_in_menus=True)
        translate_page(contact, title="Contact", slug="contact")
        translate_page(about, title="About SmåKom", slug="about")

        english = soup(self.client.get(self.home_en.url)).select(".site-nav a")
        swedish = soup(self.client.get(self.home.url)).select(".site-nav a")

        self.assertEqual(
            [link.get_text(strip=True) for link in swedish], ["Nyheter", "Om SmåKom", "Kontakt"]
        )
        self.assertEqual(
            [link.get_text(strip=True) for link in english], ["News", "About SmåKom", "Contact"]
        )

    def test_english_listing_lists_only_english_news(self):
        page = soup(self.client.get(self.index_en.url))
        titles = [heading.get_text(strip=True) for heading in page.select(".teaser__title")]
        self.assertEqual(titles, ["News about the school"])


class UntranslatedPageTests(TranslatedSiteMixin, WagtailPageTestCase):
    """An address in English never shows a Swedish page as if it were English."""

    def test_untranslated_page_is_a_404_under_en(self):
        response = self.client.get("/en/news/bara-pa-svenska/")
        self.assertEqual(response.status_code, 404)

    def test_swedish_slug_under_en_is_a_404_and_names_the_original(self):
        # Without an English home page Wagtail routes /en/… through the Swedish tree.
        self.home_en.unpublish()

        response = self.client.get("/en/nyheter/bara-pa-svenska/")

        self.assertEqual(response.status_code, 404)
        page = soup(response)
        self.assertEqual(page.h1.get_text(), "This page is not available in English")
        original = page.find("a", class_="button", hreflang="sv")
        self.assertEqual(original["href"], "/nyheter/bara-pa-svenska/")
        self.assertEqual(original["lang"], "sv")
        self.assertEqual(page.html["lang"], "en")

    def test_draft_english_home_does_not_show_the_swedish_one(self):
        self.home_en.unpublish()

        response = self.client.get("/en/")

        self.assertEqual(response.status_code, 404)
        self.assertNotIn("Nyhet om skolan", response.content.decode())

    def test_404_does_not_name_an_original_readers_may_not_see(self):
        self.home_en.unpublish()
        PageViewRestriction.objects.create(
            page=self.untranslated, restriction_type=PageViewRestriction.LOGIN
        )

        response = self.client.get("/en/nyheter/bara-pa-svenska/")

        self.assertEqual(response.status_code, 404)
        self.assertNotIn("bara-pa-svenska", response.content.decode())
        self.assertEqual(soup(response).h1.get_text(), "Page not found")

    def test_alias_of_a_swedish_page_is_not_served_in_english(self):
        # wagtail-localize's tree synchronisation fills untranslated branches with aliases.
        alias = self.untranslated.copy_for_translation(english_locale(), alias=True)
        self.assertTrue(alias.live)

        response = self.client.get(alias.url)

        self.assertEqual(response.status_code, 404)
        self.assertIn("/nyheter/bara-pa-svenska/", response.content.decode())

    def test_aliases_of_swedish_pages_are_not_listed_in_english(self):
        alias = self.untranslated.copy_for_translation(english_locale(), alias=True)
        section = StandardPageFactory(parent=self.home, title="Om oss", show_in_menus=True)
        section.copy_for_translation(english_locale(), alias=True)

        page = soup(self.client.get(self.index_en.url))

        titles = [heading.get_text(strip=True) for heading in page.select(".teaser__title")]
        self.assertEqual(titles, ["News about the school"])
        self.assertNotIn(alias.url, str(page))
        menu = [link.get_text(strip=True) for link in page.select(".site-nav a")]
        self.assertEqual(menu, ["News"])

    def test_english_page_is_not_served_without_prefix(self):
        self.assertEqual(self.client.get("/news/news-about-the-school/").status_code, 404)
        self.assertEqual(self.client.get("/nyheter/news-about-the-school/").status_code, 404)


class LanguageSwitcherTests(TranslatedSiteMixin, WagtailPageTestCase):
    def test_translated_page_links_to_its_translation(self):
        self.assertEqual(
            switcher_links(self.client.get(self.article.url)),
            [
                {
                    "language": "en",
                    "href": "/en/news/news-about-the-school/",
                    "text": "English",
                    "to_home": False,
                }
            ],
        )
        self.assertEqual(
            switcher_links(self.client.get(self.article_en.url)),
            [
                {
                    "language": "sv",
                    "href": "/nyheter/nyhet-om-skolan/",
                    "text": "Svenska",
                    "to_home": False,
                }
            ],
        )

    def test_untranslated_page_links_to_the_english_home_page_and_says_so(self):
        [link] = switcher_links(self.client.get(self.untranslated.url))

        self.assertEqual(link["href"], "/en/")
        self.assertTrue(link["to_home"])
        self.assertIn("startsidan, sidan är inte översatt", link["text"])

    def test_draft_or_private_translation_is_not_offered(self):
        self.article_en.unpublish()
        [link] = switcher_links(self.client.get(self.article.url))
        self.assertEqual((link["href"], link["to_home"]), ("/en/", True))

        self.article_en.save_revision().publish()
        PageViewRestriction.objects.create(
            page=self.article_en, restriction_type=PageViewRestriction.PASSWORD, password="x"
        )
        [link] = switcher_links(self.client.get(self.article.url))
        self.assertEqual((link["href"], link["to_home"]), ("/en/", True))

    def test_no_link_when_the_other_language_has_no_home_page(self):
        self.home_en.unpublish()
        self.assertEqual(switcher_links(self.client.get(self.untranslated.url)), [])

    def test_switcher_on_a_404_leads_to_the_other_home_page(self):
        [link] = switcher_links(self.client.get("/en/no-such-page/"))
        self.assertEqual((link["language"], link["href"]), ("sv", "/"))

    def test_switcher_on_the_untranslated_404_leads_to_the_original(self):
        self.home_en.unpublish()
        [link] = switcher_links(self.client.get("/en/nyheter/bara-pa-svenska/"))
        self.assertEqual(
            (link["language"], link["href"], link["to_home"]),
            ("sv", "/nyheter/bara-pa-svenska/", False),
        )


class HreflangTests(TranslatedSiteMixin, WagtailPageTestCase):
    """Every page names its language versions and x-default (the Swedish one)."""

    def test_translated_page_names_both_languages_and_x_default(self):
        expected = {
            "sv": "http://localhost/nyheter/nyhet-om-skolan/",
            "en": "http://localhost/en/news/news-about-the-school/",
            "x-default": "http://localhost/nyheter/nyhet-om-skolan/",
        }
        self.assertEqual(hreflang_entries(self.client.get(self.article.url)), expected)
        self.assertEqual(hreflang_entries(self.client.get(self.article_en.url)), expected)

    def test_home_pages_name_each_other(self):
        self.assertEqual(
            hreflang_entries(self.client.get("/en/")),
            {
                "sv": "http://localhost/",
                "en": "http://localhost/en/",
                "x-default": "http://localhost/",
            },
        )

    def test_untranslated_page_names_only_itself(self):
        url = "http://localhost/nyheter/bara-pa-svenska/"
        self.assertEqual(
            hreflang_entries(self.client.get(self.untranslated.url)), {"sv": url, "x-default": url}
        )

    def test_english_only_page_is_its_own_default(self):
        english_only = StandardPageFactory(
            parent=self.home_en, title="Only in English", slug="only-in-english"
        )
        url = "http://localhost/en/only-in-english/"
        self.assertEqual(
            hreflang_entries(self.client.get(english_only.url)), {"en": url, "x-default": url}
        )

    def test_draft_and_private_translations_are_never_named(self):
        swedish_only = {
            "sv": "http://localhost/nyheter/nyhet-om-skolan/",
            "x-default": "http://localhost/nyheter/nyhet-om-skolan/",
        }
        self.article_en.unpublish()
        self.assertEqual(hreflang_entries(self.client.get(self.article.url)), swedish_only)
        self.article_en.save_revision().publish()
        for restricted in (self.article_en, self.index_en):
            for restriction_type in (PageViewRestriction.PASSWORD, PageViewRestriction.LOGIN):
                with self.subTest(page=restricted.title, restriction=restriction_type):
                    restriction = PageViewRestriction.objects.create(
                        page=restricted, restriction_type=restriction_type, password="x"
                    )
                    try:
                        self.assertEqual(
                            hreflang_entries(self.client.get(self.article.url)), swedish_only
                        )
                    finally:
                        restriction.delete()


class LocalizedLinkTests(TestCase):
    """Links an editor chose once, for every language, lead to the reader's language."""

    @classmethod
    def setUpTestData(cls):
        cls.home = HomePageFactory()
        cls.statement = StandardPageFactory(
            parent=cls.home, title="Tillgänglighetsredogörelse", slug="tillganglighet"
        )
        cls.response = ConsultationResponsePageFactory(
            title="Svar på SOU 2011:59", slug="sou-2011-59"
        )
        cls.article = ArticlePageFactory(consultation_response=cls.response, slug="om-svaret")
        cls.home.banner_text = "Läs svaret"
        cls.home.banner_link = cls.response
        cls.home.save_revision().publish()
        settings = OrganisationSettings.for_site(cls.home.get_site())
        settings.accessibility_statement = cls.statement
        settings.save()
        cls.home_en = translate_page(cls.home, title="SmåKom", banner_text="Read the response")
        cls.article_en = translate_page(cls.article, title="About the response", slug="about")

    def test_untranslated_targets_keep_the_swedish_link(self):
        page = soup(self.client.get(self.home_en.url))
        self.assertEqual(page.find("a", class_="banner__link")["href"], "/remissvar/sou-2011-59/")
        footer = page.find("footer", class_="site-footer")
        self.assertEqual(
            footer.find("a", string="Accessibility statement")["href"], "/tillganglighet/"
        )
        article = soup(self.client.get(self.article_en.url))
        self.assertIsNotNone(article.find("a", href="/remissvar/sou-2011-59/"))

    def test_translated_targets_are_linked_in_english(self):
        response_en = translate_page(self.response, slug="sou-2011-59-en")
        statement_en = translate_page(self.statement, slug="accessibility")

        page = soup(self.client.get(self.home_en.url))

        self.assertEqual(page.find("a", class_="banner__link")["href"], response_en.url)
        footer = page.find("footer", class_="site-footer")
        statement_link = footer.find("a", string="Accessibility statement")
        self.assertEqual(statement_link["href"], statement_en.url)
        article = soup(self.client.get(self.article_en.url))
        self.assertIsNotNone(article.find("a", href=response_en.url))
        self.assertIsNone(article.find("a", href=self.response.url))
        # The Swedish pages still link to the Swedish versions.
        swedish = soup(self.client.get(self.home.url))
        self.assertEqual(swedish.find("a", class_="banner__link")["href"], self.response.url)

    def test_each_response_lists_the_news_of_its_own_language(self):
        response_en = translate_page(self.response, slug="sou-2011-59-en")

        english = soup(self.client.get(response_en.url)).get_text()
        swedish = soup(self.client.get(self.response.url)).get_text()

        self.assertIn("About the response", english)
        self.assertNotIn(self.article.title, english)
        self.assertIn(self.article.title, swedish)
        self.assertNotIn("About the response", swedish)
