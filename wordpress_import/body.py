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
- Not yet (a later slice of the import): images become a link to the old file (``[Bild: alt]``),
  frames a link to their address, ``<audio>`` and ``<video>`` are left out, and shortcodes
  (``[caption]``, ``[embed]``, ``[gallery]``, …) stay as the text they are; ``shortcodes()``
  finds them for the report.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from django.utils.html import escape
from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter
from wagtail.whitelist import check_url

from core.blocks import RICH_TEXT_FEATURES

RawStream = list[dict[str, Any]]

SHORTCODE = re.compile(r"\[([a-zA-Z][\w-]*)(?:\s[^\]]*)?/?\]")
BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")

DROPPED = {
    "script", "style", "noscript", "template", "head", "meta", "link", "title", "form",
    "input", "button", "select", "textarea", "option", "svg", "math", "object", "embed",
    "applet", "canvas", "audio", "video", "source", "track", "map", "area", "base",
}  # fmt: skip
CONTAINERS = {
    "div", "section", "article", "aside", "main", "header", "footer", "nav", "figure",
    "figcaption", "center", "details", "summary", "body", "html", "dl", "dd", "dt",
    "address", "hgroup",
}  # fmt: skip
HEADING_LEVELS = {"h1": "h2", "h2": "h2", "h3": "h3", "h4": "h4", "h5": "h4", "h6": "h4"}
# Elements whose end separates words in plain text.
BOUNDARIES = [*CONTAINERS, *HEADING_LEVELS, "p", "br", "li", "td", "th", "tr", "blockquote", "pre"]
INLINE_KEPT = {"a", "strong", "b", "em", "i", "br"}
LIST_TAGS = {"ul", "ol", "li"}


def shortcodes(html: str) -> Counter:
    """The shortcodes in ``html`` by name (``[caption …]`` counts, ``[/caption]`` does not)."""
    return Counter(match.group(1) for match in SHORTCODE.finditer(html))


@dataclass
class ConvertedBody:
    blocks: RawStream = field(default_factory=list)
    # The plain text of the first paragraph, for an intro when the post has no excerpt.
    first_text: str = ""


class BodyConverter:
    """Turns post HTML into body blocks; one instance serves a whole import."""

    def __init__(self) -> None:
        self.rich_text = ContentstateConverter(features=RICH_TEXT_FEATURES)

    def convert(self, html: str) -> ConvertedBody:
        result = ConvertedBody()
        soup = BeautifulSoup(html, "html.parser")
        for comment in soup.find_all(string=lambda text: isinstance(text, Comment)):
            comment.extract()
        self._convert_children(soup, result)
        return result

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
        if name in CONTAINERS:
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

    # --- Rich text -------------------------------------------------------------------------

    def _add_paragraph(self, html: str, result: ConvertedBody) -> None:
        fragment = BeautifulSoup(html, "html.parser")
        _sanitise(fragment)
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


def _sanitise(fragment: BeautifulSoup) -> None:
    """Only the body's inline features, with no attribute but a safe link address."""
    for node in fragment.find_all(True):
        if node.decomposed:
            continue
        name = node.name
        if name in DROPPED or name == "iframe":
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
        elif name == "a":
            href = check_url(node.get("href", "").strip()) or ""
            node.attrs = {"href": href} if href else {}
            if not href:
                node.unwrap()
        elif name in INLINE_KEPT or name in LIST_TAGS or name == "p":
            node.attrs = {}
        else:
            node.unwrap()


def _plain(node: Tag) -> str:
    """The readable text of ``node`` on one line (a script's or a style's is no text)."""
    for dropped in node.find_all(DROPPED):
        dropped.decompose()
    for boundary in node.find_all(BOUNDARIES):
        boundary.insert_after(" ")
    return " ".join(node.get_text().split())
