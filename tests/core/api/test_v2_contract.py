"""API v2 is a contract: the fields, types and values each page type, image, document and redirect
gives its consumers, and the listing parameters (fields, type, search, order, locale) they use.

Every page type is read both from its detail endpoint and from a listing with
``?type=<app.Model>&fields=*``; the two must agree. Long content (``body``, ``transcript``,
``background``) is on the detail endpoint only: a listing leaves it out of ``fields=*`` and
refuses to give it when asked by name.
"""

from __future__ import annotations

import datetime
import re
from types import SimpleNamespace

import pytest
from django.utils import timezone
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Locale, PageViewRestriction

from articles.models import ArticlePage
from consultation_responses.models import ResponseStatus
from tests.core.api.helpers import API, BASE_URL, configure_public_site, module_data
from tests.factories.articles import ArticleIndexPageFactory, ArticlePageFactory
from tests.factories.consultation_responses import (
    ConsultationResponseIndexPageFactory,
    ConsultationResponsePageFactory,
    MinistryFactory,
)
from tests.factories.core import MINIMAL_PDF, DocumentFactory, ImageFactory
from tests.factories.home import HomePageFactory, StandardPageFactory, VideoPageFactory

pytestmark = pytest.mark.django_db

RENDITION_KEYS = {"url", "full_url", "width", "height", "alt"}
DOCUMENT_KEYS = {"id", "title", "download_url", "file_extension", "file_size"}
PAGE_LINK_KEYS = {"id", "title", "html_url"}
BASE_PAGE_FIELDS = {"listing_summary", "social_image"}
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# The fields each page type gives on its detail endpoint only.
DETAIL_ONLY_FIELDS = {
    "home.HomePage": ["body"],
    "home.StandardPage": ["body"],
    "home.VideoPage": ["transcript"],
    "articles.ArticlePage": ["body"],
    "consultation_responses.ConsultationResponsePage": ["background"],
}
PAGE_OF_TYPE = {
    "home.HomePage": "home",
    "home.StandardPage": "about",
    "home.VideoPage": "video",
    "articles.ArticlePage": "article",
    "consultation_responses.ConsultationResponsePage": "response",
}


def big_image(**kwargs):
    """An image large enough that every API rendition has its full size."""
    return ImageFactory(file__width=1600, file__height=900, **kwargs)


