"""The news on the home page."""

from __future__ import annotations

from django.http import HttpRequest
from wagtail import hooks
from wagtail.models import Page

from .models import ArticleIndexPage, ArticlePage

# As many as the old front page showed.
LATEST_NEWS_COUNT = 10


@hooks.register("home_page_sections")
def latest_news(home: Page, request: HttpRequest) -> dict:
    """The latest news under ``home``, and the news listing to link to."""
    return {
        "latest_articles": (ArticlePage.objects.for_readers().descendant_of(home).for_listing())[
            :LATEST_NEWS_COUNT
        ],
        "article_index": ArticleIndexPage.objects.for_readers().child_of(home).first(),
    }
