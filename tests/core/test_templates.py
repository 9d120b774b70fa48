"""The public site's shared templates: links to chosen pages, menu, breadcrumbs, banner, footer,
metadata (canonical URL, hreflang), the film teaser, aria-current and the stylesheet."""

from __future__ import annotations

import datetime
import re
from contextlib import contextmanager
from pathlib import Path

from bs4 import BeautifulSoup
from django.conf import settings
from django.template import engines
from django.test import RequestFactory
from wagtail.models import PageViewRestriction, Site
from wagtail.test.utils import WagtailPageTestCase

from core import blocks as core_blocks
from home.models import OrganisationSettings
from tests.factories.articles import ArticleIndexPageFactory, ArticlePageFactory
from tests.factories.core import DocumentFactory, ImageFactory, LinkBlockFactory
from tests.factories.home import HomePageFactory, StandardPageFactory, VideoPageFactory

# Where a view restriction sits relative to the linked page, and of which kind.
RESTRICTIONS = [
    ("target", PageViewRestriction.PASSWORD),
    ("target", PageViewRestriction.LOGIN),
    ("parent", PageViewRestriction.PASSWORD),
    ("parent", PageViewRestriction.LOGIN),
]


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def restrict(page, restriction_type: str) -> PageViewRestriction:
    return PageViewRestriction.objects.create(
        page=page,
        restriction_type=restriction_type,
        password="hemligt" if restriction_type == PageViewRestriction.PASSWORD else "",
    )


class RestrictedTargetMixin:
    """A target page ("Tillgänglighetsredogörelse") under a section ("Om SmåKom")."""

    @classmethod
    def setUpTestData(cls):
        cls.home = HomePageFactory()
        cls.section = StandardPageFactory(parent=cls.home, title="Om SmåKom", body=[])
        cls.target = StandardPageFactory(
            parent=cls.section, title="Tillgänglighetsredogörelse", body=[]
        )

    @contextmanager
    def restricted(self, where: str, restriction_type: str):
        """A view restriction on the target or its parent, for the ``with`` block only."""
        restriction = restrict(self.target if where == "target" else self.section, restriction_type)
        try:
            yield
        finally:
            restriction.delete()


# --- Links to chosen pages: only live and public ones ---------------------------------------------


class BannerTests(RestrictedTargetMixin, WagtailPageTestCase):
    """The home page's notice: its text always, its link only to a live, public page."""

    TEXT = "Nästa Höstmöte i Bromma 22–23 november. Anmälan är nu stängd"

    def banner(self):
        response = self.client.get(self.home.url)
        self.assertEqual(response.status_code, 200)
        return soup(response).find("section", class_="banner")

    def set_banner(self, text="", link=None):
        self.home.banner_text = text
        self.home.banner_link = link
        self.home.save()

    def test_no_banner_without_text(self):
        self.set_banner(text="", link=self.target)

        self.assertIsNone(self.banner())

    def test_text_without_link(self):
        self.set_banner(text=self.TEXT)

        banner = self.banner()
        self.assertEqual(banner.get_text(strip=True), self.TEXT)
        self.assertIsNone(banner.find("a"))

    def test_links_to_a_live_public_page(self):
        self.set_banner(text=self.TEXT, link=self.target)

        link = self.banner().find("a")
        self.assertEqual(link["href"], self.target.url)
        self.assertEqual(link.get_text(strip=True), self.TEXT)

    def test_no_link_to_a_restricted_page(self):
        self.set_banner(text=self.TEXT, link=self.target)

        for where, restriction_type in RESTRICTIONS:
            with (
                self.subTest(on=where, restriction=restriction_type),
                self.restricted(where, restriction_type),
            ):
                banner = self.banner()
                self.assertEqual(banner.get_text(strip=True), self.TEXT)
                self.assertIsNone(banner.find("a"))

    def test_no_link_to_a_draft(self):
        self.target.unpublish()
        self.set_banner(text=self.TEXT, link=self.target)

        banner = self.banner()
        self.assertEqual(banner.get_text(strip=True), self.TEXT)
        self.assertIsNone(banner.find("a"))


