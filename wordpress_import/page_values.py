"""The values of an imported page: which page type an item becomes, its fields, text and tags.

- A post becomes an ``ArticlePage``, a page a ``StandardPage``. Titles, authors' names and
  intros are cut to their fields' lengths (a warning says when a title was); a news item's
  intro is its excerpt or its body's first text, its tags the post's categories and tags
  except WordPress's default category.
- Remissvar (``remissvar_term``, default "Remissvar": a post in a category or with a tag of
  that name or slug, case-insensitive) become ``ConsultationResponsePage``, the inquiry's
  reference (SOU, Ds, Prop.) read from the title, else the text. A published one was sent long
  ago: it is imported as a historical record, status "sent", sent on the post's date, with the
  board's approval (``board_approved_at``, not content) recorded at the post's publishing time,
  as the demo records its replies' approval; only so can it be live, since
  ``ConsultationResponsePage.save`` refuses a live response the board has not approved. A
  draft (private, pending) one becomes a draft without approval: it goes through the board's
  workflow like any new remissvar. An update keeps the approval recorded. A post keeps the
  page type it was first imported as: one marked as a remissvar since (or no longer marked) is
  left as it is, with a warning (``kept_as``).
"""

from __future__ import annotations

import re
from datetime import datetime, time
from html import escape
from typing import Any

from django.utils import timezone
from django.utils.text import Truncator, slugify
from wagtail.models import Page

from articles.models import ArticlePage
from consultation_responses.models import ConsultationResponsePage, ResponseStatus
from home.models import StandardPage
from wordpress_import.body import BodyConverter
from wordpress_import.report import Report
from wordpress_import.wxr import WxrItem

# The paragraph blocks' Draftail keys, which a rich text field does without.
BLOCK_KEY = re.compile(r' data-block-key="[^"]*"')
# An inquiry's reference: "SOU 2011:59", "Ds 2012:3", "Prop. 2011/12:1" (or "prop 2011/12:1").
INQUIRY_REFERENCE = re.compile(
    r"\b(?:(?P<kind>SOU|Ds)\s+(?P<number>\d{4}:\d+)|Prop\.?\s*(?P<bill>\d{4}/\d{2}:\d+))\b",
    re.IGNORECASE,
)
# WordPress's default category, which says nothing about a post.
DEFAULT_CATEGORIES = {"uncategorized", "okategoriserade", "okategoriserad"}
INTRO_CHARS = 300
MAX_FIELD = {"title": 255, "author_name": 100, "intro": 1000, "tag": 100}


