"""StreamField blocks: validation, their templates and their previews in the block picker."""

from __future__ import annotations

import pytest
from django.urls import reverse
from wagtail.blocks.struct_block import StructBlockValidationError

from consultation_responses import blocks as response_blocks
from core import blocks as core_blocks
from tests.factories.consultation_responses import ResponsePointBlockFactory
from tests.factories.core import (
    CaptionedImageBlockFactory,
    DocumentFactory,
    DocumentLinkBlockFactory,
    HeadingBlockFactory,
    ImageFactory,
    LinkBlockFactory,
    ParagraphBlockFactory,
    QuoteBlockFactory,
    VideoEmbedBlockFactory,
)
from tests.factories.home import StandardPageFactory

pytestmark = pytest.mark.django_db

ALL_BLOCKS = [
    core_blocks.ParagraphBlock,
    core_blocks.HeadingBlock,
    core_blocks.CaptionedImageBlock,
    core_blocks.QuoteBlock,
    core_blocks.VideoEmbedBlock,
    core_blocks.DocumentLinkBlock,
    core_blocks.LinkBlock,
    response_blocks.ResponsePointBlock,
]


# --- LinkBlock: a page or an address, exactly one ------------------------------------------------


def link_value(**values):
    block = core_blocks.LinkBlock()
    return block, block.to_python({"text": "Bli medlem", "page": None, "url": "", **values})


def test_link_block_rejects_both_page_and_url(home_page):
    block, value = link_value(page=home_page.pk, url="https://smakom.se/")

    with pytest.raises(StructBlockValidationError) as caught:
        block.clean(value)
    assert set(caught.value.block_errors) == {"page", "url"}


def test_link_block_rejects_neither_page_nor_url():
    block, value = link_value()

    with pytest.raises(StructBlockValidationError) as caught:
        block.clean(value)
    assert set(caught.value.block_errors) == {"page", "url"}


def test_link_block_accepts_a_page(home_page):
    block, value = link_value(page=home_page.pk)

    assert block.clean(value)["page"].pk == home_page.pk


def test_link_block_accepts_an_address():
    block, value = link_value(url="https://smakom.se/bli-medlem/")

    assert block.clean(value)["url"] == "https://smakom.se/bli-medlem/"


# --- Templates -----------------------------------------------------------------------------------


@pytest.mark.parametrize("block_class", ALL_BLOCKS, ids=lambda cls: cls.__name__)
def test_every_block_has_icon_template_and_description(block_class):
    meta = block_class().meta

    assert meta.icon not in ("", "placeholder")
    assert meta.template.startswith("blocks/")
    assert meta.description


def render(block_class, value, **context) -> str:
    return block_class().render(value, context=context or None)


def test_paragraph_block_renders():
    html = render(core_blocks.ParagraphBlock, ParagraphBlockFactory(value="<p>Hej</p>"))

    assert "<p>Hej</p>" in html


def test_heading_block_renders_its_level():
    html = render(core_blocks.HeadingBlock, HeadingBlockFactory(text="Mål", level="h3"))

    assert "<h3" in html
    assert "Mål" in html
    assert "<h2" not in html


def test_captioned_image_block_renders_image_caption_and_credit():
    value = CaptionedImageBlockFactory(caption="Storuman i vinterljus", credit="Ann")

    html = render(core_blocks.CaptionedImageBlock, value)

    assert "<img" in html
    assert 'alt="Vy över en liten kommun' in html
    assert "Storuman i vinterljus" in html
    assert "Ann" in html


def test_quote_block_renders():
    html = render(core_blocks.QuoteBlock, QuoteBlockFactory(attribution="Bo på landet"))

    assert "Allt du kan göra i stan kan du göra på landsbygden." in html
    assert "Bo på landet" in html


def test_embed_block_that_cannot_be_fetched_renders_a_link():
    value = VideoEmbedBlockFactory(title="Filmen om landsbygden")

    html = render(core_blocks.VideoEmbedBlock, value)

    assert 'href="https://www.youtube.com/watch?v=abc"' in html
    assert "Filmen om landsbygden" in html
    assert "<iframe" not in html


