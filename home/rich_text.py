"""Rich text link handling that never exposes the address of a hidden page or private document."""

from __future__ import annotations

from django.utils.html import escape
from wagtail.documents.rich_text import DocumentLinkHandler
from wagtail.models import Page
from wagtail.rich_text.pages import PageLinkHandler

from .visibility import is_public_page, private_collection_ids


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


def public_link(page: Page | None) -> str:
    """The opening tag of a link to ``page`` in the active language (its translation when that
    is public, else the page itself), or a plain ``<a>`` when readers may not see it."""
    if page is None:
        return "<a>"
    for candidate in (page.localized, page):
        if is_public_page(candidate):
            return f'<a href="{escape(candidate.url)}">'
    return "<a>"


class PublicPageLinkHandler(PageLinkHandler):
    """Links to drafts and to password- or login-protected pages render as plain text.

    A public page links only to what its readers can open, on the site and in the API.
    """

    @classmethod
    def expand_db_attributes_many(cls, attrs_list: list[dict]) -> list[str]:
        return [public_link(page) for page in cls.get_many(attrs_list)]
