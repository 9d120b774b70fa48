"""Member municipalities, the members page, and the membership application form and its entries."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import path
from wagtail.models import Page
from wagtail.search import index

from core.i18n import language_of, reader_q
from core.pages import BasePage
from core.previews import RoutablePreviewsMixin

from .kommuner import (
    kommuner,
    lan_choices,
    swedish_sort_key,
    validate_kommunkod,
    validate_latitude,
    validate_longitude,
)
from .throttling import seconds_until_accepted

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse


class MunicipalityQuerySet(models.QuerySet):
    def active(self) -> MunicipalityQuerySet:
        """The current members: those that count in "Antal medlemmar"."""
        return self.filter(active=True)

    def for_listing(self) -> MunicipalityQuerySet:
        return self.order_by("name", "pk")


class Municipality(index.Indexed, models.Model):
    """A Swedish municipality in SmåKom's member register; the count of members comes from here."""

    name = models.CharField(_("namn"), max_length=100)
    kommunkod = models.CharField(
        _("kommunkod"),
        max_length=4,
        unique=True,
        validators=[
            RegexValidator(r"^\d{4}\Z", _("Kommunkoden är fyra siffror, t.ex. 2309.")),
        ],
        help_text=_("SCB:s fyrsiffriga kommunkod, t.ex. 2309 för Krokom."),
    )
    lan = models.CharField(
        _("län"),
        max_length=50,
        blank=True,
        choices=lan_choices,
        help_text=_("Fylls i från kommunkoden om du lämnar det tomt."),
    )
    latitude = models.FloatField(
        _("latitud"),
        null=True,
        blank=True,
        validators=[validate_latitude],
        help_text=_("WGS84, t.ex. 63.37. Lämna tomt för kommunens centralort."),
    )
    longitude = models.FloatField(
        _("longitud"),
        null=True,
        blank=True,
        validators=[validate_longitude],
        help_text=_("WGS84, t.ex. 14.39. Lämna tomt för kommunens centralort."),
    )
    website = models.URLField(_("webbplats"), blank=True)
    member_since = models.PositiveSmallIntegerField(
        _("medlem sedan (år)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1989), MaxValueValidator(2100)],
    )
    active = models.BooleanField(
        _("aktiv medlem"),
        default=True,
        help_text=_("Bara aktiva medlemmar räknas, listas och visas på kartan."),
    )

    objects = MunicipalityQuerySet.as_manager()

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("kommunkod")]),
        FieldPanel("lan"),
        FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")], heading=_("Plats")),
        FieldPanel("website"),
        FieldRowPanel([FieldPanel("member_since"), FieldPanel("active")]),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("kommunkod"),
        index.FilterField("lan"),
        index.FilterField("active"),
    ]

    class Meta:
        verbose_name = _("medlemskommun")
        verbose_name_plural = _("medlemskommuner")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        kommun = kommuner().get(self.kommunkod)
        if kommun:
            self.lan = self.lan or kommun.lan
            if self.latitude is None and self.longitude is None:
                self.latitude, self.longitude = kommun.latitude, kommun.longitude
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        try:
            validate_kommunkod(self.kommunkod)
        except ValidationError as error:
            raise ValidationError({"kommunkod": error}) from error
        kommun = kommuner()[self.kommunkod]
        if not self.lan:
            self.lan = kommun.lan
        elif self.lan != kommun.lan:
            raise ValidationError(
                {
                    "lan": _("Kommunkod %(kod)s hör till %(lan)s, inte %(vald)s.")
                    % {"kod": self.kommunkod, "lan": kommun.lan, "vald": self.lan}
                }
            )
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(_("Ange både latitud och longitud, eller ingen av dem."))

    @property
    def lan_code(self) -> str:
        return self.kommunkod[:2]


def active_member_count() -> int:
    """ "Antal medlemmar": the number of active member municipalities."""
    return Municipality.objects.active().count()


def home_members_context(home: Page) -> dict:
    """What the home page shows of the members: their count, the small map and its link, and
    the "Bli medlem" button when readers may open the application page (two queries)."""
    members = list(Municipality.objects.active().for_listing().only(*MAP_FIELDS))
    pages: dict[type, Page] = {}
    shown = (
        Page.objects.live()
        .filter(reader_q())
        .child_of(home)
        .type(MembersPage, MembershipApplicationPage)
        .order_by("path")
    )
    for page in shown:
        pages.setdefault(page.specific_class, page)
    return {
        "member_count": len(members),
        "members_on_map": members,
        "members_page": pages.get(MembersPage),
        "application_page": pages.get(MembershipApplicationPage),
    }


MAP_FIELDS = ("pk", "name", "kommunkod", "lan", "latitude", "longitude")