@pytest.fixture(scope="module")
def content(django_db_setup, django_db_blocker):
    with module_data(django_db_blocker):
        configure_public_site()
        home = HomePageFactory()
        about = StandardPageFactory(
            parent=home,
            title="Om SmåKom",
            intro="SmåKom samlar Sveriges små kommuner.",
            body__0="heading",
            body__0__heading__text="Historia",
            body__1="paragraph",
            body__1__paragraph__value="<p>Föreningen bildades <b>1989</b>.</p>",
            body__2="quote",
            listing_summary="Om föreningen i korthet.",
            search_description="Vad SmåKom är och gör.",
            social_image=big_image(),
        )
        home.banner_text = "Nästa Höstmöte i Bromma 22–23 november."
        home.banner_link = about
        home.intro = "SmåKom är ett nätverk för Sveriges små kommuner."
        home.body = StandardPageFactory.build(
            body__0="paragraph", body__0__paragraph__value="<p>Välkommen.</p>"
        ).body
        home.save()

        ministry = MinistryFactory(name="Finansdepartementet")
        signed_pdf = DocumentFactory(
            title="Remissvar SOU 2011:59", file__filename="remissvar-sou-2011-59.pdf"
        )
        response = ConsultationResponsePageFactory(
            title="Spara i goda tider",
            inquiry_reference="SOU 2011:59",
            inquiry_title="Spara i goda tider – för en stabil kommunal verksamhet",
            inquiry_author="Kommunala stabiliseringsutredningen",
            ministry=ministry,
            case_number="Fi2011/4321",
            deadline=datetime.date(2011, 11, 1),
            approved_date=datetime.date(2011, 10, 20),
            sent_date=datetime.date(2011, 10, 28),
            status=ResponseStatus.SENT,
            summary="SmåKom avstyrker en kommunstabiliseringsfond.",
            points__0__point__stance="rejects",
            points__0__point__heading="Kommunstabiliseringsfond",
            points__0__point__text__value="<p>SmåKom säger <b>nej</b> till fonden.</p>",
            points__0__point__proposal_reference="p 2.3",
            points__1__point__stance="supports",
            points__1__point__heading="Balanskravet",
            points__1__point__text__value="<p>SmåKom tillstyrker.</p>",
            points__1__point__proposal_reference="",
            background="<p>Utredningen föreslår en <i>fond</i>.</p>",
            response_document=signed_pdf,
            outcome="Prop. 2012/13:1",
        )
        bare_response = ConsultationResponsePageFactory(
            title="Remiss utan uppgifter",
            inquiry_reference="",
            ministry=None,
            deadline=None,
            approved_date=None,
            sent_date=None,
            status=ResponseStatus.RECEIVED,
            response_document=None,
        )
        draft_response = ConsultationResponsePageFactory(title="Utkast till remissvar", live=False)
        private_response = ConsultationResponsePageFactory(title="Internt remissvar")
        PageViewRestriction.objects.create(
            page=private_response, restriction_type=PageViewRestriction.LOGIN
        )

        hero = big_image(description="Deltagare på Rikskonferensen i Lundsbrunn")
        body_image = big_image()
        body_document = DocumentFactory(title="Budget 2012", file__filename="budget-2012.pdf")
        article = ArticlePageFactory(
            title="Zebrafink på Rikskonferensen",
            date=datetime.date(2012, 5, 14),
            author_name="Hilkka",
            intro="SmåKom har svarat på remissen om kommunstabiliseringsfonden.",
            hero_image=hero,
            consultation_response=response,
            tags=["skola", "ekonomi"],
            listing_summary="Remissvaret i korthet.",
            search_description="SmåKom svarar på SOU 2011:59.",
            social_image=big_image(),
            body__0="paragraph",
            body__0__paragraph__value=(
                f'<p>Läs <a linktype="page" id="{response.pk}">remissvaret</a>.</p>'
            ),
            body__1="image",
            body__1__image__image__image__image=body_image,
            body__1__image__image__alt_text="Konferensdeltagare i Lundsbrunn",
            body__1__image__caption="Rikskonferensen 2012",
            body__2="document",
            body__2__document__document__document=body_document,
            body__2__document__label="",
        )
        older_article = ArticlePageFactory(
            title="Höstmötet i Bromma", date=datetime.date(2011, 11, 28), tags=[]
        )
        oldest_article = ArticlePageFactory(title="Årsmötet", date=datetime.date(2010, 4, 1))
        draft_link_article = ArticlePageFactory(
            title="Nyhet om ett utkast", consultation_response=draft_response
        )
        private_link_article = ArticlePageFactory(
            title="Nyhet om ett internt svar", consultation_response=private_response
        )
        published = timezone.make_aware(datetime.datetime(2012, 1, 1, 12, 0))
        for days, page in enumerate([oldest_article, older_article, article]):
            ArticlePage.objects.filter(pk=page.pk).update(
                first_published_at=published + datetime.timedelta(days=days)
            )

        video = VideoPageFactory(
            parent=home,
            poster=big_image(),
            video_file=DocumentFactory(title="Bo på landet", file__filename="bo-pa-landet.mp4"),
            transcript="<p>Allt du kan göra i stan kan du göra på <i>landsbygden</i>.</p>",
        )
        redirect = Redirect.objects.create(old_path="/gammal-nyhet", redirect_page=article)
        external_redirect = Redirect.objects.create(
            old_path="/bli-medlem-gammal", redirect_link="https://smakom.se/bli-medlem/"
        )

        english = Locale.objects.get(language_code="en")
        english_home = home.copy_for_translation(english)
        english_home.title = "SmåKom (English)"
        english_home.save_revision().publish()

        yield SimpleNamespace(
            home=home,
            about=about,
            article_index=ArticleIndexPageFactory(),
            response_index=ConsultationResponseIndexPageFactory(),
            ministry=ministry,
            signed_pdf=signed_pdf,
            response=response,
            bare_response=bare_response,
            hero=hero,
            body_image=body_image,
            body_document=body_document,
            article=article,
            articles_newest_first=[
                article,
                draft_link_article,
                private_link_article,
                older_article,
                oldest_article,
            ],
            draft_link_article=draft_link_article,
            private_link_article=private_link_article,
            video=video,
            redirect=redirect,
            external_redirect=external_redirect,
            english_home=english_home,
        )


