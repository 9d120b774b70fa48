"""Every page type, snippet and block has a factory, and each factory builds something valid."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest
import wagtail_factories
from django.apps import apps
from django.conf import settings
from wagtail import blocks
from wagtail.models import Page, get_page_models

from articles.models import ArticleIndexPage
from consultation_responses import blocks as response_blocks
from core import blocks as core_blocks
from home.models import HomePage
from tests.factories import articles, consultation_responses, events, home, members
from tests.factories import core as core_factories
from tests.factories.articles import ArticlePageFactory
from tests.factories.consultation_responses import ConsultationResponsePageFactory, MinistryFactory
from tests.factories.core import DocumentFactory, ImageFactory
from tests.factories.home import HomePageFactory, VideoPageFactory

pytestmark = pytest.mark.django_db

# The factories' modules, one per app.
FACTORY_MODULES = [core_factories, home, articles, consultation_responses, events, members]


def _project_app_labels() -> set[str]:
    """Apps whose code lives in this repository (not in the virtualenv)."""
    base = Path(settings.BASE_DIR).resolve()
    venv = base / ".venv"
    return {
        config.label
        for config in apps.get_app_configs()
        if Path(config.path).resolve().is_relative_to(base)
        and not Path(config.path).resolve().is_relative_to(venv)
    }


def _factories_of(base: type) -> dict[type, type]:
    found = {}
    members = [m for module in FACTORY_MODULES for m in inspect.getmembers(module, inspect.isclass)]
    for _name, obj in members:
        if issubclass(obj, base) and not obj._meta.abstract and obj._meta.model is not None:
            found.setdefault(obj._meta.model, obj)
    return found


PAGE_FACTORIES = _factories_of(wagtail_factories.PageFactory)
PROJECT_PAGE_MODELS = sorted(
    (
        model
        for model in get_page_models()
        if model._meta.app_label in _project_app_labels() and model is not Page
    ),
    key=lambda model: model._meta.label,
)


def test_the_project_has_the_expected_page_types():
    labels = {model._meta.label for model in PROJECT_PAGE_MODELS}
    assert {
        "home.HomePage",
        "home.StandardPage",
        "home.VideoPage",
        "articles.ArticleIndexPage",
        "articles.ArticlePage",
        "consultation_responses.ConsultationResponseIndexPage",
        "consultation_responses.ConsultationResponsePage",
    } <= labels


@pytest.mark.parametrize("model", PROJECT_PAGE_MODELS, ids=lambda model: model._meta.label)
def test_every_page_type_has_a_factory(model):
    assert model in PAGE_FACTORIES, f"tests/factories/ has no factory for {model._meta.label}"


@pytest.mark.parametrize("model", PROJECT_PAGE_MODELS, ids=lambda model: model._meta.label)
def test_page_factory_builds_a_valid_live_page_in_the_tree(model):
    page = PAGE_FACTORIES[model]()

    page.full_clean()
    page.refresh_from_db()
    assert type(page) is model
    assert page.live
    # Every page hangs under the site's home page (or is it) and so has a URL.
    assert page.url is not None
    assert page.get_parent().specific_class in model.allowed_parent_page_models()


def test_home_page_factory_reuses_the_migrations_home_page():
    first = HomePageFactory()
    second = HomePageFactory()

    assert first.pk == second.pk
    assert (first.slug, first.depth) == ("home", 2)
    assert HomePage.objects.count() == 1


def test_singleton_page_factories_are_reused_under_their_parent():
    first = ArticlePageFactory()
    second = ArticlePageFactory()
    response = ConsultationResponsePageFactory()
    film = VideoPageFactory()

    assert first.get_parent().pk == second.get_parent().pk
    assert ArticleIndexPage.objects.count() == 1
    assert response.get_parent().get_parent().pk == first.get_parent().get_parent().pk
    assert VideoPageFactory().pk == film.pk


def test_ministry_factory():
    ministry = MinistryFactory(name="Finansdepartementet")

    ministry.full_clean()
    assert ministry.slug == "finansdepartementet"
    assert MinistryFactory(name="Finansdepartementet").pk == ministry.pk


def test_image_factory_makes_a_real_image_file():
    image = ImageFactory()

    image.full_clean()
    assert (image.width, image.height) == (64, 36)
    with image.open_file() as handle:
        assert handle.read(8) == b"\x89PNG\r\n\x1a\n"
    assert image.get_rendition("fill-32x18").width == 32


def test_document_factory_makes_a_real_pdf():
    document = DocumentFactory()

    document.full_clean()
    assert document.file_extension == "pdf"
    with document.open_file() as handle:
        assert handle.read(5) == b"%PDF-"


# --- Blocks --------------------------------------------------------------------------------------

BLOCK_FACTORY_BASES = (
    wagtail_factories.StructBlockFactory,
    wagtail_factories.StreamBlockFactory,
    wagtail_factories.blocks.BlockFactory,
)


def _project_block_classes() -> list[type]:
    found = []
    for module in (core_blocks, response_blocks):
        for _name, obj in inspect.getmembers(module, inspect.isclass):
            if issubclass(obj, blocks.Block) and obj.__module__ == module.__name__:
                found.append(obj)
    return sorted(found, key=lambda cls: cls.__qualname__)


BLOCK_FACTORIES = {
    model: factory_class
    for base in BLOCK_FACTORY_BASES
    for model, factory_class in _factories_of(base).items()
}


@pytest.mark.parametrize("block_class", _project_block_classes(), ids=lambda cls: cls.__name__)
def test_every_block_has_a_factory_whose_value_validates(block_class):
    assert block_class in BLOCK_FACTORIES, f"tests/factories/ has no factory for {block_class}"
    block = block_class()
    if issubclass(block_class, blocks.StreamBlock):
        # One child of each type; an empty stream is not a meaningful value. Embeds are left
        # out: EmbedBlock.clean fetches the embed, and the test run has no internet.
        names = [name for name in block.child_blocks if name != "embed"]
        value = BLOCK_FACTORIES[block_class](**{str(i): name for i, name in enumerate(names)})
        assert [child.block_type for child in value] == names
    else:
        value = BLOCK_FACTORIES[block_class]()

    if block_class is core_blocks.VideoEmbedBlock:
        value = block.to_python(block.get_prep_value(value))
        assert value["embed"].url == "https://www.youtube.com/watch?v=abc"
    elif issubclass(block_class, blocks.StreamBlock):
        block.clean(value)
    else:
        assert block.clean(value) == value
    # The value survives a round trip through the database format.
    assert block.get_prep_value(block.to_python(block.get_prep_value(value))) == (
        block.get_prep_value(value)
    )
