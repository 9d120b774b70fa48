"""What links and filters could reveal about hidden pages and private media, on both APIs.

- Rich text links to drafts and to password- or login-protected pages lose their address, on
  the site and in both APIs; the other rich text formats need a token.
- Filtering or ordering by a relation would confirm that a hidden page or a private image exists
  and is linked: the APIs don't offer it.
- Wagtail's v3 redirects router lists redirects to hidden pages; only v2 serves redirects.
"""

import pytest
from wagtail.models import PageViewRestriction

from tests.core.api.helpers import configure_public_site
from tests.factories.articles import ArticlePageFactory
from tests.factories.consultation_responses import ConsultationResponsePageFactory
from tests.factories.core import ImageFactory
from tests.factories.home import StandardPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hidden_targets():
    configure_public_site()
    draft = StandardPageFactory(title="Utkastet", slug="xqzutkast", live=False)
    protected = StandardPageFactory(title="Skyddad", slug="xqzskyddad")
    PageViewRestriction.objects.create(
        page=protected, restriction_type=PageViewRestriction.PASSWORD, password="hemligt"
    )
    public = StandardPageFactory(title="Öppen", slug="oppen-sida")
    body = "".join(
        f'<p><a linktype="page" id="{page.pk}">länk {page.slug}</a></p>'
        for page in (draft, protected, public)
    )
    article = ArticlePageFactory(body__0="paragraph", body__0__paragraph__value=body)
    return article, draft, protected, public


def test_rich_text_links_only_to_public_pages(client, hidden_targets):
    article, draft, protected, public = hidden_targets

    answers = [
        client.get(article.url).content.decode(),
        client.get(f"/api/v2/pages/{article.pk}/").content.decode(),
        client.get(f"/api/v3/pages/{article.pk}/").content.decode(),
    ]

    for answer in answers:
        assert "xqzutkast" in answer  # The link text stays …
        assert "/xqzutkast/" not in answer  # … but not the hidden page's address.
        assert "/xqzskyddad/" not in answer
        assert "/oppen-sida/" in answer


@pytest.mark.parametrize("rich_text_format", ["markdown", "db_markdown", "db_html"])
@pytest.mark.parametrize("api", ["v2", "v3"])
def test_other_rich_text_formats_need_a_token(client, hidden_targets, api, rich_text_format):
    article = hidden_targets[0]

    response = client.get(f"/api/{api}/pages/{article.pk}/", {"rich_text_format": rich_text_format})

    assert response.status_code == 400
    assert "xqzutkast" not in response.content.decode()


def test_html_rich_text_format_is_allowed_without_a_token(client, hidden_targets):
    article = hidden_targets[0]

    response = client.get(f"/api/v2/pages/{article.pk}/", {"rich_text_format": "html"})

    assert response.status_code == 200


@pytest.mark.parametrize(
    "params",
    [
        {"type": "articles.ArticlePage", "consultation_response": "1"},
        {"type": "articles.ArticlePage", "hero_image": "1"},
        {"type": "articles.ArticlePage", "order": "hero_image"},
        {"type": "articles.ArticlePage", "order": "-consultation_response"},
    ],
)
@pytest.mark.parametrize("api", ["v2", "v3"])
def test_no_filtering_or_ordering_by_relations(client, api, params):
    response = ConsultationResponsePageFactory()
    ArticlePageFactory(consultation_response=response, hero_image=ImageFactory())

    answer = client.get(f"/api/{api}/pages/", params)

    assert answer.status_code == 400
    assert "not offered" in answer.content.decode() or "Unknown query" in answer.content.decode()


def test_plain_field_filters_still_work(client):
    ArticlePageFactory(author_name="Hilkka")
    ArticlePageFactory(author_name="SmåKom")

    for api, count_key in (("v2", "meta"), ("v3", "count")):
        answer = client.get(
            f"/api/{api}/pages/", {"type": "articles.ArticlePage", "author_name": "Hilkka"}
        ).json()
        count = answer["meta"]["total_count"] if count_key == "meta" else answer["count"]
        assert count == 1


def test_v3_has_no_redirects_endpoint(client):
    answer = client.get("/api/v3/redirects/")

    assert answer.status_code == 404
    assert answer["Content-Type"] == "application/problem+json"
    assert client.get("/api/v2/redirects/").status_code == 200
