"""The articles app's part of the demo: the "Nyheter" index and the news items of content.json.

Two steps: the index comes before the remissvar, so that the menu reads Nyheter, Remissvar, …,
and the articles after them, because an article links to the reply it is about.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from articles.models import ArticleIndexPage, ArticlePage
from demo import standard_pages
from demo.parsing import parse_date
from demo.sections.responses import pages_by_reference

if TYPE_CHECKING:
    from demo.loader import DemoContentLoader
    from home.models import HomePage

INDEX_SLUG = "nyheter"


def index(loader: DemoContentLoader, home: HomePage) -> None:
    """Create or update the "Nyheter" index."""
    loader.sync_page(
        home,
        ArticleIndexPage,
        {
            "title": "Nyheter",
            "slug": INDEX_SLUG,
            "show_in_menus": True,
            "intro": "Nyheter från SmåKom om de små kommunernas frågor.",
        },
    )


def articles(loader: DemoContentLoader, home: HomePage) -> None:
    """Create or update the news items, each with a drawn picture; a second run changes nothing."""
    news_index = ArticleIndexPage.objects.child_of(home).get(slug=INDEX_SLUG)
    responses = pages_by_reference(loader, home)
    items = loader.content["news"]
    for number, item in enumerate(items, start=1):
        headings = item["body_headings"]
        body = [
            standard_pages.heading(text, headings[text])
            if text in headings
            else standard_pages.paragraph(text)
            for text in item["body_paragraphs"]
        ]
        published_on = parse_date(item["date"])
        loader.sync_page(
            news_index,
            ArticlePage,
            {
                "title": item["title"],
                "slug": item["slug"],
                "date": published_on,
                "author_name": item["author"],
                "intro": item["intro"],
                "body": body,
                "hero_image": loader.image(
                    f"Nyhetsbild – {item['title']}", item["title"], item["slug"]
                ),
                "consultation_response": responses.get(item["consultation_response"]),
            },
            tags=item["tags"],
            published_on=published_on,
        )
        loader.report_progress("Nyheter", number, len(items))
    loader.report_section("Nyheter", len(items), len(items))