class PageValues:
    """What the posts and pages of one export become, with the remissvar term given (the
    warnings go to ``report``)."""

    def __init__(
        self, body: BodyConverter, authors: dict[str, str], report: Report, remissvar_term: str
    ) -> None:
        self.body = body
        self.authors = authors
        self.report = report
        self.remissvar_name = remissvar_term.strip()
        self.remissvar_term = self.remissvar_name.casefold()

    def fields(
        self, item: WxrItem, model: type[Page], name: str
    ) -> tuple[dict[str, Any], list[str] | None]:
        """The fields of the ``model`` page made of ``item``, and its tags (None: it has none)."""
        converted = self.body.convert(item.content, item.wp_id)
        title = item.title
        if not title:
            title = f"Utan rubrik ({item.wp_id})"
            self.report.warnings.append(f"{name} has no title; it is called ”{title}”.")
        elif len(title) > MAX_FIELD["title"]:
            title = Truncator(title).chars(MAX_FIELD["title"])
            self.report.warnings.append(f"{name}: its title was shortened to 255 characters.")
        slug = slugify(item.slug, allow_unicode=True) or slugify(title, allow_unicode=True)
        excerpt = " ".join(self.body.plain_text(item.excerpt).split())
        fields: dict[str, Any] = {
            "title": title,
            "draft_title": title,
            "slug": (slug or f"wp-{item.wp_id}")[:240].strip("-"),
            **self.text_fields(model, converted, name),
        }
        if model is ConsultationResponsePage:
            summary = excerpt or Truncator(converted.first_text).chars(INTRO_CHARS)
            sent = item.status == "publish"
            fields.update(
                inquiry_reference=inquiry_reference(item.title, self.body.plain_text(item.content)),
                # Required, and not in the post: the editor corrects it.
                inquiry_title=title,
                summary=Truncator(summary).chars(MAX_FIELD["intro"]),
                status=ResponseStatus.SENT if sent else ResponseStatus.DRAFTING,
                sent_date=(item.date or timezone.localdate()) if sent else None,
            )
            return fields, None
        if model is StandardPage:
            fields["intro"] = Truncator(excerpt).chars(MAX_FIELD["intro"])
            return fields, None
        intro = excerpt or Truncator(converted.first_text).chars(INTRO_CHARS) or title
        fields.update(
            date=item.date or timezone.localdate(),
            author_name=Truncator(self.authors.get(item.author) or item.author or "SmåKom").chars(
                MAX_FIELD["author_name"]
            ),
            intro=Truncator(intro).chars(MAX_FIELD["intro"]),
        )
        return fields, self.tags(item)

    def text_fields(self, model: type[Page], converted: Any, name: str = "") -> dict[str, Any]:
        """The page's text: its body blocks, or a remissvar's background (rich text, which has
        no headings, quotes or pictures: headings become bold paragraphs, quotes italic ones, a
        film a link, and pictures are left out with a warning naming the item)."""
        if model is not ConsultationResponsePage:
            return {"body": converted.blocks}
        parts: list[str] = []
        left_out = 0
        for block in converted.blocks:
            kind, value = block["type"], block["value"]
            if kind == "paragraph":
                parts.append(BLOCK_KEY.sub("", value))
            elif kind == "heading":
                parts.append(f"<p><b>{escape(value['text'])}</b></p>")
            elif kind == "quote":
                parts.extend(
                    f"<p><i>{escape(text)}</i></p>" for text in value["quote"].split("\n\n")
                )
                if value["attribution"]:
                    parts.append(f"<p>– {escape(value['attribution'])}</p>")
            elif kind == "embed":
                parts.append(
                    f'<p><a href="{escape(value["embed"])}">{escape(value["title"])}</a></p>'
                )
            else:
                left_out += 1
        if left_out and name:
            self.report.warnings.append(
                f"{name}: a remissvar's text has no pictures; {left_out} were left out."
            )
        return {"background": "".join(parts)}

    def page_type(self, item: WxrItem) -> type[Page]:
        """The page type a post or page becomes when it is first imported."""
        if item.post_type == "page":
            return StandardPage
        return ConsultationResponsePage if self.is_remissvar(item) else ArticlePage

    def kept_as(self, item: WxrItem, page: Page, name: str) -> bool:
        """Whether the post ``item`` is a remissvar in WordPress now and was imported as a news
        item (or the other way round): its page keeps its type, and is left as it is, since
        neither type's fields fit the other's (a warning says so)."""
        wanted = self.page_type(item)
        if item.post_type != "post" or isinstance(page, wanted):
            return False
        term = f"the category or tag ”{self.remissvar_name}”"
        if wanted is ConsultationResponsePage:
            now, was, instead = f"a remissvar ({term})", "a news item", "a remissvar page"
            self.report.skipped["post (a remissvar now, a news item here)"] += 1
        else:
            now, was = f"no longer a remissvar (not in {term})", "a remissvar"
            instead = "a news item"
            self.report.skipped["post (a news item now, a remissvar here)"] += 1
        self.report.warnings.append(
            f"{name} is {now} in WordPress, but was imported as {was}: ”{page.title}” was left "
            f"as it is, neither updated nor made {instead}. Create {instead} by hand if it "
            f"should be one, and unpublish the old page."
        )
        return True

    def is_remissvar(self, item: WxrItem) -> bool:
        """A post in a category or with a tag named (or with the slug) ``remissvar_term``."""
        return (
            item.post_type == "post"
            and bool(self.remissvar_term)
            and any(
                term.domain in ("category", "post_tag")
                and self.remissvar_term in (term.name.strip().casefold(), term.slug.casefold())
                for term in item.terms
            )
        )

    def record_approval(self, page: ConsultationResponsePage, item: WxrItem) -> None:
        """The board approved a remissvar published in WordPress before it went out: its
        approval is recorded at the post's publishing time (noon on its date without one)."""
        moment = item.published_at
        if moment is None:
            day = item.date or timezone.localdate()
            moment = timezone.make_aware(datetime.combine(day, time(12)))
        page.board_approved_at = moment
        self.report.approvals_recorded += 1

    @staticmethod
    def tags(item: WxrItem) -> list[str]:
        """A post's categories and tags, once each (case-insensitive), but the default category."""
        tags: dict[str, str] = {}
        for term in item.terms:
            if term.domain not in ("category", "post_tag") or not term.name:
                continue
            if term.domain == "category" and term.slug in DEFAULT_CATEGORIES:
                continue
            tags.setdefault(term.name.casefold(), term.name[: MAX_FIELD["tag"]])
        return sorted(tags.values())


def inquiry_reference(*texts: str) -> str:
    """The first inquiry reference in the first text that has one, written the usual way
    ("SOU 2011:59", "Ds 2012:3", "Prop. 2011/12:1"); "" when none has."""
    for text in texts:
        if match := INQUIRY_REFERENCE.search(text or ""):
            if match["bill"]:
                return f"Prop. {match['bill']}"
            kind = "SOU" if match["kind"].upper() == "SOU" else "Ds"
            return f"{kind} {match['number']}"
    return ""
