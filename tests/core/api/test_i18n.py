"""Both languages through the APIs: locale filters, the other language versions on details,
find-by-path with /en/, each item in its own language, and messages in English."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from wagtail.models import PageViewRestriction

from events.models import EventKind
from tests.core.api.helpers import BASE_URL, configure_public_site
from tests.factories.articles import ArticleIndexPageFactory, ArticlePageFactory
from tests.factories.consultation_responses import (
    ConsultationResponseIndexPageFactory,
    ConsultationResponsePageFactory,
)
from tests.factories.core import english_locale, translate_page
from tests.factories.events import EventPageFactory
from tests.factories.home import HomePageFactory

V2 = "/api/v2"
V3 = "/api/v3"

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(db):
    """A Swedish news item and response, both translated; one news item only in Swedish."""
    configure_public_site()
    home = HomePageFactory()
    translate_page(home, title="SmåKom")
    translate_page(ArticleIndexPageFactory(), title="News", slug="news")
    translate_page(
        ConsultationResponseIndexPageFactory(),
        title="Consultation responses",
        slug="consultation-responses",
    )
    response = ConsultationResponsePageFactory(
        title="Svar på SOU 2011:59",
        slug="sou-2011-59",
        inquiry_reference="SOU 2011:59",
        points=[
            {
                "type": "point",
                "value": {
                    "stance": "comments",
                    "heading": "Fonden",
                    "text": "<p>SmåKom lämnar synpunkter.</p>",
                    "proposal_reference": "",
                },
            }
        ],
    )
    response_en = translate_page(response, title="Response to SOU 2011:59", slug="sou-2011-59")
    article = ArticlePageFactory(
        title="Nyhet om svaret",
        slug="nyhet-om-svaret",
        consultation_response=response,
        date=datetime.date(2012, 1, 12),
        body=[
            {
                "type": "paragraph",
                "value": f'<p>Läs <a linktype="page" id="{response.pk}">svaret</a>.</p>',
            }
        ],
    )
    article_en = translate_page(
        article,
        title="News about the response",
        slug="news-about-the-response",
        body=[
            {
                "type": "paragraph",
                "value": f'<p>Read <a linktype="page" id="{response.pk}">the response</a>.</p>',
            }
        ],
    )
    only_swedish = ArticlePageFactory(title="Bara på svenska", slug="bara-pa-svenska")
    return {
        "article": article,
        "article_en": article_en,
        "response": response,
        "response_en": response_en,
        "only_swedish": only_swedish,
    }


@pytest.fixture
def client() -> Client:
    return Client(raise_request_exception=False)


def get_json(client: Client, url: str, **params) -> dict:
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    return response.json()


# --- API v2 ---------------------------------------------------------------------------------------


def test_v2_lists_each_language_by_locale(client, site):
    english = get_json(client, f"{V2}/pages/", type="articles.ArticlePage", locale="en")
    swedish = get_json(client, f"{V2}/pages/", type="articles.ArticlePage", locale="sv")

    assert [item["title"] for item in english["items"]] == ["News about the response"]
    assert {item["meta"]["locale"] for item in swedish["items"]} == {"sv"}
    assert swedish["meta"]["total_count"] == 2


def test_v2_translation_of_finds_the_other_version(client, site):
    data = get_json(client, f"{V2}/pages/", translation_of=site["article"].pk, locale="en")
    assert [item["id"] for item in data["items"]] == [site["article_en"].pk]


def test_v2_detail_names_the_other_language_versions(client, site):
    swedish = get_json(client, f"{V2}/pages/{site['article'].pk}/")
    english = get_json(client, f"{V2}/pages/{site['article_en'].pk}/")
    lonely = get_json(client, f"{V2}/pages/{site['only_swedish'].pk}/")

    assert swedish["translations"] == [
        {
            "id": site["article_en"].pk,
            "locale": "en",
            "title": "News about the response",
            "html_url": f"{BASE_URL}/en/news/news-about-the-response/",
        }
    ]
    assert english["translations"] == [
        {
            "id": site["article"].pk,
            "locale": "sv",
            "title": "Nyhet om svaret",
            "html_url": f"{BASE_URL}/nyheter/nyhet-om-svaret/",
        }
    ]
    assert lonely["translations"] == []


def test_v2_listings_leave_translations_to_the_detail(client, site):
    data = get_json(client, f"{V2}/pages/", type="articles.ArticlePage", fields="*")
    assert all("translations" not in item for item in data["items"])


@pytest.mark.parametrize("hide", ["unpublish", "restrict"])
def test_v2_hidden_translations_are_not_named(client, site, hide):
    if hide == "unpublish":
        site["article_en"].unpublish()
    else:
        PageViewRestriction.objects.create(
            page=site["article_en"], restriction_type=PageViewRestriction.LOGIN
        )

    data = get_json(client, f"{V2}/pages/{site['article'].pk}/")

    assert data["translations"] == []


def test_v2_english_page_speaks_english(client, site):
    response = get_json(client, f"{V2}/pages/{site['response_en'].pk}/")
    article = get_json(client, f"{V2}/pages/{site['article_en'].pk}/")
    swedish = get_json(client, f"{V2}/pages/{site['response'].pk}/")

    assert response["status_label"] == "Sent"
    assert swedish["status_label"] == "Skickat"
    # The rich text link leads to the English version of the response.
    assert 'href="/en/consultation-responses/sou-2011-59/"' in article["body"][0]["value"]


def test_v2_find_understands_the_language_prefix(client, site):
    english = client.get(f"{V2}/pages/find/", {"html_path": "/en/news/news-about-the-response/"})
    swedish = client.get(f"{V2}/pages/find/", {"html_path": "/nyheter/nyhet-om-svaret/"})
    untranslated = client.get(f"{V2}/pages/find/", {"html_path": "/en/news/bara-pa-svenska/"})

    assert english.status_code == 302
    assert f"/api/v2/pages/{site['article_en'].pk}/" in english["Location"]
    assert swedish.status_code == 302
    assert f"/api/v2/pages/{site['article'].pk}/" in swedish["Location"]
    assert untranslated.status_code == 404


def test_v2_find_never_finds_a_hidden_english_page(client, site):
    site["article_en"].unpublish()
    response = client.get(f"{V2}/pages/find/", {"html_path": "/en/news/news-about-the-response/"})
    assert response.status_code == 404


def test_v2_alias_of_a_swedish_page_is_not_an_english_page(client, site):
    alias = site["only_swedish"].copy_for_translation(english_locale(), alias=True)

    data = get_json(client, f"{V2}/pages/", locale="en", limit=100)
    searched = get_json(client, f"{V2}/pages/", locale="en", search="svenska")
    detail = client.get(f"{V2}/pages/{alias.pk}/")

    assert alias.pk not in {item["id"] for item in data["items"]}
    assert alias.pk not in {item["id"] for item in searched["items"]}
    assert detail.status_code == 404


def test_v2_messages_are_in_english(client, site):
    response = client.get(f"{V2}/pages/", {"type": "articles.ArticlePage", "date": "2011-13-45"})

    assert response.status_code == 400
    message = response.json()["message"]
    assert "date" in message
    assert "ogiltig" not in message.lower()
    assert response["Content-Language"] == "sv, en"


def test_unknown_locale_is_refused(client, site):
    """v2 answers 400; in v3 ``locale`` is an enum of the site's languages, so any other value
    is a 422 naming the parameter, on Wagtail's pages listing as on the project's endpoints."""
    v2 = client.get(f"{V2}/pages/", {"locale": "de"})
    assert v2.status_code == 400
    assert v2.json() == {"message": "Unknown locale 'de': use one of sv, en."}
    for path in ("pages", "news", "consultation-responses", "events"):
        for value in ("de", "", "SV"):
            v3 = client.get(f"{V3}/{path}/", {"locale": value})
            assert v3.status_code == 422, (path, value)
            assert v3["Content-Type"] == "application/problem+json"
            assert v3.json()["errors"][0]["loc"] == ["query", "locale"]


# --- API v3 ---------------------------------------------------------------------------------------


def test_v3_page_detail_names_the_other_language_versions(client, site):
    data = get_json(client, f"{V3}/pages/{site['response'].pk}/")

    assert data["translations"] == [
        {
            "id": site["response_en"].pk,
            "locale": "en",
            "title": "Response to SOU 2011:59",
            "html_url": f"{BASE_URL}/en/consultation-responses/sou-2011-59/",
        }
    ]


def test_v3_english_page_detail_links_to_english_pages(client, site):
    data = get_json(client, f"{V3}/pages/{site['article_en'].pk}/")
    assert 'href="/en/consultation-responses/sou-2011-59/"' in str(data["body"])


def test_v3_find_understands_the_language_prefix(client, site):
    english = client.get(f"{V3}/pages/find/", {"html_path": "/en/news/news-about-the-response/"})
    untranslated = client.get(f"{V3}/pages/find/", {"html_path": "/en/news/bara-pa-svenska/"})

    assert english.status_code == 302
    assert f"/pages/{site['article_en'].pk}/" in english["Location"]
    assert untranslated.status_code == 404
    assert untranslated["Content-Type"] == "application/problem+json"


def test_v3_pages_filter_by_locale(client, site):
    data = get_json(client, f"{V3}/pages/", locale="en", limit=100)
    assert {item["meta"]["locale"] for item in data["items"]} == {"en"}
    assert site["article_en"].pk in {item["id"] for item in data["items"]}


def test_v3_news_items_name_their_translations_and_filter_by_locale(client, site):
    english = get_json(client, f"{V3}/news/", locale="en")
    swedish = get_json(client, f"{V3}/news/", locale="sv")

    assert [item["title"] for item in english["items"]] == ["News about the response"]
    [translated] = english["items"][0]["translations"]
    assert (translated["id"], translated["locale"]) == (site["article"].pk, "sv")
    by_title = {item["title"]: item for item in swedish["items"]}
    assert by_title["Bara på svenska"]["translations"] == []
    assert by_title["Nyhet om svaret"]["translations"][0]["html_url"] == (
        f"{BASE_URL}/en/news/news-about-the-response/"
    )
    assert english["items"][0]["html_url"] == f"{BASE_URL}/en/news/news-about-the-response/"


def test_v3_each_response_speaks_its_own_language(client, site):
    data = get_json(client, f"{V3}/consultation-responses/")

    labels = {item["locale"]: item["status_label"] for item in data["items"]}
    stances = {item["locale"]: item["points"][0]["stance_label"] for item in data["items"]}
    assert labels == {"sv": "Skickat", "en": "Sent"}
    assert stances == {"sv": "Lämnar synpunkter", "en": "Comments"}


def test_v3_event_labels_and_dates_in_the_events_language(client, site):
    event = EventPageFactory(
        title="Höstmöte 2030",
        slug="hostmote-2030",
        kind=EventKind.HOSTMOTE,
        registration_opens=datetime.datetime(2030, 10, 1, 9, 0, tzinfo=datetime.UTC),
        registration_closes=datetime.datetime(2030, 11, 1, 9, 0, tzinfo=datetime.UTC),
    )
    translate_page(event.get_parent(), title="Conferences", slug="conferences")
    translate_page(event, title="Autumn meeting 2030", slug="autumn-meeting-2030")

    data = get_json(client, f"{V3}/events/", when="upcoming")

    by_locale = {item["locale"]: item for item in data["items"]}
    assert by_locale["en"]["kind_label"] == "Autumn meeting"
    assert by_locale["sv"]["kind_label"] == "Höstmöte"
    assert by_locale["en"]["registration_status_label"] == "Registration opens 1 October 2030"
    assert by_locale["sv"]["registration_status_label"] == "Anmälan öppnar 1 oktober 2030"
    assert by_locale["en"]["translations"][0]["id"] == event.pk


def test_v3_openapi_document_is_in_english(client, site):
    schema = get_json(client, f"{V3}/openapi.json")
    teaser = schema["components"]["schemas"]["ArticlePageSchema"]["properties"]

    assert teaser["author_name"]["description"] == "Shown as “By …” below the headline."
    assert "LanguageVersionSchema" in schema["components"]["schemas"]
