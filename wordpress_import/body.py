"""A WordPress post's HTML as the raw data of a ``BodyBlock`` StreamField (core/blocks.py).

- WordPress stores text the way its editor wrote it and adds the paragraphs when it shows it
  (``wpautop``): text between blank lines is a paragraph, a single line break a ``<br>``. Text
  outside block elements is split so here too. Gutenberg's ``<!-- wp:… -->`` comments are dropped.
- Paragraphs and lists become ``paragraph`` blocks (rich text with the body's features: bold,
  italic, links, lists), ``<h1>``–``<h6>`` ``heading`` blocks (h2, h3 or h4), ``<blockquote>``
  ``quote`` blocks (a ``<cite>`` is the attribution). ``<div>``, ``<section>``, ``<figure>`` and
  the like are opened and their contents read; a table's and a ``<pre>``'s text become
  paragraphs.
- Sanitised: scripts, styles, forms and frames never survive, every attribute but a link's
  ``href`` (checked by Wagtail's ``check_url``: no ``javascript:``) is dropped, and every
  paragraph goes through Wagtail's own rich text converter, which keeps only the features.
- Images, links and files of the import (``LinkResolver``, the importer's answers): an ``<img>``
  of an imported image (found by its ``wp-image-N`` class, its ``[caption id="attachment_N"]``
  or its file's path, also in one of WordPress's other sizes) becomes an ``image`` block (each
  image of a ``[gallery]`` whose images were all imported one too: its ``ids``, else the
  images attached to the post, ``LinkResolver.attached_images``), with
  the ``<figcaption>`` of a Gutenberg image or the text of a ``[caption]`` as its caption; an
  image that stands in a paragraph with text comes before the paragraph when it starts it, else
  after. A link to an imported document becomes a document link, a link to an imported post or
  page (its permalink, ``?p=ID``, ``?page_id=ID``) a page link. An ``[audio src="…"]`` (``mp3=``,
  ``ogg=``, …) of an imported file becomes a document link where it stands, titled as the
  document, and a ``[playlist ids="…"]`` whose files were all imported a list of them.
- Embeds of the providers the site embeds (``WAGTAILEMBEDS_FINDERS``: YouTube, Vimeo) become
  ``embed`` blocks: an ``[embed]URL[/embed]``, a Gutenberg embed block, a frame of the
  provider's player and an address alone in its paragraph (which WordPress embeds too). Any
  other frame becomes a link to its address, any other embed stays its address as text.
- Not yet (a later slice of the import): an image that was not imported becomes a link to the
  old file (``[Bild: alt]``), ``<audio>`` and ``<video>`` are left out, and other shortcodes
  (a ``[gallery]`` with an image not imported or with none, an ``[audio]`` or a
  ``[playlist]`` of a file not imported, …) stay as the text they are; ``shortcodes()`` finds
  them for the report.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from html import unescape
from typing import Any

from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from django.utils.html import escape
from django.utils.text import Truncator
from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter
from wagtail.embeds.finders import get_finders
from wagtail.whitelist import check_url

from core.blocks import RICH_TEXT_FEATURES

RawStream = list[dict[str, Any]]

# A shortcode's attributes never hold a bracket: each match ends at the next one, so that text
# with many unclosed "[gallery " takes no longer to read than its length.
SHORTCODE = re.compile(r"\[([a-zA-Z][\w-]*)(?:\s[^\[\]]*)?/?\]")
BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")

DROPPED = {
    "script", "style", "noscript", "template", "head", "meta", "link", "title", "form",
    "input", "button", "select", "textarea", "option", "svg", "math", "object", "embed",
    "applet", "canvas", "audio", "video", "source", "track", "map", "area", "base",
}  # fmt: skip
BODY = "wordpress-post"
CONTAINERS = {
    BODY, "div", "section", "article", "aside", "main", "header", "footer", "nav", "figure",
    "figcaption", "center", "details", "summary", "body", "html", "dl", "dd", "dt",
    "address", "hgroup",
}  # fmt: skip
HEADING_LEVELS = {"h1": "h2", "h2": "h2", "h3": "h3", "h4": "h4", "h5": "h4", "h6": "h4"}
# Elements whose end separates words in plain text.
BOUNDARIES = [*CONTAINERS, *HEADING_LEVELS, "p", "br", "li", "td", "th", "tr", "blockquote", "pre"]
INLINE_KEPT = {"a", "strong", "b", "em", "i", "br"}
LIST_TAGS = {"ul", "ol", "li"}
# [caption id="attachment_12" align="alignnone" width="300"]<img …> The caption[/caption]
CAPTION = re.compile(
    r"\[caption(?P<attrs>[^\[\]]*)\](?P<inner>(?:(?!\[/?caption\b).)*)\[/caption\]", re.DOTALL
)
CAPTION_ID = re.compile(r"""\bid=["']?attachment_(\d{1,18})\b""")
CAPTION_TEXT = re.compile(r"""\bcaption=(["'])(.*?)\1""", re.DOTALL)
WP_IMAGE_CLASS = re.compile(r"^wp-image-(\d{1,18})$")
MAX_CAPTION = 300
GALLERY = re.compile(r"\[gallery(?P<attrs>[^\[\]]*)\]")
# [audio mp3="…/a.mp3"][/audio]: WordPress's media window closes it, with a fallback inside.
AUDIO = re.compile(r"\[audio(?P<attrs>[^\[\]]*)\](?:[^\[]*\[/audio\])?")
# The attributes naming an [audio]'s file, in the order WordPress tries them.
AUDIO_SOURCES = ("src", "mp3", "m4a", "ogg", "wav", "wma", "flac")
PLAYLIST = re.compile(r"\[playlist(?P<attrs>[^\[\]]*)\]")
# A shortcode's attributes: name="value", name='value' or name=value.
ATTRIBUTE = re.compile(r"""\b([a-zA-Z][\w-]*)=(?:"([^"]*)"|'([^']*)'|([^\s"'\]]+))""")
EMBED = re.compile(r"\[embed[^\[\]]*\](?P<url>[^\[\]<>\s]*)\[/embed\]")
BARE_URL = re.compile(r"^https?://[^\s<>\"']+$")
YOUTUBE_PLAYER = re.compile(
    r"^(?:https?:)?//(?:www\.)?youtube(?:-nocookie)?\.com/embed/([\w-]{6,20})"
)
MAX_EMBED_TITLE = 200
MAX_ALT = 255


