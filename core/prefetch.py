"""Fetching what a StreamField shows in a fixed number of queries, however many blocks it has.

Image blocks need a rendition each and embed blocks an ``Embed`` row each; looked up one by one
that is a query per block. ``prefetch_stream`` fetches them all at once before the template runs.
"""

from __future__ import annotations

from django.http import HttpRequest
from wagtail.blocks import StreamValue
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.models import Page

from core.api.fields import prefetch_renditions
from core.blocks import CaptionedImageBlock, LinkBlock, VideoEmbedBlock
from core.i18n import prefetch_localized

# The rendition that site/templates/blocks/captioned_image_block.html asks for.
BODY_IMAGE_FILTER = "width-1200"


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
        prefetch_renditions(images, BODY_IMAGE_FILTER)
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
