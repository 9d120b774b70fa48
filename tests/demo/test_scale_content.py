"""``manage.py generate_scale_content``: a valid tree of live pages the site serves and finds,
added on top of the previous run's."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import TestCase
from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

from articles.models import ArticlePage
from consultation_responses.models import ConsultationResponsePage, ResponseStatus
from demo.scale import SLUG_PREFIX, scale_slug
from tests.factories.articles import ArticleIndexPageFactory, ArticlePageFactory
from tests.factories.consultation_responses import ConsultationResponseIndexPageFactory

NEWS, RESPONSES = 30, 5


class TerminalOutput(StringIO):
    def isatty(self) -> bool:
        return True


def generate(stdout: StringIO | None = None, **options) -> str:
    out = stdout or StringIO()
    call_command("generate_scale_content", stdout=out, **options)
    return out.getvalue()


def assert_tree_is_valid() -> None:
    assert Page.find_problems() == ([], [], [], [], [])
    for parent in Page.objects.filter(numchild__gt=0):
        assert parent.numchild == parent.get_children().count()


class ScaleContentTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.news_index = ArticleIndexPageFactory()
        cls.responses_index = ConsultationResponseIndexPageFactory(
            parent=cls.news_index.get_parent()
        )
        # A page made the ordinary way, before: the generated ones come after it in the tree.
        cls.existing = ArticlePageFactory(parent=cls.news_index, title="Redaktörens nyhet")
        # A batch size that splits the run into several batches (transactions).
        cls.output = generate(news=NEWS, responses=RESPONSES, batch_size=8)
        cls.articles = list(ArticlePage.objects.filter(slug__startswith=SLUG_PREFIX))
        cls.responses = list(ConsultationResponsePage.objects.filter(slug__startswith=SLUG_PREFIX))

    def test_it_adds_the_pages_and_says_how_many_in_how_long(self):
        assert len(self.articles) == NEWS
        assert len(self.responses) == RESPONSES
        assert f"{NEWS} news items and {RESPONSES} remissvar added and indexed in" in self.output
        # Not a terminal: no progress line.
        assert "\r" not in self.output

    def test_the_tree_is_valid(self):
        assert_tree_is_valid()
        self.news_index.refresh_from_db()
        assert self.news_index.numchild == NEWS + 1
        assert self.existing.get_next_sibling().slug.startswith(SLUG_PREFIX)

    def test_pages_are_live_children_of_their_index_in_its_language(self):
        for page, index in [(page, self.news_index) for page in self.articles] + [
            (page, self.responses_index) for page in self.responses
        ]:
            assert page.get_parent().pk == index.pk
            assert page.depth == index.depth + 1
            assert page.url_path == f"{index.url_path}{page.slug}/"
            assert page.locale_id == index.locale_id
            assert page.live and not page.has_unpublished_changes
            assert page.live_revision is None
            assert page.first_published_at and page.last_published_at
            assert page.specific_class is type(page)
        keys = {page.translation_key for page in [*self.articles, *self.responses]}
        assert len(keys) == NEWS + RESPONSES

    def test_news_are_spread_over_years_with_text_and_a_valid_body(self):
        assert len({article.date.year for article in self.articles}) > 5
        for article in self.articles:
            assert article.title and article.intro and article.author_name
            assert article.first_published_at.date() == article.date
            assert article.body[0].block_type == "paragraph"
            assert article.body[1].block_type == "heading"
            assert "<p>" in article.body.render_as_block()
            assert article.tags.count() == 1

    def test_remissvar_are_approved_by_the_board_and_complete(self):
        references = {response.inquiry_reference for response in self.responses}
        assert len(references) == RESPONSES
        for response in self.responses:
            assert response.is_board_approved() and response.may_go_live()
            assert response.status in (ResponseStatus.SENT, ResponseStatus.APPROVED)
            assert response.approved_date <= (response.sent_date or response.approved_date)
            assert response.deadline and response.ministry and response.case_number
            assert response.inquiry_title and response.summary
            assert [point.block_type for point in response.points] == ["point"] * len(
                response.points
            )
            assert response.points[0].value["stance"]
            # Saving it the ordinary way (an editor's next change) keeps it live.
            response.save()

    def test_the_site_serves_them(self):
        article, response = self.articles[-1], self.responses[-1]
        listing = self.client.get("/nyheter/")
        assert listing.status_code == 200
        assert self.client.get("/nyheter/", {"page": 3}).status_code == 200
        assert self.client.get(f"/nyheter/{article.date.year}/").status_code == 200
        assert self.client.get(article.url).status_code == 200
        assert self.client.get("/remissvar/").status_code == 200
        page = self.client.get(response.url)
        assert page.status_code == 200
        assert response.inquiry_reference in page.content.decode()
        newest = max(self.articles, key=lambda item: (item.date, item.pk))
        assert newest.url in self.client.get("/nyheter/feed/").content.decode()
        index = self.client.get("/sitemap.xml").content.decode()
        parts = re.findall(r"<loc>https?://[^/]+(/sitemap-\d+\.xml)</loc>", index)
        assert parts
        assert any(article.url in self.client.get(part).content.decode() for part in parts)

    def test_the_apis_list_them(self):
        v2 = self.client.get("/api/v2/pages/", {"type": "articles.ArticlePage", "limit": 20})
        assert v2.status_code == 200
        assert v2.json()["meta"]["total_count"] == NEWS + 1
        last = self.client.get(
            "/api/v2/pages/", {"type": "articles.ArticlePage", "limit": 20, "offset": NEWS}
        )
        assert len(last.json()["items"]) == 1
        pages = self.client.get("/api/v3/pages/", {"type": "articles.ArticlePage", "limit": 100})
        assert pages.status_code == 200
        assert len(pages.json()["items"]) == NEWS + 1
        v3 = self.client.get("/api/v3/news/", {"limit": 100})
        assert v3.status_code == 200
        assert v3.json()["count"] == NEWS + 1
        responses = self.client.get("/api/v3/consultation-responses/", {"limit": 100})
        assert responses.status_code == 200
        assert responses.json()["count"] == RESPONSES
        detail = self.client.get(f"/api/v2/pages/{self.articles[0].pk}/")
        assert detail.status_code == 200
        assert detail.json()["body"][0]["type"] == "paragraph"

    def test_search_finds_them(self):
        article, response = self.articles[0], self.responses[0]
        found = get_search_backend().search(article.title, ArticlePage, operator="and")
        assert article.pk in [page.pk for page in found]
        found = get_search_backend().search(response.inquiry_title, ConsultationResponsePage)
        assert response.pk in [page.pk for page in found]
        results = self.client.get("/sok/", {"q": article.title})
        assert results.status_code == 200
        assert SLUG_PREFIX in results.content.decode()

    def test_a_second_run_adds_more_pages_after_the_first_ones(self):
        output = generate(news=3, responses=1, seed=7)

        assert "3 news items and 1 remissvar added" in output
        slugs = set(
            ArticlePage.objects.filter(slug__startswith=SLUG_PREFIX).values_list("slug", flat=True)
        )
        assert len(slugs) == NEWS + 3
        assert {slug.rsplit("-", 1)[1] for slug in slugs} == {
            str(number) for number in range(1, NEWS + 4)
        }
        assert ConsultationResponsePage.objects.filter(slug__startswith=SLUG_PREFIX).count() == 6
        references = ConsultationResponsePage.objects.values_list("inquiry_reference", flat=True)
        assert len(set(references)) == len(references)
        assert_tree_is_valid()

    def test_the_search_index_can_be_left_for_update_index(self):
        output = generate(news=2, search_index=False)

        assert "2 news items and 0 remissvar added (not indexed)" in output
        assert "manage.py update_index" in output
        new = ArticlePage.objects.filter(slug__startswith=SLUG_PREFIX).order_by("-pk")[:2]
        indexed = IndexEntry.objects.filter(object_id__in=[str(page.pk) for page in new])
        assert not indexed.exists()

    def test_progress_is_shown_on_a_terminal(self):
        output = generate(TerminalOutput(), news=4, batch_size=2)

        assert "\rNyheter" in output
        assert "2/4" in output and "4/4" in output


def test_scale_slug():
    assert scale_slug("Så påverkar bredbandsutbyggnaden kommunerna", 12) == (
        "skala-sa-paverkar-bredbandsutbyggnaden-kommunerna-12"
    )


@pytest.mark.django_db
def test_it_needs_the_indexes(home_page):
    with pytest.raises(CommandError, match="load_demo_content"):
        generate(news=1)


@pytest.mark.django_db
def test_it_needs_something_to_do():
    with pytest.raises(CommandError, match="Nothing to do"):
        generate()
