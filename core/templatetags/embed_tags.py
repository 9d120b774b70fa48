"""Template tags of embedded media (the film page, embed blocks): ``safe_embed``, which never
raises when a provider can't be reached, and ``hostname`` for the plain link shown instead."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import requests
from django import template
from django.core.cache import cache
from wagtail.coreutils import safe_md5
from wagtail.embeds import embeds
from wagtail.embeds.exceptions import EmbedException

if TYPE_CHECKING:
    from wagtail.embeds.models import Embed

register = template.Library()

# How long a failed embed lookup is remembered, so an offline server does not retry the provider
# (and wait for its timeout) on every request.
EMBED_FAILURE_TIMEOUT = 10 * 60


@register.simple_tag(takes_context=True)
def safe_embed(
    context: template.Context, url: str | None, max_width: int | None = None
) -> Embed | None:
    """The embed for ``url``, or ``None`` when it cannot be fetched (offline, unknown provider…).

    Templates then show the poster and a plain link; nothing here may raise. Embeds that
    ``core.prefetch.prefetch_embeds`` already found for this request cost no query.
    """
    if not url:
        return None
    prefetched = getattr(context.get("request"), "_smakom_embeds", {})
    if max_width is None and url in prefetched:
        embed = prefetched[url]
        return embed if embed.html else None
    failure_key = (
        "smakom:embed-failed:"
        + safe_md5(f"{url}\n{max_width}".encode(), usedforsecurity=False).hexdigest()
    )
    if cache.get(failure_key):
        return None
    try:
        embed = embeds.get_embed(url, max_width=max_width)
    except (EmbedException, requests.RequestException, OSError, ValueError):
        cache.set(failure_key, True, EMBED_FAILURE_TIMEOUT)
        return None
    if not embed.html:
        return None
    return embed


@register.filter
def hostname(url: str | None) -> str:
    """The host of ``url`` without a leading "www." (for "Se filmen hos youtube.com")."""
    host = urlsplit(url or "").hostname or ""
    return host.removeprefix("www.")
