"""The whole-answer cache for anonymous readers (core/caching/middleware.py): what is stored,
what is served from it (no SQL query), what never is, and the Cache-Control each answer gets."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from tests.core.api.helpers import configure_public_site, module_data
from tests.factories.articles import ArticleIndexPageFactory, ArticlePageFactory
from tests.factories.core import translate_page
from tests.factories.home import HomePageFactory
from tests.factories.members import MembershipApplicationPageFactory

pytestmark = pytest.mark.django_db

PUBLIC = "public, max-age=60, s-maxage=300"
PRIVATE = "private, no-store"


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    with module_data(django_db_blocker):
        configure_public_site()
        home = HomePageFactory()
        translate_page(home)
        article = ArticlePageFactory(
            parent=ArticleIndexPageFactory(title="Nyheter", slug="nyheter"),
            title="Bredband på landet",
        )
        translate_page(article, slug="broadband", title="Broadband in the countryside")
        form = MembershipApplicationPageFactory()
        yield {"home": home, "article": article, "form": form}


# Every kind of anonymous answer: a page in each language, a listing, a 404, feeds, the
# sitemap, robots.txt and both APIs.
CACHED_PATHS = [
    "/",
    "/en/",
    "/nyheter/",
    "/nyheter/bredband-pa-landet/",
    "/en/news/broadband/",
    "/finns-inte/",
    "/nyheter/feed/",
    "/sitemap.xml",
    "/robots.txt",
    "/api/v2/pages/",
    "/api/v2/pages/?type=articles.ArticlePage&fields=intro",
    "/api/v3/news/",
    "/sok/?q=bredband",
]


def warm(client: Client, path: str):
    """The first anonymous request for ``path``: it is stored."""
    response = client.get(path)
    assert response["X-Cache"] == "miss", path
    return response


@pytest.mark.parametrize("path", CACHED_PATHS)
def test_a_repeated_anonymous_request_is_served_from_the_cache_without_a_query(
    site, client, path, django_assert_num_queries, settings
):
    # Pinning queries turns the cache off (tests/conftest.py); this test is about it.
    settings.RESPONSE_CACHE_ENABLED = True
    first = warm(client, path)
    # robots.txt says itself how long it may be kept; a view's own Cache-Control stands.
    expected = "max-age=3600" if path == "/robots.txt" else PUBLIC
    assert first["Cache-Control"] == expected, path

    with django_assert_num_queries(0):
        again = client.get(path)

    assert again["X-Cache"] == "hit", path
    assert again.status_code == first.status_code
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"]
    assert again["Cache-Control"] == expected
    assert again["ETag"] == first["ETag"]


def test_a_hit_still_gets_a_304(site, client):
    first = warm(client, "/nyheter/bredband-pa-landet/")

    again = client.get("/nyheter/bredband-pa-landet/", HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 304
    assert again.content == b""


def test_a_304_before_anything_is_stored_says_nothing_private(site, client):
    """A reader who kept the page sends its ETag on a request the cache cannot answer (here, a
    new query string): the 304 does not tell them to forget what they kept."""
    first = warm(client, "/nyheter/")

    again = client.get("/nyheter/", {"n": "1"}, HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 304
    assert "no-store" not in again.get("Cache-Control", "")


def test_keyed_by_host_path_query_and_language(site, client, settings):
    settings.ALLOWED_HOSTS = ["testserver", "www.smakom.se"]
    swedish, english = warm(client, "/"), warm(client, "/en/")
    assert swedish.content != english.content
    assert 'lang="sv"' in swedish.content.decode()
    assert 'lang="en"' in english.content.decode()

    page_one = warm(client, "/api/v2/pages/?limit=1")
    page_two = warm(client, "/api/v2/pages/?limit=1&offset=1")
    assert page_one.json()["items"] != page_two.json()["items"]

    other_host = client.get("/", HTTP_HOST="www.smakom.se", secure=True)
    assert other_host["X-Cache"] == "miss"


def test_api_v2_keeps_its_json_and_browsable_answers_apart(site, client):
    json_answer = warm(client, "/api/v2/pages/")
    html = client.get("/api/v2/pages/", HTTP_ACCEPT="text/html")

    assert json_answer["Content-Type"] == "application/json"
    assert html["Content-Type"].startswith("text/html")
    assert client.get("/api/v2/pages/")["Content-Type"] == "application/json"


def test_a_head_request_is_answered_from_the_stored_get(site, client):
    warm(client, "/nyheter/")

    head = client.head("/nyheter/")

    assert head["X-Cache"] == "hit"
    assert head["Cache-Control"] == PUBLIC


@pytest.mark.parametrize(
    ("cookie", "value"), [(django_settings.SESSION_COOKIE_NAME, "abc"), ("messages", "x")]
)
def test_a_reader_with_a_session_or_a_message_is_never_served_from_the_cache(
    site, client, cookie, value
):
    warm(client, "/nyheter/")
    client.cookies[cookie] = value

    response = client.get("/nyheter/")

    assert "X-Cache" not in response
    assert response["Cache-Control"] == PRIVATE


def test_a_signed_in_editor_gets_their_own_page(site, client, admin_client):
    warm(client, "/nyheter/bredband-pa-landet/")

    response = admin_client.get("/nyheter/bredband-pa-landet/")

    assert "X-Cache" not in response
    assert response["Cache-Control"] == PRIVATE
    # The editors' userbar is theirs alone.
    assert "wagtail-userbar" in response.content.decode()
    assert "wagtail-userbar" not in client.get("/nyheter/bredband-pa-landet/").content.decode()


def test_a_bearer_token_is_never_served_from_the_cache(site, client):
    warm(client, "/api/v3/news/")

    response = client.get("/api/v3/news/", HTTP_AUTHORIZATION="Bearer not-a-token")

    assert "X-Cache" not in response


def test_a_page_with_a_form_holds_the_readers_token_and_is_never_stored(site, client):
    path = site["form"].url
    first, second = client.get(path), client.get(path)

    assert "csrfmiddlewaretoken" in first.content.decode()
    assert "X-Cache" not in second
    assert second["Cache-Control"] == PRIVATE


def test_the_admin_posts_and_previews_are_never_cached(site, client, admin_client):
    assert "X-Cache" not in client.get("/admin/login/")
    assert "X-Cache" not in client.post("/sok/", {"q": "x"})
    assert "X-Cache" not in client.get("/api/v3/previews/forged-token-123/")
    response = admin_client.get(f"/admin/pages/{site['article'].pk}/view_draft/")
    assert "X-Cache" not in response
    assert (
        response["Cache-Control"].startswith("private") or "no-cache" in response["Cache-Control"]
    )


def test_off_it_still_says_who_may_keep_an_answer(site, client, settings):
    settings.RESPONSE_CACHE_ENABLED = False

    first, second = client.get("/nyheter/"), client.get("/nyheter/")

    assert "X-Cache" not in second
    assert first["Cache-Control"] == second["Cache-Control"] == PUBLIC


@pytest.mark.parametrize("path", ["/", "/nyheter/", "/nyheter/bredband-pa-landet/", "/en/"])
def test_a_miss_reads_the_facts_kept_with_the_version(site, client, settings, path):
    """A miss (a new query string) renders the page, but the restricted paths, the private
    collections, the main menu and the feed links come from the cache: no query looks for the
    restricted paths (Wagtail's own check of the served page's restrictions remains), none for
    the private collections, and there are fewer queries than without the shared cache."""
    client.get(path)
    with CaptureQueriesContext(connection) as miss:
        assert client.get(path, {"n": "1"})["X-Cache"] == "miss"
    settings.RESPONSE_CACHE_ENABLED = False
    with CaptureQueriesContext(connection) as uncached:
        client.get(path, {"n": "2"})

    sql = [query["sql"] for query in miss.captured_queries]
    assert not [q for q in sql if "pageviewrestriction" in q and "UNION" in q], path
    assert not [q for q in sql if "collectionviewrestriction" in q], path
    # The site (core.sites.KnownSiteMiddleware), and no restriction lookup for a public page
    # (core.pages.BasePage.get_view_restrictions).
    assert not [q for q in sql if 'FROM "wagtailcore_site"' in q], path
    # The association's details (home.OrganisationSettings.for_request).
    assert not [q for q in sql if 'FROM "home_organisationsettings"' in q], path
    assert not [q for q in sql if 'FROM "wagtailcore_pageviewrestriction"' in q], path
    assert len(miss) < len(uncached), path


@pytest.mark.parametrize(
    ("first", "then"),
    [
        ("/api/v3/news/?limit=5", "/api/v3/news/?limit=6"),
        (
            "/api/v2/pages/?type=articles.ArticlePage&limit=5",
            "/api/v2/pages/?type=articles.ArticlePage&limit=6&offset=1",
        ),
        ("/nyheter/", "/nyheter/?page=1"),
    ],
)
def test_a_listings_count_is_kept_with_the_version(site, client, first, then):
    """Counting a listing of many items is most of its cost: another page or size of the same
    listing renders without counting again, and a change counts again."""
    client.get(first)
    with CaptureQueriesContext(connection) as again:
        assert client.get(then).status_code == 200
    assert not [q for q in again.captured_queries if "COUNT(" in q["sql"]], then

    ArticlePageFactory(parent=site["article"].get_parent(), title="Fibernät i Dalarna")

    with CaptureQueriesContext(connection) as after:
        client.get(first)
    assert [q for q in after.captured_queries if "COUNT(" in q["sql"]], first


def test_the_sitemap_index_keeps_its_parts_with_the_version(site, client, settings):
    """The index groups every page of the site by part (80 ms at 100,000 pages): a miss reads
    the parts kept with the version, and a new page in a new part is listed at once."""
    settings.SITEMAP_PAGE_SIZE = 1
    client.get("/sitemap.xml")
    with CaptureQueriesContext(connection) as again:
        index = client.get("/sitemap.xml", {"n": "1"}).content.decode()
    assert not [q for q in again.captured_queries if "GROUP BY" in q["sql"]]

    added = ArticlePageFactory(parent=site["article"].get_parent(), title="Fibernät i Dalarna")

    after = client.get("/sitemap.xml", {"n": "2"}).content.decode()
    assert f"/sitemap-{added.pk + 1}.xml" in after
    assert f"/sitemap-{added.pk + 1}.xml" not in index


def test_a_change_of_the_site_is_seen_at_once(site, client):
    """The request's site is kept with the version: a new host name is in the next answer's
    canonical link."""
    first = warm(client, "/nyheter/bredband-pa-landet/").content.decode()
    assert "https://www.smakom.se/nyheter/bredband-pa-landet/" in first
    public_site = Site.objects.get(is_default_site=True)
    public_site.hostname = "smakom.example"
    public_site.save()

    again = client.get("/nyheter/bredband-pa-landet/")

    assert again["X-Cache"] == "miss"
    assert "https://smakom.example/nyheter/bredband-pa-landet/" in again.content.decode()


def test_the_home_pages_sections_are_rendered_once_per_version(site, client):
    """The home page's sections ({% versioned_fragment %}): a miss renders them from the
    fragment kept with the version, without their queries; a new article is there at once."""
    client.get("/")
    with CaptureQueriesContext(connection) as miss:
        assert "Bredband på landet" in client.get("/", {"n": "1"}).content.decode()
    assert not [q for q in miss.captured_queries if "articles_articlepage" in q["sql"]]

    ArticlePageFactory(parent=site["article"].get_parent(), title="Fibernät i Dalarna")

    assert "Fibernät i Dalarna" in client.get("/", {"n": "2"}).content.decode()


def test_a_preview_of_the_home_page_shows_the_draft_not_the_kept_fragment(site, client):
    """The home page's fragment holds its banner and intro: a preview renders them anew."""
    warm(client, "/")
    home = site["home"]
    home.banner_text = "Utkast till meddelande"
    request = RequestFactory().get("/admin/pages/preview/")
    request.user, _created = get_user_model().objects.get_or_create(
        username="granskare", defaults={"is_superuser": True, "is_staff": True}
    )

    preview = home.make_preview_request(request)

    assert "Utkast till meddelande" in preview.rendered_content
    assert "Utkast till meddelande" not in client.get("/", {"n": "1"}).content.decode()
