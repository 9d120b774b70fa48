"""News: tree rules, editing in the admin, rendering, listing, pagination and tags."""

from __future__ import annotations

import datetime

from wagtail.models import Page, PageViewRestriction
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from articles.models import ArticleIndexPage, ArticlePage
from consultation_responses.models import ConsultationResponseIndexPage
from core.blocks import RICH_TEXT_FEATURES
from home.models import HomePage, StandardPage, VideoPage
from tests.factories.articles import ArticleIndexPageFactory, ArticlePageFactory
from tests.factories.consultation_responses import ConsultationResponsePageFactory
from tests.factories.core import ImageFactory
from tests.factories.home import HomePageFactory


def article_form_data(**overrides) -> dict:
    data = {
        "title": "SmåKom svarar på remiss",
        "date": "2011-11-28",
        "author_name": "Hilkka",
        "intro": "SmåKom har lämnat sitt svar.",
        "body": streamfield(
            [
                ("paragraph", rich_text("<p>Läs svaret.</p>", features=RICH_TEXT_FEATURES)),
                ("heading", {"text": "Bakgrund", "level": "h2"}),
                ("quote", {"quote": "Små kommuner behövs.", "attribution": "Ordföranden"}),
            ]
        ),
        "tags": "ekonomi, remissvar",
        "comments": inline_formset([]),
    }
    data.update(overrides)
    return nested_form_data(data)


