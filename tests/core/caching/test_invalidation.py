"""Cached answers are never stale: every change that can alter what readers see makes the very
next request render again (core/caching/invalidation.py), in every place that shows it. One test
per trigger, each reading the pages, listings, feeds, sitemap and API answers the change reaches
after they were cached."""

from __future__ import annotations

import datetime
import json

import pytest
import time_machine
from django.utils import timezone
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction, Site

from core.editorial.tasks import publish_scheduled
from home.models import OrganisationSettings
from tests.core.api.helpers import configure_public_site, module_data
from tests.factories.articles import ArticleIndexPageFactory, ArticlePageFactory
from tests.factories.consultation_responses import (
    ConsultationResponseIndexPageFactory,
    ConsultationResponsePageFactory,
    MinistryFactory,
)
from tests.factories.core import DocumentFactory, ImageFactory, translate_page
from tests.factories.events import EventIndexPageFactory, EventPageFactory
from tests.factories.home import HomePageFactory
from tests.factories.members import MembersPageFactory, MunicipalityFactory

pytestmark = pytest.mark.django_db

NEWS = "/nyheter/"
ARTICLE = "/nyheter/bredband-pa-landet/"
LISTINGS = [NEWS, "/", "/nyheter/feed/", "/sitemap-1.xml", "/api/v2/pages/", "/api/v3/news/"]


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    with module_data(django_db_blocker):
        configure_public_site()
        home = HomePageFactory()
        translate_page(home)
        news = ArticleIndexPageFactory(title="Nyheter", slug="nyheter")
        translate_page(news, slug="news", title="News")
        article = ArticlePageFactory(parent=news, title="Bredband på landet")
        ministry = MinistryFactory(name="Finansdepartementet")
        response = ConsultationResponsePageFactory(
            parent=ConsultationResponseIndexPageFactory(), ministry=ministry
        )
        members = MembersPageFactory()
        municipality = MunicipalityFactory()
        event = EventPageFactory(
            parent=EventIndexPageFactory(),
            start=timezone.now() + datetime.timedelta(days=30),
            registration_opens=timezone.now() - datetime.timedelta(days=1),
            registration_closes=timezone.now() + datetime.timedelta(hours=1),
        )
        yield {
            "home": home,
            "news": news,
            "article": article,
            "ministry": ministry,
            "response": response,
            "members": members,
            "municipality": municipality,
            "event": event,
        }


def reloaded(obj):
    """``obj`` as the database has it now (another test may have changed the shared object)."""
    return type(obj).objects.get(pk=obj.pk)


def text(response) -> str:
    """An answer's text; JSON without its escapes, so that "Hälsingland" is found."""
    if response["Content-Type"].startswith("application/json"):
        return json.dumps(response.json(), ensure_ascii=False)
    return response.content.decode()


def cached(client, *paths: str) -> dict[str, str]:
    """Each path's answer, read twice so that the second comes from the cache."""
    answers = {}
    for path in paths:
        client.get(path)
        again = client.get(path)
        assert again["X-Cache"] == "hit", path
        answers[path] = text(again)
    return answers


def fresh(client, path: str) -> str:
    """The next answer for ``path`` (its text): rendered again, not the stored one."""
    response = client.get(path)
    assert response.get("X-Cache") != "hit", path
    return text(response)


def shows(answer: str, path: str, title: str, slug: str) -> bool:
    """Whether ``answer`` (for ``path``) shows the page: the sitemap by its address."""
    return (slug if path.startswith("/sitemap") else title) in answer


def test_publishing_a_new_page_shows_it_everywhere(site, client):
    cached(client, *LISTINGS)

    ArticlePageFactory(parent=site["news"], title="Fibernät i Dalarna", slug="fiber")

    for path in LISTINGS:
        assert shows(fresh(client, path), path, "Fibernät i Dalarna", "/nyheter/fiber/"), path
    assert client.get("/nyheter/fiber/").status_code == 200