def get_json(client, path: str, **params) -> dict:
    response = client.get(path, params)
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/json"
    return response.json()


def fetch(client, page, view: str) -> dict:
    """A page as the detail endpoint or as a ``?type=…&fields=*`` listing gives it."""
    if view == "detail":
        return get_json(client, f"{API}/pages/{page.pk}/")
    listing = get_json(client, f"{API}/pages/", type=page._meta.label, fields="*", limit=100)
    items = {item["id"]: item for item in listing["items"]}
    assert page.pk in items, f"{page} missing from its type's listing"
    return items[page.pk]


def detail_only(client, page, data: dict, view: str, name: str):
    """A detail-only field: left out of the listing's item, so read from the detail endpoint."""
    if view == "listing":
        assert name not in data
        return fetch(client, page, "detail")[name]
    return data[name]


def page_url(*slugs: str) -> str:
    return BASE_URL + "/" + "".join(f"{slug}/" for slug in slugs)


def assert_rendition(data: dict, filter_spec: str, size: tuple[int, int], alt: str) -> None:
    assert set(data) == RENDITION_KEYS
    assert data["url"].startswith("/media/images/")
    assert f".{filter_spec}." in data["url"]
    assert data["full_url"] == BASE_URL + data["url"]
    assert (data["width"], data["height"]) == size
    assert data["alt"] == alt


VIEWS = ["detail", "listing"]


# --- ArticlePage ---------------------------------------------------------------------------------


@pytest.mark.parametrize("view", VIEWS)
def test_article_fields(api_client, content, view):
    data = fetch(api_client, content.article, view)

    assert data["id"] == content.article.pk
    assert data["title"] == "Zebrafink på Rikskonferensen"
    assert data["meta"]["type"] == "articles.ArticlePage"
    assert data["meta"]["slug"] == content.article.slug
    assert data["meta"]["html_url"] == page_url("nyheter", content.article.slug)
    assert data["meta"]["locale"] == "sv"
    assert data["date"] == "2012-05-14"
    assert data["author_name"] == "Hilkka"
    assert data["intro"] == "SmåKom har svarat på remissen om kommunstabiliseringsfonden."
    assert data["tags"] == ["ekonomi", "skola"]
    assert data["listing_summary"] == "Remissvaret i korthet."
    assert data["meta"]["search_description"] == "SmåKom svarar på SOU 2011:59."


@pytest.mark.parametrize("view", VIEWS)
def test_article_images_are_rendition_objects(api_client, content, view):
    data = fetch(api_client, content.article, view)
    alt = "Deltagare på Rikskonferensen i Lundsbrunn"

    assert_rendition(data["hero_image"], "fill-1200x675", (1200, 675), alt)
    assert_rendition(data["hero_image_teaser"], "fill-480x270", (480, 270), alt)
    assert_rendition(
        data["social_image"], "fill-1200x630", (1200, 630), content.article.social_image.title
    )
    assert data["social_image"]["alt"] != data["hero_image"]["alt"]


