"""The consultation_responses app's part of the demo: the "Remissvar" index and the replies of
content.json, with their ministries (snippets) and their signed reply letters (drawn PDFs).

``pages_by_reference`` gives the news step the replies its articles link to.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from consultation_responses.models import (
    ConsultationResponseIndexPage,
    ConsultationResponsePage,
    Ministry,
)
from demo.media import ReplyLetter, reply_letter_pdf
from demo.parsing import POINT_NUMBER, parse_date, parse_point, publication_datetime

if TYPE_CHECKING:
    from wagtail.models import Locale

    from demo.loader import DemoContentLoader
    from home.models import HomePage

INDEX_SLUG = "remissvar"


def approval_time(*dates: date | None) -> datetime:
    """When the board approved a demo reply: noon on the first known date, else now."""
    known = next((day for day in dates if day), None)
    return publication_datetime(known) if known else timezone.now()


def load(loader: DemoContentLoader, home: HomePage) -> None:
    """Create or update the "Remissvar" index and its replies; a second run changes nothing."""
    index = loader.sync_page(
        home,
        ConsultationResponseIndexPage,
        {
            "title": "Remissvar",
            "slug": INDEX_SLUG,
            "show_in_menus": True,
            "intro": "SmåKoms remissvar och yttranden över statliga utredningar och förslag.",
        },
    )
    items = loader.content["consultation_responses"]
    for number, item in enumerate(items, start=1):
        sent_date, deadline = parse_date(item["sent_date"]), parse_date(item["deadline"])
        approved_date = parse_date(item["approved_date"])
        loader.sync_page(
            index,
            ConsultationResponsePage,
            {
                "title": item["title"],
                "slug": item["slug"],
                "inquiry_reference": item["inquiry_reference"],
                "inquiry_title": item["inquiry_title"],
                "inquiry_author": item["inquiry_author"],
                "ministry": ministry(loader, item["ministry"], home.locale),
                "sent_date": sent_date,
                "deadline": deadline,
                "approved_date": approved_date,
                "status": item["status"],
                "summary": item["summary"],
                "points": [
                    {"type": "point", "value": parse_point(point)} for point in item["points"]
                ],
                "outcome": item["outcome"],
                "response_document": reply_document(loader, item),
            },
            published_on=sent_date or approved_date or deadline,
            # The sources show each of these replies adopted by the board and sent.
            created_with={"board_approved_at": approval_time(approved_date, sent_date, deadline)},
        )
        loader.report_progress("Remissvar", number, len(items))
    loader.report_section("Remissvar", len(items), len(items))


def reference(item: dict[str, Any]) -> str:
    """How a news item of content.json names a reply: its inquiry's reference, else its slug."""
    return item["inquiry_reference"] or item["slug"]


def pages_by_reference(
    loader: DemoContentLoader, home: HomePage
) -> dict[str, ConsultationResponsePage]:
    """The replies of content.json, as ``load`` left them, by ``reference``."""
    index = ConsultationResponseIndexPage.objects.child_of(home).get(slug=INDEX_SLUG)
    pages = {page.slug: page for page in ConsultationResponsePage.objects.child_of(index)}
    return {
        reference(item): pages[item["slug"]] for item in loader.content["consultation_responses"]
    }


def ministry(loader: DemoContentLoader, name: str | None, locale: Locale) -> Ministry | None:
    """The ministry snippet called ``name``, created the first time it is named."""
    if not name:
        return None
    found = Ministry.objects.filter(name=name, locale=locale).first()
    if found is None:
        found = Ministry.objects.create(name=name, locale=locale)
        loader.tally.created["Ministry"] += 1
    return found


def reply_document(loader: DemoContentLoader, item: dict[str, Any]):
    """The signed reply as a PDF, for replies whose content is known."""
    if not (item["points"] or item["summary"]):
        return None
    contact = loader.content["contact"]
    return loader.document(
        item["title"],
        f"{item['slug']}.pdf",
        lambda: reply_letter_pdf(
            ReplyLetter(
                title=item["title"],
                inquiry_reference=item["inquiry_reference"],
                inquiry_title=item["inquiry_title"],
                ministry=item["ministry"] or "",
                sender_name=contact["name"],
                sender_address=contact["address"],
                letter_date=parse_date(item["sent_date"] or item["approved_date"]),
                summary=item["summary"],
                points=[POINT_NUMBER.sub("", point) for point in item["points"]],
            )
        ),
    )
