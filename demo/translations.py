"""The English demo content, made through wagtail-localize as a translator would make it.

``content_en.json`` maps each Swedish source string of a page (or snippet) to its English
translation. For every object listed there the loader brings wagtail-localize's translation
source up to date, imports the strings as a PO file (the same path as an editor's "Upload PO
file"), and publishes the translation. So the English pages are tracked translations: the admin
shows them as such, marks them out of date when the Swedish page changes, and an editor can go
on translating them in wagtail-localize's editor.

A translation is saved only when something differs: the source changed, a string changed, the
English page is missing or not live, or its tags differ. A second run changes nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.management.base import CommandError
from django.db.models import Model
from wagtail.models import Locale, Page, Revision
from wagtail_localize.models import Translation, TranslationSource

from consultation_responses.models import ConsultationResponsePage, Ministry
from demo.parsing import read_data

if TYPE_CHECKING:
    from demo.loader import DemoContentLoader
    from home.models import HomePage

TOOL_NAME = "SmåKom demo content"


def load_english_content() -> dict[str, Any]:
    return read_data("content_en.json")


def page_paths(content: dict[str, Any]) -> list[str]:
    """The pages' paths below the home page, parents before their children."""
    return sorted(content["pages"], key=lambda path: (path.count("/") + bool(path), path))


def load(loader: DemoContentLoader, home: HomePage) -> None:
    """The English step of the demo (see ``demo.sections``): every translation listed."""
    EnglishTranslations(loader).load(home)


class EnglishTranslations:
    """Creates or updates the English translations listed in ``content_en.json``."""

    def __init__(self, loader: DemoContentLoader) -> None:
        self.loader = loader
        self.content = load_english_content()
        self.locale = Locale.objects.get(language_code="en")

    def load(self, home: HomePage) -> None:
        for key, strings in self.content["snippets"].items():
            kind, slug = key.split(":", 1)
            if kind != "ministry":
                raise CommandError(f"content_en.json: unknown snippet kind {kind!r}.")
            ministry = Ministry.objects.filter(slug=slug, locale=home.locale).first()
            if ministry is None:
                raise CommandError(f"content_en.json: no Swedish ministry {slug!r}.")
            self.translate(ministry, strings, label=key)
        paths = page_paths(self.content)
        for number, path in enumerate(paths, start=1):
            entry = self.content["pages"][path]
            self.translate(self.swedish_page(home, path), entry["strings"], entry.get("tags"), path)
            self.loader.report_progress("English", number, len(paths))
        self.loader.report_section("English", len(paths), len(paths))

    @staticmethod
    def swedish_page(home: HomePage, path: str) -> Page:
        """The Swedish page at ``path``, fresh from the database: the source must be what is
        stored, not an instance the loader has just published."""
        page: Page = Page.objects.get(pk=home.pk)
        for slug in filter(None, path.split("/")):
            child = page.get_children().filter(slug=slug).first()
            if child is None:
                raise CommandError(f"content_en.json: no Swedish page at {path!r}.")
            page = child
        return page.specific

    def translate(
        self,
        original: Model,
        strings: dict[str, str],
        tags: list[str] | None = None,
        label: str = "",
    ) -> None:
        source, _created = TranslationSource.update_or_create_from_instance(original)
        translation, started = Translation.objects.get_or_create(
            source=source, target_locale=self.locale
        )
        strings_changed = self.import_strings(translation, strings, label or str(original))
        target = original.get_translation_or_none(self.locale)
        if target is not None:
            target = target.specific if isinstance(target, Page) else target
        last_made = (
            source.translation_logs.filter(locale=self.locale).order_by("-created_at").first()
        )
        source_is_newer = last_made is None or source.last_updated_at > last_made.created_at
        needs_tags = tags is not None and (
            target is None or sorted(target.tags.names()) != sorted(tags)
        )
        is_live = not isinstance(target, Page) or target.live
        if (
            not (started or strings_changed or source_is_newer or target is None or needs_tags)
            and is_live
        ):
            self.loader.tally.unchanged["English translation"] += 1
            return

        if isinstance(original, Page):
            self.save_page(source, original, target, tags)
        else:
            source.create_or_update_translation(self.locale, fallback=False)
        kind = "created" if target is None else "updated"
        getattr(self.loader.tally, kind)["English translation"] += 1
        self.loader.log(f"  {'+' if target is None else '~'} English {label or original}")

    def import_strings(self, translation: Translation, strings: dict[str, str], label: str) -> bool:
        """Fill the translation's PO file from ``strings`` and import it; whether it changed."""
        po = translation.export_po()
        changed = False
        for entry in po:
            if entry.obsolete:
                continue
            if entry.msgid not in strings:
                raise CommandError(
                    f"content_en.json has no English for {label!r}: {entry.msgid[:80]!r}"
                )
            if entry.msgstr != strings[entry.msgid]:
                entry.msgstr = strings[entry.msgid]
                changed = True
        if changed:
            translation.import_po(po, tool_name=TOOL_NAME)
        return changed

    def save_page(
        self, source: TranslationSource, original: Page, target: Page | None, tags: list[str] | None
    ) -> None:
        """Save the English page from the translated strings and publish it right away.

        wagtail-localize publishes when the transaction commits; publishing here keeps the
        whole load (and the tests that run it) in one consistent state.
        """
        if target is not None and tags is not None:
            target.tags.set(tags)
            target.save()
        translated, created = source.create_or_update_translation(
            self.locale, publish=False, fallback=False
        )
        translated = translated.specific
        if created:
            translated.first_published_at = original.first_published_at
            translated.save(update_fields=["first_published_at"])
        if isinstance(translated, ConsultationResponsePage) and not translated.board_approved_at:
            # The board approved the reply; the demo's translation of it is approved with it.
            translated.board_approved_at = original.specific.board_approved_at
            type(translated).objects.filter(pk=translated.pk).update(
                board_approved_at=translated.board_approved_at
            )
        if tags is not None and sorted(translated.tags.names()) != sorted(tags):
            translated.tags.set(tags)
            translated.save()
            translated.save_revision()
        # Fetched afresh: the revision wagtail-localize saved holds the page as it was then.
        Revision.objects.get(pk=translated.latest_revision_id).publish()