def test_article_body_is_a_list_of_typed_blocks(api_client, content):
    body = fetch(api_client, content.article, "detail")["body"]

    assert [block["type"] for block in body] == ["paragraph", "image", "document"]
    assert all(isinstance(block["id"], str) and block["id"] for block in body)

    image = body[1]["value"]
    assert set(image) == {"image", "caption", "credit"}
    # The alt text is the one the editor wrote in the block, not the image's own.
    assert_rendition(
        image["image"], "fill-1200x675", (1200, 675), "Konferensdeltagare i Lundsbrunn"
    )
    assert image["caption"] == "Rikskonferensen 2012"

    document = body[2]["value"]
    assert document["label"] == "Budget 2012"  # An empty label falls back to the title.
    assert set(document["document"]) == DOCUMENT_KEYS
    assert document["document"]["id"] == content.body_document.pk
    assert document["document"]["title"] == "Budget 2012"
    assert document["document"]["download_url"].endswith(
        f"/documents/{content.body_document.pk}/budget-2012.pdf"
    )
    assert document["document"]["file_extension"] == "pdf"
    assert document["document"]["file_size"] == len(MINIMAL_PDF)


def test_article_rich_text_resolves_internal_links(api_client, content):
    paragraph = fetch(api_client, content.article, "detail")["body"][0]

    assert paragraph["type"] == "paragraph"
    assert paragraph["value"] == (f'<p>Läs <a href="{content.response.url}">remissvaret</a>.</p>')
    assert content.response.url == f"/remissvar/{content.response.slug}/"
    assert "linktype" not in paragraph["value"]


@pytest.mark.parametrize("view", VIEWS)
def test_article_links_its_consultation_response(api_client, content, view):
    data = fetch(api_client, content.article, view)

    assert data["consultation_response"] == {
        "id": content.response.pk,
        "title": "Spara i goda tider",
        "html_url": page_url("remissvar", content.response.slug),
    }


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("which", ["draft_link_article", "private_link_article"])
def test_article_hides_a_draft_or_private_consultation_response(api_client, content, view, which):
    article = getattr(content, which)

    data = fetch(api_client, article, view)

    assert article.consultation_response_id is not None
    assert data["consultation_response"] is None


def test_article_without_hero_image_gives_null(api_client, content):
    data = fetch(api_client, content.draft_link_article, "detail")

    assert data["hero_image"] is None
    assert data["hero_image_teaser"] is None
    assert data["social_image"] is None
    assert data["tags"] == []


# --- ConsultationResponsePage --------------------------------------------------------------------


@pytest.mark.parametrize("view", VIEWS)
def test_consultation_response_fields(api_client, content, view):
    data = fetch(api_client, content.response, view)

    assert data["meta"]["type"] == "consultation_responses.ConsultationResponsePage"
    assert data["meta"]["html_url"] == page_url("remissvar", content.response.slug)
    assert data["inquiry_reference"] == "SOU 2011:59"
    assert data["inquiry_title"] == "Spara i goda tider – för en stabil kommunal verksamhet"
    assert data["inquiry_author"] == "Kommunala stabiliseringsutredningen"
    assert data["ministry"] == {"name": "Finansdepartementet", "slug": "finansdepartementet"}
    assert data["case_number"] == "Fi2011/4321"
    assert data["deadline"] == "2011-11-01"
    assert data["approved_date"] == "2011-10-20"
    assert data["sent_date"] == "2011-10-28"
    assert data["status"] == "sent"
    assert data["status_label"] == "Skickat"
    assert data["summary"] == "SmåKom avstyrker en kommunstabiliseringsfond."
    background = detail_only(api_client, content.response, data, view, "background")
    assert background == "<p>Utredningen föreslår en <i>fond</i>.</p>"
    assert data["outcome"] == "Prop. 2012/13:1"
    assert set(data) >= BASE_PAGE_FIELDS