def test_publishing_a_change_shows_it_on_the_page_and_in_the_apis(site, client):
    article = reloaded(site["article"])
    detail = f"/api/v2/pages/{article.pk}/"
    cached(client, ARTICLE, detail, *LISTINGS)

    article.title = "Bredband i hela landet"
    article.slug = "bredband-i-hela-landet"
    article.save_revision().publish()

    new_path = "/nyheter/bredband-i-hela-landet/"
    for path in [detail, *LISTINGS]:
        assert shows(fresh(client, path), path, "Bredband i hela landet", new_path), path
    assert "Bredband i hela landet" in text(client.get(new_path))


def test_a_draft_changes_nothing_readers_see(site, client):
    cached(client, ARTICLE, *LISTINGS)
    article = reloaded(site["article"])

    article.title = "Utkast som ingen ska se"
    article.save_revision()

    for path in [ARTICLE, *LISTINGS]:
        assert "Utkast som ingen ska se" not in text(client.get(path)), path


def test_unpublishing_takes_it_away(site, client):
    cached(client, ARTICLE, *LISTINGS)

    reloaded(site["article"]).unpublish()

    assert client.get(ARTICLE).status_code == 404
    for path in LISTINGS:
        assert not shows(fresh(client, path), path, "Bredband på landet", ARTICLE), path


def test_deleting_takes_it_away(site, client):
    cached(client, ARTICLE, *LISTINGS)

    reloaded(site["article"]).delete()

    assert client.get(ARTICLE).status_code == 404
    for path in LISTINGS:
        assert not shows(fresh(client, path), path, "Bredband på landet", ARTICLE), path


def test_moving_gives_the_new_address(site, client):
    cached(client, ARTICLE, "/api/v2/pages/?type=articles.ArticlePage&fields=html_url")
    other = ArticleIndexPageFactory(title="Arkiv", slug="arkiv", parent=site["home"])
    cached(client, ARTICLE)

    reloaded(site["article"]).move(other, pos="last-child")

    # Wagtail leaves a redirect from the old address.
    assert client.get(ARTICLE)["Location"] == "/arkiv/bredband-pa-landet/"
    assert client.get("/arkiv/bredband-pa-landet/").status_code == 200
    listing = fresh(client, "/api/v2/pages/?type=articles.ArticlePage&fields=html_url")
    assert "/arkiv/bredband-pa-landet/" in listing


def test_making_a_page_private_hides_it_at_once(site, client):
    cached(client, ARTICLE, *LISTINGS)

    PageViewRestriction.objects.create(
        page=site["article"], restriction_type=PageViewRestriction.PASSWORD, password="hemligt"
    )

    assert "SmåKom avstyrker" not in fresh(client, ARTICLE)
    assert "Bredband på landet" not in fresh(client, ARTICLE)
    for path in LISTINGS:
        assert not shows(fresh(client, path), path, "Bredband på landet", ARTICLE), path


def test_saving_a_snippet_shows_on_the_pages_that_use_it(site, client):
    path = site["response"].url
    cached(client, path)

    ministry = reloaded(site["ministry"])
    ministry.name = "Landsbygdsdepartementet"
    ministry.save()

    assert "Landsbygdsdepartementet" in fresh(client, path)


def test_an_image_moved_to_a_private_collection_leaves_the_api(site, client):
    image = ImageFactory(title="Kommunhuset i Ljusdal")
    cached(client, "/api/v2/images/")
    private = Collection.get_first_root_node().add_child(name="Styrelsen")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.PASSWORD, password="x"
    )
    assert "Kommunhuset i Ljusdal" in text(client.get("/api/v2/images/"))

    image.collection = private
    image.save()

    assert "Kommunhuset i Ljusdal" not in fresh(client, "/api/v2/images/")


def test_renaming_a_document_shows_in_the_api(site, client):
    document = DocumentFactory(title="Verksamhetsplan 2026")
    cached(client, "/api/v2/documents/")

    document.title = "Verksamhetsplan 2027"
    document.save()

    assert "Verksamhetsplan 2027" in fresh(client, "/api/v2/documents/")


