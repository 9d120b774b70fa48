"""The project's v3 routers are a contract: /api/v3/news/ and /api/v3/consultation-responses/.

Each test reads an endpoint as an anonymous consumer and asserts the fields, types, values, order
and filters docs/api.md promises; unknown query parameters are refused on every v3 listing.
"""

from __future__ import annotations

import datetime
import re
from types import SimpleNamespace

import pytest
from wagtail.models import Locale

from consultation_responses.models import ResponseStatus
from tests.core.api.helpers import BASE_URL, configure_public_site, module_data
from tests.core.api.v3_helpers import API, assert_problem, openapi_schema
from tests.factories.articles import ArticleIndexPageFactory, ArticlePageFactory
from tests.factories.consultation_responses import ConsultationResponsePageFactory, MinistryFactory
from tests.factories.core import MINIMAL_PDF, DocumentFactory, ImageFactory
from tests.factories.home import HomePageFactory

pytestmark = pytest.mark.django_db

NEWS = f"{API}/news/"
RESPONSES = f"{API}/consultation-responses/"
TEASER_KEYS = {
    "id",
    "title",
    "date",
    "author_name",
    "excerpt",
    "html_url",
    "locale",
    "hero_image",
    "tags",
    "translations",
}
RESPONSE_KEYS = {
    "id",
    "title",
    "html_url",
    "locale",
    "inquiry_reference",
    "inquiry_title",
    "inquiry_author",
    "ministry",
    "case_number",
    "deadline",
    "approved_date",
    "sent_date",
    "year",
    "status",
    "status_label",
    "summary",
    "points",
    "response_document",
    "outcome",
    "translations",
}
RENDITION_KEYS = {"url", "full_url", "width", "height", "alt"}
DOCUMENT_KEYS = {"id", "title", "download_url", "file_extension", "file_size"}
POINT_KEYS = {"number", "stance", "stance_label", "heading", "text", "proposal_reference"}
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")


@pytest.fixture(scope="module")
def content(django_db_setup, django_db_blocker):
    with module_data(django_db_blocker):
        configure_public_site()
        home = HomePageFactory()
        index = ArticleIndexPageFactory()
        hero = ImageFactory(
            title="Bild från Höstmötet",
            description="Deltagare på Höstmötet i Bromma",
            file__width=1600,
            file__height=900,
        )
        a = SimpleNamespace()
        # Two items share a date, so the id decides between them.
        a.with_image = ArticlePageFactory(
            title="Höstmötet i Bromma",
            date=datetime.date(2012, 11, 22),
            author_name="Anna Svensson",
            intro="Ett möte om landsbygden.",
            listing_summary="Sammanfattning av mötet.",
            hero_image=hero,
            tags=["skola", "Kommunal ekonomi", "bredband"],
        )
        a.same_day_later = ArticlePageFactory(
            title="Samma dag", date=datetime.date(2012, 11, 22), tags=["skola"]
        )
        a.spring = ArticlePageFactory(
            title="Rikskonferensen", date=datetime.date(2012, 5, 14), tags=["Kommunal ekonomi"]
        )
        a.search_description_only = ArticlePageFactory(
            title="Bara sökbeskrivning",
            date=datetime.date(2011, 3, 1),
            intro="Ingressen.",
            listing_summary="",
            search_description="Sökmotorns beskrivning.",
        )
        a.old = [
            ArticlePageFactory(title=f"Äldre nyhet {n}", date=datetime.date(2010, 1, 1 + n))
            for n in range(6)
        ]
        english = Locale.objects.get(language_code="en")
        english_home = home.copy_for_translation(english)
        english_home.save_revision().publish()
        english_index = index.copy_for_translation(english)
        english_index.save_revision().publish()
        a.english = ArticlePageFactory(
            parent=english_index,
            locale=english,
            title="News in English",
            date=datetime.date(2013, 1, 1),
        )

        finance = MinistryFactory(name="Finansdepartementet", slug="finansdepartementet")
        education = MinistryFactory(
            name="Utbildningsdepartementet", slug="utbildningsdepartementet"
        )
        signed = DocumentFactory(title="Remissvar SOU 2011:59", file__filename="sou-2011-59.pdf")
        r = SimpleNamespace()
        r.sent = ConsultationResponsePageFactory(
            title="Spara i goda tider",
            inquiry_reference="SOU 2011:59",
            inquiry_title="Spara i goda tider – för en stabil kommunal verksamhet",
            inquiry_author="Kommunala stabiliseringsutredningen",
            ministry=finance,
            case_number="Fi2011/4321",
            deadline=datetime.date(2011, 11, 1),
            approved_date=datetime.date(2011, 10, 20),
            sent_date=datetime.date(2011, 10, 28),
            status=ResponseStatus.SENT,
            summary="SmåKom avstyrker en kommunstabiliseringsfond.",
            points__0__point__stance="rejects",
            points__0__point__heading="Kommunstabiliseringsfond",
            points__0__point__text__value="<p>SmåKom säger <b>nej</b>.</p>",
            points__0__point__proposal_reference="p 2.3",
            points__1__point__stance="supports",
            points__1__point__heading="Balanskravet",
            points__1__point__text__value="<p>SmåKom tillstyrker.</p>",
            points__1__point__proposal_reference="",
            response_document=signed,
            outcome="Prop. 2012/13:1",
        )
        r.approved = ConsultationResponsePageFactory(
            title="Godkänt svar",
            inquiry_reference="Ds 2012:3",
            ministry=education,
            deadline=datetime.date(2013, 1, 15),
            approved_date=datetime.date(2012, 3, 1),
            sent_date=None,
            status=ResponseStatus.APPROVED,
        )
        r.deadline_only = ConsultationResponsePageFactory(
            title="Under arbete",
            inquiry_reference="SOU 2013:7",
            ministry=finance,
            deadline=datetime.date(2013, 6, 1),
            approved_date=None,
            sent_date=None,
            status=ResponseStatus.DRAFTING,
        )
        r.undated = ConsultationResponsePageFactory(
            title="Boverkets rapport",
            inquiry_reference="",
            ministry=None,
            deadline=None,
            approved_date=None,
            sent_date=None,
            status=ResponseStatus.RECEIVED,
            points=[],
        )
        yield SimpleNamespace(articles=a, responses=r, hero=hero, signed=signed)


