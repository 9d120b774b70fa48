"""Writes through API v3: off (405) unless API_WRITE_ENABLED; then only with a bearer token of an
active user who has the Wagtail permission. A refused write leaves the database as it was.
"""

from __future__ import annotations

import datetime
import json
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group
from django.test import Client, override_settings
from wagtail.models import APIToken, Page

from articles.models import ArticlePage
from core.editorial import roles
from home.models import StandardPage
from tests.core.api.helpers import module_data
from tests.core.api.v3_helpers import (
    API,
    PROBLEM_JSON,
    assert_problem,
    bearer_client,
    create_user,
    page_state,
    token_for,
)
from tests.factories.articles import ArticleIndexPageFactory
from tests.factories.consultation_responses import ConsultationResponsePageFactory
from tests.factories.core import ImageFactory
from tests.factories.home import HomePageFactory, StandardPageFactory

pytestmark = pytest.mark.django_db

WRITE_METHODS = ["post", "put", "patch", "delete"]


@pytest.fixture(scope="module")
def content(django_db_setup, django_db_blocker):
    with module_data(django_db_blocker):
        home = HomePageFactory()
        about = StandardPageFactory(parent=home, title="Om SmåKom", slug="om-smakom")
        about.save_revision().publish()
        superuser = create_user("admin", superuser=True)
        editor = create_user("redaktor")
        editor.groups.add(Group.objects.get(name=roles.EDITOR))
        plain = create_user("läsare")
        inactive = create_user("slutat", superuser=True, active=False)
        revoked_token, revoked = APIToken.create_token(user=superuser, name="återkallad")
        revoked_token.revoke()
        yield SimpleNamespace(
            home=home,
            about=about,
            superuser=token_for(superuser),
            editor=token_for(editor),
            plain=token_for(plain),
            inactive=token_for(inactive),
            revoked=revoked,
        )


def write_targets(content) -> list[str]:
    return [
        f"{API}/pages/",
        f"{API}/pages/{content.about.pk}/",
        f"{API}/pages/{content.about.pk}/actions/publish/",
        f"{API}/news/",
        f"{API}/consultation-responses/",
    ]


def send(client, method: str, path: str, data: dict | None = None):
    return getattr(client, method)(
        path, data=json.dumps(data or {}), content_type="application/json"
    )


def create_payload(content, slug: str = "ny-sida") -> dict:
    return {
        "meta": {"parent_id": content.home.pk, "type": "home.StandardPage"},
        "title": "Ny sida från API:t",
        "slug": slug,
        "seo_title": "Ny sida | SmåKom",
    }


def update_payload() -> dict:
    return {"meta": {"type": "home.StandardPage"}, "title": "Ändrad titel"}


# --- Writes turned off ---------------------------------------------------------------------------


@override_settings(API_WRITE_ENABLED=False)
@pytest.mark.parametrize("token", [None, "superuser"])
@pytest.mark.parametrize("method", WRITE_METHODS)
def test_writes_are_refused_while_turned_off(content, method, token):
    client = bearer_client(getattr(content, token) if token else None)
    before = page_state()

    for path in write_targets(content):
        response = send(client, method, path, create_payload(content))

        problem = assert_problem(response, 405)
        assert "API_WRITE_ENABLED" in problem["detail"]
        assert response["Allow"] == "GET"
    assert page_state() == before


@override_settings(API_WRITE_ENABLED=False)
def test_reads_still_work_while_writes_are_off(content):
    client = bearer_client(content.superuser)

    assert client.get(f"{API}/pages/{content.about.pk}/").status_code == 200
    assert bearer_client(None).get(f"{API}/news/").status_code == 200


@override_settings(API_WRITE_ENABLED=False)
@pytest.mark.parametrize("method", ["head", "options"])
def test_head_and_options_are_a_problem_json_405(content, method):
    """django-ninja answers neither; the middleware turns its HTML 405 into problem+json."""
    response = getattr(bearer_client(None), method)(f"{API}/pages/")

    assert response.status_code == 405
    assert response["Content-Type"] == PROBLEM_JSON
    # django-ninja's Allow, kept by the middleware: it lists POST even while writes are off.
    assert set(response["Allow"].split(", ")) == {"GET", "POST"}
    if method == "options":  # A HEAD answer has no body.
        problem = assert_problem(response, 405)
        assert problem["detail"] == "This endpoint does not answer OPTIONS requests."
    else:
        assert response.content == b""


