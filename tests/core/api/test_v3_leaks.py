"""Nothing an anonymous reader may not see leaks through API v3.

Pages in every hidden state (never published, unpublished, login- or password-restricted, under a
private parent, an unpublished translation, the draft revision of a live page), of every content
type, and an image and a document in a private collection are planted, each with a unique marker
in its title and text. Every v3 read endpoint is then asked, plainly, by search, by filter, by id
and by path: no answer may contain a marker, and counts equal what is public.

A bearer token changes what Wagtail's v3 lists (the pages its user may edit or publish, not the
public site), so the token of a user with no permissions is checked too: it sees no page there,
hidden or public, and the project's routers still show it the public site.
"""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import (
    CollectionViewRestriction,
    Locale,
    Page,
    PageViewRestriction,
)

from tests.core.api.helpers import configure_public_site, module_data
from tests.core.api.v3_helpers import API, bearer_client, create_user, get_operations, token_for
from tests.factories.articles import ArticleIndexPageFactory, ArticlePageFactory
from tests.factories.consultation_responses import (
    ConsultationResponseIndexPageFactory,
    ConsultationResponsePageFactory,
    MinistryFactory,
)
from tests.factories.core import DocumentFactory, ImageFactory, root_collection
from tests.factories.home import HomePageFactory, StandardPageFactory, VideoPageFactory

pytestmark = pytest.mark.django_db

STATES = ["draft", "unpublished", "login", "password", "privateparent"]
KINDS = {
    "std": StandardPageFactory,
    "art": ArticlePageFactory,
    "rsp": ConsultationResponsePageFactory,
}
# Every page type the pages listing accepts, from the committed schema.
PAGE_TYPES = next(
    parameter["schema"]["items"]["enum"]
    for parameter in get_operations()["pages_list"][1]
    if parameter["name"] == "type"
)


def marker(kind: str, state: str) -> str:
    """A unique word the search index keeps whole."""
    return f"zqx{kind}{state}"


def plant(kind: str, state: str, parents: SimpleNamespace):
    """A page of ``kind`` in ``state``, its marker in its title and text."""
    word = marker(kind, state)
    fields = {"title": f"Hemlig {word}", "slug": word}
    if kind == "rsp":
        fields.update(summary=f"Sammanfattning {word}", inquiry_reference=f"ZQ {state}")
        fields["ministry"] = parents.secret_ministry
    else:
        fields["intro"] = f"Ingress {word}"
    if kind == "art":
        fields.update(tags=["zqxtag"], date=datetime.date(1999, 1, 1))
    if state == "draft":
        fields["live"] = False
    if state == "privateparent":
        fields["parent"] = getattr(parents, f"private_{kind}")
        if kind != "std":
            fields["locale"] = parents.english
    elif kind == "std":
        fields["parent"] = parents.home
    page = KINDS[kind](**fields)
    if state == "unpublished":
        page.save_revision().publish()
        page.unpublish()
    if state in {"login", "password"}:
        PageViewRestriction.objects.create(
            page=page,
            restriction_type=getattr(PageViewRestriction, state.upper()),
            password="hemligt" if state == "password" else "",
        )
    return page