class FooterTests(RestrictedTargetMixin, WagtailPageTestCase):
    """The association's contact details and the accessibility statement, on every page."""

    def setUp(self):
        self.organisation = OrganisationSettings.for_site(Site.objects.get(is_default_site=True))
        self.organisation.name = "SmåKom – De små kommunernas samverkan"
        self.organisation.address = "Box 123\n123 45 Småstad"
        self.organisation.phone = "070-123 45 67"
        self.organisation.email = "info@smakom.se"
        self.organisation.accessibility_statement = self.target
        self.organisation.save()

    def footer(self, page=None):
        response = self.client.get((page or self.home).url)
        self.assertEqual(response.status_code, 200)
        return soup(response).find("footer", class_="site-footer")

    def statement_links(self, footer):
        return [
            link
            for link in footer.find_all("a")
            if link.get_text(strip=True) == "Tillgänglighetsredogörelse"
        ]

    def test_contact_details(self):
        footer = self.footer()

        self.assertEqual(footer.find("h2").get_text(strip=True), self.organisation.name)
        self.assertIn("Box 123", footer.address.get_text())
        self.assertIn("123 45 Småstad", footer.address.get_text())
        phone = footer.find("a", href=re.compile("^tel:"))
        self.assertEqual(phone["href"], "tel:0701234567")
        self.assertEqual(phone.get_text(strip=True), "070-123 45 67")
        email = footer.find("a", href=re.compile("^mailto:"))
        self.assertEqual(email["href"], "mailto:info@smakom.se")

    def test_on_every_page(self):
        footer = self.footer(self.section)

        self.assertEqual(footer.find("h2").get_text(strip=True), self.organisation.name)
        self.assertEqual(len(self.statement_links(footer)), 1)

    def test_links_to_a_public_accessibility_statement(self):
        links = self.statement_links(self.footer())

        self.assertEqual([link["href"] for link in links], [self.target.url])

    def test_no_link_to_a_restricted_statement(self):
        for where, restriction_type in RESTRICTIONS:
            with (
                self.subTest(on=where, restriction=restriction_type),
                self.restricted(where, restriction_type),
            ):
                self.assertEqual(self.statement_links(self.footer()), [])

    def test_no_link_to_a_draft_statement(self):
        self.target.unpublish()

        self.assertEqual(self.statement_links(self.footer()), [])

    def test_no_link_without_a_statement(self):
        self.organisation.accessibility_statement = None
        self.organisation.save()

        self.assertEqual(self.statement_links(self.footer()), [])


class LinkBlockTests(RestrictedTargetMixin, WagtailPageTestCase):
    """A body's link block links to a chosen page only while readers may see it."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.page = StandardPageFactory(
            parent=cls.home,
            title="Kontakt",
            body__0__link__text="Läs redogörelsen",
            body__0__link__page=cls.target,
            body__0__link__url="",
        )

    def links(self):
        response = self.client.get(self.page.url)
        self.assertEqual(response.status_code, 200)
        return soup(response).select(".link-block a")

    def test_links_to_a_public_page(self):
        links = self.links()

        self.assertEqual([link["href"] for link in links], [self.target.url])
        self.assertEqual(links[0].get_text(strip=True), "Läs redogörelsen")

    def test_no_link_to_a_restricted_page(self):
        for where, restriction_type in RESTRICTIONS:
            with (
                self.subTest(on=where, restriction=restriction_type),
                self.restricted(where, restriction_type),
            ):
                self.assertEqual(self.links(), [])

    def test_no_link_to_a_draft(self):
        self.target.unpublish()

        self.assertEqual(self.links(), [])

    def test_rendered_without_a_request_too(self):
        value = LinkBlockFactory(text="Läs redogörelsen", page=self.target, url="")
        restrict(self.section, PageViewRestriction.LOGIN)

        self.assertNotIn("Läs redogörelsen", core_blocks.LinkBlock().render(value))


class IsPublicTagTests(RestrictedTargetMixin, WagtailPageTestCase):
    """The ``is_public`` tag agrees with Wagtail's ``Page.get_view_restrictions``, aliases too."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # An alias of the section elsewhere in the tree: restricted by its source's restriction.
        cls.alias = cls.section.create_alias(update_slug="om-smakom-kopia")

    def is_public(self, page) -> bool:
        template = engines["django"].from_string(
            "{% load visibility_tags %}{% is_public page as public %}{{ public }}"
        )
        return template.render({"page": page, "request": RequestFactory().get("/")}) == "True"

    def test_agrees_with_wagtail(self):
        pages = [self.home, self.section, self.target, self.alias]
        self.assertEqual([self.is_public(page) for page in pages], [True, True, True, True])
        self.assertFalse(self.is_public(None))

        for where, restriction_type in RESTRICTIONS:
            with (
                self.subTest(on=where, restriction=restriction_type),
                self.restricted(where, restriction_type),
            ):
                expected = [not page.get_view_restrictions().exists() for page in pages]
                self.assertEqual([self.is_public(page) for page in pages], expected)
                # The section's restriction reaches its alias; the target's does not.
                self.assertEqual(self.is_public(self.alias), where == "target")