@pytest.mark.parametrize("view", VIEWS)
def test_consultation_response_points_are_numbered(api_client, content, view):
    points = fetch(api_client, content.response, view)["points"]

    assert points == [
        {
            "number": 1,
            "stance": "rejects",
            "stance_label": "Avstyrker",
            "heading": "Kommunstabiliseringsfond",
            "text": "<p>SmåKom säger <b>nej</b> till fonden.</p>",
            "proposal_reference": "p 2.3",
        },
        {
            "number": 2,
            "stance": "supports",
            "stance_label": "Tillstyrker",
            "heading": "Balanskravet",
            "text": "<p>SmåKom tillstyrker.</p>",
            "proposal_reference": "",
        },
    ]


@pytest.mark.parametrize("view", VIEWS)
def test_consultation_response_document(api_client, content, view):
    document = fetch(api_client, content.response, view)["response_document"]

    assert set(document) == DOCUMENT_KEYS
    assert document["id"] == content.signed_pdf.pk
    assert document["title"] == "Remissvar SOU 2011:59"
    assert document["download_url"].endswith(
        f"/documents/{content.signed_pdf.pk}/remissvar-sou-2011-59.pdf"
    )
    assert document["file_extension"] == "pdf"
    assert isinstance(document["file_size"], int)
    assert document["file_size"] == len(MINIMAL_PDF)


@pytest.mark.parametrize("view", VIEWS)
def test_consultation_response_missing_facts_are_null(api_client, content, view):
    data = fetch(api_client, content.bare_response, view)

    assert data["inquiry_reference"] == ""
    assert data["ministry"] is None
    assert data["deadline"] is None
    assert data["approved_date"] is None
    assert data["sent_date"] is None
    assert data["status"] == "received"
    assert data["status_label"] == "Remiss mottagen"
    assert data["response_document"] is None


def test_consultation_response_dates_are_iso(api_client, content):
    listing = get_json(
        api_client,
        f"{API}/pages/",
        type="consultation_responses.ConsultationResponsePage",
        fields="deadline,approved_date,sent_date",
    )

    dates = [item[key] for item in listing["items"] for key in ("deadline", "sent_date")]
    assert dates
    assert all(value is None or ISO_DATE.fullmatch(value) for value in dates)
    assert any(value is None for value in dates)


# --- VideoPage, HomePage, StandardPage and the index pages ---------------------------------------


@pytest.mark.parametrize("view", VIEWS)
def test_video_page_fields(api_client, content, view):
    data = fetch(api_client, content.video, view)

    assert data["meta"]["type"] == "home.VideoPage"
    assert data["intro"] == "En film om att leva på landsbygden."
    assert data["quote"] == "Allt du kan göra i stan kan du göra på landsbygden."
    assert data["embed_url"] == "https://www.youtube.com/watch?v=abc"
    assert set(data["video_file"]) == DOCUMENT_KEYS
    assert data["video_file"]["file_extension"] == "mp4"
    assert data["video_file"]["download_url"].endswith("/bo-pa-landet.mp4")
    assert_rendition(data["poster"], "fill-1200x675", (1200, 675), content.video.poster.title)
    transcript = detail_only(api_client, content.video, data, view, "transcript")
    assert transcript == "<p>Allt du kan göra i stan kan du göra på <i>landsbygden</i>.</p>"


@pytest.mark.parametrize("view", VIEWS)
def test_home_page_fields(api_client, content, view):
    data = fetch(api_client, content.home, view)

    assert data["meta"]["type"] == "home.HomePage"
    assert data["meta"]["html_url"] == BASE_URL + "/"
    assert data["intro"] == "SmåKom är ett nätverk för Sveriges små kommuner."
    assert data["banner_text"] == "Nästa Höstmöte i Bromma 22–23 november."
    assert data["banner_link"] == {
        "id": content.about.pk,
        "title": "Om SmåKom",
        "html_url": page_url(content.about.slug),
    }
    body = detail_only(api_client, content.home, data, view, "body")
    assert [(block["type"], block["value"]) for block in body] == [
        ("paragraph", "<p>Välkommen.</p>")
    ]