@pytest.fixture(scope="module")
def content(django_db_setup, django_db_blocker):
    with module_data(django_db_blocker):
        configure_public_site()
        home = HomePageFactory()
        news = ArticleIndexPageFactory()
        responses = ConsultationResponseIndexPageFactory()
        english = Locale.objects.get(language_code="en")
        english_home = home.copy_for_translation(english)
        english_home.save_revision().publish()
        # The English news and remissvar listings are private: what is under them is hidden.
        english_news = news.copy_for_translation(english)
        english_responses = responses.copy_for_translation(english)
        for index in (english_news, english_responses):
            index.save_revision().publish()
            PageViewRestriction.objects.create(
                page=index, restriction_type=PageViewRestriction.LOGIN
            )
        private_std = StandardPageFactory(
            parent=home, title="Hemlig zqxprivateparent", slug="zqxprivateparent"
        )
        PageViewRestriction.objects.create(
            page=private_std, restriction_type=PageViewRestriction.LOGIN
        )
        parents = SimpleNamespace(
            home=home,
            english=english,
            private_std=private_std,
            private_art=english_news,
            private_rsp=english_responses,
            secret_ministry=MinistryFactory(name="Zqxministry", slug="zqxministry"),
        )
        planted = {(kind, state): plant(kind, state, parents) for kind in KINDS for state in STATES}
        markers = [marker(kind, state) for kind, state in planted] + ["zqxprivateparent"]

        private_collection = root_collection().add_child(name="Styrelsen")
        CollectionViewRestriction.objects.create(
            collection=private_collection, restriction_type=CollectionViewRestriction.LOGIN
        )
        private_image = ImageFactory(
            title="Bild zqximage",
            collection=private_collection,
            file__filename="zqximagefile.png",
            file__width=1600,
            file__height=900,
        )
        private_document = DocumentFactory(
            title="Protokoll zqxdocument",
            collection=private_collection,
            file__filename="zqxdocumentfile.pdf",
        )
        markers += ["zqximage", "zqxdocument", "zqxministry"]
        public_image = ImageFactory(title="Öppen bild")
        public_document = DocumentFactory(title="Öppet remissvar")

        about = StandardPageFactory(parent=home, title="Om SmåKom", slug="om-smakom")
        about.save_revision().publish()
        # The live page is public; its newer draft revision is not.
        about.title = "Utkast zqxrevision"
        about.intro = "Ingress zqxrevision"
        about.save_revision()
        translation = about.copy_for_translation(english)
        translation.title = "Översättning zqxtranslation"
        translation.save_revision()
        markers += ["zqxrevision", "zqxtranslation"]

        article = ArticlePageFactory(
            title="Öppen nyhet",
            hero_image=private_image,
            tags=["ekonomi"],
            body__0="image",
            body__0__image__image__image__image=private_image,
            body__1="document",
            body__1__document__document__document=private_document,
            body__1__document__label="Protokollet",
        )
        response = ConsultationResponsePageFactory(
            title="Öppet svar",
            inquiry_reference="SOU 2011:59",
            response_document=private_document,
        )
        redirect = Redirect.objects.create(
            old_path="/gammal-hemlig", redirect_page=planted["std", "login"]
        )

        viewer = create_user("läsare")
        yield SimpleNamespace(
            planted=planted,
            markers=markers,
            english_home=english_home,
            private_std=private_std,
            private_image=private_image,
            private_document=private_document,
            public_image=public_image,
            public_document=public_document,
            about=about,
            translation=translation,
            article=article,
            response=response,
            redirect=redirect,
            public_pages=set(
                Page.objects.live().public().exclude(depth=1).values_list("pk", flat=True)
            ),
            viewer_token=token_for(viewer),
        )


@pytest.fixture
def reader(content):
    """An anonymous consumer."""
    return bearer_client(None)


def read(client, path: str, params: dict | None = None, status: int | None = 200):
    """The response body as text after checking its status."""
    response = client.get(path, params or {})
    text = response.content.decode()
    if status is not None:
        assert response.status_code == status, (path, params, text[:300])
    return response, text


def assert_no_marker(content, text: str, where: str) -> None:
    leaked = [word for word in content.markers if word in text]
    assert not leaked, f"{where} leaks {leaked}"


def hidden_page(content, name: str):
    if name == "privateparent":
        return content.private_std
    kind, state = name.split("-")
    return content.planted[kind, state]


HIDDEN_PAGES = [f"{kind}-{state}" for kind in KINDS for state in STATES] + ["privateparent"]


# --- Pages ---------------------------------------------------------------------------------------


def test_the_planted_pages_exist(content):
    """The leak tests only mean something if the hidden pages are really there."""
    planted = content.planted
    assert Page.objects.filter(pk__in=[page.pk for page in planted.values()]).count() == 15
    assert not planted["art", "draft"].live and not planted["art", "unpublished"].live
    assert planted["art", "login"].live and planted["art", "privateparent"].live
    assert planted["rsp", "privateparent"].get_parent().locale.language_code == "en"
    assert content.translation.locale.language_code == "en" and not content.translation.live
    assert "zqxrevision" in content.about.get_latest_revision_as_object().title


def test_pages_listing_shows_exactly_the_public_pages(reader, content):
    _response, text = read(reader, f"{API}/pages/", {"limit": 100})
    data = _response.json()

    assert_no_marker(content, text, "pages listing")
    assert {item["id"] for item in data["items"]} == content.public_pages
    assert data["count"] == len(content.public_pages)


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_pages_listing_by_type(reader, content, page_type):
    response, text = read(reader, f"{API}/pages/", {"type": page_type, "limit": 100})
    public = {
        pk
        for pk in content.public_pages
        if page_type == "wagtailcore.Page"
        or Page.objects.get(pk=pk).specific_class._meta.label == page_type
    }

    assert_no_marker(content, text, f"pages?type={page_type}")
    assert {item["id"] for item in response.json()["items"]} == public
    assert response.json()["count"] == len(public)