# --- Canonical URL --------------------------------------------------------------------------------


class CanonicalUrlTests(WagtailPageTestCase):
    """The canonical URL (and og:url) names the page shown, never the page number asked for."""

    @classmethod
    def setUpTestData(cls):
        cls.index = ArticleIndexPageFactory()
        start = datetime.date(2024, 1, 1)
        cls.articles = [
            ArticlePageFactory(date=start + datetime.timedelta(days=number)) for number in range(12)
        ]

    def canonical(self, url, **params) -> str:
        response = self.client.get(url, params)
        self.assertEqual(response.status_code, 200)
        document = soup(response)
        canonical = document.find("link", rel="canonical")["href"]
        self.assertEqual(document.find("meta", property="og:url")["content"], canonical)
        return canonical

    def test_article_ignores_a_page_number(self):
        article = self.articles[0]

        self.assertEqual(self.canonical(article.url, page="7"), article.full_url)

    def test_first_page_of_the_listing(self):
        self.assertEqual(self.canonical(self.index.url), self.index.full_url)
        self.assertEqual(self.canonical(self.index.url, page="1"), self.index.full_url)

    def test_second_page_of_the_listing(self):
        self.assertEqual(self.canonical(self.index.url, page="2"), f"{self.index.full_url}?page=2")

    def test_out_of_range_page_names_the_last_page_shown(self):
        self.assertEqual(
            self.canonical(self.index.url, page="999"), f"{self.index.full_url}?page=2"
        )

    def test_malformed_page_number_names_the_page_shown(self):
        # Not a number: the first page is shown; out of range: the last one.
        expected = {"abc": "", "2.5": "", "\x00": "", "-1": "?page=2", "0": "?page=2"}
        for value, query in expected.items():
            with self.subTest(page=value):
                self.assertEqual(
                    self.canonical(self.index.url, page=value), f"{self.index.full_url}{query}"
                )


# --- Menu, breadcrumbs and aria-current -----------------------------------------------------------