class TreeRulesTests(WagtailPageTestCase):
    def test_article_index_rules(self):
        self.assertAllowedParentPageTypes(ArticleIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(ArticleIndexPage, {ArticlePage})
        self.assertCanCreateAt(HomePage, ArticleIndexPage)
        self.assertCanNotCreateAt(StandardPage, ArticleIndexPage)
        self.assertCanNotCreateAt(ArticleIndexPage, ArticleIndexPage)
        self.assertCanNotCreateAt(Page, ArticleIndexPage)

    def test_article_rules(self):
        self.assertAllowedParentPageTypes(ArticlePage, {ArticleIndexPage})
        self.assertAllowedSubpageTypes(ArticlePage, set())
        self.assertCanCreateAt(ArticleIndexPage, ArticlePage)
        self.assertCanNotCreateAt(HomePage, ArticlePage)
        self.assertCanNotCreateAt(StandardPage, ArticlePage)
        self.assertCanNotCreateAt(ConsultationResponseIndexPage, ArticlePage)
        self.assertCanNotCreateAt(ArticlePage, ArticlePage)
        self.assertCanNotCreateAt(VideoPage, ArticlePage)

    def test_only_one_news_index_per_home_page(self):
        home = HomePageFactory()
        self.assertTrue(ArticleIndexPage.can_create_at(home))

        index = ArticleIndexPageFactory(parent=home)

        self.assertFalse(ArticleIndexPage.can_create_at(home))
        self.assertTrue(ArticlePage.can_create_at(index))


class CreateInAdminTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.index = ArticleIndexPageFactory()
        cls.image = ImageFactory()
        cls.response = ConsultationResponsePageFactory(title="Remissvar om stabilisering")

    def setUp(self):
        self.login()

    def test_create_article(self):
        self.assertCanCreate(
            self.index,
            ArticlePage,
            article_form_data(hero_image=self.image.pk, consultation_response=self.response.pk),
        )

        article = ArticlePage.objects.get(slug="smakom-svarar-pa-remiss")
        self.assertTrue(article.live)
        self.assertEqual(article.get_parent().pk, self.index.pk)
        self.assertEqual(article.date, datetime.date(2011, 11, 28))
        self.assertEqual(article.hero_image, self.image)
        self.assertEqual(article.consultation_response.pk, self.response.pk)
        self.assertEqual(sorted(tag.name for tag in article.tags.all()), ["ekonomi", "remissvar"])
        self.assertEqual(
            [block.block_type for block in article.body], ["paragraph", "heading", "quote"]
        )
        self.assertIn("Läs svaret.", article.body[0].value.source)

    def test_article_without_intro_is_rejected(self):
        with self.assertRaisesMessage(AssertionError, "intro"):
            self.assertCanCreate(self.index, ArticlePage, article_form_data(intro=""))
        self.assertFalse(ArticlePage.objects.exists())


class RenderingTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.index = ArticleIndexPageFactory()
        cls.article = ArticlePageFactory(
            title="Spara i goda tider",
            hero_image=ImageFactory(),
            body__0__paragraph__value="<p>SmåKom avstyrker fonden.</p>",
            body__1="heading",
            body__2="image",
            body__3="quote",
            body__4="embed",
            body__5="document",
            body__6="link",
            tags=["ekonomi"],
        )

    def test_pages_are_routable(self):
        self.assertPageIsRoutable(self.index)
        self.assertPageIsRoutable(self.article)

    def test_pages_are_renderable(self):
        self.assertPageIsRenderable(self.index)
        self.assertPageIsRenderable(self.index, query_data={"page": "2", "tag": "ekonomi"})
        self.assertPageIsRenderable(self.article)

    def test_news_index_is_previewable(self):
        self.assertPageIsPreviewable(self.index)

    def test_article_is_previewable(self):
        self.assertPageIsPreviewable(self.article, post_data=article_form_data(slug="forhand"))

    def test_article_shows_date_byline_body_and_tags(self):
        response = self.client.get(self.article.url)

        self.assertContains(response, "Spara i goda tider")
        self.assertContains(response, "Hilkka")
        self.assertContains(response, "2011-11-28")
        self.assertContains(response, "SmåKom avstyrker fonden.")
        self.assertContains(response, "?tag=ekonomi")
        # The embed cannot be fetched (no internet); the block still links to it.
        self.assertContains(response, "https://www.youtube.com/watch?v=abc")


class ArticleResponseLinkTests(WagtailPageTestCase):
    """An article links to the response it announces only when readers may see it."""

    @classmethod
    def setUpTestData(cls):
        cls.public_response = ConsultationResponsePageFactory(title="Offentligt remissvar")
        cls.draft_response = ConsultationResponsePageFactory(title="Hemligt utkast", live=False)
        cls.announcing_public = ArticlePageFactory(consultation_response=cls.public_response)
        cls.announcing_draft = ArticlePageFactory(consultation_response=cls.draft_response)

    def test_links_to_a_live_response(self):
        response = self.client.get(self.announcing_public.url)

        self.assertEqual(response.context["consultation_response"], self.public_response)
        self.assertContains(response, self.public_response.url)

    def test_does_not_link_to_a_draft_response(self):
        response = self.client.get(self.announcing_draft.url)

        self.assertIsNone(response.context["consultation_response"])
        self.assertNotContains(response, "Hemligt utkast")

    def test_response_page_lists_the_articles_about_it(self):
        response = self.client.get(self.public_response.url)

        self.assertEqual(list(response.context["related_articles"]), [self.announcing_public])
        self.assertContains(response, self.announcing_public.title)


class NewsIndexTests(WagtailPageTestCase):
    """Paginated (10 a page), newest first, filterable by tag, calm about bad input."""

    @classmethod
    def setUpTestData(cls):
        cls.index = ArticleIndexPageFactory()
        start = datetime.date(2023, 1, 1)
        cls.articles = [
            ArticlePageFactory(
                title=f"Nyhet nummer {number:02d}",
                date=start + datetime.timedelta(days=number),
                tags=["skola"] if number % 5 == 0 else ["ekonomi"],
            )
            for number in range(23)
        ]
        # Newest first.
        cls.expected_titles = [f"Nyhet nummer {number:02d}" for number in range(22, -1, -1)]

    def titles(self, **params) -> list[str]:
        response = self.client.get(self.index.url, params)
        self.assertEqual(response.status_code, 200)
        return [article.title for article in response.context["articles"]]

    def test_first_page_has_the_ten_newest(self):
        self.assertEqual(self.titles(), self.expected_titles[:10])

    def test_first_page_html_is_newest_first(self):
        html = self.client.get(self.index.url).content.decode()

        positions = [html.index(title) for title in self.expected_titles[:10]]
        self.assertEqual(positions, sorted(positions))
        self.assertNotIn(self.expected_titles[10], html)

    def test_second_and_last_pages(self):
        self.assertEqual(self.titles(page="2"), self.expected_titles[10:20])
        self.assertEqual(self.titles(page="3"), self.expected_titles[20:])

    def test_out_of_range_page_shows_the_last_page(self):
        self.assertEqual(self.titles(page="999"), self.expected_titles[20:])
        self.assertEqual(self.titles(page="-1"), self.expected_titles[20:])
        self.assertEqual(self.titles(page="9" * 400), self.expected_titles[20:])

    def test_malformed_page_shows_the_first_page(self):
        for value in ("abc", "\x00", "1\x00", "", "2.5", "1e3", "²"):
            with self.subTest(page=value):
                titles = self.titles(page=value)
                self.assertEqual(len(titles), 10)

    def test_tag_filter(self):
        response = self.client.get(self.index.url, {"tag": "skola"})

        self.assertEqual(
            [article.title for article in response.context["articles"]],
            [f"Nyhet nummer {number:02d}" for number in (20, 15, 10, 5, 0)],
        )
        self.assertEqual(response.context["current_tag"], "skola")
        self.assertNotContains(response, "Nyhet nummer 21")

    def test_tag_filter_paginates_too(self):
        self.assertEqual(len(self.titles(tag="ekonomi")), 10)
        self.assertEqual(len(self.titles(tag="ekonomi", page="2")), 8)

    def test_unknown_or_garbage_tag_lists_nothing_calmly(self):
        for value in ("finns-inte", "<script>", "x" * 1000, "%", "sko\x00la\x00x"):
            with self.subTest(tag=value):
                self.assertEqual(self.titles(tag=value), [])

    def test_nul_bytes_are_dropped_from_the_tag(self):
        self.assertEqual(self.titles(tag="sko\x00la\x00"), self.titles(tag="skola"))
        self.assertEqual(self.titles(tag="\x00"), self.expected_titles[:10])


class HiddenArticlesTests(WagtailPageTestCase):
    """Drafts, unpublished and private news never reach anonymous readers."""

    @classmethod
    def setUpTestData(cls):
        cls.home = HomePageFactory()
        cls.visible = ArticlePageFactory(title="Synlig nyhet", date=datetime.date(2020, 1, 1))
        future = datetime.date(2030, 1, 1)
        cls.draft = ArticlePageFactory(
            title="Utkast", intro="Hemlig ingress utkast.", date=future, live=False
        )
        cls.unpublished = ArticlePageFactory(
            title="Avpublicerad", intro="Hemlig ingress avpublicerad.", date=future
        )
        cls.unpublished.unpublish()
        cls.login_only = ArticlePageFactory(
            title="Inloggade", intro="Hemlig ingress inloggade.", date=future
        )
        PageViewRestriction.objects.create(
            page=cls.login_only, restriction_type=PageViewRestriction.LOGIN
        )
        cls.password = ArticlePageFactory(
            title="Lösenord", intro="Hemlig ingress lösenord.", date=future
        )
        PageViewRestriction.objects.create(
            page=cls.password, restriction_type=PageViewRestriction.PASSWORD, password="hemligt"
        )
        cls.hidden = [cls.draft, cls.unpublished, cls.login_only, cls.password]

    def test_not_on_the_home_page(self):
        response = self.client.get(self.home.url)

        self.assertEqual(list(response.context["latest_articles"]), [self.visible])
        for page in self.hidden:
            with self.subTest(page=page.title):
                self.assertNotContains(response, page.intro)

    def test_not_in_the_news_index(self):
        response = self.client.get(self.visible.get_parent().url)

        self.assertEqual(list(response.context["articles"]), [self.visible])
        for page in self.hidden:
            with self.subTest(page=page.title):
                self.assertNotContains(response, page.intro)
                self.assertNotContains(response, page.url or f"/{page.slug}/")

    def test_drafts_and_unpublished_are_not_found(self):
        for page in (self.draft, self.unpublished):
            with self.subTest(page=page.title):
                url = f"{self.visible.get_parent().url}{page.slug}/"
                self.assertEqual(self.client.get(url).status_code, 404)

    def test_private_pages_do_not_show_their_content(self):
        login_response = self.client.get(self.login_only.url)
        self.assertEqual(login_response.status_code, 302)
        self.assertIn("login", login_response["Location"])

        password_response = self.client.get(self.password.url)
        self.assertNotContains(password_response, self.password.intro)
