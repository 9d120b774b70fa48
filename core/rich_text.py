"""Rich text link handling that never exposes the address of a hidden page or private document."""

from __future__ import annotations

from django.utils.html import escape
from wagtail.documents.rich_text import DocumentLinkHandler
from wagtail.models import Page
from wagtail.rich_text.pages import PageLinkHandler

from core.i18n import active_language, prefetch_localized
from core.visibility import private_collection_ids, restricted_paths


class PublicDocumentLinkHandler(DocumentLinkHandler):
    """Links to documents in private collections render as plain text, on the site and in the API.

    The document stays available to those allowed to see it, through the admin; a public page
    just doesn't publish its address or file name.
    """

    @classmethod
    def expand_db_attributes_many(cls, attrs_list: list[dict]) -> list[str]:
        documents = cls.get_many(attrs_list)
        private = private_collection_ids() if any(documents) else set()
        return [
            f'<a href="{escape(document.url)}">'
            if document is not None and document.collection_id not in private
            else "<a>"
            for document in documents
        ]


def public_links(pages: list[Page | None]) -> list[str]:
    """The opening tags of links to ``pages`` in the active language: each page's translation
    when readers are shown one, else the page itself, else a plain ``<a>`` when readers may
    not see it. Two queries for all the links of a text, whatever their number."""
    found = [page for page in pages if page is not None]
    if not found:
        return ["<a>" for _page in pages]
    language = active_language()
    translated = prefetch_localized(found, language, None)
    restricted = restricted_paths(None)
    tags = []
    for page in pages:
        candidates = [] if page is None else [translated.get((page.pk, language)), page]
        shown = next(
            (
                candidate
                for candidate in candidates
                if candidate is not None
                and candidate.live
                and not candidate.path.startswith(restricted)
            ),
            None,
        )
        tags.append(f'<a href="{escape(shown.url)}">' if shown is not None else "<a>")
    return tags


class PublicPageLinkHandler(PageLinkHandler):
    """Links to drafts and to password- or login-protected pages render as plain text.

    A public page links only to what its readers can open, on the site and in the API.
    """

    @classmethod
    def expand_db_attributes_many(cls, attrs_list: list[dict]) -> list[str]:
        return public_links(cls.get_many(attrs_list))
