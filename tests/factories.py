"""Factories for every page type, snippet, image, document and StreamField block.

A page factory's parent is a sub-factory, so ``ArticlePageFactory()`` builds the whole branch:
the migration's home page, a news index under it, and the article. Singletons (the home page,
the indexes, the film page) are fetched when they already exist, so repeated calls respect
``max_count`` and ``max_count_per_parent``.
"""

from __future__ import annotations

import datetime

import factory
import wagtail_factories
from django.utils import timezone
from django.utils.text import slugify
from factory.django import DjangoModelFactory
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock, EmbedValue
from wagtail.models import Collection, Locale, Page

from articles.models import ArticleIndexPage, ArticlePage
from consultation_responses.blocks import ResponsePointBlock, ResponsePointsBlock, Stance
from consultation_responses.models import (
    ConsultationResponseIndexPage,
    ConsultationResponsePage,
    Ministry,
    ResponseStatus,
)
from core import blocks as core_blocks
from home.models import HomePage, StandardPage, VideoPage

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


# --- Snippets ------------------------------------------------------------------------------------


class MinistryFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Departement {n}")
    slug = factory.LazyAttribute(lambda obj: slugify(obj.name))
    locale = factory.LazyFunction(default_locale)

    class Meta:
        model = Ministry
        django_get_or_create = ("slug", "locale")


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
    page = factory.LazyFunction(lambda: HomePageFactory())


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


class ResponsePointBlockFactory(wagtail_factories.StructBlockFactory):
    stance = Stance.COMMENTS.value
    heading = factory.Sequence(lambda n: f"Punkt {n}")
    text = factory.SubFactory(RichTextBlockFactory)
    proposal_reference = ""

    class Meta:
        model = ResponsePointBlock


class ResponsePointsBlockFactory(wagtail_factories.StreamBlockFactory):
    point = factory.SubFactory(ResponsePointBlockFactory)

    class Meta:
        model = ResponsePointsBlock


# --- Pages ---------------------------------------------------------------------------------------


class SingletonPageFactory(wagtail_factories.PageFactory):
    """A page that exists at most once under its parent: an existing one with the slug is reused."""

    class Meta:
        abstract = True
        django_get_or_create = ("parent", "slug")


class HomePageFactory(SingletonPageFactory):
    """The home page created by the migration (slug "home", depth 2); created only if missing."""

    parent = factory.LazyFunction(Page.get_first_root_node)
    title = "SmåKom"
    slug = "home"
    intro = "SmåKom är ett nätverk för Sveriges små kommuner."

    class Meta:
        model = HomePage


class StandardPageFactory(wagtail_factories.PageFactory):
    parent = factory.SubFactory(HomePageFactory)
    title = factory.Sequence(lambda n: f"Om SmåKom {n}")
    intro = "Om föreningen."
    body = wagtail_factories.StreamFieldFactory(BodyBlockFactory)

    class Meta:
        model = StandardPage


class VideoPageFactory(SingletonPageFactory):
    parent = factory.SubFactory(HomePageFactory)
    title = "Bo på landet"
    slug = "bo-pa-landet"
    intro = "En film om att leva på landsbygden."
    quote = "Allt du kan göra i stan kan du göra på landsbygden."
    embed_url = "https://www.youtube.com/watch?v=abc"
    poster = factory.SubFactory(ImageFactory)
    transcript = "<p>Det som sägs i filmen.</p>"

    class Meta:
        model = VideoPage


class ArticleIndexPageFactory(SingletonPageFactory):
    parent = factory.SubFactory(HomePageFactory)
    title = "Nyheter"
    slug = "nyheter"
    intro = "Nyheter från SmåKom."

    class Meta:
        model = ArticleIndexPage


class ArticlePageFactory(wagtail_factories.PageFactory):
    parent = factory.SubFactory(ArticleIndexPageFactory)
    title = factory.Sequence(lambda n: f"Nyhet {n}")
    date = datetime.date(2011, 11, 28)
    author_name = "Hilkka"
    intro = factory.Sequence(lambda n: f"Ingress till nyhet {n}.")
    hero_image = None
    body = wagtail_factories.StreamFieldFactory(BodyBlockFactory)

    class Meta:
        model = ArticlePage
        skip_postgeneration_save = True

    @factory.post_generation
    def tags(obj, create, extracted, **kwargs):  # noqa: N805 - factory_boy's hook signature
        """``tags=["ekonomi", "skola"]`` tags the article."""
        if create and extracted:
            obj.tags.add(*extracted)
            obj.save()


class ConsultationResponseIndexPageFactory(SingletonPageFactory):
    parent = factory.SubFactory(HomePageFactory)
    title = "Remissvar"
    slug = "remissvar"
    intro = "SmåKoms svar på regeringens remisser."

    class Meta:
        model = ConsultationResponseIndexPage


class ConsultationResponsePageFactory(wagtail_factories.PageFactory):
    parent = factory.SubFactory(ConsultationResponseIndexPageFactory)
    title = factory.Sequence(lambda n: f"Remissvar {n}")
    inquiry_reference = factory.Sequence(lambda n: f"SOU 2011:{n}")
    inquiry_title = factory.Sequence(lambda n: f"Spara i goda tider {n}")
    inquiry_author = "Kommunala stabiliseringsutredningen"
    ministry = factory.SubFactory(MinistryFactory, name="Finansdepartementet")
    case_number = factory.Sequence(lambda n: f"Fi2011/{n}")
    deadline = datetime.date(2011, 11, 1)
    sent_date = datetime.date(2011, 10, 28)
    status = ResponseStatus.SENT.value
    summary = "SmåKom avstyrker förslaget."
    points = wagtail_factories.StreamFieldFactory(ResponsePointsBlockFactory)
    background = "<p>Bakgrund.</p>"
    response_document = None
    outcome = ""
    # A live response is one the board approved; a draft one it has not (yet).
    board_approved_at = factory.LazyAttribute(
        lambda page: timezone.now() if getattr(page, "live", True) else None
    )

    class Meta:
        model = ConsultationResponsePage


# --- Translations --------------------------------------------------------------------------------


def english_locale() -> Locale:
    """The English locale, which the migrations create."""
    return Locale.objects.get(language_code="en")


def translate_page(page: Page, *, publish: bool = True, **changes) -> Page:
    """The English version of ``page`` with ``changes`` applied: created (its untranslated
    ancestors too, published) when missing, else updated. Returns the specific page.

    This is Wagtail's plain copy, as an editor's "Translate" makes one; the wagtail-localize
    workflow itself is tested in tests/home/test_translation_workflow.py.
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
