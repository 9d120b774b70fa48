"""The events app's part of the demo: the "Konferenser" index and the 11 events of events.json."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

from demo import standard_pages
from demo.parsing import read_data
from events.models import STOCKHOLM, EventIndexPage, EventPage

if TYPE_CHECKING:
    from demo.loader import DemoContentLoader
    from home.models import HomePage


def events_data() -> dict[str, Any]:
    return read_data("events.json")


def parse_moment(value: str, *, end: bool = False) -> datetime:
    """A demo date ("2012-04-25") or date and time ("2016-04-20T15:00") in Swedish time.

    A bare date starts at midnight, and ends just before the next midnight.
    """
    if "T" in value:
        return datetime.fromisoformat(value).replace(tzinfo=STOCKHOLM)
    day = date.fromisoformat(value)
    return datetime.combine(day, time(23, 59) if end else time(0, 0), tzinfo=STOCKHOLM)


def source_note(item: dict[str, Any]) -> str:
    """The editors' note of an event: what the data file says about its sources and dates
    (never shown to readers)."""
    parts = [item.get("source_remark", "")]
    if item.get("source_date_note"):
        parts.append(f"Källans datumanteckning: {item['source_date_note']}")
    parts.append(f"Datumbeslut: {item['date_decision']}")
    sources = item.get("source", [])
    if sources:
        parts.append(("Källa: " if len(sources) == 1 else "Källor: ") + ", ".join(sources))
    return "\n\n".join(part for part in parts if part)


def load(loader: DemoContentLoader, home: HomePage) -> None:
    """Create or update the "Konferenser" index and its events; a second run changes nothing."""
    content = events_data()
    index_data = content["index"]
    index = loader.sync_page(
        home,
        EventIndexPage,
        {
            "title": index_data["title"],
            "slug": index_data["slug"],
            "show_in_menus": True,
            "intro": index_data["intro"],
        },
    )
    items = content["events"]
    for number, item in enumerate(items, start=1):
        start = parse_moment(item["start"])
        body = [standard_pages.paragraph(item["date_text"])] if item.get("date_text") else []
        body.append(standard_pages.paragraph(item["description"]))
        loader.sync_page(
            index,
            EventPage,
            {
                "title": item["title"],
                "slug": item["slug"],
                "kind": item["kind"],
                "start": start,
                "end": parse_moment(item["end"], end=True),
                "all_day": item["all_day"],
                "place": item["place"],
                "venue": item["venue"],
                "registration_opens": None,
                # The old site said "Anmälan är nu stängd": closed when the meeting began.
                "registration_closes": start if item["registration_open"] is False else None,
                "registration_url": "",
                "body": body,
                "source_note": source_note(item),
            },
            published_on=start.date(),
        )
        loader.report_progress("Konferenser", number, len(items))
    loader.report_section("Konferenser", len(items), len(items))
