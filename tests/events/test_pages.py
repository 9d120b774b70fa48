"""Conferences: tree rules, editing in the admin, rendering, listing, JSON-LD, the home banner."""

from __future__ import annotations

import datetime
import json
import re

import time_machine
from django.utils import translation
from wagtail.models import PageViewRestriction
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from core.blocks import RICH_TEXT_FEATURES
from events.models import EventIndexPage, EventPage
from home.models import HomePage, StandardPage
from tests.factories.events import STOCKHOLM, EventIndexPageFactory, EventPageFactory
from tests.factories.home import HomePageFactory

NOW = datetime.datetime(2030, 6, 1, 12, 0, tzinfo=STOCKHOLM)


def at(year: int, month: int, day: int, hour: int = 10) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, 0, tzinfo=STOCKHOLM)


def titles(html: str, css_class: str = "event-teaser__title") -> list[str]:
    return re.findall(rf'class="{css_class}"><a href="[^"]*">([^<]+)</a>', html)


class TreeRulesTests(WagtailPageTestCase):
    def test_index_lives_under_the_home_page_once(self):
        self.assertCanCreateAt(HomePage, EventIndexPage)
        self.assertCanNotCreateAt(StandardPage, EventIndexPage)
        self.assertAllowedSubpageTypes(EventIndexPage, {EventPage})
        self.assertAllowedParentPageTypes(EventIndexPage, {HomePage})
        index = EventIndexPageFactory()
        self.assertFalse(EventIndexPage.can_create_at(index.get_parent()))

    def test_events_live_under_the_index_and_are_leaves(self):
        self.assertCanCreateAt(EventIndexPage, EventPage)
        self.assertCanNotCreateAt(HomePage, EventPage)
        self.assertAllowedSubpageTypes(EventPage, {})


class CreateInAdminTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.index = EventIndexPageFactory()

    def setUp(self):
        self.login()

    def form_data(self, **overrides) -> dict:
        data = {
            "title": "Rikskonferens 2031",
            "slug": "rikskonferens-2031",
            "kind": "rikskonferens",
            "start": "2031-04-23 15:00",
            "end": "2031-04-25 12:00",
            "place": "Vadstena",
            "venue": "Vadstena Klosterhotel",
            "registration_opens": "2031-02-01 09:00",
            "registration_closes": "2031-04-01 23:59",
            "registration_url": "https://smakom.se/anmalan/",
            "intro": "Välkommen till Vadstena.",
            "body": streamfield(
                [("paragraph", rich_text("<p>Program.</p>", features=RICH_TEXT_FEATURES))]
            ),
        }
        data.update(overrides)
        return nested_form_data(data)

    def test_an_editor_can_create_an_event(self):
        self.assertCanCreate(self.index, EventPage, self.form_data())
        page = EventPage.objects.get(slug="rikskonferens-2031")
        self.assertEqual(page.local_start, at(2031, 4, 23, 15))

    def test_end_before_start_is_refused(self):
        with self.assertRaises(AssertionError):
            self.assertCanCreate(self.index, EventPage, self.form_data(end="2031-04-22 12:00"))

    def test_index_can_be_created(self):
        home = HomePageFactory()
        EventIndexPage.objects.all().delete()
        self.assertCanCreate(
            home, EventIndexPage, nested_form_data({"title": "Konferenser", "intro": ""})
        )


class RenderingTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.index = EventIndexPageFactory()
        cls.event = EventPageFactory(
            title="Rikskonferens 2030",
            start=at(2030, 9, 24, 15),
            end=at(2030, 9, 26, 12),
            place="Vadstena",
            venue="Vadstena Klosterhotel",
            registration_opens=at(2030, 5, 1),
            registration_closes=at(2030, 8, 31, 23),
            registration_url="https://smakom.se/anmalan/",
        )

    def test_pages_are_routable_renderable_and_previewable(self):
        for page in (self.index, self.event):
            self.assertPageIsRoutable(page)
            self.assertPageIsRenderable(page)
        self.assertPageIsPreviewable(self.index)
        self.assertPageIsPreviewable(
            self.event, post_data=CreateInAdminTests.form_data(None, slug="forhand")
        )
        self.assertPageIsRoutable(self.event, "ical/")
        self.assertPageIsRoutable(self.index, "ical/")

    @time_machine.travel(NOW, tick=False)
    def test_event_page_shows_dates_place_status_link_and_calendar(self):
        with translation.override("sv"):
            html = self.client.get(self.event.url).content.decode()
        self.assertIn("24 september 2030 kl. 15.00 – 26 september 2030 kl. 12.00", html)
        self.assertIn("Vadstena Klosterhotel, Vadstena", html)
        self.assertIn("Anmäl dig senast 31 augusti 2030 kl. 23.00", html)
        self.assertIn('href="https://smakom.se/anmalan/"', html)
        self.assertIn(f'href="{self.event.url}ical/"', html)
        self.assertIn("Lägg till i kalender", html)

    @time_machine.travel(at(2030, 9, 1), tick=False)
    def test_closed_registration_hides_the_link(self):
        html = self.client.get(self.event.url).content.decode()
        self.assertIn("Anmälan är nu stängd", html)
        self.assertNotIn('href="https://smakom.se/anmalan/"', html)

    def test_json_ld_is_a_schema_org_event(self):
        html = self.client.get(self.event.url).content.decode()
        match = re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S)
        [data] = [item for item in json.loads(match.group(1))["@graph"] if item["@type"] == "Event"]
        self.assertEqual(data["name"], "Rikskonferens 2030")
        self.assertEqual(data["startDate"], "2030-09-24T15:00:00+02:00")
        self.assertEqual(data["location"]["name"], "Vadstena Klosterhotel")
        self.assertTrue(data["url"].endswith(self.event.url))
        head = html.split("</head>")[0]
        self.assertIn("application/ld+json", head)


class IndexTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.index = EventIndexPageFactory()
        for title, start in [
            ("Höstmöte 2030", at(2030, 11, 21)),
            ("Vårmöte 2030 (pågår)", at(2030, 5, 31)),
            ("Rikskonferens 2031", at(2031, 4, 23)),
            ("Höstmöte 2028", at(2028, 11, 16)),
            ("Rikskonferens 2029", at(2029, 4, 25)),
            ("Höstmöte 2029", at(2029, 11, 15)),
        ]:
            EventPageFactory(title=title, start=start, end=start + datetime.timedelta(days=2))
        cls.draft = EventPageFactory(title="Utkast", start=at(2030, 7, 1), live=False)
        cls.private = EventPageFactory(title="Internt möte", start=at(2030, 8, 1))
        PageViewRestriction.objects.create(
            page=cls.private, restriction_type=PageViewRestriction.LOGIN
        )

    @time_machine.travel(NOW, tick=False)
    def test_upcoming_soonest_first_then_past_by_year_newest_first(self):
        html = self.client.get(self.index.url).content.decode()
        self.assertEqual(
            titles(html),
            [
                "Vårmöte 2030 (pågår)",
                "Höstmöte 2030",
                "Rikskonferens 2031",
                "Höstmöte 2029",
                "Rikskonferens 2029",
                "Höstmöte 2028",
            ],
        )
        self.assertEqual(
            re.findall(r'class="event-year__heading">(\d{4})<', html), ["2029", "2028"]
        )
        self.assertIn("ical/", html)

    @time_machine.travel(NOW, tick=False)
    def test_drafts_and_private_events_are_absent(self):
        html = self.client.get(self.index.url).content.decode()
        self.assertNotIn("Utkast", html)
        self.assertNotIn("Internt möte", html)

    @time_machine.travel(NOW, tick=False)
    def test_past_events_are_paginated(self):
        for year in range(2000, 2025):
            EventPageFactory(title=f"Gammalt möte {year}", start=at(year, 4, 1))
        first = self.client.get(self.index.url).content.decode()
        second = self.client.get(self.index.url, {"page": "2"}).content.decode()
        self.assertEqual(len(titles(first)), 3 + EventIndexPage.PAST_PER_PAGE)
        self.assertIn("Gammalt möte 2000", second)
        self.assertNotIn("Gammalt möte 2000", first)
        self.assertEqual(self.client.get(self.index.url, {"page": "x\x00"}).status_code, 200)


class HomeBannerTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = HomePageFactory()
        cls.past = EventPageFactory(title="Höstmöte 2029", start=at(2029, 11, 15))
        cls.next = EventPageFactory(
            title="Höstmöte i Bromma",
            start=at(2030, 11, 21),
            registration_closes=at(2030, 10, 1),
        )
        cls.later = EventPageFactory(title="Rikskonferens 2031", start=at(2031, 4, 23))
        cls.draft = EventPageFactory(title="Hemligt utkast", start=at(2030, 7, 1), live=False)

    @time_machine.travel(NOW, tick=False)
    def test_banner_announces_the_next_live_public_event(self):
        with translation.override("sv"):
            html = self.client.get(self.home.url).content.decode()
        banner = html.split('class="banner banner--event"')[1].split("</section>")[0]
        self.assertIn("Höstmöte i Bromma", banner)
        self.assertIn(f'href="{self.next.url}"', banner)
        self.assertIn("21 november 2030 kl. 10.00 – 22 november 2030 kl. 12.00", banner)
        self.assertIn("Anmäl dig senast 1 oktober 2030 kl. 10.00", banner)
        self.assertNotIn("Hemligt utkast", html)

    @time_machine.travel(NOW, tick=False)
    def test_banner_text_overrides_the_event(self):
        HomePage.objects.filter(pk=self.home.pk).update(banner_text="Välkommen till stämman!")
        html = self.client.get(self.home.url).content.decode()
        self.assertIn("Välkommen till stämman!", html)
        self.assertNotIn("banner--event", html)

    @time_machine.travel(at(2031, 5, 10), tick=False)
    def test_between_meetings_the_banner_recalls_the_last_one(self):
        html = self.client.get(self.home.url).content.decode()
        banner = html.split('class="banner banner--event"')[1].split("</section>")[0]
        self.assertIn('aria-label="Senaste mötet"', html)
        self.assertIn("Rikskonferens 2031", banner)
        self.assertIn(f'href="{self.later.url}"', banner)
        self.assertIn("Mötet har hållits.", banner)

    @time_machine.travel(at(2030, 10, 15), tick=False)
    def test_banner_says_registration_has_closed(self):
        with translation.override("sv"):
            html = self.client.get(self.home.url).content.decode()
        banner = html.split('class="banner banner--event"')[1].split("</section>")[0]
        self.assertIn("Höstmöte i Bromma", banner)
        self.assertIn("Anmälan är nu stängd.", banner)

    @time_machine.travel(at(2030, 1, 1), tick=False)
    def test_banner_says_when_registration_opens(self):
        EventPage.objects.filter(pk=self.next.pk).update(registration_opens=at(2030, 8, 15))
        with translation.override("sv"):
            html = self.client.get(self.home.url).content.decode()
        banner = html.split('class="banner banner--event"')[1].split("</section>")[0]
        self.assertIn("Anmälan öppnar 15 augusti 2030.", banner)

    @time_machine.travel(at(2032, 1, 1), tick=False)
    def test_no_banner_long_after_the_last_event(self):
        self.assertNotIn('class="banner', self.client.get(self.home.url).content.decode())
