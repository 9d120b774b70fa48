"""Links between the imported items: what a body's images, files and links become.

``ImportLinks`` answers the body converter (wordpress_import/body.py) with the images,
documents and pages this import made, in this run or an earlier one, by WordPress ID, by file
path (``/wp-content/uploads/…`` in any of an image's sizes) and by old address (``/?p=ID``,
``/?page_id=ID`` or the item's permalink on the old site's host): imported images become image
blocks, links to imported documents (and ``[audio]``/``[playlist]`` shortcodes of them)
document links, links to imported posts and pages page links. A ``[gallery]`` without ``ids``
shows the images attached to its post (``wp:post_parent``), in ``wp:menu_order``, then ID
order. A link to an item of the export not imported yet sets ``pending``: the importer
resolves it in a second pass.
"""

from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlsplit

from wordpress_import.body import LinkResolver, ResolvedDocument, ResolvedImage
from wordpress_import.media import candidate_paths, is_image, upload_path
from wordpress_import.wxr import STATUSES, WxrExport, WxrItem


class ImportLinks(LinkResolver):
    """The body converter's answers: the images, documents and pages this import made (in this
    run or an earlier one) from the items of the export, by WordPress ID, file path and old
    address. ``pending`` is set when a link leads to an item of the export not imported yet."""

    def __init__(self, export: WxrExport) -> None:
        self.host = urlsplit(export.site_url).netloc.lower().removeprefix("www.")
        self.images: dict[int, ResolvedImage] = {}
        self.image_paths: dict[str, ResolvedImage] = {}
        self.documents: dict[int, ResolvedDocument] = {}
        self.document_paths: dict[str, ResolvedDocument] = {}
        self.pages: dict[int, int] = {}
        self.permalinks: dict[str, int] = {}
        self.items: set[int] = set()
        attached: dict[int, list[WxrItem]] = {}
        for item in export.items:
            if (
                item.post_type == "attachment"
                and item.parent_id
                and not item.error
                and is_image(urlsplit(item.attachment_url).path)
            ):
                attached.setdefault(item.parent_id, []).append(item)
            if item.post_type in ("post", "page") and item.status in STATUSES:
                self.items.add(item.wp_id)
                path = permalink(item.link)
                if path and item.link and self.ours(item.link):
                    self.permalinks.setdefault(path, item.wp_id)
        # A post's images in a [gallery]'s order.
        self.attached = {
            parent: [item.wp_id for item in sorted(items, key=lambda i: (i.menu_order, i.wp_id))]
            for parent, items in attached.items()
        }
        self.pending = False

    def add_media(self, wp_id: int, path: str, image=None, document=None) -> None:
        if image is not None:
            resolved = ResolvedImage(image.pk, image.description or image.title)
            self.images[wp_id] = resolved
            self.image_paths[path] = resolved
        elif document is not None:
            resolved = ResolvedDocument(document.pk, document.title, wp_id)
            self.documents[wp_id] = resolved
            self.document_paths[path] = resolved

    def ours(self, address: str) -> bool:
        parts = urlsplit(address)
        host = parts.netloc.lower().removeprefix("www.")
        return parts.scheme in ("", "http", "https") and (not host or host == self.host)

    def image(self, attachment_id: int | None, source: str) -> ResolvedImage | None:
        if attachment_id is not None and attachment_id in self.images:
            return self.images[attachment_id]
        path = upload_path(source) if source and self.ours(source) else ""
        if not path:
            return None
        return next(
            (self.image_paths[c] for c in candidate_paths(path) if c in self.image_paths), None
        )

    def attached_images(self, post_id: int) -> list[int]:
        return self.attached.get(post_id, [])

    def document(self, attachment_id: int | None, source: str) -> ResolvedDocument | None:
        if attachment_id is not None:
            return self.documents.get(attachment_id)
        path = upload_path(source) if source and self.ours(source) else ""
        return self.document_paths.get(path) if path else None

    def link(self, href: str) -> dict[str, str] | None:
        if not self.ours(href):
            return None
        if path := upload_path(href):
            document = self.document_paths.get(path)
            return {"linktype": "document", "id": str(document.pk)} if document else None
        wp_id = self._item_id(href)
        if wp_id is None:
            return None
        page = self.pages.get(wp_id)
        if page is None:
            self.pending = self.pending or wp_id in self.items
            return None
        return {"linktype": "page", "id": str(page)}

    def _item_id(self, href: str) -> int | None:
        parts = urlsplit(href)
        query = parse_qs(parts.query)
        for key in ("p", "page_id"):
            value = (query.get(key) or [""])[0]
            if value.isdigit() and len(value) < 19:
                return int(value)
        path = permalink(href)
        return self.permalinks.get(path) if path else None


def permalink(link: str) -> str:
    """The path of an item's address, decoded and without its last slash ("" for the home)."""
    return unquote(urlsplit(link).path).rstrip("/")
