"""Remissvar: tree rules, editing in the admin, rendering, the filtered listing and the details."""

from __future__ import annotations

import datetime

from wagtail.models import Page, PageViewRestriction
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from articles.models import ArticleIndexPage
from consultation_responses.models import (
    ConsultationResponseIndexPage,
    ConsultationResponsePage,
    ResponseStatus,
)
from core.blocks import RICH_TEXT_FEATURES
from home.models import HomePage, StandardPage
from tests.factories.consultation_responses import (
    ConsultationResponseIndexPageFactory,
    ConsultationResponsePageFactory,
    MinistryFactory,
)
from tests.factories.core import DocumentFactory
from tests.factories.home import HomePageFactory


def response_form_data(ministry, document, **overrides) -> dict:
    data = {
        "title": "Spara i goda tider",
        "inquiry_reference": "SOU 2011:59",
        "inquiry_title": "Spara i goda tider – för en stabil kommunal verksamhet",
        "inquiry_author": "Kommunala stabiliseringsutredningen",
        "ministry": ministry.pk,
        "case_number": "Fi2011/4321",
        "deadline": "2011-11-01",
        "sent_date": "2011-10-28",
        "status": ResponseStatus.SENT.value,
        "summary": "SmåKom avstyrker en kommunstabiliseringsfond.",
        "points": streamfield(
            [
                (
                    "point",
                    {
                        "stance": "rejects",
                        "heading": "Kommunstabiliseringsfond",
                        "text": rich_text("<p>Nej till fonden.</p>", features=RICH_TEXT_FEATURES),
                        "proposal_reference": "p 2.3",
                    },
                ),
                (
                    "point",
                    {
                        "stance": "supports",
                        "heading": "Balanskravet",
                        "text": rich_text(
                            "<p>Ja till balanskravet.</p>", features=RICH_TEXT_FEATURES
                        ),
                        "proposal_reference": "",
                    },
                ),
            ]
        ),
        "background": rich_text("<p>Remissen kom i juli.</p>", features=RICH_TEXT_FEATURES),
        "response_document": document.pk,
        "outcome": "",
        "comments": inline_formset([]),
    }
    data.update(overrides)
    return nested_form_data(data)


