"""Factories for the news: the singleton news index and its items."""

from __future__ import annotations

import datetime

import factory
import wagtail_factories

from articles.models import ArticleIndexPage, ArticlePage
from tests.factories.core import BodyBlockFactory, SingletonPageFactory
from tests.factories.home import HomePageFactory


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
