"""Template tags of the site's languages: the language a page is in, the language of text
entered once for every language, a chosen page's version in the language being read, and the
language switcher (``core.i18n``).

``page_language`` and ``reading_language`` are plain functions too: the SEO and listing tags
use them to know the language being read.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from wagtail.models import Page

from core.i18n import active_language, language_of, language_versions, localized

register = template.Library()


@register.simple_tag(takes_context=True)
def page_language(context: template.Context, page: Page | None = None) -> str:
    """The language of ``page``'s content (from its site root), else the active language."""
    if isinstance(page, Page) and page.url_path:
        return language_of(page, context.get("request"))
    return active_language()


def reading_language(context: template.Context) -> str:
    """The language being read: that of the context's ``page``, else the active language."""
    page = context.get("page")
    return page_language(context, page if isinstance(page, Page) else None)


@register.simple_tag(takes_context=True)
def original_language(context: template.Context) -> str:
    """The language of what editors enter once for every language (image descriptions,
    document titles, the association's name and address), for a ``lang`` attribute, when it
    differs from the page's; else "". That is Swedish, the site's language: an English page
    shows those words marked as Swedish.
    """
    language = reading_language(context)
    return "" if language == settings.LANGUAGE_CODE else settings.LANGUAGE_CODE


@register.simple_tag(takes_context=True)
def localized_page(context: template.Context, target: Page | None) -> Page | None:
    """``target``'s live, public version in the language being read, else ``target``.

    For pages an editor chose once for every language (the banner's link, the accessibility
    statement): ``{% localized_page page.banner_link as banner_link %}``. No query when
    ``target`` is already in that language.
    """
    return localized(target, reading_language(context), context.get("request"))


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context: template.Context, page: Page | None = None) -> dict[str, Any]:
    """Links to the other languages: to this page's translation, else to that language's home
    page (saying so). The page being read counts as the untranslated page's original on the
    404 that refuses to show it in the wrong language.
    """
    request = context.get("request")
    page = page or context.get("page") or context.get("untranslated_page")
    if not isinstance(page, Page):
        page = None
    current = page_language(context, page) if page is not None else active_language()
    if context.get("untranslated_page") is not None:
        current = active_language()
    links = [
        version
        for language, version in language_versions(request, page).items()
        if language != current
    ]
    return {"links": links, "current": current}