def get_json(client, path: str, **params) -> dict:
    response = client.get(path, params)
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def items_by_id(data: dict) -> dict[int, dict]:
    return {item["id"]: item for item in data["items"]}


def ids(data: dict) -> list[int]:
    return [item["id"] for item in data["items"]]


# --- News ----------------------------------------------------------------------------------------


def test_news_lists_live_items_with_a_count(api_client, content):
    data = get_json(api_client, NEWS, limit=100)

    assert set(data) == {"count", "items"}
    assert data["count"] == len(data["items"]) == 11
    assert all(set(item) == TEASER_KEYS for item in data["items"])


def test_news_teaser_fields(api_client, content):
    article = content.articles.with_image
    item = items_by_id(get_json(api_client, NEWS))[article.pk]

    assert item["id"] == article.pk
    assert item["title"] == "Höstmötet i Bromma"
    assert item["date"] == "2012-11-22"
    assert item["author_name"] == "Anna Svensson"
    assert item["excerpt"] == "Sammanfattning av mötet."
    assert item["html_url"] == f"{BASE_URL}/nyheter/{article.slug}/"
    assert item["locale"] == "sv"
    assert item["tags"] == ["Kommunal ekonomi", "bredband", "skola"]


def test_news_teaser_types(api_client, content):
    for item in get_json(api_client, NEWS, limit=100)["items"]:
        assert isinstance(item["id"], int)
        assert isinstance(item["title"], str) and item["title"]
        assert ISO_DATE.match(item["date"])
        assert isinstance(item["author_name"], str)
        assert isinstance(item["excerpt"], str) and item["excerpt"]
        assert item["html_url"].startswith(f"{BASE_URL}/")
        assert item["locale"] in {"sv", "en"}
        assert item["hero_image"] is None or set(item["hero_image"]) == RENDITION_KEYS
        assert isinstance(item["tags"], list)
        assert item["tags"] == sorted(item["tags"])


def test_news_hero_image_is_a_teaser_rendition(api_client, content):
    items = items_by_id(get_json(api_client, NEWS))
    image = items[content.articles.with_image.pk]["hero_image"]

    assert set(image) == RENDITION_KEYS
    assert image["url"].startswith("/media/images/")
    assert ".fill-480x270." in image["url"]
    assert image["full_url"] == BASE_URL + image["url"]
    assert (image["width"], image["height"]) == (480, 270)
    assert image["alt"] == "Deltagare på Höstmötet i Bromma"
    assert items[content.articles.spring.pk]["hero_image"] is None


def test_news_excerpt_falls_back_to_the_intro(api_client, content):
    article = ArticlePageFactory(title="Utan sammanfattning", intro="Bara ingress.")
    items = items_by_id(get_json(api_client, NEWS, limit=100))

    assert items[article.pk]["excerpt"] == "Bara ingress."


