"""Factories the page apps' factories build on: images, documents, the shared StreamField
blocks, locales and translations, and SingletonPageFactory."""

from __future__ import annotations

import factory
import wagtail_factories
from django.utils import timezone
from django.utils.module_loading import import_string
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock, EmbedValue
from wagtail.models import Collection, Locale, Page

from consultation_responses.models import (
    ConsultationResponsePage,
)
from core import blocks as core_blocks

# The smallest well-formed PDF: one empty A4 page.
MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def root_collection() -> Collection:
    return Collection.get_first_root_node()


def default_locale() -> Locale:
    return Locale.get_default()


# --- Images and documents ------------------------------------------------------------------------


class ImageFactory(wagtail_factories.ImageFactory):
    """A real, small PNG in the root collection."""

    collection = factory.LazyFunction(root_collection)
    title = factory.Sequence(lambda n: f"Bild {n}")
    file = factory.django.ImageField(
        filename=factory.Sequence(lambda n: f"bild-{n}.png"),
        width=64,
        height=36,
        color="green",
        format="PNG",
    )


class DocumentFactory(wagtail_factories.DocumentFactory):
    """A real, small PDF in the root collection."""

    collection = factory.LazyFunction(root_collection)
    title = factory.Sequence(lambda n: f"Remissvar {n}")
    file = factory.django.FileField(
        filename=factory.Sequence(lambda n: f"remissvar-{n}.pdf"), data=MINIMAL_PDF
    )


# --- Blocks --------------------------------------------------------------------------------------


class RichTextBlockFactory(wagtail_factories.blocks.BlockFactory):
    value = factory.Sequence(lambda n: f"<p>Stycke {n} om de små kommunerna.</p>")

    class Meta:
        model = blocks.RichTextBlock

    @classmethod
    def _construct_block(cls, block_class, *args, **kwargs):
        return block_class().normalize(kwargs["value"])


class ParagraphBlockFactory(RichTextBlockFactory):
    class Meta:
        model = core_blocks.ParagraphBlock


class EmbedBlockFactory(wagtail_factories.blocks.BlockFactory):
    """An embed value; it is not fetched (EmbedBlock.clean would need the internet)."""

    value = "https://www.youtube.com/watch?v=abc"

    class Meta:
        model = EmbedBlock

    @classmethod
    def _construct_block(cls, block_class, *args, **kwargs):
        return EmbedValue(kwargs["value"])


class ImageChooserBlockFactory(wagtail_factories.ImageChooserBlockFactory):
    image = factory.SubFactory(ImageFactory)


class ImageBlockFactory(wagtail_factories.ImageBlockFactory):
    image = factory.SubFactory(ImageChooserBlockFactory)
    decorative = False
    alt_text = factory.Sequence(lambda n: f"Vy över en liten kommun {n}")


class DocumentChooserBlockFactory(wagtail_factories.DocumentChooserBlockFactory):
    document = factory.SubFactory(DocumentFactory)


class PageChooserBlockFactory(wagtail_factories.PageChooserBlockFactory):
    # By path: the home app's factories build on this module.
    page = factory.LazyFunction(lambda: import_string("tests.factories.home.HomePageFactory")())


class HeadingBlockFactory(wagtail_factories.StructBlockFactory):
    text = factory.Sequence(lambda n: f"Rubrik {n}")
    level = "h2"

    class Meta:
        model = core_blocks.HeadingBlock


class CaptionedImageBlockFactory(wagtail_factories.StructBlockFactory):
    image = factory.SubFactory(ImageBlockFactory)
    caption = factory.Sequence(lambda n: f"Bildtext {n}")
    credit = "SmåKom"

    class Meta:
        model = core_blocks.CaptionedImageBlock


class QuoteBlockFactory(wagtail_factories.StructBlockFactory):
    quote = "Allt du kan göra i stan kan du göra på landsbygden."
    attribution = "Bo på landet"

    class Meta:
        model = core_blocks.QuoteBlock


class VideoEmbedBlockFactory(wagtail_factories.StructBlockFactory):
    embed = factory.SubFactory(EmbedBlockFactory)
    title = "Filmen Bo på landet"

    class Meta:
        model = core_blocks.VideoEmbedBlock


class DocumentLinkBlockFactory(wagtail_factories.StructBlockFactory):
    document = factory.SubFactory(DocumentChooserBlockFactory)
    label = factory.Sequence(lambda n: f"Läs dokument {n}")

    class Meta:
        model = core_blocks.DocumentLinkBlock


class LinkBlockFactory(wagtail_factories.StructBlockFactory):
    """An external link by default; pass ``page=…, url=""`` for an internal one."""

    text = "Bli medlem"
    page = None
    url = "https://smakom.se/bli-medlem/"

    class Meta:
        model = core_blocks.LinkBlock


class BodyBlockFactory(wagtail_factories.StreamBlockFactory):
    paragraph = factory.SubFactory(ParagraphBlockFactory)
    heading = factory.SubFactory(HeadingBlockFactory)
    image = factory.SubFactory(CaptionedImageBlockFactory)
    quote = factory.SubFactory(QuoteBlockFactory)
    embed = factory.SubFactory(VideoEmbedBlockFactory)
    document = factory.SubFactory(DocumentLinkBlockFactory)
    link = factory.SubFactory(LinkBlockFactory)

    class Meta:
        model = core_blocks.BodyBlock


# --- Pages ---------------------------------------------------------------------------------------


class SingletonPageFactory(wagtail_factories.PageFactory):
    """A page that exists at most once under its parent: an existing one with the slug is reused."""

    class Meta:
        abstract = True
        django_get_or_create = ("parent", "slug")


# --- Translations --------------------------------------------------------------------------------


def english_locale() -> Locale:
    """The English locale, which the migrations create."""
    return Locale.objects.get(language_code="en")


def translate_page(page: Page, *, publish: bool = True, **changes) -> Page:
    """The English version of ``page`` with ``changes`` applied: created (its untranslated
    ancestors too, published) when missing, else updated. Returns the specific page.

    This is Wagtail's plain copy, as an editor's "Translate" makes one; the wagtail-localize
    workflow itself is tested in tests/core/test_translation_workflow.py.
    """
    locale = english_locale()
    page = page.specific
    for ancestor in page.get_ancestors().filter(depth__gt=1).specific():
        if not ancestor.has_translation(locale):
            copy = ancestor.copy_for_translation(locale)
            copy.save_revision().publish()
    existing = page.get_translation_or_none(locale)
    translation = existing.specific if existing else page.copy_for_translation(locale).specific
    for name, value in changes.items():
        setattr(translation, name, value)
    if publish and isinstance(translation, ConsultationResponsePage):
        # The board approves a translation of a reply as it approved the reply.
        translation.board_approved_at = translation.board_approved_at or timezone.now()
        ConsultationResponsePage.objects.filter(pk=translation.pk).update(
            board_approved_at=translation.board_approved_at
        )
    revision = translation.save_revision()
    if publish:
        revision.publish()
    return type(translation).objects.get(pk=translation.pk)