class TreeRulesTests(WagtailPageTestCase):
    def test_response_index_rules(self):
        self.assertAllowedParentPageTypes(ConsultationResponseIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(ConsultationResponseIndexPage, {ConsultationResponsePage})
        self.assertCanCreateAt(HomePage, ConsultationResponseIndexPage)
        self.assertCanNotCreateAt(StandardPage, ConsultationResponseIndexPage)
        self.assertCanNotCreateAt(Page, ConsultationResponseIndexPage)

    def test_response_rules(self):
        self.assertAllowedParentPageTypes(ConsultationResponsePage, {ConsultationResponseIndexPage})
        self.assertAllowedSubpageTypes(ConsultationResponsePage, set())
        self.assertCanCreateAt(ConsultationResponseIndexPage, ConsultationResponsePage)
        self.assertCanNotCreateAt(HomePage, ConsultationResponsePage)
        self.assertCanNotCreateAt(ArticleIndexPage, ConsultationResponsePage)
        self.assertCanNotCreateAt(ConsultationResponsePage, ConsultationResponsePage)

    def test_only_one_response_index_per_home_page(self):
        home = HomePageFactory()
        self.assertTrue(ConsultationResponseIndexPage.can_create_at(home))

        index = ConsultationResponseIndexPageFactory(parent=home)

        self.assertFalse(ConsultationResponseIndexPage.can_create_at(home))
        self.assertTrue(ConsultationResponsePage.can_create_at(index))


class CreateInAdminTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.index = ConsultationResponseIndexPageFactory()
        cls.ministry = MinistryFactory(name="Finansdepartementet")
        cls.document = DocumentFactory()

    def setUp(self):
        self.login()

    def test_create_response(self):
        # Saved as a draft: nothing is published in the listing as it is created.
        self.assertCanCreate(
            self.index,
            ConsultationResponsePage,
            response_form_data(self.ministry, self.document),
            publish=False,
        )

        page = ConsultationResponsePage.objects.get(slug="spara-i-goda-tider")
        # Created; it goes live once the board has approved it (test_board_approval.py).
        self.assertFalse(page.live)
        self.assertEqual(page.inquiry_reference, "SOU 2011:59")
        self.assertEqual(page.ministry, self.ministry)
        self.assertEqual(page.sent_date, datetime.date(2011, 10, 28))
        self.assertEqual(page.status, ResponseStatus.SENT)
        self.assertEqual(page.response_document, self.document)
        self.assertEqual(
            [(point.value["stance"], point.value["heading"]) for point in page.points],
            [("rejects", "Kommunstabiliseringsfond"), ("supports", "Balanskravet")],
        )

    def test_unknown_status_is_rejected(self):
        with self.assertRaisesMessage(AssertionError, "status"):
            self.assertCanCreate(
                self.index,
                ConsultationResponsePage,
                response_form_data(self.ministry, self.document, status="lost"),
            )
        self.assertFalse(ConsultationResponsePage.objects.exists())


class ResponsePageTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.index = ConsultationResponseIndexPageFactory()
        cls.document = DocumentFactory(title="SmåKoms remissvar SOU 2011:59")
        cls.page = ConsultationResponsePageFactory(
            title="Spara i goda tider",
            inquiry_reference="SOU 2011:59",
            inquiry_title="Spara i goda tider – för en stabil kommunal verksamhet",
            ministry=MinistryFactory(name="Finansdepartementet"),
            case_number="Fi2011/4321",
            deadline=datetime.date(2011, 11, 1),
            sent_date=datetime.date(2011, 10, 28),
            status=ResponseStatus.SENT,
            response_document=cls.document,
            points__0__point__stance="rejects",
            points__0__point__heading="Kommunstabiliseringsfond",
            points__1__point__stance="supports",
            points__1__point__heading="Balanskravet",
            points__2__point__stance="comments",
            points__2__point__heading="Övrigt",
        )

    def test_routable_renderable_previewable(self):
        self.assertPageIsRoutable(self.index)
        self.assertPageIsRoutable(self.page)
        self.assertPageIsRenderable(self.index)
        self.assertPageIsRenderable(self.page)
        self.assertPageIsPreviewable(self.index)
        self.assertPageIsPreviewable(
            self.page,
            post_data=response_form_data(self.page.ministry, self.document, slug=self.page.slug),
        )

    def test_shows_the_inquiry_ministry_dates_and_status(self):
        response = self.client.get(self.page.url)

        for text in (
            "SOU 2011:59",
            "Spara i goda tider – för en stabil kommunal verksamhet",
            "Finansdepartementet",
            "Fi2011/4321",
            'datetime="2011-11-01"',
            'datetime="2011-10-28"',
            "Skickat",
        ):
            with self.subTest(text=text):
                self.assertContains(response, text)

    def test_shows_numbered_points_with_stances_in_order(self):
        html = self.client.get(self.page.url).content.decode()

        headings = ["Kommunstabiliseringsfond", "Balanskravet", "Övrigt"]
        positions = [html.index(heading) for heading in headings]
        self.assertEqual(positions, sorted(positions))
        stances = ["Avstyrker", "Tillstyrker", "Lämnar synpunkter"]
        stance_positions = [html.index(stance) for stance in stances]
        self.assertEqual(stance_positions, sorted(stance_positions))
        # Point n carries the number n before its heading.
        for number, heading in enumerate(headings, start=1):
            with self.subTest(point=number):
                before = html[: html.index(heading)]
                self.assertIn(f"{number}.", before[before.rindex("<h3") :])

    def test_links_the_signed_pdf(self):
        response = self.client.get(self.page.url)

        self.assertContains(response, f'href="{self.document.url}"')
        self.assertContains(response, "SmåKoms remissvar SOU 2011:59")
        self.assertEqual(self.client.get(self.document.url).status_code, 200)


class ResponseIndexFilterTests(WagtailPageTestCase):
    """The listing filters by year (sent date, else deadline), ministry and status."""

    @classmethod
    def setUpTestData(cls):
        cls.index = ConsultationResponseIndexPageFactory()
        finance = MinistryFactory(name="Finansdepartementet")
        social = MinistryFactory(name="Socialdepartementet")
        rural = MinistryFactory(name="Landsbygdsdepartementet")
        MinistryFactory(name="Utrikesdepartementet")  # Has no responses: not offered.
        cls.sent_2011 = ConsultationResponsePageFactory(
            title="Svar A",
            ministry=finance,
            sent_date=datetime.date(2011, 10, 28),
            deadline=datetime.date(2011, 11, 1),
            status=ResponseStatus.SENT,
        )
        cls.drafting_2012 = ConsultationResponsePageFactory(
            title="Svar B",
            ministry=social,
            sent_date=None,
            deadline=datetime.date(2012, 3, 1),
            status=ResponseStatus.DRAFTING,
        )
        cls.approved_2013 = ConsultationResponsePageFactory(
            title="Svar C",
            ministry=finance,
            # Sent just after the new year although the deadline was in the old one.
            sent_date=datetime.date(2013, 1, 2),
            deadline=datetime.date(2012, 12, 31),
            status=ResponseStatus.APPROVED,
        )
        cls.undated = ConsultationResponsePageFactory(
            title="Svar D",
            ministry=rural,
            sent_date=None,
            deadline=None,
            status=ResponseStatus.RECEIVED,
        )
        cls.draft = ConsultationResponsePageFactory(
            title="Svar utkast",
            summary="Hemlig sammanfattning utkast.",
            ministry=MinistryFactory(name="Kulturdepartementet"),
            sent_date=datetime.date(2014, 1, 1),
            live=False,
        )
        cls.private = ConsultationResponsePageFactory(
            title="Svar privat",
            summary="Hemlig sammanfattning privat.",
            ministry=finance,
            sent_date=datetime.date(2015, 1, 1),
        )
        PageViewRestriction.objects.create(
            page=cls.private, restriction_type=PageViewRestriction.LOGIN
        )
        cls.unpublished = ConsultationResponsePageFactory(
            title="Svar avpublicerat",
            summary="Hemlig sammanfattning avpublicerat.",
            sent_date=datetime.date(2016, 1, 1),
        )
        cls.unpublished.unpublish()

    def get(self, **params):
        response = self.client.get(self.index.url, params)
        self.assertEqual(response.status_code, 200)
        return response

    def titles(self, **params) -> list[str]:
        return [page.title for page in self.get(**params).context["responses"]]

    def test_unfiltered_newest_first_undated_last(self):
        response = self.get()

        self.assertEqual(
            [page.title for page in response.context["responses"]],
            ["Svar C", "Svar B", "Svar A", "Svar D"],
        )
        self.assertFalse(response.context["is_filtered"])
        html = response.content.decode()
        positions = [
            html.index(f"{title}</a>") for title in ("Svar C", "Svar B", "Svar A", "Svar D")
        ]
        self.assertEqual(positions, sorted(positions))

    def test_filter_choices_come_from_published_responses(self):
        context = self.get().context

        self.assertEqual(context["years"], [2013, 2012, 2011])
        self.assertEqual(
            [ministry.name for ministry in context["ministries"]],
            ["Finansdepartementet", "Landsbygdsdepartementet", "Socialdepartementet"],
        )
        self.assertEqual(
            [value for value, _label in context["statuses"]],
            ["received", "drafting", "approved", "sent"],
        )

    def test_year_uses_sent_date(self):
        self.assertEqual(self.titles(year="2013"), ["Svar C"])
        self.assertEqual(self.titles(year="2011"), ["Svar A"])

    def test_year_falls_back_to_deadline(self):
        self.assertEqual(self.titles(year="2012"), ["Svar B"])

    def test_ministry_filter(self):
        self.assertEqual(self.titles(ministry="finansdepartementet"), ["Svar C", "Svar A"])
        self.assertEqual(self.titles(ministry="landsbygdsdepartementet"), ["Svar D"])

    def test_status_filter(self):
        self.assertEqual(self.titles(status="drafting"), ["Svar B"])
        self.assertEqual(self.titles(status="received"), ["Svar D"])

    def test_combined_filters(self):
        response = self.get(year="2013", ministry="finansdepartementet", status="approved")

        self.assertEqual([page.title for page in response.context["responses"]], ["Svar C"])
        self.assertTrue(response.context["is_filtered"])
        self.assertEqual(
            response.context["filters"],
            {"year": "2013", "ministry": "finansdepartementet", "status": "approved"},
        )
        self.assertEqual(self.titles(year="2011", status="drafting"), [])

    def test_selected_filters_are_shown_in_the_form(self):
        response = self.get(year="2012", status="drafting")

        self.assertContains(response, '<option value="2012" selected>', html=False)
        self.assertContains(response, '<option value="drafting" selected>', html=False)

    def test_garbage_values_are_ignored_calmly(self):
        everything = ["Svar C", "Svar B", "Svar A", "Svar D"]
        for params in (
            {"year": "abc"},
            {"year": "-2012"},
            {"year": "20 12"},
            {"year": "\x00"},
            {"status": "lost"},
            {"status": "\x00"},
            {"status": "sent' OR 1=1 --"},
            {"year": "", "ministry": "", "status": ""},
            {"page": "abc"},
            {"page": "999"},
            {"page": "\x00"},
        ):
            with self.subTest(params=params):
                response = self.get(**params)
                self.assertEqual([page.title for page in response.context["responses"]], everything)
                self.assertFalse(response.context["is_filtered"])

    def test_unknown_ministry_or_year_finds_nothing_calmly(self):
        for params in (
            {"ministry": "finns-inte"},
            {"ministry": "x" * 5000},
            {"ministry": "<script>alert(1)</script>"},
            {"year": "1900"},
            {"year": "9999"},
        ):
            with self.subTest(params=params):
                response = self.get(**params)
                self.assertEqual(list(response.context["responses"]), [])
                self.assertContains(response, "Inga remissvar matchar filtret.")

    def test_year_that_is_not_four_digits_is_ignored_calmly(self):
        for year in ("10000", "9" * 20, "-2012", "12"):
            with self.subTest(year=year):
                self.assertEqual(self.titles(year=year), ["Svar C", "Svar B", "Svar A", "Svar D"])

    def test_nul_bytes_are_dropped(self):
        self.assertEqual(self.titles(status="draf\x00ting"), ["Svar B"])
        self.assertEqual(self.titles(year="2\x00012"), ["Svar B"])

    def test_superscript_digit_year_does_not_raise(self):
        self.assertEqual(self.titles(year="²"), ["Svar C", "Svar B", "Svar A", "Svar D"])

    def test_hidden_responses_never_listed(self):
        for params in ({}, {"year": "2014"}, {"year": "2015"}, {"year": "2016"}):
            with self.subTest(params=params):
                response = self.get(**params)
                for page in (self.draft, self.private, self.unpublished):
                    self.assertNotContains(response, page.title)
                if not params:
                    self.assertNotIn(2014, response.context["years"])
                    self.assertNotIn(2015, response.context["years"])

    def test_hidden_responses_not_on_the_home_page(self):
        response = self.client.get(HomePageFactory().url)

        self.assertEqual(
            [page.title for page in response.context["latest_responses"]],
            ["Svar C", "Svar B", "Svar A"],
        )
        for page in (self.draft, self.private, self.unpublished):
            self.assertNotContains(response, page.title)

    def test_hidden_responses_not_reachable_anonymously(self):
        for page in (self.draft, self.unpublished):
            with self.subTest(page=page.title):
                url = f"{self.index.url}{page.slug}/"
                self.assertEqual(self.client.get(url).status_code, 404)
        private = self.client.get(self.private.url)
        self.assertEqual(private.status_code, 302)
        self.assertNotContains(private, self.private.summary, status_code=302)