@pytest.mark.parametrize(
    "word", [*(marker(k, s) for k in KINDS for s in STATES), "zqxrevision", "zqxtranslation"]
)
def test_pages_search_finds_no_hidden_page(reader, content, word):
    for params in ({"search": word}, {"search": word, "type": "articles.ArticlePage"}):
        response, text = read(reader, f"{API}/pages/", params)

        assert_no_marker(content, text, f"pages?{params}")
        assert response.json()["count"] == 0


def test_pages_search_still_finds_public_pages(content):
    response, _text = read(bearer_client(None), f"{API}/pages/", {"search": "Öppen nyhet"})

    assert content.article.pk in {item["id"] for item in response.json()["items"]}


@pytest.mark.parametrize("name", HIDDEN_PAGES)
def test_pages_field_filter_by_title_finds_no_hidden_page(reader, content, name):
    page = hidden_page(content, name)
    for params in (
        {"title": page.title},
        {"type": page.specific_class._meta.label, "title": page.title},
        {"slug": page.slug},
    ):
        response, text = read(reader, f"{API}/pages/", params, status=None)

        assert response.status_code in {200, 400}, (params, text[:300])
        assert_no_marker(content, text, f"pages?{params}")
        if response.status_code == 200:
            assert response.json()["count"] == 0


@pytest.mark.parametrize("name", HIDDEN_PAGES)
def test_hidden_page_detail_is_404(reader, content, name):
    page = hidden_page(content, name)
    for params in ({}, {"version": "draft"}):
        _response, text = read(reader, f"{API}/pages/{page.pk}/", params, status=404)

        assert_no_marker(content, text, f"pages/{page.pk}/")


@pytest.mark.parametrize("name", HIDDEN_PAGES)
def test_hidden_page_find_is_404(reader, content, name):
    page = hidden_page(content, name)
    for params in ({"html_path": page.url_path.split("/", 2)[-1] or "/"}, {"id": page.pk}):
        _response, text = read(reader, f"{API}/pages/find/", params, status=404)

        assert_no_marker(content, text, f"pages/find/?{params}")


def test_find_by_path_still_finds_a_public_page(content):
    response = bearer_client(None).get(f"{API}/pages/find/", {"html_path": "/om-smakom/"})

    assert response.status_code == 302
    assert response["Location"].split("?")[0].endswith(f"/api/v3/pages/{content.about.pk}/")


@pytest.mark.parametrize("params", [{}, {"version": "draft"}, {"version": "live"}])
def test_live_page_shows_its_live_version_not_its_draft(reader, content, params):
    response, text = read(reader, f"{API}/pages/{content.about.pk}/", params)

    assert_no_marker(content, text, f"pages/{content.about.pk}/?{params}")
    assert response.json()["title"] == "Om SmåKom"


def test_unpublished_translation_is_hidden(reader, content):
    for path, params in [
        (f"{API}/pages/", {"locale": "en", "limit": 100}),
        (f"{API}/pages/", {"translation_of": content.about.pk}),
        (f"{API}/pages/{content.translation.pk}/", {}),
    ]:
        response, text = read(reader, path, params, status=None)

        assert_no_marker(content, text, f"{path}?{params}")
        if response.status_code == 200 and "items" in response.json():
            assert {item["id"] for item in response.json()["items"]} <= content.public_pages


@pytest.mark.parametrize("relation", ["child_of", "descendant_of", "ancestor_of"])
def test_tree_filters_on_a_hidden_page(reader, content, relation):
    for page in (content.private_std, content.planted["std", "privateparent"]):
        response, text = read(reader, f"{API}/pages/", {relation: page.pk}, status=None)

        assert_no_marker(content, text, f"pages?{relation}={page.pk}")
        assert response.status_code in {200, 404, 422}, text[:300]
        if response.status_code == 200:
            assert {item["id"] for item in response.json()["items"]} <= content.public_pages


def test_tree_filters_on_the_root_list_only_public_pages(reader, content):
    for relation in ("child_of", "descendant_of"):
        response, text = read(reader, f"{API}/pages/", {relation: "root", "limit": 100})

        assert_no_marker(content, text, f"pages?{relation}=root")


