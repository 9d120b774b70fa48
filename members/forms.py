"""The "Bli medlem" form, and what happens to an application once it is valid."""

from __future__ import annotations

import logging
from email.utils import parseaddr
from smtplib import SMTPException
from typing import TYPE_CHECKING

from django import forms
from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site

from core.forms import ErrorSummaryMixin
from core.swappable import organisation_settings_model

from .kommuner import Kommun, kommun_choices, kommuner
from .models import MembershipApplication

if TYPE_CHECKING:
    from django.http import HttpRequest

    from .models import MembershipApplicationPage

logger = logging.getLogger(__name__)

# A field people don't see (hidden with CSS and from screen readers); bots fill it in.
HONEYPOT_FIELD = "homepage"


class MembershipApplicationForm(ErrorSummaryMixin, forms.Form):
    """The application's fields. Each field about the applicant names its ``autocomplete``
    purpose (WCAG 1.3.5), so browsers and assistive tools can fill it in: the municipality is
    the applicant's organisation, the role their title at it."""

    kommunkod = forms.ChoiceField(
        label=_("Kommun"),
        choices=lambda: [("", gettext("Välj kommun")), *kommun_choices()],
        widget=forms.Select(attrs={"autocomplete": "organization"}),
    )
    contact_name = forms.CharField(
        label=_("Kontaktperson"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    role = forms.CharField(
        label=_("Roll"),
        max_length=200,
        required=False,
        help_text=_("T.ex. kommunstyrelsens ordförande eller kommundirektör."),
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    # 254 characters: the longest address the database column (and SMTP) accepts.
    email = forms.EmailField(
        label=_("E-post"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    # type="tel": the phone's number pad; no format is imposed (extensions, spaces, +46).
    phone = forms.CharField(
        label=_("Telefon"),
        max_length=50,
        required=False,
        widget=forms.TelInput(attrs={"autocomplete": "tel"}),
    )
    message = forms.CharField(
        label=_("Meddelande"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        required=False,
    )
    homepage = forms.CharField(
        label=_("Lämna tomt"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )


def recipient_for(page: MembershipApplicationPage, request: HttpRequest) -> str:
    """The page's recipient, else the association's e-mail address, else the site's sender."""
    if page.recipient_email:
        return page.recipient_email
    site = Site.find_for_request(request) or page.get_site()
    organisation_email = organisation_settings_model().for_site(site).email if site else ""
    if organisation_email:
        return organisation_email
    logger.warning(
        "No recipient is set for membership applications (page or site settings); "
        "sending to DEFAULT_FROM_EMAIL."
    )
    return parseaddr(settings.DEFAULT_FROM_EMAIL)[1]


def submit_application(
    page: MembershipApplicationPage, form: MembershipApplicationForm, request: HttpRequest
) -> MembershipApplication:
    """Store a valid application and e-mail it to the secretariat."""
    data = form.cleaned_data
    kommun = kommuner()[data["kommunkod"]]
    application = MembershipApplication.objects.create(
        page=page,
        kommunkod=kommun.kommunkod,
        municipality_name=kommun.name,
        contact_name=data["contact_name"],
        role=data["role"],
        email=data["email"],
        phone=data["phone"],
        message=data["message"],
    )
    recipient = recipient_for(page, request)
    if recipient:
        # The secretariat reads its mail in Swedish, whichever language the form was sent in.
        with translation.override(settings.LANGUAGE_CODE):
            send_application_email(application, kommun, recipient)
    return application


def send_application_email(
    application: MembershipApplication, kommun: Kommun, recipient: str
) -> None:
    """E-mail ``application`` to ``recipient``; a failing mail server is logged, not raised."""
    body = "\n".join(
        [
            gettext("En ny medlemsansökan har kommit in via webbplatsen."),
            "",
            f"{gettext('Kommun')}: {kommun.name} ({kommun.kommunkod}, {kommun.lan})",
            f"{gettext('Kontaktperson')}: {application.contact_name}",
            f"{gettext('Roll')}: {application.role}",
            f"{gettext('E-post')}: {application.email}",
            f"{gettext('Telefon')}: {application.phone}",
            "",
            application.message,
        ]
    )
    try:
        EmailMessage(
            subject=gettext("Medlemsansökan från %(kommun)s") % {"kommun": kommun.name},
            body=body,
            to=[recipient],
            reply_to=[application.email],
        ).send()
    except (OSError, SMTPException):
        # The application is stored and visible in the admin; the reader is not at fault.
        logger.exception("Could not e-mail membership application %s", application.pk)
