"""The map of Sweden drawn server-side: the outline from data/sweden.json, a marker per member.

The outline is Natural Earth's (public domain), projected once by the script described in
docs/architecture.md; markers are projected here with the same parameters, so they line up.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .models import Municipality

DATA_FILE = Path(__file__).resolve().parent / "data" / "sweden.json"


@dataclass(frozen=True)
class Outline:
    path: str
    width: float
    height: float
    lat_ref: float
    west: float
    north: float
    scale: float
    padding: float

    def project(self, latitude: float, longitude: float) -> tuple[float, float]:
        """Equirectangular: x scaled by cos(lat_ref), so shapes are true near that latitude."""
        x = (longitude - self.west) * math.cos(math.radians(self.lat_ref)) * self.scale
        y = (self.north - latitude) * self.scale
        return round(x + self.padding, 1), round(y + self.padding, 1)


@cache
def sweden() -> Outline:
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    projection = data["projection"]
    return Outline(
        path=data["path"],
        width=data["width"],
        height=data["height"],
        lat_ref=projection["lat_ref"],
        west=projection["west"],
        north=projection["north"],
        scale=projection["scale"],
        padding=projection["padding"],
    )


@dataclass(frozen=True)
class Marker:
    x: float
    y: float
    name: str
    kommunkod: str


def markers(municipalities: Iterable[Municipality]) -> list[Marker]:
    """A marker for each municipality that has coordinates."""
    outline = sweden()
    found = []
    for municipality in municipalities:
        if municipality.latitude is None or municipality.longitude is None:
            continue
        x, y = outline.project(municipality.latitude, municipality.longitude)
        found.append(Marker(x, y, municipality.name, municipality.kommunkod))
    return found
