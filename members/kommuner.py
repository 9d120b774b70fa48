"""The 290 Swedish municipalities (kommunkod, name, län, a point) and checks against them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

DATA_FILE = Path(__file__).resolve().parent / "data" / "kommuner.json"

# Sweden's bounding box (WGS84), a little wider than the outermost points of the mainland.
SWEDEN_LATITUDE = (55.0, 69.2)
SWEDEN_LONGITUDE = (10.5, 24.3)


@dataclass(frozen=True)
class Kommun:
    kommunkod: str
    name: str
    lan: str
    latitude: float
    longitude: float

    @property
    def lan_code(self) -> str:
        return self.kommunkod[:2]


# Each län's name as shown to readers: the Swedish name is the register's value, and the
# translation gives the English one ("Jämtland County").
LAN_LABELS = {
    "Stockholms län": _("Stockholms län"),
    "Uppsala län": _("Uppsala län"),
    "Södermanlands län": _("Södermanlands län"),
    "Östergötlands län": _("Östergötlands län"),
    "Jönköpings län": _("Jönköpings län"),
    "Kronobergs län": _("Kronobergs län"),
    "Kalmar län": _("Kalmar län"),
    "Gotlands län": _("Gotlands län"),
    "Blekinge län": _("Blekinge län"),
    "Skåne län": _("Skåne län"),
    "Hallands län": _("Hallands län"),
    "Västra Götalands län": _("Västra Götalands län"),
    "Värmlands län": _("Värmlands län"),
    "Örebro län": _("Örebro län"),
    "Västmanlands län": _("Västmanlands län"),
    "Dalarnas län": _("Dalarnas län"),
    "Gävleborgs län": _("Gävleborgs län"),
    "Västernorrlands län": _("Västernorrlands län"),
    "Jämtlands län": _("Jämtlands län"),
    "Västerbottens län": _("Västerbottens län"),
    "Norrbottens län": _("Norrbottens län"),
}


@cache
def kommuner() -> dict[str, Kommun]:
    """Every municipality by its kommunkod, in kommunkod order."""
    rows = json.loads(DATA_FILE.read_text(encoding="utf-8"))["kommuner"]
    return {
        row["kommunkod"]: Kommun(row["kommunkod"], row["name"], row["lan"], row["lat"], row["lon"])
        for row in sorted(rows, key=lambda row: row["kommunkod"])
    }


@cache
def lan_names() -> dict[str, str]:
    """Each län's name by its two-digit code."""
    return {kommun.lan_code: kommun.lan for kommun in kommuner().values()}


def lan_choices() -> list[tuple[str, str]]:
    return [
        (name, LAN_LABELS.get(name, name))
        for name in sorted(set(lan_names().values()), key=swedish_sort_key)
    ]


def kommun_choices() -> list[tuple[str, str]]:
    return sorted(
        ((kommun.kommunkod, kommun.name) for kommun in kommuner().values()),
        key=lambda choice: swedish_sort_key(choice[1]),
    )


SWEDISH_ORDER = {"å": "{", "ä": "|", "ö": "}", "é": "e", "ü": "y"}


def swedish_sort_key(text: str) -> str:
    """Sorts as Swedish does (å, ä, ö after z), whatever the database's collation."""
    return "".join(SWEDISH_ORDER.get(char, char) for char in text.casefold())


def validate_kommunkod(value: str) -> None:
    if value not in kommuner():
        raise ValidationError(
            _("%(value)s är inte en svensk kommunkod. Ange kommunens fyra siffror enligt SCB."),
            code="unknown_kommunkod",
            params={"value": value},
        )


def validate_latitude(value: float) -> None:
    low, high = SWEDEN_LATITUDE
    if not low <= value <= high:
        raise ValidationError(
            _("Latituden måste ligga i Sverige, mellan %(low)s och %(high)s."),
            code="outside_sweden",
            params={"low": low, "high": high},
        )


def validate_longitude(value: float) -> None:
    low, high = SWEDEN_LONGITUDE
    if not low <= value <= high:
        raise ValidationError(
            _("Longituden måste ligga i Sverige, mellan %(low)s och %(high)s."),
            code="outside_sweden",
            params={"low": low, "high": high},
        )
