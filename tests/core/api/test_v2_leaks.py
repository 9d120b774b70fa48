"""Nothing leaks through API v2: no draft, unpublished, private or password-protected page, and no
image or document in a private collection, in any listing, detail, search or find-by-path answer.

Each hidden thing carries a unique marker word in its title and in a body or intro field; an
anonymous client then asks every v2 endpoint, and no answer may contain any marker. Counts must
count only what an anonymous reader may see.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction
from wagtail.search.backends import get_search_backend

from tests.core.api.helpers import API, configure_public_site, module_data
from tests.factories.articles import ArticlePageFactory
from tests.factories.consultation_responses import ConsultationResponsePageFactory
from tests.factories.core import DocumentFactory, ImageFactory
from tests.factories.home import HomePageFactory, StandardPageFactory, VideoPageFactory

pytestmark = pytest.mark.django_db

# One marker per hidden thing; lower case, one word, so that search can find it.
MARKERS = {
    "draft": "xqzutkast",
    "unpublished": "xqzavpublicerad",
    "login": "xqzinloggning",
    "password": "xqzlosenord",
    "private_parent": "xqzprivatforalder",
    "private_child": "xqzundersida",
    "draft_response": "xqzremissutkast",
    "private_image": "xqzbild",
    "private_document": "xqzdokument",
    "private_film": "xqzfilm",
}
PUBLIC_MARKER = "xqzpublik"
HIDDEN_PAGES = [
    "draft",
    "unpublished",
    "login",
    "password",
    "private_parent",
    "private_child",
    "draft_response",
]
PAGE_TYPES = [
    "home.HomePage",
    "home.StandardPage",
    "home.VideoPage",
    "articles.ArticleIndexPage",
    "articles.ArticlePage",
    "consultation_responses.ConsultationResponseIndexPage",
    "consultation_responses.ConsultationResponsePage",
]


def private_collection() -> Collection:
    collection = Collection.get_first_root_node().add_child(name="Styrelsen")
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    return collection


def restrict(page: Page, restriction_type: str, password: str = "") -> None:
    PageViewRestriction.objects.create(
        page=page, restriction_type=restriction_type, password=password
    )


@pytest.fixture(scope="module")
def planted(django_db_setup, django_db_blocker):
    with module_data(django_db_blocker):
        configure_public_site()
        home = HomePageFactory()
        m = MARKERS

        draft = ArticlePageFactory(
            title=f"Nyhet {m['draft']}", intro=f"Ingress {m['draft']}.", live=False
        )
        unpublished = StandardPageFactory(
            parent=home, title=f"Sida {m['unpublished']}", intro=f"Om {m['unpublished']}."
        )
        unpublished.unpublish()
        login = ConsultationResponsePageFactory(
            title=f"Remissvar {m['login']}", summary=f"Sammanfattning {m['login']}."
        )
        restrict(login, PageViewRestriction.LOGIN)
        password = ArticlePageFactory(
            title=f"Nyhet {m['password']}", intro=f"Ingress {m['password']}."
        )
        restrict(password, PageViewRestriction.PASSWORD, password="hemligt")
        private_parent = StandardPageFactory(
            parent=home,
            title=f"Styrelserummet {m['private_parent']}",
            intro=f"Om {m['private_parent']}.",
        )
        restrict(private_parent, PageViewRestriction.LOGIN)
        private_child = StandardPageFactory(
            parent=private_parent,
            title=f"Protokoll {m['private_child']}",
            intro=f"Protokollet {m['private_child']}.",
        )
        draft_response = ConsultationResponsePageFactory(
            title=f"Remissvar {m['draft_response']}",
            summary=f"Sammanfattning {m['draft_response']}.",
            live=False,
        )

        collection = private_collection()
        private_image = ImageFactory(
            collection=collection,
            title=f"Bild {m['private_image']}",
            file__filename=f"{m['private_image']}.png",
        )
        private_document = DocumentFactory(
            collection=collection,
            title=f"Dokument {m['private_document']}",
            file__filename=f"{m['private_document']}.pdf",
        )
        private_film = DocumentFactory(
            collection=collection,
            title=f"Film {m['private_film']}",
            file__filename=f"{m['private_film']}.mp4",
        )

        # Public pages that point at the hidden things: the API must give null, not the thing.
        public_image = ImageFactory()
        public_document = DocumentFactory()
        article = ArticlePageFactory(
            title=f"Nyhet {PUBLIC_MARKER}",
            hero_image=private_image,
            social_image=private_image,
            consultation_response=draft_response,
            body__0="image",
            body__0__image__image__image__image=private_image,
            body__1="document",
            body__1__document__document__document=private_document,
            body__1__document__label="",
            body__2="link",
            body__2__link__page=draft,
            body__2__link__url="",
            body__3="image",
            body__3__image__image__image__image=public_image,
            body__4="document",
            body__4__document__document__document=public_document,
        )
        response = ConsultationResponsePageFactory(response_document=private_document)
        video = VideoPageFactory(parent=home, poster=private_image, video_file=private_film)
        contact = StandardPageFactory(parent=home, title="Kontakt")
        home.banner_link = login
        home.save()
        redirect = Redirect.objects.create(old_path="/gammal-nyhet", redirect_page=article)

        hidden = {
            "draft": draft,
            "unpublished": unpublished,
            "login": login,
            "password": password,
            "private_parent": private_parent,
            "private_child": private_child,
            "draft_response": draft_response,
        }
        yield SimpleNamespace(
            home=home,
            hidden=hidden,
            hidden_paths={
                name: "/" + page.url_path.removeprefix(home.url_path)
                for name, page in hidden.items()
            },
            public_pages=[
                home,
                article.get_parent(),
                article,
                response.get_parent(),
                response,
                video,
                contact,
            ],
            public_images=[public_image],
            public_documents=[public_document],
            private_image=private_image,
            private_document=private_document,
            private_film=private_film,
            article=article,
            response=response,
            video=video,
            redirect=redirect,
        )


def assert_no_marker(response) -> None:
    body = response.content.decode().lower()
    leaked = sorted(name for name, marker in MARKERS.items() if marker in body)
    assert not leaked, f"{response.request['PATH_INFO']} leaks {leaked}"


def listing(client, path: str, **params) -> dict:
    response = client.get(f"{API}/{path}", params)
    assert response.status_code == 200, response.content[:300]
    assert_no_marker(response)
    return response.json()


# --- Sanity: the hidden things exist and would be found -------------------------------------------


def test_hidden_pages_are_in_the_search_index(planted):
    """Otherwise a search that finds nothing would prove nothing."""
    backend = get_search_backend()
    for name in HIDDEN_PAGES:
        found = backend.search(MARKERS[name], Page.objects.all())
        assert [page.pk for page in found] == [planted.hidden[name].pk], name


def test_public_marker_is_found(api_client, planted):
    data = listing(api_client, "pages/", search=PUBLIC_MARKER)

    assert [item["id"] for item in data["items"]] == [planted.article.pk]


# --- Pages ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("fields", [None, "*"])
def test_pages_listing_counts_only_public_pages(api_client, planted, fields):
    params = {"limit": 100} | ({"fields": fields} if fields else {})

    data = listing(api_client, "pages/", **params)

    assert {item["id"] for item in data["items"]} == {page.pk for page in planted.public_pages}
    assert data["meta"]["total_count"] == len(planted.public_pages)


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_pages_listing_by_type(api_client, planted, page_type):
    public = [page for page in planted.public_pages if page.specific_class._meta.label == page_type]
    assert public, "every page type has a public page"

    data = listing(api_client, "pages/", type=page_type, fields="*", limit=100)
    # body, transcript and background are on the detail endpoint only: read them there too.
    details = [api_client.get(f"{API}/pages/{item['id']}/") for item in data["items"]]

    assert {item["id"] for item in data["items"]} == {page.pk for page in public}
    assert data["meta"]["total_count"] == len(public)
    for detail in details:
        assert detail.status_code == 200
        assert_no_marker(detail)


@pytest.mark.parametrize("name", MARKERS)
def test_pages_search_finds_nothing_hidden(api_client, planted, name):
    data = listing(api_client, "pages/", search=MARKERS[name], fields="*")

    assert data["meta"]["total_count"] == 0
    assert data["items"] == []


@pytest.mark.parametrize("name", HIDDEN_PAGES)
def test_pages_detail_of_a_hidden_page_is_404(api_client, planted, name):
    response = api_client.get(f"{API}/pages/{planted.hidden[name].pk}/", {"fields": "*"})

    assert response.status_code == 404
    assert_no_marker(response)


@pytest.mark.parametrize("name", HIDDEN_PAGES)
def test_pages_find_by_path_of_a_hidden_page_is_404(api_client, planted, name):
    path = planted.hidden_paths[name]

    by_path = api_client.get(f"{API}/pages/find/", {"html_path": path})
    by_id = api_client.get(f"{API}/pages/find/", {"id": planted.hidden[name].pk})

    assert path.strip("/"), "the path must not be the home page's"
    assert by_path.status_code == 404
    assert by_id.status_code == 404
    assert_no_marker(by_path)
    assert_no_marker(by_id)


@pytest.mark.parametrize("tree_filter", ["child_of", "descendant_of", "ancestor_of"])
def test_pages_tree_filters_do_not_open_a_private_branch(api_client, planted, tree_filter):
    page = planted.hidden["private_child" if tree_filter == "ancestor_of" else "private_parent"]

    response = api_client.get(f"{API}/pages/", {tree_filter: page.pk, "fields": "*"})

    assert response.status_code == 400
    assert_no_marker(response)


def test_public_article_gives_null_for_what_it_may_not_show(api_client, planted):
    response = api_client.get(f"{API}/pages/{planted.article.pk}/")
    data = response.json()

    assert response.status_code == 200
    assert_no_marker(response)
    assert data["hero_image"] is None
    assert data["hero_image_teaser"] is None
    assert data["social_image"] is None
    assert data["consultation_response"] is None
    image, document, link, public_image, public_document = (
        block["value"] for block in data["body"]
    )
    assert image["image"] is None
    assert document == {"document": None, "label": ""}
    assert link["page"] is None
    assert link["url"] == ""
    # The public image and document next to them are still there.
    assert public_image["image"]["url"].startswith("/media/images/")
    assert public_document["document"]["id"] == planted.public_documents[0].pk


def test_public_response_and_video_give_null_for_private_files(api_client, planted):
    response = api_client.get(f"{API}/pages/{planted.response.pk}/")
    video = api_client.get(f"{API}/pages/{planted.video.pk}/")
    home = api_client.get(f"{API}/pages/{planted.home.pk}/")

    for answer in (response, video, home):
        assert answer.status_code == 200
        assert_no_marker(answer)
    assert response.json()["response_document"] is None
    assert video.json()["poster"] is None
    assert video.json()["video_file"] is None
    assert home.json()["banner_link"] is None


# --- Images and documents -------------------------------------------------------------------------


@pytest.mark.parametrize("fields", [None, "*"])
def test_images_listing_counts_only_public_images(api_client, planted, fields):
    params = {"limit": 100} | ({"fields": fields} if fields else {})

    data = listing(api_client, "images/", **params)

    assert {item["id"] for item in data["items"]} == {i.pk for i in planted.public_images}
    assert data["meta"]["total_count"] == len(planted.public_images)


@pytest.mark.parametrize("fields", [None, "*"])
def test_documents_listing_counts_only_public_documents(api_client, planted, fields):
    params = {"limit": 100} | ({"fields": fields} if fields else {})

    data = listing(api_client, "documents/", **params)

    assert {item["id"] for item in data["items"]} == {d.pk for d in planted.public_documents}
    assert data["meta"]["total_count"] == len(planted.public_documents)


@pytest.mark.parametrize(
    ("endpoint", "name"),
    [
        ("images", "private_image"),
        ("documents", "private_document"),
        ("documents", "private_film"),
    ],
)
def test_private_files_are_not_found(api_client, planted, endpoint, name):
    hidden = getattr(planted, name)

    searched = listing(api_client, f"{endpoint}/", search=MARKERS[name])
    detail = api_client.get(f"{API}/{endpoint}/{hidden.pk}/")
    found = api_client.get(f"{API}/{endpoint}/find/", {"id": hidden.pk})

    assert searched["meta"]["total_count"] == 0
    assert detail.status_code == 404
    assert found.status_code == 404
    assert_no_marker(detail)
    assert_no_marker(found)


# --- Redirects ------------------------------------------------------------------------------------


def test_redirects_listing_and_detail(api_client, planted):
    data = listing(api_client, "redirects/", fields="*")
    detail = api_client.get(f"{API}/redirects/{planted.redirect.pk}/")
    found = api_client.get(f"{API}/redirects/find/", {"html_path": "/gammal-nyhet"})

    assert data["meta"]["total_count"] == 1
    assert data["items"][0]["location"] == planted.article.url
    assert detail.status_code == 200
    assert_no_marker(detail)
    assert found.status_code == 302
    assert f"/api/v2/redirects/{planted.redirect.pk}/" in found["Location"]


# --- Leaks once found, each in its own small world ------------------------------------------------


HIDDEN_TARGETS = ["draft", "login", "password", "private_parent"]


def redirect_to_a_hidden_page(target: str) -> tuple[Redirect, Redirect]:
    """A redirect to an article anonymous readers may not see, and an external redirect."""
    configure_public_site()
    page = ArticlePageFactory(title="Nyhet xqzomdirigering", live=target != "draft")
    if target in {"login", "password"}:
        restrict(page, getattr(PageViewRestriction, target.upper()), password="hemligt")
    elif target == "private_parent":
        restrict(page.get_parent(), PageViewRestriction.LOGIN)
    hidden = Redirect.objects.create(old_path="/gammal", redirect_page=page)
    external = Redirect.objects.create(old_path="/extern", redirect_link="https://smakom.se/")
    return hidden, external


@pytest.mark.parametrize("target", HIDDEN_TARGETS)
def test_redirect_to_a_hidden_page_does_not_reveal_it(api_client, target):
    """A redirect to a page anonymous readers may not see is neither listed nor shown."""
    hidden, external = redirect_to_a_hidden_page(target)

    listed = api_client.get(f"{API}/redirects/", {"fields": "*"})
    detail = api_client.get(f"{API}/redirects/{hidden.pk}/")
    found = api_client.get(f"{API}/redirects/find/", {"html_path": "/gammal"})
    found_by_id = api_client.get(f"{API}/redirects/find/", {"id": hidden.pk})

    # The module's planted redirects may be there too; these two are the test's own.
    listed_ids = {item["id"] for item in listed.json()["items"]}
    assert listed.status_code == 200
    assert external.pk in listed_ids
    assert hidden.pk not in listed_ids
    assert listed.json()["meta"]["total_count"] == len(listed_ids)
    assert detail.status_code == 404
    assert found_by_id.status_code == 404
    for response in (listed, detail, found, found_by_id):
        assert "xqzomdirigering" not in response.content.decode()


@pytest.mark.parametrize("target", HIDDEN_TARGETS)
def test_redirect_find_by_path_to_a_hidden_page_is_404(api_client, target):
    redirect_to_a_hidden_page(target)

    found = api_client.get(f"{API}/redirects/find/", {"html_path": "/gammal"})

    assert found.status_code == 404


def test_rich_text_link_to_a_private_document_does_not_reveal_it(api_client):
    configure_public_site()
    document = DocumentFactory(
        collection=private_collection(), file__filename="xqzrichdoc.pdf", title="xqzrichdoc"
    )
    public = DocumentFactory(file__filename="offentlig.pdf")
    page = StandardPageFactory(
        body__0="paragraph",
        body__0__paragraph__value=(
            f'<p>Se <a linktype="document" id="{document.pk}">här</a> '
            f'och <a linktype="document" id="{public.pk}">där</a>.</p>'
        ),
    )

    response = api_client.get(f"{API}/pages/{page.pk}/")

    assert response.status_code == 200
    assert "xqzrichdoc" not in response.content.decode()
    paragraph = response.json()["body"][0]["value"]
    # The link text stays; only the private document's address goes.
    assert ">här</a>" in paragraph
    assert f'<a href="/documents/{public.pk}/offentlig.pdf">där</a>' in paragraph
