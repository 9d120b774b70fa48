"""Fetching what a StreamField shows in a fixed number of queries, however many blocks it has,
and the tags of a list of items.

Image blocks need a rendition each and embed blocks an ``Embed`` row each; looked up one by one
that is a query per block. ``prefetch_stream`` fetches them all at once before the template runs.

Tags are prefetched into a list of their own (``prefetch_tags``, read by ``tag_names``): prefetched
into the tag manager, modelcluster's manager (a page's tags) still builds a queryset for every
item before it looks at what was prefetched, a tenth of what an API listing cost.
"""

from __future__ import annotations

from django.db.models import Model, Prefetch
from django.http import HttpRequest
from wagtail.blocks import StreamValue
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.models import Page

from core.api.fields import prefetch_renditions
from core.blocks import CaptionedImageBlock, LinkBlock, VideoEmbedBlock
from core.i18n import prefetch_localized
from core.images import LAYOUTS

# The renditions that site/templates/blocks/captioned_image_block.html offers.
BODY_IMAGE_FILTERS = LAYOUTS["measure"].filter_specs
# Where ``prefetch_tags`` puts an item's tags.
LISTED_TAGS = "listed_tags"


def prefetch_tags() -> Prefetch:
    """The prefetch of the ``tags`` of a list of items (pages, images, documents), as a plain
    list on each item: one query for the whole list."""
    return Prefetch("tags", to_attr=LISTED_TAGS)


def tag_names(item: Model) -> list[str]:
    """``item``'s tag names, sorted: from ``prefetch_tags``'s list where a listing made one,
    else a query."""
    tags = getattr(item, LISTED_TAGS, None)
    if tags is None:
        tags = item.tags.all()
    return sorted(tag.name for tag in tags)


def prefetch_stream(
    stream: StreamValue, request: HttpRequest | None = None, language: str | None = None
) -> None:
    """Prefetch the renditions of ``stream``'s image blocks, the embeds of its embed blocks and,
    for a page in ``language``, the ``language`` versions of the pages its link blocks choose."""
    images = []
    embed_urls = []
    linked_pages = []
    for child in stream:
        if isinstance(child.block, CaptionedImageBlock) and child.value["image"] is not None:
            images.append(child.value["image"])
        elif isinstance(child.block, VideoEmbedBlock) and child.value["embed"]:
            embed_urls.append(child.value["embed"].url)
        elif isinstance(child.block, LinkBlock) and isinstance(child.value["page"], Page):
            linked_pages.append(child.value["page"])
    if images:
        prefetch_renditions(images, *BODY_IMAGE_FILTERS)
    if embed_urls and request is not None:
        prefetch_embeds(embed_urls, request)
    if linked_pages and language:
        prefetch_localized(linked_pages, language, request)


def prefetch_embeds(urls: list[str], request: HttpRequest) -> None:
    """Remember the stored embeds of ``urls`` on the request, for the ``safe_embed`` tag."""
    hashes = {get_embed_hash(url): url for url in urls}
    found = request.__dict__.setdefault("_smakom_embeds", {})
    for embed in Embed.objects.filter(hash__in=hashes):
        found[hashes[embed.hash]] = embed
