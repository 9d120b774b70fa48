"""Previews: every page type in each of its modes, the listing-teaser mode, and the headless
preview an app fetches with a signed, expiring token."""

from __future__ import annotations

import datetime
import re
from urllib.parse import urlencode

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.test import RequestFactory
from django.urls import reverse
from wagtail.test.utils import WagtailPageTestCase

from articles.models import ArticlePage
from home.models import HeadlessPreview
from tests.test_factories import PAGE_FACTORIES, PROJECT_PAGE_MODELS

API = "/api/v3/previews"
# What only each mode's preview shows.
MODE_MARKERS = {"teaser": "Så här visas sidan i listor", "api": "data-preview-api-url"}


def preview_request():
    request = RequestFactory().get("/admin/pages/preview/")
    request.user, _ = get_user_model().objects.get_or_create(
        username="granskare", defaults={"is_superuser": True, "is_staff": True}
    )
    return request


def api_url_of(response) -> str:
    html = response.rendered_content if hasattr(response, "rendered_content") else response
    return re.search(r"data-preview-api-url>([^<]+)<", html).group(1)


class PreviewModesTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.pages = {model: PAGE_FACTORIES[model]() for model in PROJECT_PAGE_MODELS}

    def setUp(self):
        self.login()

    def test_every_page_type_is_previewable_in_every_mode(self):
        for model, page in self.pages.items():
            modes = [mode for mode, _label in page.preview_modes]
            self.assertIn("", modes)
            self.assertIn("api", modes)
            for mode in modes:
                with self.subTest(model=model.__name__, mode=mode):
                    # What the admin's preview panel does with the editor's form.
                    response = page.make_preview_request(preview_request(), mode)
                    self.assertEqual(response.status_code, 200)
                    html = response.rendered_content
                    self.assertIn(page.title, html)
                    for marker_mode, marker in MODE_MARKERS.items():
                        if marker_mode == mode:
                            self.assertIn(marker, html)
                        else:
                            self.assertNotIn(marker, html)

    def test_listed_types_have_a_teaser_mode(self):
        teasers = {
            model.__name__
            for model, page in self.pages.items()
            if "teaser" in dict(page.preview_modes)
        }
        self.assertEqual(teasers, {"ArticlePage", "ConsultationResponsePage", "EventPage"})

    def test_the_teaser_mode_shows_the_page_as_listings_do(self):
        article = next(page for model, page in self.pages.items() if model is ArticlePage)
        response = article.serve_preview(preview_request(), "teaser")
        html = response.rendered_content
        self.assertIn("Så här visas sidan i listor", html)
        self.assertIn('class="teaser', html)
        self.assertIn(article.title, html)


@pytest.fixture
def article(db):
    from tests.factories.articles import ArticlePageFactory

    return ArticlePageFactory(title="Publicerad rubrik")


def make_preview(page, **changes) -> str:
    for name, value in changes.items():
        setattr(page, name, value)
    return api_url_of(page.serve_preview(preview_request(), "api")).split("/api/v3")[1]


def test_an_app_gets_the_unsaved_preview_without_an_account(client, article):
    path = make_preview(article, title="Ändrad men inte sparad rubrik")
    response = client.get(f"/api/v3{path}")
    assert response.status_code == 200
    data = response.json()
    assert data["id"] == article.pk
    assert data["title"] == "Ändrad men inte sparad rubrik"
    assert data["meta"]["type"] == "articles.ArticlePage"
    assert response["Cache-Control"] == "private, no-store"
    article.refresh_from_db()
    assert article.title == "Publicerad rubrik"


def test_the_preview_page_names_the_api_address_and_the_app(settings, article):
    settings.HEADLESS_PREVIEW_URL = "https://app.example.se/preview"
    html = article.serve_preview(preview_request(), "api").rendered_content
    url = api_url_of(html)
    assert url.startswith("https://www.smakom.se/api/v3/previews/")
    token = url.rstrip("/").rsplit("/", 1)[1]
    assert f'href="https://app.example.se/preview?{urlencode({"token": token})}"' in html


def test_a_token_expires(client, settings, article):
    settings.HEADLESS_PREVIEW_MAX_AGE = 600
    path = make_preview(article)
    with time_machine.travel(datetime.timedelta(minutes=11)):
        response = client.get(f"/api/v3{path}")
    assert response.status_code == 410
    assert response["Content-Type"].startswith("application/problem+json")
    assert "expired" in response.json()["detail"]


def test_expired_previews_are_deleted_when_a_new_one_is_made(settings, article):
    settings.HEADLESS_PREVIEW_MAX_AGE = 600
    make_preview(article)
    with time_machine.travel(datetime.timedelta(minutes=11)):
        make_preview(article)
    assert HeadlessPreview.objects.count() == 1


@pytest.mark.parametrize(
    "token",
    [
        "eyJwcmV2aWV3IjoxfQ:1vQ8zT:forgedsignatureforgedsignature",
        "not-a-token-at-all-but-long",
        "a" * 1001,
        "%00%00%00%00%00%00%00%00%00%00",
    ],
)
def test_a_forged_or_malformed_token_is_a_clear_4xx(client, article, token):
    make_preview(article)
    response = client.get(f"{API}/{token}/")
    assert 400 <= response.status_code < 500
    assert response["Content-Type"].startswith("application/problem+json")


def test_a_deleted_preview_is_not_found(client, article):
    path = make_preview(article)
    HeadlessPreview.objects.all().delete()
    assert client.get(f"/api/v3{path}").status_code == 404


def test_the_preview_answer_has_a_fixed_number_of_queries(
    client, article, django_assert_num_queries
):
    path = make_preview(article)
    with django_assert_num_queries(10):
        assert client.get(f"/api/v3{path}").status_code == 200


def test_the_preview_url_is_reversible():
    assert reverse("wagtailapi_v3:preview_detail", kwargs={"token": "abc"}).startswith(API)


def test_a_page_never_saved_asks_for_a_draft_first(article):
    from articles.models import ArticlePage

    new = ArticlePage(title="Ny nyhet", intro="Ingress.", date=article.date, author_name="Hilkka")
    html = new.serve_preview(preview_request(), "api").rendered_content
    assert "Spara sidan som utkast först" in html
    assert HeadlessPreview.objects.count() == 0


def test_a_deleted_page_is_no_longer_previewed(client, article):
    path = make_preview(article)
    article.delete()
    response = client.get(f"/api/v3{path}")
    assert response.status_code == 404
