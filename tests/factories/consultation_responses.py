"""Factories for the remissvar: ministries, response points, the singleton listing and its
responses."""

from __future__ import annotations

import datetime

import factory
import wagtail_factories
from django.utils import timezone
from django.utils.text import slugify
from factory.django import DjangoModelFactory

from consultation_responses.blocks import ResponsePointBlock, ResponsePointsBlock, Stance
from consultation_responses.models import (
    ConsultationResponseIndexPage,
    ConsultationResponsePage,
    Ministry,
    ResponseStatus,
)
from tests.factories.core import RichTextBlockFactory, SingletonPageFactory, default_locale
from tests.factories.home import HomePageFactory

# --- Snippets ------------------------------------------------------------------------------------


class MinistryFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Departement {n}")
    slug = factory.LazyAttribute(lambda obj: slugify(obj.name))
    locale = factory.LazyFunction(default_locale)

    class Meta:
        model = Ministry
        django_get_or_create = ("slug", "locale")


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
