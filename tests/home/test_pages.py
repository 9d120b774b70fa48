"""The home page, standard pages and the film page: tree rules, editing, rendering, behaviour."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.models import Page, PageViewRestriction
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from articles.models import ArticleIndexPage
from consultation_responses.models import ConsultationResponseIndexPage
from events.models import EventIndexPage
from home.models import HomePage, StandardPage, VideoPage
from members.models import MembershipApplicationPage, MembersPage
from tests.factories.articles import ArticlePageFactory
from tests.factories.consultation_responses import ConsultationResponsePageFactory
from tests.factories.core import DocumentFactory, ImageFactory
from tests.factories.home import HomePageFactory, StandardPageFactory, VideoPageFactory


def titles_in_order(html: str, titles: list[str]) -> list[str]:
    """The given titles that occur in ``html``, in the order of their first occurrence."""
    present = [title for title in titles if title in html]
    return sorted(present, key=html.index)


class TreeRulesTests(WagtailPageTestCase):
    """Where each page type may live, and the singletons."""

    def test_home_page_lives_only_at_the_root(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertCanCreateAt(Page, HomePage)
        self.assertCanNotCreateAt(HomePage, HomePage)
        self.assertCanNotCreateAt(StandardPage, HomePage)

    def test_home_page_creatable_children(self):
        self.assertEqual(
            set(HomePage.creatable_subpage_models()),
            {
                StandardPage,
                VideoPage,
                ArticleIndexPage,
                ConsultationResponseIndexPage,
                EventIndexPage,
                MembersPage,
                MembershipApplicationPage,
            },
        )

    def test_home_page_children(self):
        self.assertAllowedSubpageTypes(
            HomePage,
            {
                StandardPage,
                VideoPage,
                ArticleIndexPage,
                ConsultationResponseIndexPage,
                EventIndexPage,
                MembersPage,
                MembershipApplicationPage,
            },
        )

    def test_home_page_is_a_singleton(self):
        root = Page.get_first_root_node()
        home = HomePageFactory()

        self.assertEqual(HomePage.max_count, 1)
        self.assertEqual(home.slug, "home")
        # The type may sit at the root, but the migration's home page uses up the one allowed.
        self.assertCanCreateAt(Page, HomePage)
        self.assertFalse(HomePage.can_create_at(root))

    def test_standard_page_rules(self):
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})
        self.assertAllowedSubpageTypes(StandardPage, {StandardPage})
        self.assertCanCreateAt(HomePage, StandardPage)
        self.assertCanCreateAt(StandardPage, StandardPage)
        self.assertCanNotCreateAt(ArticleIndexPage, StandardPage)
        self.assertCanNotCreateAt(Page, StandardPage)

    def test_video_page_rules(self):
        self.assertAllowedParentPageTypes(VideoPage, {HomePage})
        self.assertAllowedSubpageTypes(VideoPage, set())
        self.assertCanCreateAt(HomePage, VideoPage)
        self.assertCanNotCreateAt(StandardPage, VideoPage)
        self.assertCanNotCreateAt(VideoPage, StandardPage)

    def test_only_one_video_page_per_home_page(self):
        home = HomePageFactory()
        self.assertTrue(VideoPage.can_create_at(home))

        VideoPageFactory(parent=home)

        self.assertFalse(VideoPage.can_create_at(home))
        self.assertTrue(StandardPage.can_create_at(home))

    def test_admin_refuses_a_second_home_page(self):
        self.login()
        root = Page.get_first_root_node()

        response = self.client.get(
            reverse("wagtailadmin_pages:add", args=["home", "homepage", root.pk])
        )

        self.assertIn(response.status_code, {302, 403})
        self.assertEqual(HomePage.objects.count(), 1)


class CreateInAdminTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = HomePageFactory()
        cls.poster = ImageFactory()

    def setUp(self):
        self.user = self.login()

    def test_create_standard_page(self):
        self.assertCanCreate(
            self.home,
            StandardPage,
            nested_form_data(
                {
                    "title": "Om SmåKom",
                    "intro": "SmåKom bildades 1989.",
                    "body": streamfield(
                        [
                            ("heading", {"text": "Styrelsen", "level": "h2"}),
                            ("paragraph", rich_text("<p>Ett nätverk av små kommuner.</p>")),
                            ("quote", {"quote": "Små kommuner, stora frågor.", "attribution": ""}),
                            ("link", {"text": "Bli medlem", "page": "", "url": "https://a.se/"}),
                        ]
                    ),
                    "comments": inline_formset([]),
                }
            ),
        )

        page = StandardPage.objects.get(slug="om-smakom")
        self.assertTrue(page.live)
        self.assertEqual(
            [block.block_type for block in page.body], ["heading", "paragraph", "quote", "link"]
        )
        self.assertEqual(page.body[0].value["text"], "Styrelsen")

    def test_link_block_with_neither_page_nor_url_is_rejected_in_the_admin(self):
        with self.assertRaisesMessage(AssertionError, "Validation errors"):
            self.assertCanCreate(
                self.home,
                StandardPage,
                nested_form_data(
                    {
                        "title": "Kontakt",
                        "body": streamfield([("link", {"text": "Läs", "page": "", "url": ""})]),
                        "comments": inline_formset([]),
                    }
                ),
            )
        self.assertFalse(StandardPage.objects.filter(slug="kontakt").exists())

    def test_create_video_page(self):
        self.assertCanCreate(
            self.home,
            VideoPage,
            nested_form_data(
                {
                    "title": "Bo på landet",
                    "intro": "En film.",
                    "quote": "Allt du kan göra i stan kan du göra på landsbygden.",
                    "embed_url": "https://www.youtube.com/watch?v=abc",
                    "poster": self.poster.pk,
                    "transcript": rich_text("<p>Textversion.</p>"),
                    "comments": inline_formset([]),
                }
            ),
        )

        page = VideoPage.objects.get(slug="bo-pa-landet")
        self.assertEqual(page.poster, self.poster)
        self.assertEqual(page.embed_url, "https://www.youtube.com/watch?v=abc")


class VideoPageValidationTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.video = VideoPageFactory()

    def test_video_file_must_be_a_film(self):
        self.video.video_file = DocumentFactory()

        with self.assertRaises(ValidationError) as caught:
            self.video.full_clean()
        self.assertEqual(list(caught.exception.message_dict), ["video_file"])

    def test_mp4_video_file_is_accepted(self):
        self.video.video_file = DocumentFactory(
            file__filename="bo-pa-landet.mp4", file__data=b"\x00" * 32
        )

        self.video.full_clean()


class RenderingTests(WagtailPageTestCase):
    """Every page type routes, renders for anonymous readers and previews in the admin."""

    @classmethod
    def setUpTestData(cls):
        cls.home = HomePageFactory()
        cls.standard = StandardPageFactory(
            parent=cls.home,
            title="Om SmåKom",
            body__0__paragraph__value="<p>Föreningen bildades 1989.</p>",
            body__1="heading",
            body__2="image",
            body__3="quote",
            body__4="document",
            body__5="link",
        )
        cls.subpage = StandardPageFactory(
            parent=cls.standard, title="Styrelsen", show_in_menus=True
        )
        cls.video = VideoPageFactory(parent=cls.home)

    def test_pages_are_routable(self):
        for page in (self.home, self.standard, self.subpage, self.video):
            with self.subTest(page=page):
                self.assertPageIsRoutable(page)

    def test_pages_are_renderable(self):
        for page in (self.home, self.standard, self.subpage, self.video):
            with self.subTest(page=page):
                self.assertPageIsRenderable(page)

    def test_home_page_is_previewable(self):
        self.assertPageIsPreviewable(
            self.home,
            post_data=nested_form_data(
                {
                    "title": "SmåKom",
                    "slug": "home",
                    "intro": "Förhandsvisning av startsidan.",
                    "body": streamfield([("paragraph", rich_text("<p>Mer om oss.</p>"))]),
                    "comments": inline_formset([]),
                }
            ),
        )

    def test_standard_page_is_previewable(self):
        self.assertPageIsPreviewable(
            self.standard,
            post_data=nested_form_data(
                {
                    "title": "Om SmåKom",
                    "slug": self.standard.slug,
                    "intro": "Förhandsvisning.",
                    "body": streamfield(
                        [
                            ("heading", {"text": "Styrelsen", "level": "h3"}),
                            ("paragraph", rich_text("<p>Text.</p>")),
                        ]
                    ),
                    "comments": inline_formset([]),
                }
            ),
        )

    def test_video_page_is_previewable(self):
        self.assertPageIsPreviewable(self.video)

    def test_standard_page_shows_its_body_and_subpages(self):
        response = self.client.get(self.standard.url)

        self.assertContains(response, "Föreningen bildades 1989.")
        self.assertContains(response, "Styrelsen")
        self.assertEqual(list(response.context["subpages"]), [self.subpage])


class VideoPageTests(WagtailPageTestCase):
    """The film page never errors when its embed cannot be fetched (no internet in tests)."""

    @classmethod
    def setUpTestData(cls):
        cls.home = HomePageFactory()
        cls.video = VideoPageFactory(
            parent=cls.home, embed_url="https://www.youtube.com/watch?v=abc"
        )

    def test_unfetchable_embed_shows_poster_and_a_link(self):
        response = self.client.get(self.video.url)

        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'href="https://www.youtube.com/watch?v=abc"')
        self.assertContains(response, self.video.poster.file.name.rsplit("/", 1)[-1].split(".")[0])
        self.assertContains(response, "Allt du kan göra i stan kan du göra på landsbygden.")

    def test_without_any_film_the_page_still_renders(self):
        self.video.embed_url = ""
        self.video.save()

        response = self.client.get(self.video.url)

        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Bo på landet")
        self.assertNotContains(response, "youtube.com")

    def test_home_page_shows_the_film(self):
        response = self.client.get(self.home.url)

        self.assertEqual(response.context["film"], self.video)
        self.assertContains(response, self.video.url)


class HomePageNewsTests(WagtailPageTestCase):
    """The home page lists the latest news, newest first, and never hidden pages."""

    @classmethod
    def setUpTestData(cls):
        cls.home = HomePageFactory()
        base = datetime.date(2024, 1, 1)
        # Created in shuffled date order, so the order on the page comes from the dates.
        cls.articles = {
            offset: ArticlePageFactory(
                title=f"Nyhet från dag {offset:02d}", date=base + datetime.timedelta(days=offset)
            )
            for offset in (3, 0, 12, 6, 1, 9, 5, 11, 2, 10, 4, 8, 7)
        }
        future = base + datetime.timedelta(days=100)
        cls.draft = ArticlePageFactory(title="Utkast till nyhet", date=future, live=False)
        cls.unpublished = ArticlePageFactory(title="Avpublicerad nyhet", date=future)
        cls.unpublished.unpublish()
        cls.private = ArticlePageFactory(title="Nyhet för inloggade", date=future)
        PageViewRestriction.objects.create(
            page=cls.private, restriction_type=PageViewRestriction.LOGIN
        )
        cls.response = ConsultationResponsePageFactory(title="Svar om kommunal ekonomi")

    def test_latest_ten_articles_newest_first_in_context(self):
        response = self.client.get(self.home.url)

        self.assertEqual(
            [page.title for page in response.context["latest_articles"]],
            [f"Nyhet från dag {offset:02d}" for offset in range(12, 2, -1)],
        )

    def test_latest_articles_in_html_order(self):
        html = self.client.get(self.home.url).content.decode()

        all_titles = [f"Nyhet från dag {offset:02d}" for offset in range(13)]
        self.assertEqual(
            titles_in_order(html, all_titles),
            [f"Nyhet från dag {offset:02d}" for offset in range(12, 2, -1)],
        )

    def test_hidden_articles_are_not_listed(self):
        response = self.client.get(self.home.url)

        for page in (self.draft, self.unpublished, self.private):
            with self.subTest(page=page.title):
                self.assertNotIn(page, list(response.context["latest_articles"]))
                self.assertNotContains(response, page.title)

    def test_latest_responses_and_indexes_in_context(self):
        response = self.client.get(self.home.url)

        self.assertEqual(list(response.context["latest_responses"]), [self.response])
        self.assertContains(response, "Svar om kommunal ekonomi")
        self.assertEqual(response.context["article_index"], self.draft.get_parent().specific)
        self.assertEqual(response.context["response_index"], self.response.get_parent().specific)


class HomePageWithoutContentTests(WagtailPageTestCase):
    def test_home_page_renders_with_no_news_no_responses_and_no_film(self):
        home = HomePageFactory()

        response = self.client.get(home.url)

        self.assertEqual(response.status_code, 200)
        self.assertEqual(list(response.context["latest_articles"]), [])
        self.assertIsNone(response.context["film"])
        self.assertIsNone(response.context["article_index"])