@pytest.mark.parametrize("view", VIEWS)
def test_standard_page_fields(api_client, content, view):
    data = fetch(api_client, content.about, view)

    assert data["meta"]["type"] == "home.StandardPage"
    assert data["intro"] == "SmåKom samlar Sveriges små kommuner."
    body = detail_only(api_client, content.about, data, view, "body")
    assert [block["type"] for block in body] == ["heading", "paragraph", "quote"]
    assert body[0]["value"] == {"text": "Historia", "level": "h2"}
    assert body[1]["value"] == "<p>Föreningen bildades <b>1989</b>.</p>"
    assert body[2]["value"]["quote"].startswith("Allt du kan göra i stan")
    assert data["listing_summary"] == "Om föreningen i korthet."
    assert data["meta"]["search_description"] == "Vad SmåKom är och gör."
    assert_rendition(
        data["social_image"], "fill-1200x630", (1200, 630), content.about.social_image.title
    )


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize(
    ("which", "model_label", "intro"),
    [
        ("article_index", "articles.ArticleIndexPage", "Nyheter från SmåKom."),
        (
            "response_index",
            "consultation_responses.ConsultationResponseIndexPage",
            "SmåKoms svar på regeringens remisser.",
        ),
    ],
)
def test_index_page_fields(api_client, content, view, which, model_label, intro):
    data = fetch(api_client, getattr(content, which), view)

    assert data["meta"]["type"] == model_label
    assert data["intro"] == intro
    assert set(data) >= BASE_PAGE_FIELDS
    assert data["social_image"] is None


@pytest.mark.parametrize(
    "which", ["home", "about", "article_index", "article", "response_index", "response", "video"]
)
def test_base_page_fields_on_every_page_type(api_client, content, which):
    page = getattr(content, which)

    data = fetch(api_client, page, "detail")

    assert isinstance(data["listing_summary"], str)
    assert isinstance(data["meta"]["search_description"], str)
    assert data["social_image"] is None or set(data["social_image"]) == RENDITION_KEYS
    assert data["meta"]["parent"] is None or set(data["meta"]["parent"]) == {"id", "meta", "title"}


# --- Images, documents and redirects -------------------------------------------------------------


def test_images_endpoint(api_client, content):
    listing = get_json(api_client, f"{API}/images/", limit=100)
    detail = get_json(api_client, f"{API}/images/{content.hero.pk}/")

    items = {item["id"]: item for item in listing["items"]}
    images = [content.about.social_image, content.hero, content.body_image]
    images += [content.article.social_image, content.video.poster]
    assert set(items) == {image.pk for image in images}
    assert listing["meta"]["total_count"] == 5
    assert items[content.hero.pk]["title"] == content.hero.title
    assert items[content.hero.pk]["meta"]["type"] == "wagtailimages.Image"
    assert items[content.hero.pk]["meta"]["tags"] == []
    assert items[content.hero.pk]["meta"]["download_url"].endswith(content.hero.file.name)
    assert (detail["id"], detail["title"]) == (content.hero.pk, content.hero.title)
    assert (detail["width"], detail["height"]) == (1600, 900)


def test_documents_endpoint(api_client, content):
    listing = get_json(api_client, f"{API}/documents/", limit=100)
    detail = get_json(api_client, f"{API}/documents/{content.signed_pdf.pk}/")

    items = {item["id"]: item for item in listing["items"]}
    documents = [content.signed_pdf, content.body_document, content.video.video_file]
    assert set(items) == {document.pk for document in documents}
    assert listing["meta"]["total_count"] == 3
    assert items[content.signed_pdf.pk]["title"] == "Remissvar SOU 2011:59"
    assert items[content.signed_pdf.pk]["meta"]["type"] == "wagtaildocs.Document"
    assert detail["title"] == "Remissvar SOU 2011:59"
    assert detail["meta"]["download_url"].endswith(
        f"/documents/{content.signed_pdf.pk}/remissvar-sou-2011-59.pdf"
    )


