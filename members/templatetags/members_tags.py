"""The map of Sweden with the member municipalities, as inline SVG."""

from __future__ import annotations

from collections.abc import Iterable

from django import template

from members.map import markers, sweden
from members.models import Municipality

register = template.Library()


@register.inclusion_tag("members/includes/sweden_map.html")
def sweden_map(
    municipalities: Iterable[Municipality],
    map_id: str,
    title: str,
    description: str,
    size: str = "large",
) -> dict:
    """``{% sweden_map members "members-map" title desc %}``: one marker per municipality."""
    outline = sweden()
    return {
        "outline": outline,
        "markers": markers(municipalities),
        "map_id": map_id,
        "title": title,
        "description": description,
        "size": size,
        "radius": 4 if size == "large" else 6,
    }