# --- Writes turned on: who may write -------------------------------------------------------------

REFUSED = {
    "no token": (None, 401),
    "not a bearer token": ("Basic YWRtaW46YWRtaW4=", 401),
    "malformed token": ("Bearer wagtail_inte-en-token", 401),
    "empty bearer": ("Bearer ", 401),
    "unknown token": ("Bearer " + APIToken.generate_token(), 401),
    "revoked token": ("revoked", 401),
    "inactive user": ("inactive", 401),
    "user without permission": ("plain", 403),
}


WHOAMI_REFUSED = ["no token", "malformed token", "unknown token", "revoked token", "inactive user"]


def refused_client(content, credential: str | None):
    if credential is None:
        return bearer_client(None)
    if " " in credential:
        return Client(raise_request_exception=False, headers={"Authorization": credential})
    return bearer_client(getattr(content, credential))


def write_attempts(content) -> list[tuple[str, str, dict]]:
    return [
        ("post", f"{API}/pages/", create_payload(content)),
        ("patch", f"{API}/pages/{content.about.pk}/", update_payload()),
        ("post", f"{API}/pages/{content.about.pk}/actions/publish/", {}),
        ("post", f"{API}/pages/{content.about.pk}/actions/unpublish/", {}),
        ("delete", f"{API}/pages/{content.about.pk}/", {}),
    ]


@override_settings(API_WRITE_ENABLED=True)
@pytest.mark.parametrize(("credential", "status"), REFUSED.values(), ids=REFUSED.keys())
def test_writes_need_the_token_of_an_active_user_with_permission(content, credential, status):
    client = refused_client(content, credential)
    before = page_state()

    for method, path, payload in write_attempts(content):
        response = send(client, method, path, payload)

        assert_problem(response, status)
    assert page_state() == before
    assert not StandardPage.objects.filter(slug="ny-sida").exists()


@override_settings(API_WRITE_ENABLED=True)
@pytest.mark.parametrize("credential", ["revoked", "inactive"])
def test_a_dead_token_gets_a_401_even_on_reads(content, credential):
    response = bearer_client(getattr(content, credential)).get(f"{API}/pages/")

    problem = assert_problem(response, 401)
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert problem["detail"]


@override_settings(API_WRITE_ENABLED=True)
def test_a_superuser_token_creates_a_draft_page(content):
    before = Page.objects.count()

    response = send(
        bearer_client(content.superuser), "post", f"{API}/pages/", create_payload(content)
    )

    assert response.status_code == 201, response.content[:500]
    page = StandardPage.objects.get(slug="ny-sida")
    assert page.get_parent().pk == content.home.pk
    assert page.title == "Ny sida från API:t"
    assert page.seo_title == "Ny sida | SmåKom"
    assert not page.live
    assert Page.objects.count() == before + 1
    assert response.json()["id"] == page.pk
    # An anonymous reader still doesn't see the draft.
    assert bearer_client(None).get(f"{API}/pages/{page.pk}/").status_code == 404


@override_settings(API_WRITE_ENABLED=True)
def test_a_superuser_token_updates_and_publishes_a_page(content):
    client = bearer_client(content.superuser)

    response = send(client, "patch", f"{API}/pages/{content.about.pk}/", update_payload())
    assert response.status_code == 200, response.content[:500]
    about = StandardPage.objects.get(pk=content.about.pk)
    assert about.latest_revision.as_object().title == "Ändrad titel"
    assert about.title == "Om SmåKom"  # Saved as a draft, not yet live.

    response = send(client, "post", f"{API}/pages/{content.about.pk}/actions/publish/")
    assert response.status_code == 200, response.content[:500]
    about.refresh_from_db()
    assert about.title == "Ändrad titel"
    assert about.live