def test_document_download_urls_are_absolute_on_the_public_site(api_client, content):
    document = get_json(api_client, f"{API}/documents/{content.signed_pdf.pk}/")
    page = fetch(api_client, content.response, "detail")

    expected = f"{BASE_URL}/documents/{content.signed_pdf.pk}/remissvar-sou-2011-59.pdf"
    assert document["meta"]["download_url"] == expected
    assert page["response_document"]["download_url"] == expected


def test_redirects_endpoint(api_client, content):
    listing = get_json(api_client, f"{API}/redirects/")
    detail = get_json(api_client, f"{API}/redirects/{content.redirect.pk}/")

    assert listing["meta"]["total_count"] == 2
    assert {(item["old_path"], item["location"]) for item in listing["items"]} == {
        ("/gammal-nyhet", content.article.url),
        ("/bli-medlem-gammal", "https://smakom.se/bli-medlem/"),
    }
    assert detail["old_path"] == "/gammal-nyhet"
    assert detail["location"] == content.article.url


# --- Listing parameters --------------------------------------------------------------------------


def test_fields_parameter_chooses_the_fields(api_client, content):
    listing = get_json(
        api_client, f"{API}/pages/", type="articles.ArticlePage", fields="date,author_name"
    )

    item = next(item for item in listing["items"] if item["id"] == content.article.pk)
    assert {"id", "meta", "title", "date", "author_name"} == set(item)
    assert item["date"] == "2012-05-14"
    assert "body" not in item


def test_fields_parameter_can_remove_default_fields(api_client, content):
    listing = get_json(api_client, f"{API}/pages/", type="articles.ArticlePage", fields="-title")

    assert listing["items"]
    assert all("title" not in item for item in listing["items"])


DETAIL_ONLY_CASES = [
    (model_label, name) for model_label, names in DETAIL_ONLY_FIELDS.items() for name in names
]


@pytest.mark.parametrize(("model_label", "name"), DETAIL_ONLY_CASES)
def test_listing_refuses_a_detail_only_field(api_client, content, model_label, name):
    for fields in (name, f"title,{name}", f"_,{name}"):
        response = api_client.get(f"{API}/pages/", {"type": model_label, "fields": fields})

        assert response.status_code == 400, (fields, response.content[:300])
        assert response["Content-Type"] == "application/json"
        assert response.json()["message"] == f"unknown fields: {name}"


@pytest.mark.parametrize(("model_label", "name"), DETAIL_ONLY_CASES)
def test_fields_star_listing_leaves_out_what_the_detail_gives(
    api_client, content, model_label, name
):
    page = getattr(content, PAGE_OF_TYPE[model_label])

    item = fetch(api_client, page, "listing")
    detail = fetch(api_client, page, "detail")
    asked = get_json(api_client, f"{API}/pages/{page.pk}/", fields=name)

    assert name not in item
    assert detail[name]
    assert asked[name] == detail[name]
    # Everything else the listing gives, the detail gives alike.
    assert {key: detail[key] for key in item if key != "meta"} == {
        key: value for key, value in item.items() if key != "meta"
    }


def test_type_filter_lists_only_that_type(api_client, content):
    listing = get_json(api_client, f"{API}/pages/", type="articles.ArticlePage")

    assert listing["meta"]["total_count"] == len(content.articles_newest_first)
    assert {item["meta"]["type"] for item in listing["items"]} == {"articles.ArticlePage"}


def test_search_finds_a_page_by_a_word_in_its_title(api_client, content):
    found = get_json(api_client, f"{API}/pages/", search="zebrafink")
    nothing = get_json(api_client, f"{API}/pages/", search="kvarkstjärna")

    assert found["meta"]["total_count"] == 1
    assert [item["id"] for item in found["items"]] == [content.article.pk]
    assert nothing["meta"]["total_count"] == 0


