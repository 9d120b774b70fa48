"""Factories for the home app: the home page (the migration's), text pages and the film page."""

from __future__ import annotations

import factory
import wagtail_factories
from wagtail.models import Page

from home.models import HomePage, StandardPage, VideoPage
from tests.factories.core import BodyBlockFactory, ImageFactory, SingletonPageFactory


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