@override_settings(API_WRITE_ENABLED=True)
def test_an_editor_token_creates_a_page_where_the_group_may(content):
    response = send(
        bearer_client(content.editor), "post", f"{API}/pages/", create_payload(content, "redaktor")
    )

    assert response.status_code == 201, response.content[:500]
    assert StandardPage.objects.filter(slug="redaktor", live=False).exists()


@override_settings(API_WRITE_ENABLED=True)
def test_an_invalid_write_leaves_nothing_behind(content):
    before = page_state()
    payload = create_payload(content)
    payload["meta"]["type"] = "articles.ArticlePage"  # Not allowed under the home page.

    response = send(bearer_client(content.superuser), "post", f"{API}/pages/", payload)

    assert_problem(response)
    assert page_state() == before


@override_settings(API_WRITE_ENABLED=True)
def test_an_article_without_intro_cannot_be_published(content):
    """ArticlePage.intro is required: a publish without it is a 422 and nothing goes live."""
    index = ArticleIndexPageFactory()
    payload = {
        "meta": {"parent_id": index.pk, "type": "articles.ArticlePage", "action": "publish"},
        "title": "Nyhet utan ingress",
        "slug": "utan-ingress",
    }
    before = page_state()

    response = send(bearer_client(content.superuser), "post", f"{API}/pages/", payload)

    assert_problem(response, 422)
    assert page_state() == before


# --- Writes turned on: the project's fields -----------------------------------------------------


@pytest.fixture
def superuser_client(content):
    return bearer_client(content.superuser)


def article_payload(**fields) -> dict:
    return {
        "meta": {
            "parent_id": ArticleIndexPageFactory().pk,
            "type": "articles.ArticlePage",
            "action": "publish",
        },
        "title": "Nyhet från API:t",
        "slug": "fran-api",
        "intro": "Ingressen skickades med.",
        **fields,
    }


@override_settings(API_WRITE_ENABLED=True)
def test_an_article_created_with_its_fields_is_published(superuser_client):
    payload = article_payload(
        date="2011-11-28",
        author_name="Kansliet",
        tags=["skola"],
        body=[{"type": "paragraph", "value": "<p>Brödtext från API:t.</p>"}],
    )

    response = send(superuser_client, "post", f"{API}/pages/", payload)

    assert response.status_code == 201, response.content[:500]
    article = ArticlePage.objects.get(slug="fran-api")
    assert response.json()["id"] == article.pk
    assert article.live
    assert article.get_parent().pk == payload["meta"]["parent_id"]
    assert article.intro == "Ingressen skickades med."
    assert article.date == datetime.date(2011, 11, 28)
    assert article.author_name == "Kansliet"
    assert list(article.tags.names()) == ["skola"]
    assert [block.block_type for block in article.body] == ["paragraph"]
    assert "Brödtext från API:t." in str(article.body[0].value)
    # It is public at once: an anonymous reader sees it, with the fields written.
    public = bearer_client(None).get(f"{API}/pages/{article.pk}/")
    assert public.status_code == 200
    assert public.json()["intro"] == "Ingressen skickades med."
    assert public.json()["date"] == "2011-11-28"


@override_settings(API_WRITE_ENABLED=True)
@pytest.mark.parametrize("key", ["hero_image", "hero_image_id"])
def test_images_are_read_only_through_the_api(superuser_client, key):
    """docs/api.md: images, documents and the ministry are set in the admin, not by the API."""
    image = ImageFactory(title="Höstmötet")

    response = send(superuser_client, "post", f"{API}/pages/", article_payload(**{key: image.pk}))

    assert response.status_code == 201, response.content[:500]
    assert ArticlePage.objects.get(slug="fran-api").hero_image_id is None


@override_settings(API_WRITE_ENABLED=True)
def test_a_response_patched_with_its_status_and_sent_date_is_saved(superuser_client):
    response_page = ConsultationResponsePageFactory(status="drafting", sent_date=None)
    response_page.save_revision().publish()
    revisions = response_page.revisions.count()
    payload = {
        "meta": {"type": "consultation_responses.ConsultationResponsePage", "action": "publish"},
        "status": "sent",
        "sent_date": "2011-10-28",
    }

    response = send(superuser_client, "patch", f"{API}/pages/{response_page.pk}/", payload)

    assert response.status_code == 200, response.content[:500]
    assert response.json()["status"] == "sent"
    response_page.refresh_from_db()
    assert response_page.status == "sent"
    assert response_page.sent_date == datetime.date(2011, 10, 28)
    assert response_page.revisions.count() == revisions + 1
    assert response_page.live