def test_search_within_a_type(api_client, content):
    found = get_json(api_client, f"{API}/pages/", type="articles.ArticlePage", search="zebrafink")
    other_type = get_json(api_client, f"{API}/pages/", type="home.StandardPage", search="zebrafink")

    assert [item["id"] for item in found["items"]] == [content.article.pk]
    assert other_type["meta"]["total_count"] == 0


@pytest.mark.parametrize(("order", "newest_first"), [("-date", True), ("date", False)])
def test_order_by_date(api_client, content, order, newest_first):
    listing = get_json(
        api_client, f"{API}/pages/", type="articles.ArticlePage", order=order, fields="date"
    )

    dates = [item["date"] for item in listing["items"]]
    assert len(dates) == len(content.articles_newest_first)
    assert dates == sorted(dates, reverse=newest_first)
    assert listing["items"][0 if newest_first else -1]["id"] == content.article.pk


def test_order_by_first_published_at(api_client, content):
    listing = get_json(
        api_client, f"{API}/pages/", type="articles.ArticlePage", order="-first_published_at"
    )

    published = [item for item in listing["items"] if item["meta"]["first_published_at"]]
    # Oldest, older and newest article were published a day apart, in that order.
    assert [item["id"] for item in published] == [
        content.article.pk,
        content.articles_newest_first[3].pk,
        content.articles_newest_first[4].pk,
    ]
    assert published[0]["meta"]["first_published_at"].startswith("2012-01-03")


def test_order_by_an_unknown_field_is_refused(api_client, content):
    response = api_client.get(f"{API}/pages/", {"order": "-date"})

    assert response.status_code == 400
    assert "date" in response.json()["message"]


def test_locale_parameter(api_client, content):
    everything = get_json(api_client, f"{API}/pages/", limit=100)
    swedish = get_json(api_client, f"{API}/pages/", locale="sv", limit=100)
    english = get_json(api_client, f"{API}/pages/", locale="en", limit=100)

    assert {item["meta"]["locale"] for item in swedish["items"]} == {"sv"}
    assert swedish["meta"]["total_count"] == everything["meta"]["total_count"] - 1
    assert [item["id"] for item in english["items"]] == [content.english_home.pk]
    assert english["items"][0]["meta"]["locale"] == "en"


# --- Absolute URLs -------------------------------------------------------------------------------

LISTINGS = [
    "pages/",
    "pages/?fields=*",
    "pages/?type=articles.ArticlePage&fields=*",
    "pages/?type=consultation_responses.ConsultationResponsePage&fields=*",
    "images/",
    "documents/",
    "redirects/",
]


def collect_urls(data, key: str) -> list[str]:
    """Every value of ``key`` anywhere in ``data``."""
    if isinstance(data, dict):
        found = [data[key]] if isinstance(data.get(key), str) else []
        return found + [url for value in data.values() for url in collect_urls(value, key)]
    if isinstance(data, list):
        return [url for value in data for url in collect_urls(value, key)]
    return []


@pytest.mark.parametrize(
    "listing", [listing for listing in LISTINGS if listing.startswith("pages")]
)
def test_html_urls_use_the_public_site(api_client, content, listing):
    data = get_json(api_client, f"{API}/{listing}")

    urls = collect_urls(data, "html_url")
    assert len(urls) >= len(data["items"]) >= 1
    for url in urls:
        assert url.startswith(BASE_URL + "/"), url
        assert "localhost" not in url
        assert "testserver" not in url


@pytest.mark.parametrize("listing", LISTINGS)
def test_detail_urls_use_the_public_site(api_client, content, listing):
    data = get_json(api_client, f"{API}/{listing}")

    urls = collect_urls(data, "detail_url")
    assert len(urls) == len(data["items"]) >= 1
    for url in urls:
        assert url.startswith(f"{BASE_URL}/api/v2/"), url
        assert "localhost" not in url
        assert "testserver" not in url