def shortcodes(html: str) -> Counter:
    """The shortcodes in ``html`` by name (``[caption …]`` counts, ``[/caption]`` does not)."""
    return Counter(match.group(1) for match in SHORTCODE.finditer(html))


@dataclass
class ResolvedImage:
    pk: int
    alt: str  # the image's own alternative text (its description, else its title)


@dataclass
class ResolvedDocument:
    pk: int
    title: str
    attachment_id: int  # the WordPress attachment it was imported from


class LinkResolver:
    """What a body's images and links lead to on this site; this one: nothing, so that they stay
    as they are (the importer's answers with what it imported)."""

    def image(self, attachment_id: int | None, source: str) -> ResolvedImage | None:
        """The image imported from attachment ``attachment_id`` or from the file ``source``."""
        return None

    def document(self, attachment_id: int | None, source: str) -> ResolvedDocument | None:
        """The document imported from attachment ``attachment_id`` or from the file ``source``."""
        return None

    def attached_images(self, post_id: int) -> list[int]:
        """The image attachments of post ``post_id`` in a gallery's order (``menu_order``, then
        ID), imported or not."""
        return []

    def link(self, href: str) -> dict[str, str] | None:
        """The attributes of a rich text link to what ``href`` became (``{"linktype": "page",
        "id": "3"}``), or None for an ordinary link."""
        return None


