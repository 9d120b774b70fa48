"""The changes feed (/api/v3/changes/): a mirror kept from it alone equals the public API.

Each step below changes the site as an editor would (publish, edit, move, unpublish, restrict,
delete, alias), its transaction committed (the log is written at the commit); then a consumer
reads the feed from its cursor, fetches each upsert's detail anonymously, drops each delete,
and its mirror (ids and titles) must equal what /api/v3/pages/ lists.
"""

from __future__ import annotations

import datetime
from io import StringIO
from urllib.parse import urlsplit

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection, transaction
from django.test import TransactionTestCase, override_settings
from wagtail.models import Locale, Page, PageViewRestriction

from core.changes import record_changes
from core.models import ContentChange
from tests.core.api.helpers import BASE_URL, configure_public_site
from tests.core.api.v3_helpers import API, assert_documented, assert_problem
from tests.core.editorial.test_scheduled_publishing import (
    DATABASE_TASKS,
    DUMMY_TASKS,
    NOW,
    run_worker,
)
from tests.factories.articles import ArticleIndexPageFactory, ArticlePageFactory
from tests.factories.consultation_responses import ConsultationResponseIndexPageFactory
from tests.factories.home import HomePageFactory, StandardPageFactory
from tests.transactional import ensure_initial_data

pytestmark = pytest.mark.django_db

FEED = f"{API}/changes/"


class Mirror:
    """A consumer's copy of the public pages, kept from the feed alone."""

    def __init__(self, client) -> None:
        self.client = client
        self.cursor = 0
        self.pages: dict[int, str] = {}
        self.seen: list[dict] = []

    def sync(self, limit: int = 100) -> list[dict]:
        new = []
        while True:
            response = self.client.get(FEED, {"since": self.cursor, "limit": limit})
            assert response.status_code == 200, response.content[:300]
            data = response.json()
            new += data["items"]
            self.cursor = data["next"]
            if not data["has_more"]:
                break
        for change in new:
            if change["action"] == "delete":
                self.pages.pop(change["page_id"], None)
                continue
            detail = self.client.get(urlsplit(change["detail_url"]).path)
            if detail.status_code == 404:
                # Hidden again since: a later change in the feed says so.
                assert any(
                    later["page_id"] == change["page_id"] and later["id"] > change["id"]
                    for later in new
                ), change
                continue
            assert detail.status_code == 200, (change, detail.content[:300])
            self.pages[change["page_id"]] = detail.json()["title"]
        self.seen += new
        return new


def public_pages(client) -> dict[int, str]:
    """Every page /api/v3/pages/ lists to an anonymous consumer: id -> title."""
    pages, offset = {}, 0
    while True:
        data = client.get(f"{API}/pages/", {"limit": 100, "offset": offset}).json()
        pages.update({item["id"]: item["title"] for item in data["items"]})
        offset += 100
        if offset >= data["count"]:
            return pages


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a step as a committed transaction: the on-commit work (the log) is done at its end."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def site(committed):
    configure_public_site()
    with committed():
        home = HomePageFactory()
        news = ArticleIndexPageFactory()
    # The pages made before the log existed (the migrations' home page).
    call_command("record_page_changes", stdout=StringIO())
    return home, news


def actions_of(changes: list[dict], page: Page) -> list[str]:
    return [change["action"] for change in changes if change["page_id"] == page.pk]