# --- Images and documents ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("collection", "name"), [("images", "private_image"), ("documents", "private_document")]
)
def test_private_media_are_hidden(reader, content, collection, name):
    hidden = getattr(content, name)
    public = getattr(content, name.replace("private", "public"))
    path = f"{API}/{collection}/"

    response, text = read(reader, path, {"limit": 100})
    assert_no_marker(content, text, path)
    assert {item["id"] for item in response.json()["items"]} == {public.pk}
    assert response.json()["count"] == 1

    for word in ("zqximage", "zqxdocument", hidden.title):
        response, text = read(reader, path, {"search": word})
        assert_no_marker(content, text, f"{path}?search={word}")
        assert response.json()["count"] == 0
    response, _text = read(reader, path, {"search": public.title})
    assert [item["id"] for item in response.json()["items"]] == [public.pk]

    _response, text = read(reader, f"{path}{hidden.pk}/", status=404)
    assert_no_marker(content, text, f"{path}{hidden.pk}/")
    assert read(reader, f"{path}{public.pk}/")[0].json()["id"] == public.pk


def test_snippets_endpoint_leaks_nothing(reader, content):
    for path in (
        f"{API}/snippets/consultation_responses.Ministry/",
        f"{API}/snippets/consultation_responses.Ministry/?search=zqxministry",
    ):
        response, text = read(reader, path, status=None)

        assert 400 <= response.status_code < 500, text[:300]
        assert_no_marker(content, text, path)


def test_redirect_to_a_hidden_page_leaks_nothing(reader, content):
    for path, params in [
        (f"{API}/redirects/", {"limit": 100}),
        (f"{API}/redirects/{content.redirect.pk}/", {}),
        (f"{API}/redirects/find/", {"html_path": "/gammal-hemlig"}),
    ]:
        _response, text = read(reader, path, params, status=None)

        assert_no_marker(content, text, f"{path}?{params}")


# --- Private media inside public pages -----------------------------------------------------------


def test_news_shows_a_private_hero_image_as_null(reader, content):
    response, text = read(reader, f"{API}/news/")
    items = {item["id"]: item for item in response.json()["items"]}

    assert_no_marker(content, text, "news")
    assert items[content.article.pk]["hero_image"] is None


def test_responses_show_a_private_document_as_null(reader, content):
    response, text = read(reader, f"{API}/consultation-responses/")
    items = {item["id"]: item for item in response.json()["items"]}

    assert_no_marker(content, text, "consultation-responses")
    assert items[content.response.pk]["response_document"] is None


def test_page_detail_shows_a_private_body_image_as_null(reader, content):
    response, _text = read(reader, f"{API}/pages/{content.article.pk}/")
    body = response.json()["body"]

    assert body[0]["value"]["image"] is None


def test_page_detail_shows_a_private_body_document_as_null(reader, content):
    response, _text = read(reader, f"{API}/pages/{content.article.pk}/")
    body = response.json()["body"]

    assert body[1]["value"]["document"] is None


def test_page_detail_shows_a_private_hero_image_as_null(reader, content):
    """Wagtail's v3 serialises the project's fields without a request: private media are null."""
    response, text = read(reader, f"{API}/pages/{content.article.pk}/")

    assert response.json()["hero_image"] is None
    assert response.json()["hero_image_teaser"] is None
    assert_no_marker(content, text, f"pages/{content.article.pk}/")


def test_page_detail_shows_a_private_response_document_as_null(reader, content):
    response, text = read(reader, f"{API}/pages/{content.response.pk}/")

    assert response.json()["response_document"] is None
    assert_no_marker(content, text, f"pages/{content.response.pk}/")


def test_page_detail_shows_private_social_image_poster_and_video_file_as_null(reader, content):
    film = DocumentFactory(
        title="Film zqxdocument",
        collection=content.private_document.collection,
        file__filename="zqxdocumentfilm.mp4",
    )
    video = VideoPageFactory(
        poster=content.private_image, video_file=film, social_image=content.private_image
    )

    response, text = read(reader, f"{API}/pages/{video.pk}/")

    assert response.json()["poster"] is None
    assert response.json()["video_file"] is None
    assert response.json()["social_image"] is None
    assert_no_marker(content, text, f"pages/{video.pk}/")