def test_document_link_block_renders_link_type_and_size():
    value = DocumentLinkBlockFactory(label="Läs remissvaret")

    html = render(core_blocks.DocumentLinkBlock, value)

    assert f'href="{value["document"].url}"' in html
    assert "Läs remissvaret" in html
    assert "PDF" in html


def test_document_link_block_falls_back_to_the_document_title():
    value = DocumentLinkBlockFactory(label="", document__document__title="Stadgar")

    assert "Stadgar" in render(core_blocks.DocumentLinkBlock, value)


def test_link_block_renders_an_address():
    html = render(core_blocks.LinkBlock, LinkBlockFactory(text="Bli medlem"))

    assert 'href="https://smakom.se/bli-medlem/"' in html
    assert "Bli medlem" in html


def test_link_block_renders_a_page(home_page):
    page = StandardPageFactory(title="Kontakt")
    value = LinkBlockFactory(text="Kontakta oss", page=page, url="")

    html = render(core_blocks.LinkBlock, value)

    assert f'href="{page.url}"' in html
    assert "Kontakta oss" in html


def test_response_point_block_renders_number_stance_heading_and_text():
    value = ResponsePointBlockFactory(
        stance="rejects",
        heading="Kommunstabiliseringsfond",
        text__value="<p>SmåKom säger nej.</p>",
        proposal_reference="p 2.3",
    )

    html = render(response_blocks.ResponsePointBlock, value, number=2)

    assert "2." in html
    assert "Avstyrker" in html
    assert "Kommunstabiliseringsfond" in html
    assert "SmåKom säger nej." in html
    assert "p 2.3" in html


# --- Previews in the block picker ----------------------------------------------------------------


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("redaktor", "r@smakom.se", "lösenord")
    client.force_login(user)
    return client


BLOCKS_WITH_PREVIEW_VALUES = {
    core_blocks.ParagraphBlock: "SmåKom har sedan 1989 samverkat",
    core_blocks.HeadingBlock: "SmåKoms synpunkter",
    core_blocks.QuoteBlock: "Allt du kan göra i stan kan du göra på landsbygden.",
    core_blocks.VideoEmbedBlock: "Exempelfilm",
    core_blocks.LinkBlock: "Bli medlem",
    response_blocks.ResponsePointBlock: "Kommunstabiliseringsfond",
}


@pytest.mark.parametrize(
    ("block_class", "expected"),
    BLOCKS_WITH_PREVIEW_VALUES.items(),
    ids=lambda item: getattr(item, "__name__", ""),
)
def test_block_preview_shows_the_preview_value(admin_client, block_class, expected):
    block = block_class()
    assert block.is_previewable

    response = admin_client.get(
        reverse("wagtailadmin_block_preview"), {"id": block.definition_prefix}
    )

    assert response.status_code == 200
    assert expected in response.content.decode()


def preview(admin_client, block_class) -> str:
    response = admin_client.get(
        reverse("wagtailadmin_block_preview"), {"id": block_class().definition_prefix}
    )
    assert response.status_code == 200
    return response.content.decode()


def test_image_block_preview_shows_the_newest_image(admin_client):
    older = ImageFactory(title="Äldre bild")
    newest = ImageFactory(title="Rikskonferensen")

    html = preview(admin_client, core_blocks.CaptionedImageBlock)

    assert any(f'src="{rendition.url}"' in html for rendition in newest.renditions.all())
    assert not older.renditions.exists()
    assert "Rikskonferensen i Lundsbrunn 2012" in html


def test_document_block_preview_shows_the_newest_document(admin_client):
    DocumentFactory(title="Äldre dokument")
    newest = DocumentFactory(title="Stadgar för SmåKom")

    html = preview(admin_client, core_blocks.DocumentLinkBlock)

    assert f'href="{newest.url}"' in html
    assert "Stadgar för SmåKom" in html
    assert "Äldre dokument" not in html


@pytest.mark.parametrize(
    "block_class",
    [core_blocks.CaptionedImageBlock, core_blocks.DocumentLinkBlock],
    ids=lambda cls: cls.__name__,
)
def test_chooser_block_preview_with_an_empty_library(admin_client, block_class):
    html = preview(admin_client, block_class)

    assert "<figure" not in html
    assert "document-link" not in html