class NavigationTests(WagtailPageTestCase):
    """The main menu, the breadcrumbs and the one aria-current="page" per page."""

    @classmethod
    def setUpTestData(cls):
        cls.home = HomePageFactory()
        cls.about = StandardPageFactory(parent=cls.home, title="Om SmåKom", show_in_menus=True)
        cls.board = StandardPageFactory(parent=cls.about, title="Styrelsen", show_in_menus=True)
        cls.minutes = StandardPageFactory(parent=cls.board, title="Protokoll")
        cls.contact = StandardPageFactory(parent=cls.home, title="Kontakt", show_in_menus=True)
        cls.hidden = StandardPageFactory(parent=cls.home, title="Inte i menyn")
        cls.draft = StandardPageFactory(
            parent=cls.home, title="Utkast i menyn", show_in_menus=True, live=False
        )
        cls.login_only = StandardPageFactory(
            parent=cls.home, title="Inloggade i menyn", show_in_menus=True
        )
        restrict(cls.login_only, PageViewRestriction.LOGIN)
        cls.password = StandardPageFactory(
            parent=cls.home, title="Lösenord i menyn", show_in_menus=True
        )
        restrict(cls.password, PageViewRestriction.PASSWORD)

    def get(self, wagtail_page, **params) -> BeautifulSoup:
        response = self.client.get(wagtail_page.url, params)
        self.assertEqual(response.status_code, 200)
        return soup(response)

    def menu(self, document) -> list[tuple[str, str, str | None]]:
        """(title, href, aria-current) of each menu link."""
        nav = document.find("nav", class_="site-nav")
        return [
            (link.get_text(strip=True), link["href"], link.get("aria-current"))
            for link in nav.find_all("a")
        ]

    def breadcrumbs(self, document) -> list[tuple[str, str | None, str | None]]:
        """(text, href, aria-current) of each breadcrumb item."""
        nav = document.find("nav", class_="breadcrumbs")
        if nav is None:
            return []
        items = []
        for item in nav.find_all("li"):
            link = item.find("a")
            current = item.find(attrs={"aria-current": True})
            items.append(
                (
                    item.get_text(strip=True),
                    link["href"] if link else None,
                    current["aria-current"] if current else None,
                )
            )
        return items

    def aria_current_pages(self, document) -> list:
        return document.find_all(attrs={"aria-current": "page"})

    def test_menu_lists_live_public_in_menu_children_of_the_home_page(self):
        menu = self.menu(self.get(self.home))

        self.assertEqual(
            [(title, href) for title, href, _current in menu],
            [("Om SmåKom", self.about.url), ("Kontakt", self.contact.url)],
        )

    def test_menu_on_the_home_page_marks_nothing_current(self):
        menu = self.menu(self.get(self.home))

        self.assertEqual([current for *_rest, current in menu], [None, None])

    def test_menu_marks_the_page_itself(self):
        document = self.get(self.about)

        self.assertEqual([current for *_rest, current in self.menu(document)], ["page", None])
        self.assertEqual(len(self.aria_current_pages(document)), 1)

    def test_menu_marks_the_section_of_a_subpage(self):
        for page in (self.board, self.minutes):
            with self.subTest(page=page.title):
                document = self.get(page)
                self.assertEqual(
                    [current for *_rest, current in self.menu(document)], ["true", None]
                )
                self.assertEqual(self.aria_current_pages(document), [])

    def test_breadcrumbs_run_from_home_to_the_current_page(self):
        crumbs = self.breadcrumbs(self.get(self.minutes))

        self.assertEqual(
            crumbs,
            [
                ("Start", self.home.url, None),
                ("Om SmåKom", self.about.url, None),
                ("Styrelsen", self.board.url, None),
                ("Protokoll", None, "location"),
            ],
        )

    def test_breadcrumbs_of_a_top_level_page(self):
        crumbs = self.breadcrumbs(self.get(self.about))

        self.assertEqual(crumbs, [("Start", self.home.url, None), ("Om SmåKom", None, "location")])

    def test_no_breadcrumbs_on_the_home_page(self):
        self.assertEqual(self.breadcrumbs(self.get(self.home)), [])

    def test_breadcrumbs_leave_out_an_ancestor_that_is_not_live(self):
        self.board.live = False
        self.board.save()

        crumbs = self.breadcrumbs(self.get(self.minutes))

        self.assertEqual(
            [text for text, _href, _current in crumbs], ["Start", "Om SmåKom", "Protokoll"]
        )

    def test_paginated_listing_leaves_aria_current_page_to_its_pagination(self):
        index = ArticleIndexPageFactory(parent=self.home, show_in_menus=True)
        for number in range(12):
            ArticlePageFactory(parent=index, date=datetime.date(2024, 1, 1 + number))

        for number in ("1", "2"):
            with self.subTest(page=number):
                document = self.get(index, page=number)
                menu = {title: current for title, _href, current in self.menu(document)}
                self.assertEqual(menu[index.title], "true")
                current = self.aria_current_pages(document)
                self.assertEqual(len(current), 1)
                self.assertIn("pagination__link", current[0]["class"])
                self.assertIn(number, current[0].get_text())

    def test_listing_on_one_page_marks_its_menu_item(self):
        index = ArticleIndexPageFactory(parent=self.home, show_in_menus=True)
        ArticlePageFactory(parent=index)

        document = self.get(index)

        current = self.aria_current_pages(document)
        self.assertEqual(len(current), 1)
        self.assertEqual(current[0].get_text(strip=True), index.title)


