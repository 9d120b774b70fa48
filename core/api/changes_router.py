"""The changes feed of API v3: what anonymous readers see of the pages, change by change.

Served from the change log (``core.changes``), oldest first, after a cursor the consumer keeps:
with it alone a consumer keeps a mirror of every page the public API lists (docs/api.md).
"""

from __future__ import annotations

import datetime
from typing import Literal

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Query, Router, Schema
from wagtail.api.utils import get_full_url

from core.models import ContentChange

router = Router(tags=["changes"])

# Changes per answer at most, and when the consumer doesn't say.
MAX_LIMIT = 100
# The largest cursor a BigAutoField holds.
MAX_CURSOR = 2**63 - 1


class ChangeSchema(Schema):
    """One change in what anonymous readers see of a page."""

    id: int = Field(description="The change's cursor: ask for ?since=<id> to get what follows.")
    page_id: int
    type: str = Field(
        description="The page type, as the pages API names it (articles.ArticlePage)."
    )
    locale: str = Field(description="Language code of the page, e.g. sv or en.")
    action: Literal["upsert", "delete"] = Field(
        description=(
            "upsert: the page is visible (new, edited, moved or visible again): fetch detail_url. "
            "delete: the page is no longer visible: remove it."
        )
    )
    detail_url: str | None = Field(
        description="Absolute URL of the page's detail in this API (upserts; null for deletes)."
    )
    html_url: str | None = Field(
        description="Absolute URL of the page on the public site when the change was recorded "
        "(upserts; null for deletes)."
    )
    created_at: datetime.datetime = Field(description="When the change was recorded.")

    @staticmethod
    def resolve_page_id(change: ContentChange) -> int:
        return change.object_id

    @staticmethod
    def resolve_type(change: ContentChange) -> str:
        return change.object_type

    @staticmethod
    def resolve_detail_url(change: ContentChange, context: dict) -> str | None:
        if change.action != ContentChange.Action.UPSERT:
            return None
        path = reverse("wagtailapi_v3:detail_page", kwargs={"page_id": change.object_id})
        return get_full_url(context["request"], path)

    @staticmethod
    def resolve_html_url(change: ContentChange, context: dict) -> str | None:
        if change.action != ContentChange.Action.UPSERT or not change.html_path:
            return None
        return get_full_url(context["request"], change.html_path)


class ChangesSchema(Schema):
    """The changes after a cursor, oldest first."""

    items: list[ChangeSchema]
    next: int = Field(
        description="The cursor to ask with next time: the last item's id, or the cursor asked "
        "with when there is nothing new."
    )
    has_more: bool = Field(description="Whether more changes follow: ask again at once with next.")


class ChangesQuerySchema(Schema):
    since: int = Field(
        0,
        ge=0,
        le=MAX_CURSOR,
        description="The cursor: the changes after it are listed. 0 (the default) starts from "
        "the beginning.",
    )
    limit: int = Field(
        MAX_LIMIT, ge=1, le=MAX_LIMIT, description="How many changes to list at most."
    )


@router.get(
    "/",
    response=ChangesSchema,
    summary="Changes feed",
    description=(
        "Every change in what anonymous readers see of the pages, oldest first, after the "
        "cursor `since`: upsert (a page became visible or changed: fetch its detail_url) or "
        "delete (it is no longer visible). Applying them in order keeps a mirror of the pages "
        "the public pages listing shows; a page that was never public never appears."
    ),
    operation_id="changes_list",
    url_name="changes_list",
)
def list_changes(
    request: HttpRequest,
    query: ChangesQuerySchema = Query(...),  # noqa: B008
) -> dict:
    changes = list(
        ContentChange.objects.filter(kind=ContentChange.Kind.PAGE, id__gt=query.since)
        .order_by("id")
        .only("id", "object_id", "object_type", "locale", "action", "html_path", "created_at")[
            : query.limit + 1
        ]
    )
    has_more = len(changes) > query.limit
    changes = changes[: query.limit]
    return {
        "items": changes,
        "next": changes[-1].id if changes else query.since,
        "has_more": has_more,
    }
