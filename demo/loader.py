"""Builds (or brings up to date) the demo site from content.json.

A page is identified by its slug under its parent. It gets a new, published revision only when
one of the values the loader sets differs from the live page (StreamField data is compared
without block ids, tags as a set, foreign keys by id), or when it is not live yet. Images and
documents are identified by title within the demo collection and are never regenerated.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.base import OutputWrapper
from django.db.models import ForeignKey
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.models import Collection, Page, Site

from articles.models import ArticleIndexPage, ArticlePage
from consultation_responses.models import (
    ConsultationResponseIndexPage,
    ConsultationResponsePage,
    Ministry,
)
from core.sites import sync_default_site
from demo import standard_pages
from demo.media import ReplyLetter, landscape_jpeg, reply_letter_pdf
from demo.parsing import POINT_NUMBER, load_content, parse_date, parse_point, publication_datetime
from demo.sections.events import load_events
from demo.sections.members import load_members
from demo.translations import EnglishTranslations
from home.models import HomePage, OrganisationSettings, StandardPage, VideoPage

COLLECTION_NAME = "Demoinnehåll"


@dataclass
class Tally:
    created: Counter
    updated: Counter
    unchanged: Counter

    @classmethod
    def empty(cls) -> Tally:
        return cls(Counter(), Counter(), Counter())

    @property
    def changed(self) -> bool:
        return bool(sum(self.created.values()) + sum(self.updated.values()))


def approval_time(*dates: date | None) -> datetime:
    """When the board approved a demo reply: noon on the first known date, else now."""
    known = next((day for day in dates if day), None)
    return publication_datetime(known) if known else timezone.now()


class DemoContentLoader:
    """Creates or updates the demo tree, media and settings; run ``load()`` in a transaction."""

    def __init__(self, stdout: OutputWrapper, verbosity: int = 1) -> None:
        self.stdout = stdout
        self.verbosity = verbosity
        self.content = load_content()
        self.tally = Tally.empty()
        self.new_files: list[str] = []
        self.locale = None
        self._collection: Collection | None = None

    # --- The whole site ----------------------------------------------------------------------

    def load(self) -> Tally:
        site = Site.objects.get(is_default_site=True)
        home = site.root_page.specific
        if not isinstance(home, HomePage):
            raise TypeError(f"The default site's root page is a {type(home).__name__}.")
        self.locale = home.locale
        organisation = self.content["organisation"]
        self.sync_page(
            None,
            home,
            {
                "title": self.content["home"]["title"],
                "seo_title": self.content["home"]["seo_title"],
                "banner_text": self.content["home"]["banner_text"],
                "intro": organisation["description"],
            },
        )
        self.report_section("Startsida", 1, 1)
        # The news index comes first so that the menu reads Nyheter, Remissvar, …
        news_index = self.load_news_index(home)
        responses = self.load_responses(home)
        self.load_news(news_index, responses)
        load_events(self, home)
        self.load_film(home)
        self.load_standard_pages(home)
        load_members(self, home)
        EnglishTranslations(self).load(home)
        self.load_settings(site)
        self.load_site(site)
        return self.tally

    def load_responses(self, home: HomePage) -> dict[str, ConsultationResponsePage]:
        index = self.sync_page(
            home,
            ConsultationResponseIndexPage,
            {
                "title": "Remissvar",
                "slug": "remissvar",
                "show_in_menus": True,
                "intro": "SmåKoms remissvar och yttranden över statliga utredningar och förslag.",
            },
        )
        items = self.content["consultation_responses"]
        by_reference = {}
        for number, item in enumerate(items, start=1):
            sent_date, deadline = parse_date(item["sent_date"]), parse_date(item["deadline"])
            approved_date = parse_date(item["approved_date"])
            page = self.sync_page(
                index,
                ConsultationResponsePage,
                {
                    "title": item["title"],
                    "slug": item["slug"],
                    "inquiry_reference": item["inquiry_reference"],
                    "inquiry_title": item["inquiry_title"],
                    "inquiry_author": item["inquiry_author"],
                    "ministry": self.ministry(item["ministry"]),
                    "sent_date": sent_date,
                    "deadline": deadline,
                    "approved_date": approved_date,
                    "status": item["status"],
                    "summary": item["summary"],
                    "points": [
                        {"type": "point", "value": parse_point(point)} for point in item["points"]
                    ],
                    "outcome": item["outcome"],
                    "response_document": self.reply_document(item),
                },
                published_on=sent_date or approved_date or deadline,
                # The sources show each of these replies adopted by the board and sent.
                created_with={
                    "board_approved_at": approval_time(approved_date, sent_date, deadline)
                },
            )
            by_reference[item["inquiry_reference"] or item["slug"]] = page
            self.report_progress("Remissvar", number, len(items))
        self.report_section("Remissvar", len(items), len(items))
        return by_reference

    def load_news_index(self, home: HomePage) -> ArticleIndexPage:
        return self.sync_page(
            home,
            ArticleIndexPage,
            {
                "title": "Nyheter",
                "slug": "nyheter",
                "show_in_menus": True,
                "intro": "Nyheter från SmåKom om de små kommunernas frågor.",
            },
        )

    def load_news(
        self, index: ArticleIndexPage, responses: dict[str, ConsultationResponsePage]
    ) -> None:
        items = self.content["news"]
        for number, item in enumerate(items, start=1):
            headings = item["body_headings"]
            body = [
                standard_pages.heading(text, headings[text])
                if text in headings
                else standard_pages.paragraph(text)
                for text in item["body_paragraphs"]
            ]
            published_on = parse_date(item["date"])
            self.sync_page(
                index,
                ArticlePage,
                {
                    "title": item["title"],
                    "slug": item["slug"],
                    "date": published_on,
                    "author_name": item["author"],
                    "intro": item["intro"],
                    "body": body,
                    "hero_image": self.image(
                        f"Nyhetsbild – {item['title']}", item["title"], item["slug"]
                    ),
                    "consultation_response": responses.get(item["consultation_response"]),
                },
                tags=item["tags"],
                published_on=published_on,
            )
            self.report_progress("Nyheter", number, len(items))
        self.report_section("Nyheter", len(items), len(items))

    def load_film(self, home: HomePage) -> None:
        film = self.content["film"]
        self.sync_page(
            home,
            VideoPage,
            {
                "title": film["title"],
                "slug": film["slug"],
                "show_in_menus": True,
                "quote": film["quote"],
                "intro": film["intro"],
                "embed_url": "",
                "poster": self.image(f"Affischbild – {film['title']}", film["title"], film["slug"]),
            },
        )
        self.report_section("Film", 1, 1)

    def load_standard_pages(self, home: HomePage) -> None:
        contact = self.content["contact"]
        intro, body = standard_pages.contact_page(contact)
        contact_page = self.sync_page(
            home,
            StandardPage,
            {
                "title": "Kontakt",
                "slug": "kontakt",
                "show_in_menus": True,
                "intro": intro,
                "body": body,
            },
        )
        intro, body = standard_pages.about_page(self.content["organisation"], contact_page.pk)
        self.sync_page(
            home,
            StandardPage,
            {
                "title": "Om SmåKom",
                "slug": "om-smakom",
                "show_in_menus": True,
                "intro": intro,
                "body": body,
            },
        )
        intro, body = standard_pages.accessibility_statement(contact)
        self.sync_page(
            home,
            StandardPage,
            {
                "title": "Tillgänglighetsredogörelse",
                "slug": "tillganglighetsredogorelse",
                "show_in_menus": False,
                "intro": intro,
                "body": body,
            },
        )
        self.report_section("Textsidor", 3, 3)

    def load_site(self, site: Site) -> None:
        """Point the default site at the public base URL, so canonical links are right."""
        if sync_default_site():
            self.tally.updated["site"] += 1
        else:
            self.tally.unchanged["site"] += 1
        self.report_section("Webbplats", 1, 1)

    def load_settings(self, site: Site) -> None:
        contact = self.content["contact"]
        organisation = OrganisationSettings.for_site(site)
        statement = (
            StandardPage.objects.child_of(site.root_page)
            .filter(slug="tillganglighetsredogorelse")
            .first()
        )
        wanted = {
            "name": contact["name"],
            "address": contact["address"],
            "phone": contact["phone"],
            "default_social_image_id": self.image(
                "Delningsbild – SmåKom", contact["name"], "smakom"
            ).pk,
            "accessibility_statement_id": statement.pk if statement else None,
        }
        changed = [name for name, value in wanted.items() if getattr(organisation, name) != value]
        for name in changed:
            setattr(organisation, name, wanted[name])
        if changed:
            organisation.save()
            self.tally.updated["settings"] += 1
        else:
            self.tally.unchanged["settings"] += 1
        self.report_section("Föreningens uppgifter", 1, 1)

    # --- Pages -------------------------------------------------------------------------------

    def sync_page(
        self,
        parent: Page | None,
        page_or_model: Page | type[Page],
        fields: dict[str, Any],
        *,
        tags: list[str] | None = None,
        published_on: date | None = None,
        created_with: dict[str, Any] | None = None,
    ) -> Page:
        """Create or update one page and publish it when anything differs; returns the page.

        ``created_with`` holds fields set only when the page is created: a page's record rather
        than its content (a remissvar's approval by the board), which later runs leave alone.
        """
        if isinstance(page_or_model, Page):
            page = page_or_model
        else:
            page = page_or_model.objects.child_of(parent).filter(slug=fields["slug"]).first()
        kind = type(page).__name__ if page else page_or_model.__name__

        if page is None:
            page = page_or_model(locale=parent.locale, live=False, has_unpublished_changes=True)
            self._apply(page, {**fields, **(created_with or {})}, tags)
            if published_on:
                page.first_published_at = publication_datetime(published_on)
            parent.add_child(instance=page)
            self._publish(page)
            if published_on:
                type(page).objects.filter(pk=page.pk).update(
                    last_published_at=page.first_published_at
                )
            self.tally.created[kind] += 1
            self.log(f"  + {kind} {page.title}")
            return page

        if self._differs(page, fields, tags) or not page.live or not page.live_revision_id:
            self._apply(page, fields, tags)
            self._publish(page)
            self.tally.updated[kind] += 1
            self.log(f"  ~ {kind} {page.title}")
        else:
            self.tally.unchanged[kind] += 1
        return page

    @staticmethod
    def _apply(page: Page, fields: dict[str, Any], tags: list[str] | None) -> None:
        for name, value in fields.items():
            setattr(page, name, value)
        if tags is not None:
            page.tags.set(tags)

    @staticmethod
    def _publish(page: Page) -> None:
        page.save_revision(clean=True).publish()

    def _differs(self, page: Page, fields: dict[str, Any], tags: list[str] | None) -> bool:
        for name, wanted in fields.items():
            model_field = page._meta.get_field(name)
            if isinstance(model_field, StreamField):
                if self._stream_data(model_field, getattr(page, name)) != self._stream_data(
                    model_field, wanted
                ):
                    return True
            elif isinstance(model_field, ForeignKey):
                if getattr(page, model_field.attname) != (wanted.pk if wanted else None):
                    return True
            elif getattr(page, name) != wanted:
                return True
        return tags is not None and sorted(page.tags.names()) != sorted(tags)

    @staticmethod
    def _stream_data(model_field: StreamField, value: Any) -> list[tuple[str, Any]]:
        """Stream content normalised through the block definitions, without block ids."""
        block = model_field.stream_block
        if not isinstance(value, list):
            value = block.get_prep_value(value)
        prepared = block.get_prep_value(block.to_python(value))
        return [(child["type"], child["value"]) for child in prepared]

    # --- Snippets, images and documents -------------------------------------------------------

    def ministry(self, name: str | None) -> Ministry | None:
        if not name:
            return None
        ministry = Ministry.objects.filter(name=name, locale=self.locale).first()
        if ministry is None:
            ministry = Ministry.objects.create(name=name, locale=self.locale)
            self.tally.created["Ministry"] += 1
        return ministry

    @property
    def collection(self) -> Collection:
        if self._collection is None:
            root = Collection.get_first_root_node()
            self._collection = root.get_children().filter(name=COLLECTION_NAME).first()
            if self._collection is None:
                self._collection = root.add_child(name=COLLECTION_NAME)
        return self._collection

    def image(self, title: str, label: str, file_stem: str):
        image_model = get_image_model()
        existing = image_model.objects.filter(collection=self.collection, title=title).first()
        if existing:
            return existing
        data = landscape_jpeg(title, label)
        image = image_model(
            title=title,
            description=f"Tecknat landskap med kullar och sol och texten ”{label}”.",
            collection=self.collection,
            file=ContentFile(data, name=f"{file_stem}.jpg"),
            file_size=len(data),
            file_hash=hashlib.sha1(data).hexdigest(),  # noqa: S324 - Wagtail's own file hash
        )
        image.save()
        self.new_files.append(image.file.name)
        self.tally.created["image"] += 1
        return image

    def reply_document(self, item: dict[str, Any]):
        """The signed reply as a PDF, for responses whose content is known."""
        if not (item["points"] or item["summary"]):
            return None
        document_model = get_document_model()
        title = item["title"]
        existing = document_model.objects.filter(collection=self.collection, title=title).first()
        if existing:
            return existing
        contact = self.content["contact"]
        data = reply_letter_pdf(
            ReplyLetter(
                title=item["title"],
                inquiry_reference=item["inquiry_reference"],
                inquiry_title=item["inquiry_title"],
                ministry=item["ministry"] or "",
                sender_name=contact["name"],
                sender_address=contact["address"],
                letter_date=parse_date(item["sent_date"] or item["approved_date"]),
                summary=item["summary"],
                points=[POINT_NUMBER.sub("", point) for point in item["points"]],
            )
        )
        document = document_model(
            title=title,
            collection=self.collection,
            file=ContentFile(data, name=f"{item['slug']}.pdf"),
            file_size=len(data),
            file_hash=hashlib.sha1(data).hexdigest(),  # noqa: S324 - Wagtail's own file hash
        )
        document.save()
        self.new_files.append(document.file.name)
        self.tally.created["document"] += 1
        return document

    def discard_new_files(self) -> None:
        """Remove files written by a load whose database changes were rolled back."""
        for name in self.new_files:
            default_storage.delete(name)
        self.new_files.clear()

    # --- Output ------------------------------------------------------------------------------

    def log(self, message: str) -> None:
        if self.verbosity >= 2:
            self.stdout.write(message)

    def report_progress(self, section: str, done: int, total: int) -> None:
        if self.verbosity >= 2:
            self.stdout.write(f"{section}: {done}/{total}")

    def report_section(self, section: str, done: int, total: int) -> None:
        if self.verbosity >= 1:
            self.stdout.write(f"{section}: {done}/{total}")