@override_settings(API_WRITE_ENABLED=True)
def test_a_patch_without_publish_saves_a_draft_of_the_fields(superuser_client):
    response_page = ConsultationResponsePageFactory(status="drafting", sent_date=None)
    response_page.save_revision().publish()
    payload = {
        "meta": {"type": "consultation_responses.ConsultationResponsePage"},
        "status": "sent",
        "sent_date": "2011-10-28",
    }

    response = send(superuser_client, "patch", f"{API}/pages/{response_page.pk}/", payload)

    assert response.status_code == 200, response.content[:500]
    response_page.refresh_from_db()
    assert (response_page.status, response_page.sent_date) == ("drafting", None)
    draft = response_page.get_latest_revision_as_object()
    assert (draft.status, draft.sent_date) == ("sent", datetime.date(2011, 10, 28))


INVALID_RESPONSE_VALUES = {
    "status-unknown": {"status": "nope"},
    "sent_date-impossible": {"sent_date": "2011-13-45"},
    "sent_date-text": {"sent_date": "igår"},
    "case_number-too-long": {"case_number": "x" * 500},
}


@override_settings(API_WRITE_ENABLED=True)
@pytest.mark.parametrize(
    "fields",
    [
        *(pytest.param(fields, id=case) for case, fields in INVALID_RESPONSE_VALUES.items()),
    ],
)
def test_an_invalid_value_is_a_422_and_changes_nothing(superuser_client, fields):
    response_page = ConsultationResponsePageFactory(status="drafting", sent_date=None)
    response_page.save_revision().publish()
    before = page_state()
    payload = {
        "meta": {"type": "consultation_responses.ConsultationResponsePage", "action": "publish"},
        **fields,
    }

    response = send(superuser_client, "patch", f"{API}/pages/{response_page.pk}/", payload)

    assert_problem(response, 422)
    assert page_state() == before  # No new revision either.
    response_page.refresh_from_db()
    assert (response_page.status, response_page.sent_date) == ("drafting", None)


@override_settings(API_WRITE_ENABLED=True)
@pytest.mark.parametrize(
    "fields",
    [
        pytest.param({"date": "2011-13-45"}, id="date-impossible"),
        pytest.param({"intro": ""}, id="intro-empty"),
        pytest.param({"author_name": "x" * 101}, id="author_name-too-long"),
    ],
)
def test_an_invalid_article_is_a_422_and_creates_nothing(superuser_client, fields):
    payload = article_payload(**fields)
    before = page_state()

    response = send(superuser_client, "post", f"{API}/pages/", payload)

    assert_problem(response, 422)
    assert page_state() == before
    assert not ArticlePage.objects.filter(slug="fran-api").exists()


# --- whoami --------------------------------------------------------------------------------------


def test_whoami_with_a_valid_token(content):
    response = bearer_client(content.plain).get(f"{API}/whoami/")

    assert response.status_code == 200
    assert response.json()["user"]["username"] == "läsare"
    assert response.json()["user"]["is_superuser"] is False


@pytest.mark.parametrize(
    "credential",
    [REFUSED[case][0] for case in WHOAMI_REFUSED],
    ids=WHOAMI_REFUSED,
)
def test_whoami_without_a_valid_token_is_a_401(content, credential):
    response = refused_client(content, credential).get(f"{API}/whoami/")

    assert_problem(response, 401)


@override_settings(API_WRITE_ENABLED=True)
def test_a_block_value_of_the_wrong_shape_is_a_422_and_creates_nothing(superuser_client):
    image = ImageFactory()
    payload = article_payload(
        body=[{"type": "image", "value": {"image": image.pk, "caption": "", "credit": ""}}]
    )
    before = page_state()

    response = send(superuser_client, "post", f"{API}/pages/", payload)

    assert_problem(response, 422)
    assert page_state() == before
    assert not ArticlePage.objects.filter(slug="fran-api").exists()
