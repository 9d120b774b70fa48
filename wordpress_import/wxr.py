"""Reading a WordPress eXtended RSS export (WXR 1.0–1.2, as Tools → Export writes it).

The file is parsed with defusedxml: an export that declares a DTD, entities or external
references (an "XML bomb", or a file that tries to read others) is refused with ``WxrError``,
never expanded. Each ``<item>`` becomes a ``WxrItem``; an item whose values cannot be read (a
date that is no date, a field far too long) keeps its ``error`` and is skipped by the importer,
while the other items go on.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from typing import BinaryIO
from urllib.parse import unquote, urlsplit
from xml.etree.ElementTree import Element, ParseError  # noqa: S405 - only the exception type

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import parse
from django.utils import timezone

CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
DC_NS = "http://purl.org/dc/elements/1.1/"
WXR_NS = re.compile(r"^\{(http://wordpress\.org/export/(1\.[0-2])/)\}wxr_version$")

# What one item may hold; a real post is far below these.
MAX_CONTENT_CHARS = 2_000_000
MAX_TITLE_CHARS = 255
MAX_SLUG_CHARS = 255

STATUSES = ("publish", "draft", "private", "pending", "future")
# WordPress's own placeholder for "no date" (drafts have no GMT date).
NO_DATE = "0000-00-00 00:00:00"


class WxrError(Exception):
    """The file is not an export this importer reads (or not one it will read)."""


@dataclass
class WxrTerm:
    domain: str  # "category" or "post_tag"
    slug: str
    name: str


@dataclass
class WxrItem:
    """One ``<item>``: a post, a page, an attachment or anything else WordPress exports."""

    wp_id: int
    post_type: str
    status: str
    title: str = ""
    link: str = ""
    slug: str = ""
    date: date | None = None
    published_at: datetime | None = None
    author: str = ""
    excerpt: str = ""
    content: str = ""
    terms: list[WxrTerm] = field(default_factory=list)
    parent_id: int = 0
    menu_order: int = 0
    meta: dict[str, str] = field(default_factory=dict)
    comments: int = 0
    # An attachment's file: its address on the old site (``<wp:attachment_url>``).
    attachment_url: str = ""
    error: str = ""

    def content_hash(self) -> str:
        """A digest of everything the importer reads from the item: equal digests, same page."""
        values = asdict(self)
        values.pop("comments")
        if not values["attachment_url"]:
            # Not in the digest of posts and pages, whose digests stay what earlier runs stored.
            values.pop("attachment_url")
        return hashlib.sha256(
            json.dumps(values, default=str, sort_keys=True).encode("utf-8")
        ).hexdigest()


@dataclass
class WxrExport:
    version: str
    site_url: str
    authors: dict[str, str]
    items: list[WxrItem]

    @property
    def site_key(self) -> str:
        """The site the items come from, as ``ImportedItem.wp_site`` remembers it: host and path
        without the scheme or "www.", so an export made after a move to https still matches."""
        parts = urlsplit(self.site_url)
        host = parts.netloc.lower().removeprefix("www.")
        return f"{host}{parts.path.rstrip('/')}" if host else self.site_url


def read_export(source: str | BinaryIO) -> WxrExport:
    """The export in ``source`` (a path or a binary file); raises ``WxrError``."""
    try:
        tree = parse(source, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as error:
        raise WxrError(
            "The file declares a DTD, XML entities or external references, which a WordPress "
            f"export never does; it was not read ({type(error).__name__})."
        ) from error
    except ParseError as error:
        raise WxrError(f"The file is not well-formed XML: {error}.") from error

    channel = tree.getroot().find("channel")
    if channel is None:
        raise WxrError("The file is not a WordPress export: it has no <channel>.")
    namespace, version = "", ""
    for child in channel:
        if match := WXR_NS.match(child.tag):
            namespace, version = match.groups()
            break
    if not namespace:
        raise WxrError(
            "The file is not a WordPress export this importer reads: it has no "
            "<wp:wxr_version> 1.0, 1.1 or 1.2."
        )
    reader = _ItemReader(namespace)
    site_url = _text(channel.find(f"{{{namespace}}}base_blog_url")) or _text(channel.find("link"))
    authors = {
        _text(author.find(f"{{{namespace}}}author_login")): _text(
            author.find(f"{{{namespace}}}author_display_name")
        )
        for author in channel.findall(f"{{{namespace}}}author")
    }
    items = [reader.read(element) for element in channel.findall("item")]
    return WxrExport(
        version=version,
        site_url=site_url.rstrip("/"),
        authors={login: name for login, name in authors.items() if login},
        items=items,
    )


def _text(element: Element | None) -> str:
    return (element.text or "").strip() if element is not None else ""


class _ItemReader:
    def __init__(self, namespace: str) -> None:
        self.wp = namespace
        self.excerpt = f"{namespace}excerpt/"

    def read(self, element: Element) -> WxrItem:
        wp = self.wp
        raw_id = _text(element.find(f"{{{wp}}}post_id"))
        item = WxrItem(
            wp_id=int(raw_id) if raw_id.isdigit() else 0,
            post_type=_text(element.find(f"{{{wp}}}post_type")),
            status=_text(element.find(f"{{{wp}}}status")),
        )
        try:
            self._read_values(item, element)
        except ValueError as error:
            item.error = str(error)
        return item

    def _read_values(self, item: WxrItem, element: Element) -> None:
        wp = self.wp
        if not item.wp_id:
            raise ValueError("it has no numeric <wp:post_id>")
        item.title = _text(element.find("title"))
        item.link = _text(element.find("link"))
        item.slug = unquote(_text(element.find(f"{{{wp}}}post_name")))
        item.author = _text(element.find(f"{{{DC_NS}}}creator"))
        excerpt = element.find(f"{{{self.excerpt}}}encoded")
        item.excerpt = (excerpt.text or "") if excerpt is not None else ""
        content = element.find(f"{{{CONTENT_NS}}}encoded")
        item.content = (content.text or "") if content is not None else ""
        if len(item.content) + len(item.excerpt) > MAX_CONTENT_CHARS:
            raise ValueError(f"its text is longer than {MAX_CONTENT_CHARS:,} characters")
        if len(item.title) > MAX_TITLE_CHARS * 4:
            raise ValueError("its title is longer than 1,020 characters")
        if len(item.slug) > MAX_SLUG_CHARS:
            raise ValueError(f"its slug is longer than {MAX_SLUG_CHARS} characters")
        if item.link and urlsplit(item.link).scheme not in ("http", "https"):
            raise ValueError(f"its <link> is not a web address: {item.link[:100]!r}")
        parent = _text(element.find(f"{{{wp}}}post_parent")) or "0"
        order = _text(element.find(f"{{{wp}}}menu_order")) or "0"
        if not parent.isdigit() or not order.lstrip("-").isdigit():
            raise ValueError("its <wp:post_parent> or <wp:menu_order> is not a number")
        item.parent_id, item.menu_order = int(parent), int(order)
        item.terms = [
            WxrTerm(
                domain=term.get("domain", ""),
                slug=unquote(term.get("nicename", "")),
                name=(term.text or "").strip(),
            )
            for term in element.findall("category")
        ]
        item.meta = {
            _text(meta.find(f"{{{wp}}}meta_key")): _text(meta.find(f"{{{wp}}}meta_value"))
            for meta in element.findall(f"{{{wp}}}postmeta")
        }
        item.comments = len(element.findall(f"{{{wp}}}comment"))
        item.attachment_url = _text(element.find(f"{{{wp}}}attachment_url"))
        if len(item.attachment_url) > 2000:
            raise ValueError("its <wp:attachment_url> is longer than 2,000 characters")
        if item.post_type in ("post", "page") and item.status in STATUSES:
            self._read_dates(item, element)

    def _read_dates(self, item: WxrItem, element: Element) -> None:
        local = _text(element.find(f"{{{self.wp}}}post_date"))
        gmt = _text(element.find(f"{{{self.wp}}}post_date_gmt"))
        if local in ("", NO_DATE):
            if item.status == "publish":
                raise ValueError("it is published but has no <wp:post_date>")
            return
        local_time = _parse_datetime(local, "wp:post_date")
        item.date = local_time.date()
        if gmt not in ("", NO_DATE):
            item.published_at = _parse_datetime(gmt, "wp:post_date_gmt").replace(tzinfo=UTC)
        else:
            # Without WordPress's own UTC time, the local time in the site's time zone.
            item.published_at = timezone.make_aware(local_time)


def _parse_datetime(value: str, name: str) -> datetime:
    try:
        return datetime.strptime(value, "%Y-%m-%d %H:%M:%S")  # noqa: DTZ007 - made aware by caller
    except ValueError:
        raise ValueError(f"its <{name}> is not a date: {value[:40]!r}") from None