@dataclass
class ConvertedBody:
    blocks: RawStream = field(default_factory=list)
    # The plain text of the first paragraph, for an intro when the post has no excerpt.
    first_text: str = ""


class BodyConverter:
    """Turns post HTML into body blocks; one instance serves a whole import."""

    def __init__(self, links: LinkResolver | None = None) -> None:
        self.rich_text = ContentstateConverter(features=RICH_TEXT_FEATURES)
        self.links = links or LinkResolver()

    def convert(self, html: str, post_id: int = 0) -> ConvertedBody:
        """The blocks of post ``post_id``'s ``html`` (its ID finds a ``[gallery]``'s images)."""
        result = ConvertedBody()
        # In a body element that keeps the blank lines between two tags, which end a paragraph
        # as between words (Beautiful Soup makes them one line break elsewhere).
        soup = BeautifulSoup(
            f"<{BODY}>{self._expand(html, post_id)}</{BODY}>",
            "html.parser",
            preserve_whitespace_tags={BODY, "pre", "textarea"},
        )
        for comment in soup.find_all(string=lambda text: isinstance(text, Comment)):
            comment.extract()
        self._convert_children(soup, result)
        return result

    def shortcodes(self, html: str, post_id: int = 0) -> Counter:
        """The shortcodes ``convert`` leaves in ``html`` as text (a ``[caption]`` of an
        imported image becomes an image block)."""
        return shortcodes(self._expand(html, post_id))

    def _expand(self, html: str, post_id: int) -> str:
        """The shortcodes of what was imported as the HTML they become."""
        html = self._galleries(self._captions(html), post_id)
        return self._embeds(self._playlists(self._audio(html)))

    @staticmethod
    def plain_text(html: str) -> str:
        """The text of ``html`` without its tags, on one line."""
        return _plain(BeautifulSoup(html, "html.parser")) if html.strip() else ""

    # --- Structure -------------------------------------------------------------------------

    def _convert_children(self, parent: Tag, result: ConvertedBody) -> None:
        """Block elements one by one; runs of inline content split at blank lines."""
        run: list[Any] = []
        for node in list(parent.children):
            if isinstance(node, Tag) and self._is_block(node):
                self._flush_run(run, result)
                run = []
                self._convert_block(node, result)
            else:
                run.append(node)
        self._flush_run(run, result)

    @staticmethod
    def _is_block(node: Tag) -> bool:
        return (
            node.name in DROPPED
            or node.name in CONTAINERS
            or node.name in HEADING_LEVELS
            or node.name in {"p", "ul", "ol", "blockquote", "table", "pre", "hr", "iframe"}
        )

    def _flush_run(self, run: list[Any], result: ConvertedBody) -> None:
        html = "".join(
            node.output_ready() if isinstance(node, NavigableString) else str(node) for node in run
        )
        for chunk in BLANK_LINE.split(html):
            if chunk.strip():
                self._add_paragraph(chunk.strip().replace("\n", "<br>"), result)

    def _convert_block(self, node: Tag, result: ConvertedBody) -> None:
        name = node.name
        if name in DROPPED or name == "hr":
            return
        if name == "figure" and "wp-block-embed" in (node.get("class") or []):
            wrapper = node.find("div", class_="wp-block-embed__wrapper") or node
            figcaption = node.find("figcaption")
            caption = _plain(figcaption) if figcaption is not None else ""
            if not self._add_embed(wrapper.get_text().strip(), caption, result):
                self._convert_children(node, result)
        elif name == "figure" and len(node.find_all("img")) == 1 and not node.find("figure"):
            block = self._image_block(node)
            if block is not None:
                result.blocks.append(block)
            else:
                self._convert_children(node, result)
        elif name in CONTAINERS:
            self._convert_children(node, result)
        elif name in HEADING_LEVELS:
            text = _plain(node)[:200]
            if text:
                result.blocks.append(
                    {"type": "heading", "value": {"text": text, "level": HEADING_LEVELS[name]}}
                )
        elif name == "p":
            self._add_paragraph(node.decode_contents(), result)
        elif name in ("ul", "ol"):
            self._add_paragraph(str(node), result)
        elif name == "blockquote":
            self._add_quote(node, result)
        elif name == "iframe":
            source = check_url(node.get("src", "")) or ""
            if player := YOUTUBE_PLAYER.match(source):
                source = f"https://www.youtube.com/watch?v={player[1]}"
            if self._add_embed(source, node.get("title", ""), result):
                return
            if source:
                link = f'<a href="{escape(source)}">[Inbäddat: {escape(source)}]</a>'
                self._add_paragraph(link, result)
        elif name == "table":
            for row in node.find_all("tr"):
                cells = [_plain(cell) for cell in row.find_all(["td", "th"])]
                if any(cells):
                    self._add_paragraph(escape(" | ".join(cells)), result)
        elif name == "pre":
            self._add_paragraph(escape(node.get_text()).replace("\n", "<br>"), result)

    def _add_quote(self, node: Tag, result: ConvertedBody) -> None:
        attribution = ""
        for cite in node.find_all(["cite", "footer"]):
            attribution = attribution or _plain(cite)[:200]
            cite.extract()
        paragraphs = [_plain(child) for child in node.find_all("p")] or [_plain(node)]
        quote = "\n\n".join(text for text in paragraphs if text)
        if quote:
            result.blocks.append(
                {"type": "quote", "value": {"quote": quote, "attribution": attribution}}
            )

    # --- Embeds ----------------------------------------------------------------------------

    @staticmethod
    def embeddable(url: str) -> bool:
        """Whether the site's embed finders take ``url`` (by its address only: no request)."""
        return bool(BARE_URL.match(url)) and any(finder.accept(url) for finder in get_finders())

    def _embeds(self, html: str) -> str:
        """Each ``[embed]`` of an address the site embeds as a Gutenberg embed block."""

        def figure(match: re.Match) -> str:
            url = match["url"].strip()
            if not self.embeddable(url):
                return match[0]
            return (
                f'<figure class="wp-block-embed"><div class="wp-block-embed__wrapper">'
                f"{escape(url)}</div></figure>"
            )

        return EMBED.sub(figure, html) if "[embed" in html else html

    def _add_embed(self, url: str, title: str, result: ConvertedBody) -> bool:
        if not self.embeddable(url):
            return False
        title = " ".join(title.split()) or url
        result.blocks.append(
            {
                "type": "embed",
                "value": {"embed": url, "title": Truncator(title).chars(MAX_EMBED_TITLE)},
            }
        )
        return True

    # --- Images ----------------------------------------------------------------------------

    def _captions(self, html: str) -> str:
        """Each ``[caption]`` around an imported image as a ``<figure>`` with its caption."""

        def figure(match: re.Match) -> str:
            inner = BeautifulSoup(match["inner"], "html.parser")
            image = inner.find("img")
            attachment = CAPTION_ID.search(match["attrs"])
            if image is None:
                return match[0]
            if attachment:
                image["data-attachment-id"] = attachment[1]
            if self._image(image) is None:
                return match[0]
            text = CAPTION_TEXT.search(match["attrs"])
            holder = image.find_parent("a") or image
            holder.extract()
            caption = self.plain_text(text[2]) if text else _plain(inner)
            return f"<figure>{image}<figcaption>{escape(caption)}</figcaption></figure>"

        return CAPTION.sub(figure, html) if "[caption" in html else html

    def _galleries(self, html: str, post_id: int) -> str:
        """Each ``[gallery]`` whose images were all imported as a ``<figure>`` each: those of
        its ``ids`` (``include``), else, as WordPress shows them, the images attached to the
        post (to post ``id`` if given) but those it ``exclude``s."""

        def figures(match: re.Match) -> str:
            attributes = _attributes(match["attrs"])
            listed = attributes.get("ids") or attributes.get("include")
            numbers = _ids(listed)
            if numbers is None and listed is None:
                owner = _ids(attributes.get("id"))
                excluded = set(_ids(attributes.get("exclude")) or [])
                numbers = [
                    number
                    for number in self.links.attached_images(owner[0] if owner else post_id)
                    if number not in excluded
                ]
            if not numbers or any(self.links.image(n, "") is None for n in numbers):
                return match[0]
            return "".join(
                f'<figure><img data-attachment-id="{number}" src=""></figure>' for number in numbers
            )

        return GALLERY.sub(figures, html) if "[gallery" in html else html

    # --- Sound and other files -------------------------------------------------------------

    def _audio(self, html: str) -> str:
        """Each ``[audio]`` of an imported file as a link to its document."""

        def link(match: re.Match) -> str:
            attributes = _attributes(match["attrs"])
            for source in (attributes.get(name, "") for name in AUDIO_SOURCES):
                document = self.links.document(None, source) if source else None
                if document is not None:
                    return _document_link(document)
            return match[0]

        return AUDIO.sub(link, html) if "[audio" in html else html

    def _playlists(self, html: str) -> str:
        """Each ``[playlist ids="…"]`` whose files were all imported as a list of links to
        their documents."""

        def links(match: re.Match) -> str:
            numbers = _ids(_attributes(match["attrs"]).get("ids")) or []
            documents = [self.links.document(number, "") for number in numbers]
            if not documents or None in documents:
                return match[0]
            items = "".join(f"<li>{_document_link(document)}</li>" for document in documents)
            return f"<ul>{items}</ul>"

        return PLAYLIST.sub(links, html) if "[playlist" in html else html

    def _image(self, image: Tag) -> ResolvedImage | None:
        attachment_id = image.get("data-attachment-id", "")
        if not attachment_id:
            classes = image.get("class") or []
            found = [m[1] for c in classes if (m := WP_IMAGE_CLASS.match(c))]
            attachment_id = found[0] if found else ""
        return self.links.image(
            int(attachment_id) if attachment_id.isdigit() else None, image.get("src", "")
        )

    def _image_block(self, node: Tag) -> dict[str, Any] | None:
        """The image block of an ``<img>`` (or a ``<figure>`` with one) of an imported image."""
        image = node if node.name == "img" else node.find("img")
        resolved = self._image(image) if image is not None else None
        if resolved is None:
            return None
        caption = ""
        if node.name == "figure" and (figcaption := node.find("figcaption")) is not None:
            caption = _plain(figcaption)
        alt = " ".join(str(image.get("alt", "")).split()) or resolved.alt
        return {
            "type": "image",
            "value": {
                "image": {
                    "image": resolved.pk,
                    "decorative": False,
                    "alt_text": Truncator(alt).chars(MAX_ALT),
                },
                "caption": Truncator(caption).chars(MAX_CAPTION),
                "credit": "",
            },
        }

    def _take_images(self, fragment: BeautifulSoup) -> tuple[RawStream, RawStream]:
        """The image blocks of the imported images in a paragraph, taken out of it: those
        before its first words, and the others."""
        before: RawStream = []
        after: RawStream = []
        for image in fragment.find_all("img"):
            if image.parent is None:
                continue
            holder = image.find_parent("figure") or image
            link = holder.parent
            if not (
                link is not None
                and link.name == "a"
                and len(link.find_all("img")) == 1
                and not link.get_text(strip=True)
            ):
                link = None
            node = link or holder
            text_before = any(text.strip() for text in node.find_all_previous(string=True))
            block = self._image_block(holder)
            if block is None:
                continue
            node.extract()
            (after if text_before else before).append(block)
        return before, after

    # --- Rich text -------------------------------------------------------------------------

    def _add_paragraph(self, html: str, result: ConvertedBody) -> None:
        if BARE_URL.match(html.strip()) and self._add_embed(unescape(html.strip()), "", result):
            return
        fragment = BeautifulSoup(html, "html.parser")
        before, after = self._take_images(fragment)
        result.blocks.extend(before)
        self._add_text(fragment, result)
        result.blocks.extend(after)

    def _add_text(self, fragment: BeautifulSoup, result: ConvertedBody) -> None:
        _sanitise(fragment, self.links)
        if not fragment.get_text(strip=True):
            return
        wrapped = str(fragment)
        if not fragment.find(["p", "ul", "ol"]):
            wrapped = f"<p>{wrapped}</p>"
        if not result.first_text:
            result.first_text = _plain(fragment)  # changes the fragment: after str() only
        value = self.rich_text.to_database_format(self.rich_text.from_database_format(wrapped))
        if BeautifulSoup(value, "html.parser").get_text(strip=True):
            result.blocks.append({"type": "paragraph", "value": value})