def test_news_excerpt_falls_back_to_the_meta_description_before_the_intro(api_client, content):
    """articles/routers.py: the listing summary, else the meta description, else the intro."""
    items = items_by_id(get_json(api_client, NEWS, limit=100))
    description = openapi_schema()["components"]["schemas"]["NewsTeaserSchema"]["properties"][
        "excerpt"
    ]

    assert items[content.articles.search_description_only.pk]["excerpt"] == (
        "Sökmotorns beskrivning."
    )
    assert description["description"] == (
        "The listing summary, else the meta description, else the intro."
    )


def test_news_is_newest_first_by_date_then_id(api_client, content):
    items = get_json(api_client, NEWS, limit=100)["items"]
    keys = [(item["date"], item["id"]) for item in items]

    assert keys == sorted(keys, reverse=True)
    same_day = [content.articles.same_day_later.pk, content.articles.with_image.pk]
    assert content.articles.same_day_later.pk > content.articles.with_image.pk
    assert [i for i in ids({"items": items}) if i in same_day] == same_day
    assert items[0]["id"] == content.articles.english.pk


@pytest.mark.parametrize("tag", ["kommunal-ekonomi", "Kommunal ekonomi"])
def test_news_filter_by_tag_slug_or_name(api_client, content, tag):
    data = get_json(api_client, NEWS, tag=tag)

    assert ids(data) == [content.articles.with_image.pk, content.articles.spring.pk]
    assert data["count"] == 2


def test_news_filter_by_tag_lists_each_item_once(api_client, content):
    data = get_json(api_client, NEWS, tag="skola")

    assert ids(data) == [content.articles.same_day_later.pk, content.articles.with_image.pk]
    assert data["count"] == 2


def test_news_filter_by_unknown_tag_is_empty(api_client, content):
    assert get_json(api_client, NEWS, tag="finns-inte") == {"count": 0, "items": []}


def test_news_filter_by_year(api_client, content):
    data = get_json(api_client, NEWS, year=2012)

    assert set(ids(data)) == {
        content.articles.with_image.pk,
        content.articles.same_day_later.pk,
        content.articles.spring.pk,
    }
    assert all(item["date"].startswith("2012-") for item in data["items"])
    assert get_json(api_client, NEWS, year=2012, tag="skola")["count"] == 2


@pytest.mark.parametrize(("locale", "count"), [("sv", 10), ("en", 1)])
def test_news_filter_by_locale(api_client, content, locale, count):
    data = get_json(api_client, NEWS, locale=locale, limit=100)

    assert data["count"] == count
    assert {item["locale"] for item in data["items"]} == {locale}


@pytest.mark.parametrize("locale", ["de", "SV", "svenska", "s1", "sv_SE", ""])
def test_news_locale_outside_the_languages_is_a_422(api_client, content, locale):
    problem = assert_problem(api_client.get(NEWS, {"locale": locale}), 422)

    assert problem["errors"][0]["loc"] == ["query", "locale"]


@pytest.mark.parametrize(
    "params", [{"year": "tjugotolv"}, {"year": "999"}, {"year": "10000"}, {"tag": "x" * 101}]
)
def test_news_invalid_filters_are_a_422(api_client, content, params):
    problem = assert_problem(api_client.get(NEWS, params), 422)

    assert problem["errors"][0]["loc"] == ["query", *params]


def test_news_paginates_with_limit_and_offset(api_client, content):
    everything = ids(get_json(api_client, NEWS, limit=100))
    page = get_json(api_client, NEWS, limit=3, offset=3)

    assert page["count"] == len(everything) == 11
    assert ids(page) == everything[3:6]
    assert len(get_json(api_client, NEWS)["items"]) == 11  # The default limit is 20.
    assert ids(get_json(api_client, NEWS, limit=3, offset=9)) == everything[9:]
    assert get_json(api_client, NEWS, limit=3, offset=11)["items"] == []


def walk(client, path: str, limit: int) -> tuple[list[int], set[int]]:
    """Every item id of a listing, read ``limit`` at a time, and the counts it reported."""
    seen: list[int] = []
    counts: set[int] = set()
    offset = 0
    while True:
        data = get_json(client, path, limit=limit, offset=offset)
        counts.add(data["count"])
        seen.extend(ids(data))
        if len(data["items"]) < limit:
            return seen, counts
        offset += limit


