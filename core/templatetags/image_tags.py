"""``responsive_image``: an image with the renditions and ``sizes`` of its place in the layout
(``core.images``); ``lazy_after``: which images of a list wait for the reader to scroll."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString
from wagtail.images.models import AbstractImage

from core import images

register = template.Library()


@register.simple_tag
def responsive_image(image: AbstractImage | None, layout: str, **attrs: Any) -> SafeString | str:
    """``{% responsive_image hero_image "measure" class="figure__image" %}``: a ``<picture>``
    whose ``<img>`` has a ``srcset`` of the layout's renditions, its ``sizes``, ``width`` and
    ``height``, and ``attrs``; nothing for no image. Pass ``loading="lazy"`` only below the
    fold: an image in the first screen must start loading at once.

    An unknown layout name is a ``KeyError``: a typo fails the template's tests rather than
    silently showing a full-size image.
    """
    if not image:
        return ""
    return images.responsive_image(image, images.LAYOUTS[layout], attrs)


@register.filter
def lazy_after(position: int | None, count: int) -> str:
    """``loading=forloop.counter|lazy_after:3``: "eager" for the first ``count`` items of a list
    (those in the first screen), "lazy" for the rest and for an item with no position."""
    return "eager" if position and int(position) <= count else "lazy"