def test_a_mirror_from_the_feed_equals_the_public_api(client, committed, site):
    home, news = site
    mirror = Mirror(client)

    def step() -> list[dict]:
        new = mirror.sync()
        assert mirror.pages == public_pages(client)
        return new

    step()
    assert {home.pk, news.pk} <= set(mirror.pages)

    # Publish new pages: one born live, one published from a draft, a section with two pages.
    with committed():
        first = ArticlePageFactory(parent=news, title="Första nyheten")
        second = ArticlePageFactory(parent=news, title="Andra nyheten", live=False)
        second.save_revision().publish()
        section = StandardPageFactory(parent=home, title="Om oss", slug="om-oss")
        board = StandardPageFactory(parent=section, title="Styrelsen", slug="styrelsen")
        office = StandardPageFactory(parent=section, title="Kansliet", slug="kansliet")
    new = step()
    for page in (first, second, section, board, office):
        assert actions_of(new, page) == ["upsert"]
    [board_change] = [change for change in new if change["page_id"] == board.pk]
    assert board_change["html_url"] == f"{BASE_URL}/om-oss/styrelsen/"
    assert board_change["type"] == "home.StandardPage"
    assert board_change["locale"] == "sv"

    # Edit and republish.
    with committed():
        first.title = "Första nyheten, rättad"
        first.save_revision().publish()
    assert actions_of(step(), first) == ["upsert"]
    assert mirror.pages[first.pk] == "Första nyheten, rättad"

    # A draft saved on a live page changes nothing readers see.
    with committed():
        first.title = "Ett utkast"
        first.save_revision()
    assert step() == []

    # Move the section (and its pages) under another page: new addresses.
    with committed():
        about = StandardPageFactory(parent=home, title="Föreningen", slug="foreningen")
        section.move(about, pos="last-child")
    new = step()
    for page in (about, section, board, office):
        assert actions_of(new, page) == ["upsert"]
    assert {change["html_url"] for change in new if change["page_id"] == board.pk} == {
        f"{BASE_URL}/foreningen/om-oss/styrelsen/"
    }

    # Unpublish.
    with committed():
        second.refresh_from_db()
        second.unpublish()
    assert actions_of(step(), second) == ["delete"]

    # A login restriction on the section: it and its pages go; lifted, they come back.
    with committed():
        restriction = PageViewRestriction.objects.create(
            page=section, restriction_type=PageViewRestriction.LOGIN
        )
    new = step()
    for page in (section, board, office):
        assert actions_of(new, page) == ["delete"]
    assert actions_of(new, about) == []
    with committed():
        restriction.delete()
    new = step()
    for page in (section, board, office):
        assert actions_of(new, page) == ["upsert"]

    # A page in the same language shown at two places (an alias) is a page of its own; when
    # its original is unpublished, Wagtail unpublishes the alias too.
    with committed():
        alias = office.create_alias(parent=home, update_slug="kansliet-kopia")
    assert actions_of(step(), alias) == ["upsert"]
    with committed():
        office.refresh_from_db()
        office.unpublish()
    new = step()
    assert actions_of(new, office) == actions_of(new, alias) == ["delete"]

    # An English translation of the home page and of a news item; the news index between them
    # becomes an alias of the Swedish one (wagtail-localize's placeholder), never an English
    # page of its own.
    english = Locale.objects.get(language_code="en")
    with committed():
        home.refresh_from_db()
        english_home = home.copy_for_translation(english)
        english_home.save_revision().publish()
        first.refresh_from_db()
        english_first = first.copy_for_translation(english, copy_parents=True)
        english_first.save_revision().publish()
    new = step()
    assert actions_of(new, english_home) == actions_of(new, english_first) == ["upsert"]
    [placeholder] = Page.objects.filter(locale=english, alias_of=news)
    assert actions_of(new, placeholder) == []
    [english_change] = [change for change in new if change["page_id"] == english_first.pk]
    assert english_change["locale"] == "en"
    assert english_change["html_url"].startswith(f"{BASE_URL}/en/")

    # Delete a page.
    with committed():
        board.refresh_from_db()
        board.delete()
    assert actions_of(step(), board) == ["delete"]

    # Never public: a draft, restricted, then published under its restriction; a page made
    # under a restricted section and deleted there.
    with committed():
        secret = StandardPageFactory(parent=home, title="Hemlig", slug="hemlig", live=False)
        PageViewRestriction.objects.create(page=secret, restriction_type=PageViewRestriction.LOGIN)
        secret.save_revision().publish()
        hidden = StandardPageFactory(parent=secret, title="Gömd", slug="gomd")
    step()
    with committed():
        hidden.delete()
        secret.refresh_from_db()
        secret.unpublish()
    step()

    never_public = {secret.pk, hidden.pk, placeholder.pk}
    assert not any(change["page_id"] in never_public for change in mirror.seen)
    assert not ContentChange.objects.filter(object_id__in=never_public).exists()
    assert [change["id"] for change in mirror.seen] == sorted(
        change["id"] for change in mirror.seen
    )


def test_a_page_moved_under_a_restriction_is_deleted_and_a_rollback_records_nothing(
    client, committed, site
):
    home, _news = site
    mirror = Mirror(client)
    with committed():
        members = StandardPageFactory(parent=home, title="Medlemssidor", slug="medlemssidor")
        PageViewRestriction.objects.create(page=members, restriction_type=PageViewRestriction.LOGIN)
        page = StandardPageFactory(parent=home, title="Protokoll", slug="protokoll")
    new = mirror.sync()
    assert actions_of(new, members) == []
    assert actions_of(new, page) == ["upsert"]

    with committed():
        page.move(members, pos="last-child")
    assert actions_of(mirror.sync(), page) == ["delete"]

    with committed():
        with pytest.raises(RuntimeError), transaction.atomic():
            StandardPageFactory(parent=home, title="Ångrad", slug="angrad")
            raise RuntimeError("rolled back")
        kept = StandardPageFactory(parent=home, title="Kvar", slug="kvar")
    assert [change["page_id"] for change in mirror.sync()] == [kept.pk]
    assert mirror.pages == public_pages(client)


