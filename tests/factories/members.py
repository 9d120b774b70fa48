"""Factories for the members app: municipalities, the members page, the application page."""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from members.kommuner import kommuner
from members.models import (
    MembershipApplication,
    MembershipApplicationPage,
    MembersPage,
    Municipality,
)
from tests.factories.core import SingletonPageFactory
from tests.factories.home import HomePageFactory

KOMMUNKODER = list(kommuner())


class MunicipalityFactory(DjangoModelFactory):
    """A real municipality (the n-th of the 290), with its own name, län and coordinates."""

    kommunkod = factory.Sequence(lambda n: KOMMUNKODER[n % len(KOMMUNKODER)])
    name = factory.LazyAttribute(lambda obj: kommuner()[obj.kommunkod].name)
    lan = factory.LazyAttribute(lambda obj: kommuner()[obj.kommunkod].lan)
    latitude = factory.LazyAttribute(lambda obj: kommuner()[obj.kommunkod].latitude)
    longitude = factory.LazyAttribute(lambda obj: kommuner()[obj.kommunkod].longitude)
    website = factory.LazyAttribute(lambda obj: f"https://www.{obj.kommunkod}.example.se/")
    member_since = 2012
    active = True

    class Meta:
        model = Municipality
        django_get_or_create = ("kommunkod",)


class MembersPageFactory(SingletonPageFactory):
    parent = factory.SubFactory(HomePageFactory)
    title = "Medlemmar"
    slug = "medlemmar"
    intro = "Våra medlemskommuner."

    class Meta:
        model = MembersPage


class MembershipApplicationPageFactory(SingletonPageFactory):
    parent = factory.SubFactory(HomePageFactory)
    title = "Bli medlem"
    slug = "bli-medlem"
    intro = "Ansök om medlemskap."
    recipient_email = "kansliet@smakom.example"

    class Meta:
        model = MembershipApplicationPage


class MembershipApplicationFactory(DjangoModelFactory):
    kommunkod = "2309"
    municipality_name = "Krokom"
    contact_name = factory.Sequence(lambda n: f"Kontakt {n}")
    role = "Kommundirektör"
    email = factory.Sequence(lambda n: f"kontakt{n}@krokom.example.se")
    phone = "070-000 00 00"
    message = "Vi vill bli medlemmar."

    class Meta:
        model = MembershipApplication


# What a reader fills in on "Bli medlem" when every field is right (Krokom, 2309).
VALID_APPLICATION = {
    "kommunkod": "2309",
    "contact_name": "Anna Andersson",
    "role": "Kommundirektör",
    "email": "anna@krokom.example.se",
    "phone": "0640-000 00",
    "message": "Vi vill gärna bli medlemmar.",
}