@pytest.mark.parametrize("path", [NEWS, RESPONSES])
def test_walking_the_pages_never_repeats_or_skips(api_client, content, path):
    everything = ids(get_json(api_client, path, limit=100))
    seen, counts = walk(api_client, path, limit=3)

    assert seen == everything
    assert len(set(seen)) == len(seen)
    assert counts == {len(everything)}


# --- Consultation responses ----------------------------------------------------------------------


def test_responses_list_live_items_with_a_count(api_client, content):
    data = get_json(api_client, RESPONSES)

    assert set(data) == {"count", "items"}
    assert data["count"] == len(data["items"]) == 4
    assert all(set(item) == RESPONSE_KEYS for item in data["items"])


def test_response_fields(api_client, content):
    page = content.responses.sent
    item = items_by_id(get_json(api_client, RESPONSES))[page.pk]

    assert item["title"] == "Spara i goda tider"
    assert item["html_url"] == f"{BASE_URL}/remissvar/{page.slug}/"
    assert item["locale"] == "sv"
    assert item["inquiry_reference"] == "SOU 2011:59"
    assert item["inquiry_title"] == "Spara i goda tider – för en stabil kommunal verksamhet"
    assert item["inquiry_author"] == "Kommunala stabiliseringsutredningen"
    assert item["ministry"] == {"name": "Finansdepartementet", "slug": "finansdepartementet"}
    assert item["case_number"] == "Fi2011/4321"
    assert item["deadline"] == "2011-11-01"
    assert item["approved_date"] == "2011-10-20"
    assert item["sent_date"] == "2011-10-28"
    assert item["year"] == 2011
    assert item["status"] == "sent"
    assert item["status_label"] == "Skickat"
    assert item["summary"] == "SmåKom avstyrker en kommunstabiliseringsfond."
    assert item["outcome"] == "Prop. 2012/13:1"


def test_response_points_are_numbered_with_a_stance(api_client, content):
    item = items_by_id(get_json(api_client, RESPONSES))[content.responses.sent.pk]

    assert [set(point) for point in item["points"]] == [POINT_KEYS, POINT_KEYS]
    assert item["points"][0] == {
        "number": 1,
        "stance": "rejects",
        "stance_label": "Avstyrker",
        "heading": "Kommunstabiliseringsfond",
        "text": "<p>SmåKom säger <b>nej</b>.</p>",
        "proposal_reference": "p 2.3",
    }
    assert item["points"][1]["number"] == 2
    assert item["points"][1]["stance"] == "supports"
    assert item["points"][1]["proposal_reference"] == ""


def test_response_document(api_client, content):
    item = items_by_id(get_json(api_client, RESPONSES))[content.responses.sent.pk]
    document = item["response_document"]

    assert set(document) == DOCUMENT_KEYS
    assert document["id"] == content.signed.pk
    assert document["title"] == "Remissvar SOU 2011:59"
    assert document["download_url"].endswith(f"/documents/{content.signed.pk}/sou-2011-59.pdf")
    assert document["file_extension"] == "pdf"
    assert document["file_size"] == len(MINIMAL_PDF)


def test_response_document_download_url_is_on_the_public_site(api_client, content):
    item = items_by_id(get_json(api_client, RESPONSES))[content.responses.sent.pk]

    assert item["response_document"]["download_url"].startswith(f"{BASE_URL}/documents/")


def test_response_without_ministry_document_or_dates(api_client, content):
    item = items_by_id(get_json(api_client, RESPONSES))[content.responses.undated.pk]

    assert item["ministry"] is None
    assert item["response_document"] is None
    assert item["deadline"] is item["approved_date"] is item["sent_date"] is None
    assert item["year"] is None
    assert item["points"] == []
    assert item["status"] == "received"
    assert item["status_label"] == "Remiss mottagen"


def test_response_types(api_client, content):
    for item in get_json(api_client, RESPONSES)["items"]:
        assert isinstance(item["id"], int)
        assert item["html_url"].startswith(f"{BASE_URL}/remissvar/")
        for key in ("deadline", "approved_date", "sent_date"):
            assert item[key] is None or ISO_DATE.match(item[key])
        assert item["year"] is None or isinstance(item["year"], int)
        assert item["status"] in ResponseStatus.values
        assert item["ministry"] is None or set(item["ministry"]) == {"name", "slug"}


def test_response_year_falls_back_from_sent_to_approved_to_deadline(api_client, content):
    items = items_by_id(get_json(api_client, RESPONSES))
    r = content.responses

    assert items[r.sent.pk]["year"] == 2011  # sent 2011, deadline 2011
    assert items[r.approved.pk]["year"] == 2012  # approved 2012, deadline 2013
    assert items[r.deadline_only.pk]["year"] == 2013
    assert items[r.undated.pk]["year"] is None


