"""Finding a URL's page (core/routing.py): the same answers as Wagtail's walk down the tree, in
one query for the page the walk ends at; the pages it passes through kept with the content
version and never past a change."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from wagtail.models import Site

from core.caching.version import current_version
from core.routing import route_for_request
from home.models import StandardPage
from tests.core.api.helpers import module_data
from tests.factories.articles import ArticleIndexPageFactory, ArticlePageFactory
from tests.factories.core import ImageFactory, translate_page
from tests.factories.events import EventIndexPageFactory, EventPageFactory
from tests.factories.home import HomePageFactory, StandardPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    with module_data(django_db_blocker):
        home = HomePageFactory()
        translate_page(home)
        news = ArticleIndexPageFactory(title="Nyheter", slug="nyheter")
        translate_page(news, title="News", slug="news")
        article = ArticlePageFactory(
            parent=news,
            title="Bredband",
            slug="bredband",
            hero_image=ImageFactory(),
            social_image=ImageFactory(),
        )
        english_article = translate_page(article, title="Broadband", slug="broadband")
        draft = ArticlePageFactory(parent=news, slug="utkast", live=False)
        about = StandardPageFactory(title="Om oss", slug="om-oss")
        team = StandardPageFactory(parent=about, title="Kansliet", slug="kansliet")
        # A page of a type the news index doesn't allow, added as an old import might have.
        stray = news.add_child(instance=StandardPage(title="Gammal sida", slug="gammal-sida"))
        event = EventPageFactory(parent=EventIndexPageFactory(slug="konferenser"), slug="motet")
        yield {
            "home": home,
            "news": news,
            "article": article,
            "english_article": english_article,
            "draft": draft,
            "about": about,
            "team": team,
            "stray": stray,
            "event": event,
        }


def route(path: str, language: str = "sv"):
    """What ``core.routing.route_for_request`` answers for ``path`` (the part of the URL
    Wagtail's serve view gets: without the language prefix)."""
    with translation.override(language):
        return route_for_request(request_for(path), path)


def request_for(path: str):
    """A request for ``path``, its site found (as ``core.sites.KnownSiteMiddleware`` finds it
    before the view runs)."""
    request = RequestFactory().get("/" + path)
    Site.find_for_request(request)
    return request


@pytest.mark.parametrize(
    ("path", "language", "expected", "view"),
    [
        ("", "sv", "home", None),
        ("nyheter/", "sv", "news", "index_route"),
        ("nyheter/bredband/", "sv", "article", None),
        ("nyheter/2011/", "sv", "news", "year_archive"),
        ("nyheter/feed/", "sv", "news", "rss_feed"),
        ("om-oss/kansliet/", "sv", "team", None),
        ("nyheter/gammal-sida/", "sv", "stray", None),
        ("konferenser/motet/ical/", "sv", "event", "ical"),
        ("news/broadband/", "en", "english_article", None),
    ],
)
def test_each_url_routes_to_its_page_and_view(site, path, language, expected, view):
    page, args, kwargs = route(path, language)

    assert page.pk == site[expected].pk
    assert type(page) is site[expected].specific_class
    if view is None:
        assert args == [] or not args
    else:
        assert args[0].__name__ == view


@pytest.mark.parametrize(
    "path",
    ["nyheter/utkast/", "nyheter/finns-inte/", "nyheter/bredband/mer/", "om-oss/finns-inte/"],
)
def test_a_draft_or_unknown_address_has_no_page(site, path):
    assert route(path) is None


def test_the_page_at_the_end_costs_one_query_with_its_images(site):
    route("nyheter/bredband/")  # the sections along the way are now kept

    request = request_for("nyheter/bredband/")
    with CaptureQueriesContext(connection) as queries, translation.override("sv"):
        page, _, _ = route_for_request(request, "nyheter/bredband/")
        assert page.hero_image.pk == site["article"].hero_image_id
        assert page.social_image.pk == site["article"].social_image_id

    assert len(queries) == 1


def test_only_the_pages_the_walk_passes_through_are_kept(site):
    route("om-oss/kansliet/")
    route("nyheter/bredband/")
    version = current_version()

    def kept(parent, slug: str):
        return cache.get(f"smakom:{version}:route-child:{parent.pk}:{slug}")

    assert kept(site["home"], "om-oss").pk == site["about"].pk
    assert kept(site["home"], "nyheter").pk == site["news"].pk
    assert kept(site["about"], "kansliet") is None
    assert kept(site["news"], "bredband") is None


def test_a_kept_section_does_not_outlive_a_change(site, client):
    assert client.get("/nyheter/bredband/").status_code == 200

    news = site["news"].specific_class.objects.get(pk=site["news"].pk)
    news.slug = "aktuellt"
    news.save_revision().publish()

    assert client.get("/nyheter/bredband/").status_code == 404
    assert client.get("/aktuellt/bredband/").status_code == 200
    assert route("nyheter/bredband/") is None


def test_the_english_tree_is_walked_from_the_english_home_page(site):
    assert route("nyheter/bredband/", "en") is None
    assert route("news/broadband/", "en")[0].pk == site["english_article"].pk