def test_a_site_setting_shows_in_every_footer(site, client):
    cached(client, "/", ARTICLE, "/en/")
    organisation = OrganisationSettings.for_site(Site.objects.get(is_default_site=True))

    organisation.phone = "070-123 45 67"
    organisation.save()

    for path in ["/", ARTICLE, "/en/"]:
        assert "070-123 45 67" in fresh(client, path), path


def test_a_published_translation_shows_in_both_languages(site, client):
    cached(client, ARTICLE, "/en/news/", "/api/v3/news/?locale=en")

    translate_page(
        reloaded(site["article"]), slug="broadband", title="Broadband in the countryside"
    )

    assert "/en/news/broadband/" in fresh(client, ARTICLE)
    assert "Broadband in the countryside" in fresh(client, "/en/news/")
    assert "Broadband in the countryside" in fresh(client, "/api/v3/news/?locale=en")
    assert client.get("/en/news/broadband/").status_code == 200


def test_a_scheduled_publish_by_the_worker_shows_it(site, client):
    page = ArticlePageFactory(parent=site["news"], title="Schemalagd nyhet", live=False)
    go_live = timezone.now() + datetime.timedelta(hours=1)
    page.go_live_at = go_live
    page.save_revision(approved_go_live_at=go_live)
    cached(client, *LISTINGS)

    with time_machine.travel(go_live + datetime.timedelta(minutes=1)):
        publish_scheduled.call()

        for path in LISTINGS:
            answer = fresh(client, path)
            assert shows(answer, path, "Schemalagd nyhet", page.slug), path


def test_a_member_register_change_shows_on_the_members_page_and_in_the_api(site, client):
    municipality = reloaded(site["municipality"])
    paths = [site["members"].url, "/api/v3/members/"]
    answers = cached(client, *paths)
    assert all(municipality.name in answer for answer in answers.values())

    municipality.active = False
    municipality.save()

    for path in paths:
        assert municipality.name not in fresh(client, path), path


def test_a_new_redirect_works_at_once(site, client):
    assert client.get("/gammal-nyhet/").status_code == 404
    assert client.get("/gammal-nyhet/")["X-Cache"] == "hit"

    Redirect.objects.create(old_path="/gammal-nyhet", redirect_page=site["article"])

    response = client.get("/gammal-nyhet/")
    assert response.status_code == 301
    assert response["Location"].endswith(ARTICLE)


def test_an_events_registration_closes_on_time(site, client):
    event = site["event"]
    # The home page's banner too, a fragment kept with the version ({% versioned_fragment %}).
    paths = [event.url, event.get_parent().url, "/"]
    answers = cached(client, *paths)
    assert all("Anmäl dig senast" in answer for answer in answers.values())
    # Nobody may keep the answer past the moment registration closes.
    max_age = int(client.get(event.url)["Cache-Control"].split("max-age=")[1].split(",")[0])
    assert max_age <= 3600

    with time_machine.travel(event.registration_closes + datetime.timedelta(seconds=1)):
        for path in paths:
            answer = fresh(client, path)
            assert "Anmälan är nu stängd" in answer, path
            assert "Anmäl dig senast" not in answer, path


def test_the_home_banner_says_the_meeting_has_been_held_once_it_ends(site, client):
    event = site["event"]
    assert "Mötet har hållits" not in cached(client, "/")["/"]

    with time_machine.travel(event.end + datetime.timedelta(seconds=1)):
        answer = fresh(client, "/")
    assert "Mötet har hållits" in answer
    assert event.title in answer


def test_reading_changes_nothing(site, client):
    """A tour of every kind of answer, twice: the second time all come from the cache (nothing
    written while serving a reader, a rendition or a settings row, retires the version)."""
    paths = [
        "/",
        "/en/",
        NEWS,
        ARTICLE,
        site["response"].url,
        site["event"].url,
        site["members"].url,
        "/finns-inte/",
        *LISTINGS,
        "/api/v2/images/",
        "/api/v2/documents/",
        "/api/v3/members/",
        "/sok/?q=bredband",
    ]
    for path in paths:
        client.get(path)
    for path in paths:
        assert client.get(path)["X-Cache"] == "hit", path
