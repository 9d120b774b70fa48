"""Template tags that say what anonymous readers may see: ``is_public`` for a chosen page,
``public_file`` for an image or a document (``core.visibility``)."""

from __future__ import annotations

from typing import Any

from django import template
from wagtail.models import Page

from core.visibility import is_public_page, public_media

register = template.Library()


@register.simple_tag(takes_context=True)
def is_public(context: template.Context, page: Page | None) -> bool:
    """Whether anonymous readers may see ``page``: live, and no password or login restriction
    on it or on an ancestor. Templates link to a chosen page only when this holds.

    ``{% is_public page.banner_link as banner_link_public %}``. One query per request however
    many links are checked (the restricted paths are cached on the request), none for a missing
    or draft page.
    """
    return is_public_page(page, context.get("request"))


@register.simple_tag(takes_context=True)
def public_file(context: template.Context, obj: Any) -> Any:
    """``obj`` (an image or a document) when the public site may show it, else None: never a
    file from a private collection (``core.visibility.public_media``).

    ``{% public_file page.hero_image as hero_image %}``. One query per request however many
    files are checked.
    """
    return public_media(obj, context.get("request"))
