"""Reading the curated demo facts: the data files in demo/data/, dates and numbered reply points."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from django.utils import timezone
from django.utils.html import escape

from consultation_responses.blocks import Stance

DATA_DIR = Path(__file__).resolve().parent / "data"

POINT_NUMBER = re.compile(r"^\s*\d+\.\s*")
PROPOSAL_REFERENCE = re.compile(r"\s*\((p\s*[\d.]+)\s+i utredningen\)")
STANCE_PHRASES = {
    "säger ja": Stance.SUPPORTS,
    "tillstyrker": Stance.SUPPORTS,
    "säger nej": Stance.REJECTS,
    "avstyrker": Stance.REJECTS,
}


def read_data(name: str) -> dict[str, Any]:
    """One of the demo's data files (``content.json``, ``events.json``, …), parsed."""
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


def load_content() -> dict[str, Any]:
    """The Swedish facts shared by several sections: organisation, news, remissvar, film."""
    return read_data("content.json")


def parse_date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def parse_point(text: str) -> dict[str, str]:
    """A ResponsePointBlock value from a numbered point such as "1. SmåKom säger ja … (p 2.3 …)"."""
    text = POINT_NUMBER.sub("", text).strip()
    reference = ""
    if match := PROPOSAL_REFERENCE.search(text):
        reference = match.group(1)
        text = f"{text[: match.start()]}{text[match.end() :]}".strip()
    lowered = text.lower()
    found = [(lowered.find(phrase), stance) for phrase, stance in STANCE_PHRASES.items()]
    found = sorted((position, stance) for position, stance in found if position >= 0)
    return {
        "stance": str(found[0][1] if found else Stance.COMMENTS),
        "heading": "",
        "text": f"<p>{escape(text)}</p>",
        "proposal_reference": reference,
    }


def publication_datetime(value: date) -> datetime:
    return timezone.make_aware(datetime.combine(value, time(12, 0)))