def _sanitise(fragment: BeautifulSoup, links: LinkResolver) -> None:
    """Only the body's inline features, with no attribute but a safe link address."""
    # The elements inside one already removed (Tag.decomposed would search the element's
    # subtree for each: a time that grows with the square of the nesting).
    removed: set[int] = set()
    for node in fragment.find_all(True):
        if id(node) in removed:
            continue
        name = node.name
        if name in DROPPED or name == "iframe":
            removed.update(id(child) for child in node.descendants)
            node.decompose()
        elif name == "img":
            source = check_url(node.get("src", "")) or ""
            label = f"[Bild: {node.get('alt', '').strip() or source.rsplit('/', 1)[-1]}]"
            if source and node.find_parent("a") is None:
                link = fragment.new_tag("a", href=source)
                link.string = label
                node.replace_with(link)
            else:
                node.replace_with(NavigableString(label))
        elif name == "a" and not node.get("href") and node.get("data-attachment-id"):
            # An [audio]'s or a [playlist]'s file (_document_link): only a document imported
            # from this export is ever linked to.
            attachment = str(node["data-attachment-id"])
            document = links.document(int(attachment), "") if attachment.isdigit() else None
            node.attrs = {"linktype": "document", "id": str(document.pk)} if document else {}
            if document is None:
                node.unwrap()
        elif name == "a":
            href = check_url(node.get("href", "").strip()) or ""
            node.attrs = (links.link(href) or {"href": href}) if href else {}
            if not href:
                node.unwrap()
        elif name in INLINE_KEPT or name in LIST_TAGS or name == "p":
            node.attrs = {}
        else:
            node.unwrap()


def _attributes(text: str) -> dict[str, str]:
    """A shortcode's attributes by name (lowercased), their HTML entities decoded."""
    return {
        match[1].lower(): unescape(next(value for value in match.groups()[1:] if value is not None))
        for match in ATTRIBUTE.finditer(text)
    }


def _ids(value: str | None) -> list[int] | None:
    """The IDs of a list such as "7, 8" (None when ``value`` is missing or no such list)."""
    numbers = [number.strip() for number in (value or "").split(",")]
    numbers = [number for number in numbers if number]
    if not numbers or not all(n.isascii() and n.isdigit() and len(n) <= 18 for n in numbers):
        return None
    return [int(number) for number in numbers]


def _document_link(document: ResolvedDocument) -> str:
    return f'<a data-attachment-id="{document.attachment_id}">{escape(document.title)}</a>'


def _plain(node: Tag) -> str:
    """The readable text of ``node`` on one line (a script's or a style's is no text)."""
    for dropped in node.find_all(DROPPED):
        dropped.decompose()
    for boundary in node.find_all(BOUNDARIES):
        boundary.insert_after(" ")
    return " ".join(node.get_text().split())