def test_the_feed_pages_with_its_cursor(client, committed, site):
    home, news = site
    with committed():
        for number in range(5):
            ArticlePageFactory(parent=news, title=f"Nyhet {number}")
    everything = client.get(FEED, {"limit": 100}).json()
    assert everything["has_more"] is False
    assert len(everything["items"]) >= 7  # the home page, the news index, five items

    walked, cursor = [], 0
    while True:
        response = client.get(FEED, {"since": cursor, "limit": 2})
        assert_documented(response, "changes_list")
        data = response.json()
        assert len(data["items"]) <= 2
        walked += data["items"]
        if data["items"]:
            assert data["next"] == data["items"][-1]["id"]
        cursor = data["next"]
        if not data["has_more"]:
            break
    assert walked == everything["items"]

    # Nothing new: the same cursor back, no items.
    assert client.get(FEED, {"since": cursor, "limit": 2}).json() == {
        "items": [],
        "next": cursor,
        "has_more": False,
    }


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ({"since": "-1"}, 422),
        ({"since": "abc"}, 422),
        ({"since": str(2**63)}, 422),
        ({"limit": "0"}, 422),
        ({"limit": "101"}, 422),
        ({"limit": "1e3"}, 400),
        ({"cursor": "5"}, 400),
        ({"since": "5\x00"}, 400),
    ],
)
def test_bad_input_is_a_problem(api_client, query, status):
    response = api_client.get(FEED, query)
    assert_problem(response, status)
    assert_documented(response, "changes_list")


@pytest.mark.parametrize("count", [2, 30])
def test_the_feed_costs_the_same_queries_however_many_changes(
    client, committed, site, count, django_assert_num_queries
):
    home, news = site
    with committed():
        for number in range(count):
            ArticlePageFactory(parent=news, title=f"Nyhet {number}")
    client.get(FEED, {"limit": 100})
    # The cached answer would cost none: ask for one the cache doesn't have.
    with django_assert_num_queries(1):
        response = client.get(FEED, {"limit": 100, "since": 1})
    assert len(response.json()["items"]) >= count


def test_a_new_change_shows_at_once(client, committed, site):
    home, news = site
    latest = client.get(FEED, {"limit": 100}).json()["next"]
    assert client.get(FEED, {"since": latest})["X-Cache"] == "miss"
    cached = client.get(FEED, {"since": latest})
    assert cached["X-Cache"] == "hit"
    assert cached.json()["items"] == []

    with committed():
        article = ArticlePageFactory(parent=news, title="Färsk nyhet")
    fresh = client.get(FEED, {"since": latest}).json()
    assert [(item["page_id"], item["action"]) for item in fresh["items"]] == [
        (article.pk, "upsert")
    ]


def test_scale_content_written_without_signals_is_in_the_feed(client, committed, site):
    with committed():
        ConsultationResponseIndexPageFactory()
        call_command("generate_scale_content", news=3, responses=2, batch_size=2, stdout=StringIO())
    mirror = Mirror(client)
    mirror.sync()
    assert mirror.pages == public_pages(client)
    assert len(mirror.pages) == 3 + 5  # the home page, the two indexes and the new pages


@pytest.mark.parametrize("count", [2, 20])
def test_a_subtree_is_recorded_in_the_same_queries_however_large(
    committed, site, count, django_assert_num_queries
):
    home, _news = site
    with committed():
        section = StandardPageFactory(parent=home, title="Om oss", slug="om-oss")
        for number in range(count):
            StandardPageFactory(parent=section, title=f"Sida {number}", slug=f"sida-{number}")
    before = ContentChange.objects.count()
    # A savepoint and its release; the pages, the aliases among them, the pages under both,
    # the visible ones, their last changes; the insert. The lock is PostgreSQL's only.
    with django_assert_num_queries(9 if connection.vendor == "postgresql" else 8):
        written = record_changes(subtree_ids=[section.pk])
    assert written == count + 1 == ContentChange.objects.count() - before


@override_settings(TASKS=DATABASE_TASKS)
class ScheduledPublishingTests(TransactionTestCase):
    def test_the_workers_scheduled_publish_is_an_upsert_in_the_feed(self):
        ensure_initial_data()
        configure_public_site()
        news = ArticleIndexPageFactory()
        go_live = NOW + datetime.timedelta(hours=1)
        with override_settings(TASKS=DUMMY_TASKS), time_machine.travel(NOW, tick=False):
            article = ArticlePageFactory(parent=news, live=False, slug="schemalagd")
            article.go_live_at = go_live
            article.save_revision().publish()
        self.assertFalse(ContentChange.objects.filter(object_id=article.pk).exists())

        with time_machine.travel(go_live + datetime.timedelta(minutes=1), tick=False):
            run_worker()
        data = self.client.get(FEED, {"limit": 100}).json()
        [change] = [item for item in data["items"] if item["page_id"] == article.pk]
        self.assertEqual(change["action"], "upsert")
        self.assertEqual(change["type"], "articles.ArticlePage")
        self.assertEqual(change["html_url"], f"{BASE_URL}/{news.slug}/schemalagd/")
        self.assertEqual(self.client.get(urlsplit(change["detail_url"]).path).status_code, 200)