class MembersPage(BasePage):
    """ "Medlemmar", a child of the home page: the members by län, their count and a map."""

    content_panels = [
        *BasePage.content_panels,
        HelpPanel(
            content=_(
                "Listan, antalet och kartan kommer automatiskt från medlemsregistret "
                "(Fragment → Medlemskommuner). Här redigerar du bara ingressen."
            )
        ),
        FieldPanel("intro"),
    ]
    api_fields = [*BasePage.api_fields, APIField("member_count")]

    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1
    page_description = _("Medlemskommunerna: antal, karta och lista per län.")

    class Meta:
        verbose_name = _("medlemssida")
        verbose_name_plural = _("medlemssidor")

    @property
    def member_count(self) -> int:
        return active_member_count()

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        members = sorted(
            Municipality.objects.active().only(*MAP_FIELDS, "website"),
            key=lambda member: (swedish_sort_key(member.lan), swedish_sort_key(member.name)),
        )
        context["members"] = members
        context["member_count"] = len(members)
        context["application_page"] = (
            MembershipApplicationPage.objects.for_readers().sibling_of(self).first()
        )
        return context


class MembershipApplication(models.Model):
    """One application for membership sent through "Bli medlem"; personal data, purged in time."""

    created_at = models.DateTimeField(_("inkommen"), auto_now_add=True, db_index=True)
    page = models.ForeignKey(
        "members.MembershipApplicationPage",
        verbose_name=_("sida"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="applications",
    )
    kommunkod = models.CharField(_("kommunkod"), max_length=4, validators=[validate_kommunkod])
    municipality_name = models.CharField(_("kommun"), max_length=100)
    contact_name = models.CharField(_("kontaktperson"), max_length=200)
    role = models.CharField(_("roll"), max_length=200, blank=True)
    email = models.EmailField(_("e-post"))
    phone = models.CharField(_("telefon"), max_length=50, blank=True)
    message = models.TextField(_("meddelande"), blank=True, max_length=5000)
    handled = models.BooleanField(
        _("behandlad"),
        default=False,
        db_index=True,
        help_text=_(
            "Kryssa i när kansliet har svarat. Obehandlade ansökningar syns på startsidan."
        ),
    )

    class Meta:
        verbose_name = _("medlemsansökan")
        verbose_name_plural = _("medlemsansökningar")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.municipality_name} – {self.contact_name}"


class MembershipApplicationPage(RoutablePreviewsMixin, BasePage):
    """ "Bli medlem", a child of the home page: the application form, stored and e-mailed."""

    recipient_email = models.EmailField(
        _("mottagare"),
        blank=True,
        help_text=_(
            "Vart ansökningarna skickas. Lämnas tomt för föreningens e-postadress "
            "(Inställningar → Föreningens uppgifter)."
        ),
    )
    form_intro = models.TextField(_("text ovanför formuläret"), blank=True, max_length=2000)
    thank_you_text = models.TextField(
        _("tack-text"),
        blank=True,
        max_length=2000,
        default="Tack för er ansökan! Vi hör av oss så snart vi kan.",
    )

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("form_intro"), FieldPanel("thank_you_text"), FieldPanel("recipient_email")],
            heading=_("Formuläret"),
        ),
        HelpPanel(
            content=_(
                "Inkomna ansökningar finns under Medlemmar → Medlemsansökningar. "
                "De rensas efter en tid med manage.py purge_applications."
            )
        ),
    ]
    api_fields = [*BasePage.api_fields, APIField("form_intro"), APIField("thank_you_text")]

    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1
    page_description = _("Formuläret ”Bli medlem” för kommuner som vill gå med i SmåKom.")

    class Meta:
        verbose_name = _("ansökningssida")
        verbose_name_plural = _("ansökningssidor")

    @path("")
    def application_form(self, request: HttpRequest) -> HttpResponse:
        from .forms import HONEYPOT_FIELD, MembershipApplicationForm, submit_application

        wait = 0
        if request.method == "POST":
            if request.POST.get(HONEYPOT_FIELD):
                # A bot: it sees the thank-you page; nothing is stored or sent.
                return redirect(self.thank_you_url(request))
            form = MembershipApplicationForm(request.POST)
            if form.is_valid():
                wait = seconds_until_accepted(request, form.cleaned_data["email"])
                if not wait:
                    submit_application(self, form, request)
                    return redirect(self.thank_you_url(request))
        else:
            form = MembershipApplicationForm()
        context = self.get_context(request)
        context["form"] = form
        if not wait:
            return TemplateResponse(request, self.get_template(request), context)
        # Too many applications: the form again, as filled in, saying when to send it.
        context["wait_minutes"] = math.ceil(wait / 60)
        response = TemplateResponse(request, self.get_template(request), context, status=429)
        response["Retry-After"] = str(wait)
        return response

    def thank_you_url(self, request: HttpRequest) -> str:
        """The thank-you page's address, worded in the page's language."""
        name = (
            "thank_you" if language_of(self, request) == settings.LANGUAGE_CODE else "thank_you_en"
        )
        return self.get_url(request) + self.reverse_subpage(name)

    @path("tack/", name="thank_you")
    @path("thank-you/", name="thank_you_en")
    def thank_you(self, request: HttpRequest) -> HttpResponse:
        context = self.get_context(request)
        context["thanks"] = True
        return TemplateResponse(request, self.get_template(request), context)