def test_page_detail_still_shows_public_media(reader, content):
    """The control: the same fields with media in a public collection are shown."""
    article = ArticlePageFactory(
        title="Nyhet med öppen bild",
        hero_image=content.public_image,
        social_image=content.public_image,
    )
    answer = ConsultationResponsePageFactory(response_document=content.public_document)

    article_data = read(reader, f"{API}/pages/{article.pk}/")[0].json()
    answer_data = read(reader, f"{API}/pages/{answer.pk}/")[0].json()

    assert article_data["hero_image"]["alt"] == "Öppen bild"
    assert ".fill-" in article_data["hero_image_teaser"]["url"]
    assert article_data["social_image"] is not None
    assert answer_data["response_document"]["title"] == "Öppet remissvar"


# --- The project's routers -----------------------------------------------------------------------


NEWS_QUERIES = {
    "plain": ({}, True),
    "limit": ({"limit": 100}, True),
    "tag": ({"tag": "zqxtag"}, False),
    "year": ({"year": 1999}, False),
    "locale-en": ({"locale": "en"}, False),
    "locale-sv": ({"locale": "sv", "limit": 100}, True),
}


@pytest.mark.parametrize(("params", "finds_public"), NEWS_QUERIES.values(), ids=NEWS_QUERIES)
def test_news_lists_only_public_articles(reader, content, params, finds_public):
    response, text = read(reader, f"{API}/news/", params)
    public = {content.article.pk} if finds_public else set()

    assert_no_marker(content, text, f"news?{params}")
    assert {item["id"] for item in response.json()["items"]} == public
    assert response.json()["count"] == len(public)


RESPONSE_QUERIES = {
    "plain": ({}, True),
    "public-reference": ({"inquiry_reference": "sou 2011:59"}, True),
    **{f"reference-{state}": ({"inquiry_reference": f"ZQ {state}"}, False) for state in STATES},
    "ministry": ({"ministry": "zqxministry"}, False),
    "locale-en": ({"locale": "en"}, False),
    "year": ({"year": 2011}, True),
}


@pytest.mark.parametrize(
    ("params", "finds_public"), RESPONSE_QUERIES.values(), ids=RESPONSE_QUERIES
)
def test_responses_list_only_public_responses(reader, content, params, finds_public):
    response, text = read(reader, f"{API}/consultation-responses/", params)
    public = {content.response.pk} if finds_public else set()

    assert_no_marker(content, text, f"consultation-responses?{params}")
    assert {item["id"] for item in response.json()["items"]} == public
    assert response.json()["count"] == len(public)


# --- A token of a user without permissions -------------------------------------------------------


def test_token_without_permissions_sees_no_hidden_page(content):
    client = bearer_client(content.viewer_token)
    paths = [
        (f"{API}/pages/", {"limit": 100}),
        (f"{API}/pages/", {"search": "zqx"}),
        (f"{API}/pages/", {"locale": "en"}),
        (f"{API}/pages/{content.about.pk}/", {"version": "draft"}),
        *((f"{API}/pages/{hidden_page(content, name).pk}/", {}) for name in HIDDEN_PAGES),
        *(
            (f"{API}/pages/{hidden_page(content, name).pk}/", {"version": "draft"})
            for name in HIDDEN_PAGES
        ),
        (f"{API}/pages/{content.translation.pk}/", {}),
    ]
    for path, params in paths:
        response, text = read(client, path, params, status=None)

        assert response.status_code in {200, 404}, (path, params, text[:300])
        assert_no_marker(content, text, f"{path}?{params}")


def test_token_without_permissions_sees_no_page_of_wagtails_listing(content):
    """docs/api.md: a token's /api/v3/pages/ shows the pages its user may edit or publish, not the
    public site; a user without page permissions gets none, and 404 for a public page."""
    client = bearer_client(content.viewer_token)

    response, _text = read(client, f"{API}/pages/", {"limit": 100})
    assert response.json()["items"] == []
    assert response.json()["count"] == 0
    read(client, f"{API}/pages/{content.about.pk}/", status=404)
    # Without the token the same reader sees the public site.
    response, _text = read(bearer_client(None), f"{API}/pages/", {"limit": 100})
    assert {item["id"] for item in response.json()["items"]} == content.public_pages


@pytest.mark.parametrize(
    ("path", "public"),
    [("news/", "article"), ("consultation-responses/", "response")],
    ids=["news", "consultation-responses"],
)
def test_token_without_permissions_sees_the_public_site_on_the_projects_routers(
    content, path, public
):
    """docs/api.md: the project's /news/ and /consultation-responses/ ignore the token."""
    response, text = read(bearer_client(content.viewer_token), f"{API}/{path}", {"limit": 100})

    assert {item["id"] for item in response.json()["items"]} == {getattr(content, public).pk}
    assert_no_marker(content, text, f"{path} with a token")
