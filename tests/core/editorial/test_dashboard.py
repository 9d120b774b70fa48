"""The dashboard's panels: remissvar due soon, conferences to come, applications waiting and
what was published last; each with a query count that does not grow with its items."""

from __future__ import annotations

import datetime

import time_machine
from django.test import RequestFactory, TestCase
from django.urls import reverse

from consultation_responses.admin_panels import UpcomingDeadlinesPanel
from consultation_responses.models import ResponseStatus
from core.editorial.dashboard import RecentlyPublishedPanel
from events.admin_panels import UpcomingEventsPanel
from members.admin_panels import WaitingApplicationsPanel
from tests.core.editorial.helpers import board_member, editor, secretary
from tests.factories.articles import ArticleIndexPageFactory, ArticlePageFactory
from tests.factories.consultation_responses import (
    ConsultationResponseIndexPageFactory,
    ConsultationResponsePageFactory,
)
from tests.factories.core import english_locale, translate_page
from tests.factories.events import STOCKHOLM, EventIndexPageFactory, EventPageFactory
from tests.factories.members import MembershipApplicationFactory

TODAY = datetime.date(2026, 12, 1)
NOW = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=STOCKHOLM)


def panel_titles(panel, user) -> list[str]:
    request = RequestFactory().get("/admin/")
    request.user = user
    return [str(item) for item in panel.get_context_data({"request": request})["items"]]


@time_machine.travel(NOW, tick=False)
class DashboardTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.secretary = secretary()
        cls.editor = editor()
        index = ConsultationResponseIndexPageFactory()

        def response(title, days, **fields):
            return ConsultationResponsePageFactory(
                parent=index,
                title=title,
                deadline=TODAY + datetime.timedelta(days=days),
                sent_date=None,
                status=fields.pop("status", ResponseStatus.DRAFTING),
                **fields,
            )

        cls.soon = response("Om tio dagar", 10, live=False)
        cls.overdue = response("För tre dagar sedan", -3)
        response("Om fyrtio dagar", 40)
        response("Redan skickat", 5, status=ResponseStatus.SENT)
        response("Länge sedan", -30)
        english_locale()
        translate_page(cls.soon, title="In ten days")

        events = EventIndexPageFactory()
        EventPageFactory(
            parent=events,
            title="Rikskonferens 2027",
            start=datetime.datetime(2027, 4, 20, 10, 0, tzinfo=STOCKHOLM),
            registration_opens=NOW - datetime.timedelta(days=1),
            registration_closes=NOW + datetime.timedelta(days=60),
        )
        EventPageFactory(
            parent=events,
            title="Höstmöte 2026",
            start=datetime.datetime(2026, 11, 19, 10, 0, tzinfo=STOCKHOLM),
        )

        MembershipApplicationFactory(municipality_name="Krokom")
        MembershipApplicationFactory(municipality_name="Bjurholm", handled=True)

    def test_remissvar_due_within_30_days_and_not_sent(self):
        self.assertEqual(
            panel_titles(UpcomingDeadlinesPanel(), self.secretary),
            ["För tre dagar sedan", "Om tio dagar"],
        )

    def test_upcoming_conferences_with_registration_status(self):
        self.client.force_login(self.secretary)
        html = self.client.get(reverse("wagtailadmin_home")).content.decode()
        self.assertIn("Rikskonferens 2027", html)
        self.assertIn("Anmäl dig senast", html)
        self.assertNotIn("Höstmöte 2026", html)

    def test_the_dashboard_shows_the_panels_to_the_secretariat(self):
        self.client.force_login(self.secretary)
        html = self.client.get(reverse("wagtailadmin_home")).content.decode()
        for heading in (
            "Medlemsansökningar att behandla",
            "Remissvar med sista svarsdag snart",
            "Kommande konferenser",
            "Senast publicerat",
        ):
            self.assertIn(heading, html)
        self.assertIn("om 10 dagar", html)
        self.assertIn("3 dagar sedan", html)
        self.assertIn("Krokom", html)
        self.assertNotIn("Bjurholm", html)

    def test_applications_are_the_secretariats_alone(self):
        self.client.force_login(self.editor)
        html = self.client.get(reverse("wagtailadmin_home")).content.decode()
        self.assertNotIn("Medlemsansökningar att behandla", html)
        self.assertNotIn("Krokom", html)

    def test_the_board_reads_deadlines_without_links_to_the_editor(self):
        self.client.force_login(board_member())
        html = self.client.get(reverse("wagtailadmin_home")).content.decode()
        self.assertIn("Om tio dagar", html)
        self.assertNotIn(reverse("wagtailadmin_pages:edit", args=[self.soon.pk]), html)
        self.assertNotIn("Senast publicerat", html)

    def test_recently_published_newest_first_without_drafts(self):
        titles = panel_titles(RecentlyPublishedPanel(), self.secretary)
        self.assertEqual(titles[0], "In ten days")
        self.assertNotIn("Om tio dagar", titles)


class DashboardQueryTests(TestCase):
    """Each panel's queries are fixed: the same with one item as with many."""

    EXPECTED = {
        # Whether the user may see applications (their permissions, then the groups'), the
        # items, how many in all.
        WaitingApplicationsPanel: 4,
        # The default locale, the items, how many, and whether the user may edit pages.
        UpcomingDeadlinesPanel: 4,
        UpcomingEventsPanel: 4,
        # Whether the user may edit pages, the items, how many.
        RecentlyPublishedPanel: 3,
    }

    def make_items(self, count: int) -> None:
        responses = ConsultationResponseIndexPageFactory()
        events = EventIndexPageFactory()
        ArticleIndexPageFactory()
        for n in range(count):
            ConsultationResponsePageFactory(
                parent=responses,
                deadline=TODAY + datetime.timedelta(days=n % 20),
                sent_date=None,
                status=ResponseStatus.DRAFTING,
            )
            EventPageFactory(parent=events, start=NOW + datetime.timedelta(days=n + 1))
            MembershipApplicationFactory()
            ArticlePageFactory().save_revision().publish()

    def assert_queries(self, count: int) -> None:
        user = secretary()
        with time_machine.travel(NOW, tick=False):
            self.make_items(count)
            for panel_class, expected in self.EXPECTED.items():
                request = RequestFactory().get("/admin/")
                # A fresh user each time: Wagtail caches page permissions on the user object.
                request.user = type(user).objects.get(pk=user.pk)
                with self.subTest(panel=panel_class.__name__, items=count):
                    with self.assertNumQueries(expected):
                        html = panel_class().render_html({"request": request})
                    self.assertIn("<table", html)

    def test_with_one_item(self):
        self.assert_queries(1)

    def test_with_many_items(self):
        self.assert_queries(12)
