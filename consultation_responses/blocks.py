"""Blocks used only by consultation responses."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from core.blocks import RICH_TEXT_FEATURES


class Stance(models.TextChoices):
    SUPPORTS = "supports", _("Tillstyrker")
    REJECTS = "rejects", _("Avstyrker")
    COMMENTS = "comments", _("Lämnar synpunkter")


class ResponsePointBlock(blocks.StructBlock):
    """One numbered point of a reply; the number follows from its position."""

    stance = blocks.ChoiceBlock(
        label=_("Ställningstagande"), choices=Stance.choices, default=Stance.COMMENTS
    )
    heading = blocks.CharBlock(
        label=_("Rubrik"),
        required=False,
        max_length=255,
        help_text=_("Kort sammanfattning, t.ex. ”Kommunstabiliseringsfond”."),
    )
    text = blocks.RichTextBlock(label=_("Text"), features=RICH_TEXT_FEATURES)
    proposal_reference = blocks.CharBlock(
        label=_("Avsnitt i utredningen"),
        required=False,
        max_length=100,
        help_text=_("T.ex. ”p 2.3”."),
    )

    class Meta:
        icon = "list-ol"
        label = _("Punkt")
        template = "blocks/response_point_block.html"
        preview_value = {
            "stance": Stance.REJECTS,
            "heading": "Kommunstabiliseringsfond",
            "text": (
                "<p>SmåKom säger nej till utredningens förslag om en kommunstabiliseringsfond "
                "med föreslagen finansiering.</p>"
            ),
            "proposal_reference": "",
        }
        description = _("En numrerad punkt i remissvaret med SmåKoms ställningstagande.")


class ResponsePointsBlock(blocks.StreamBlock):
    point = ResponsePointBlock()
