"""API serializer fields used only by consultation responses."""

from __future__ import annotations

from typing import Any

from rest_framework.fields import Field
from wagtail.api.rich_text import APIRichText

from .blocks import Stance


def points_data(points, request=None) -> list[dict[str, Any]]:
    """The numbered points of a reply, each with its stance and its text as HTML."""
    raw_format = request.GET.get("rich_text_format") if request is not None else None
    rich_text_format = APIRichText.resolve_format(raw_format)
    return [
        {
            "number": number,
            "stance": point.value["stance"],
            "stance_label": str(Stance(point.value["stance"]).label),
            "heading": point.value["heading"],
            "text": APIRichText.serialize(point.value["text"].source, format=rich_text_format),
            "proposal_reference": point.value["proposal_reference"],
        }
        for number, point in enumerate(points, start=1)
    ]


class ResponsePointsField(Field):
    """The points StreamField as a numbered list."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, points) -> list[dict[str, Any]]:
        return points_data(points, self.context.get("request"))


class MinistryField(Field):
    """The ministry as ``{name, slug}``."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, ministry) -> dict[str, str]:
        return {"name": ministry.name, "slug": ministry.slug}