def test_responses_newest_first_and_undated_last(api_client, content):
    r = content.responses

    assert ids(get_json(api_client, RESPONSES)) == [
        r.deadline_only.pk,  # 2013-06-01
        r.approved.pk,  # 2012-03-01
        r.sent.pk,  # 2011-10-28
        r.undated.pk,
    ]


@pytest.mark.parametrize(
    ("year", "expected"),
    [(2011, ["sent"]), (2012, ["approved"]), (2013, ["deadline_only"]), (2010, [])],
)
def test_responses_filter_by_year(api_client, content, year, expected):
    data = get_json(api_client, RESPONSES, year=year)

    assert ids(data) == [getattr(content.responses, name).pk for name in expected]


def test_responses_filter_by_ministry(api_client, content):
    r = content.responses

    finance = get_json(api_client, RESPONSES, ministry="finansdepartementet")
    assert ids(finance) == [r.deadline_only.pk, r.sent.pk]
    assert {item["ministry"]["slug"] for item in finance["items"]} == {"finansdepartementet"}
    assert ids(get_json(api_client, RESPONSES, ministry="utbildningsdepartementet")) == [
        r.approved.pk
    ]
    assert get_json(api_client, RESPONSES, ministry="okänt")["count"] == 0


@pytest.mark.parametrize("status", ResponseStatus.values)
def test_responses_filter_by_status(api_client, content, status):
    data = get_json(api_client, RESPONSES, status=status)

    assert data["count"] == 1
    assert data["items"][0]["status"] == status


@pytest.mark.parametrize("status", ["skickat", "SENT", "", "sent,approved"])
def test_responses_invalid_status_is_a_422(api_client, content, status):
    problem = assert_problem(api_client.get(RESPONSES, {"status": status}), 422)

    assert problem["errors"][0]["loc"] == ["query", "status"]


@pytest.mark.parametrize("reference", ["SOU 2011:59", "sou 2011:59", " SOU 2011:59 "])
def test_responses_filter_by_inquiry_reference(api_client, content, reference):
    data = get_json(api_client, RESPONSES, inquiry_reference=reference)

    assert ids(data) == [content.responses.sent.pk]


@pytest.mark.parametrize("reference", ["SOU 2011", "2011:59", "SOU 2011:5"])
def test_responses_inquiry_reference_is_exact(api_client, content, reference):
    assert get_json(api_client, RESPONSES, inquiry_reference=reference)["count"] == 0


def test_responses_filters_combine(api_client, content):
    data = get_json(api_client, RESPONSES, ministry="finansdepartementet", status="drafting")

    assert ids(data) == [content.responses.deadline_only.pk]


def test_responses_filter_by_locale(api_client, content):
    assert get_json(api_client, RESPONSES, locale="sv")["count"] == 4
    assert get_json(api_client, RESPONSES, locale="en")["count"] == 0
    assert_problem(api_client.get(RESPONSES, {"locale": "de"}), 422)
    assert_problem(api_client.get(RESPONSES, {"locale": "Svenska"}), 422)


# --- Unknown query parameters --------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [NEWS, RESPONSES, f"{API}/pages/", f"{API}/images/", f"{API}/documents/"],
)
def test_unknown_query_parameter_is_a_400_naming_it(api_client, content, path):
    problem = assert_problem(api_client.get(path, {"tpye": "1"}), 400)

    assert "tpye" in problem["detail"]


def test_unknown_query_parameter_next_to_known_ones(api_client, content):
    problem = assert_problem(api_client.get(NEWS, {"year": "2012", "yaer": "2012"}), 400)

    assert problem["detail"].startswith("Unknown query parameter(s): yaer.")


def test_pages_accept_a_field_filter_of_the_type(api_client, content):
    data = get_json(
        api_client, f"{API}/pages/", type="articles.ArticlePage", author_name="Anna Svensson"
    )

    assert ids(data) == [content.articles.with_image.pk]


def test_pages_refuse_a_field_filter_without_its_type(api_client, content):
    problem = assert_problem(api_client.get(f"{API}/pages/", {"author_name": "Hilkka"}), 400)

    assert "author_name" in problem["detail"]


def test_pages_refuse_a_field_filter_of_another_type(api_client, content):
    response = api_client.get(
        f"{API}/pages/", {"type": "home.StandardPage", "author_name": "Hilkka"}
    )

    assert "author_name" in assert_problem(response, 400)["detail"]
