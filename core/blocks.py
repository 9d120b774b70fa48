"""StreamField blocks shared by several page types."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents import get_document_model
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageBlock

from core.api.fields import (
    IMAGE_FILTER,
    document_data,
    page_link_data,
    prefetch_renditions,
    rendition_data,
)

RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("features", RICH_TEXT_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        label = _("Stycke")
        template = "blocks/paragraph_block.html"
        preview_value = (
            "<p>SmåKom har sedan 1989 samverkat i ett nationellt nätverk för att bättre kunna "
            "hävda de små kommunernas intressen.</p>"
        )
        description = _("Brödtext med fetstil, kursiv, listor och länkar.")


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Rubrik"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("Nivå"),
        choices=[("h2", _("Rubrik 2")), ("h3", _("Rubrik 3")), ("h4", _("Rubrik 4"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("Rubrik")
        template = "blocks/heading_block.html"
        preview_value = {"text": "SmåKoms synpunkter", "level": "h2"}
        description = _("En mellanrubrik som delar upp texten.")


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageBlock(label=_("Bild"))
    caption = blocks.CharBlock(label=_("Bildtext"), required=False, max_length=300)
    credit = blocks.CharBlock(label=_("Fotograf"), required=False, max_length=100)

    class Meta:
        icon = "image"
        label = _("Bild")
        template = "blocks/captioned_image_block.html"
        description = _("En bild med alternativtext och valfri bildtext.")

    def get_api_representation(self, value, context: dict | None = None) -> dict:
        request = (context or {}).get("request")
        image = value["image"]
        rendition = rendition_data(image, IMAGE_FILTER, request)
        if rendition is not None and "alt" in rendition:
            rendition["alt"] = "" if image.decorative else image.contextual_alt_text
        return {"image": rendition, "caption": value["caption"], "credit": value["credit"]}

    def get_preview_value(self) -> blocks.StructValue:
        """The newest image in the library, so the block picker shows a real example."""
        image = get_image_model().objects.order_by("-created_at", "-pk").first()
        return self.to_python(
            {
                "image": image.pk if image else None,
                "caption": "Rikskonferensen i Lundsbrunn 2012",
                "credit": "",
            }
        )


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Citat"))
    attribution = blocks.CharBlock(label=_("Vem sa det"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        label = _("Citat")
        template = "blocks/quote_block.html"
        preview_value = {
            "quote": "Allt du kan göra i stan kan du göra på landsbygden.",
            "attribution": "Bo på landet",
        }
        description = _("Ett framhävt citat med valfri källa.")


class VideoEmbedBlock(blocks.StructBlock):
    embed = EmbedBlock(label=_("Adress (URL)"), help_text=_("Till exempel en YouTube-länk."))
    title = blocks.CharBlock(
        label=_("Beskrivning"),
        max_length=200,
        help_text=_("Visas som länk om den inbäddade filmen inte kan hämtas."),
    )

    class Meta:
        icon = "media"
        label = _("Inbäddat innehåll")
        template = "blocks/embed_block.html"
        preview_value = {
            "embed": "https://www.youtube.com/watch?v=aqz-KE-bpKQ",
            "title": "Exempelfilm",
        }
        description = _("En film eller annat innehåll från en extern tjänst.")


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Dokument"))
    label = blocks.CharBlock(
        label=_("Länktext"),
        required=False,
        max_length=200,
        help_text=_("Lämnas tom för att använda dokumentets titel."),
    )

    class Meta:
        icon = "doc-full"
        label = _("Dokument")
        template = "blocks/document_link_block.html"
        description = _("En länk till ett uppladdat dokument, med filtyp och storlek.")

    def get_api_representation(self, value, context: dict | None = None) -> dict:
        document = document_data(value["document"], (context or {}).get("request"))
        label = value["label"] or (document["title"] if document else "")
        return {"document": document, "label": label}

    def get_preview_value(self) -> blocks.StructValue:
        """The newest document in the library, so the block picker shows a real example."""
        document = get_document_model().objects.order_by("-created_at", "-pk").first()
        return self.to_python({"document": document.pk if document else None, "label": ""})


class LinkBlock(blocks.StructBlock):
    """A call to action pointing either to a page on the site or to an external address."""

    text = blocks.CharBlock(label=_("Länktext"), max_length=100)
    page = blocks.PageChooserBlock(label=_("Sida"), required=False)
    url = blocks.URLBlock(label=_("Extern adress"), required=False)

    class Meta:
        icon = "link"
        label = _("Länk")
        template = "blocks/link_block.html"
        preview_value = {"text": "Bli medlem", "url": "https://smakom.se/bli-medlem/"}
        description = _("En knapp som leder till en sida eller en extern adress.")

    def get_api_representation(self, value, context: dict | None = None) -> dict:
        page = page_link_data(value["page"], (context or {}).get("request"))
        url = value["url"] or (page["html_url"] if page else "")
        return {"text": value["text"], "url": url, "page": page}

    def clean(self, value: blocks.StructValue) -> blocks.StructValue:
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            if value.get("page"):
                message = _("Välj en sida eller en extern adress, inte båda.")
            else:
                message = _("Välj en sida eller ange en extern adress.")
            raise StructBlockValidationError(
                block_errors={
                    "page": ValidationError(message),
                    "url": ValidationError(message),
                }
            )
        return value


class BodyBlock(blocks.StreamBlock):
    """The body of articles and standard pages."""

    paragraph = ParagraphBlock()
    heading = HeadingBlock()
    image = CaptionedImageBlock()
    quote = QuoteBlock()
    embed = VideoEmbedBlock()
    document = DocumentLinkBlock()
    link = LinkBlock()

    def get_api_representation(self, value, context: dict | None = None) -> list:
        # One query for all image renditions rather than one per image block.
        images = [
            child.value["image"]
            for child in value
            if isinstance(child.block, CaptionedImageBlock) and child.value["image"] is not None
        ]
        if images:
            prefetch_renditions(images, IMAGE_FILTER)
        return super().get_api_representation(value, context)