# --- The film teaser on the home page -------------------------------------------------------------


class FilmTeaserTests(WagtailPageTestCase):
    """The teaser promises a film only when there is one to play."""

    @classmethod
    def setUpTestData(cls):
        cls.home = HomePageFactory()
        cls.film = VideoPageFactory(parent=cls.home, poster=ImageFactory())

    def teaser(self):
        response = self.client.get(self.home.url)
        self.assertEqual(response.status_code, 200)
        return soup(response).find("section", class_="film-teaser")

    def set_film(self, embed_url="", video_file=None):
        self.film.embed_url = embed_url
        self.film.video_file = video_file
        self.film.save()

    def assert_promises_a_film(self, teaser):
        self.assertIsNotNone(teaser.find(class_="film-teaser__play"))
        button = teaser.find("a", class_="button")
        self.assertEqual(button.get_text(strip=True), "Se filmen Bo på landet")
        self.assertEqual(button["href"], self.film.url)

    def test_embedded_film(self):
        self.set_film(embed_url="https://www.youtube.com/watch?v=abc")

        self.assert_promises_a_film(self.teaser())

    def test_uploaded_film(self):
        self.set_film(
            video_file=DocumentFactory(file__filename="film.mp4", file__data=b"\x00" * 32)
        )

        self.assert_promises_a_film(self.teaser())

    def test_without_a_film_the_teaser_links_to_the_page_only(self):
        self.set_film()

        teaser = self.teaser()

        self.assertIsNone(teaser.find(class_="film-teaser__play"))
        self.assertNotIn("Se filmen", teaser.get_text())
        button = teaser.find("a", class_="button")
        self.assertEqual(button.get_text(strip=True), "Läs mer om Bo på landet")
        self.assertEqual(button["href"], self.film.url)
        self.assertIn(self.film.quote, teaser.get_text())


# --- The stylesheet -------------------------------------------------------------------------------

CSS = re.sub(
    r"/\*.*?\*/",
    "",
    (Path(settings.BASE_DIR) / "site" / "static" / "css" / "site.css").read_text(),
    flags=re.DOTALL,
)


def css_rules(selector: str) -> list[str]:
    """The declaration blocks of rules whose selector list contains ``selector``."""
    bodies = []
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", CSS):
        if selector in [part.strip() for part in selectors.split(",")]:
            bodies.append(body)
    return bodies


def css_color(value: str) -> str:
    """A hex colour, following ``var(--name)`` to the token."""
    value = value.strip()
    token = re.fullmatch(r"var\((--[\w-]+)\)", value)
    if token:
        return css_color(re.search(rf"{token.group(1)}:\s*([^;]+);", CSS).group(1))
    return value


def contrast(first: str, second: str) -> float:
    """WCAG 2.1 contrast ratio of two #rrggbb colours."""

    def luminance(colour: str) -> float:
        channels = [int(colour[index : index + 2], 16) / 255 for index in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_pagination_link_borders_contrast_3_to_1_with_the_page():
    borders = [
        match.group(1)
        for body in css_rules(".pagination__link")
        for match in [re.search(r"border:\s*\S+\s+solid\s+([^;]+);", body)]
        if match
    ]

    assert borders
    for border in borders:
        assert contrast(css_color(border), css_color("var(--color-bg)")) >= 3


def test_main_shows_no_highlight_when_the_skip_link_focuses_it():
    for selector in ('main[tabindex="-1"]:focus', 'main[tabindex="-1"]:focus-visible'):
        bodies = css_rules(selector)
        assert bodies, selector
        declarations = " ".join(bodies)
        assert re.search(r"background(-color)?:\s*(none|transparent)", declarations)
        assert re.search(r"box-shadow:\s*none", declarations)
        assert re.search(r"outline:\s*none", declarations)
    # Interactive elements keep the visible focus.
    focus_rules = css_rules("a:focus-visible")
    assert any("background-color: var(--color-focus)" in body for body in focus_rules)
