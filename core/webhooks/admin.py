"""The webhooks in the admin (the Webhooks menu), for the secretariat (Kansli): the
endpoints, and the delivery log to read. The secret is write-only: the add form offers a new
one to copy, the edit form only says that one is set and takes a replacement."""

from __future__ import annotations

import secrets
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from core.models import ContentChange, WebhookDelivery, WebhookEndpoint
from core.webhooks.addresses import resolve
from core.webhooks.tasks import retry_now


def new_secret() -> str:
    return secrets.token_urlsafe(32)


class WebhookEndpointForm(WagtailAdminModelForm):
    url = forms.URLField(label=_("Adress"), max_length=500, assume_scheme="https")
    new_secret = forms.CharField(
        label=_("Hemlighet"),
        required=False,
        min_length=16,
        max_length=200,
        strip=True,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    events = forms.MultipleChoiceField(
        label=_("Händelser"),
        choices=ContentChange.Event.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    locales = forms.MultipleChoiceField(
        label=_("Språk"),
        required=False,
        choices=[],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Inget valt: alla språk."),
    )

    class Meta:
        model = WebhookEndpoint
        fields = ["name", "url", "events", "locales", "active"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["locales"].choices = list(settings.WAGTAIL_CONTENT_LANGUAGES)
        if self.instance.pk:
            self.fields["new_secret"].label = _("Ny hemlighet")
            self.fields["new_secret"].help_text = _(
                "En hemlighet är satt och visas inte igen. Fyll i en ny för att byta den."
            )
        else:
            self.fields["new_secret"].initial = new_secret()
            self.fields["new_secret"].help_text = _(
                "Kopiera den till mottagaren nu: den visas inte igen när webhooken sparats."
            )

    def clean_url(self) -> str:
        url = self.cleaned_data["url"]
        resolve(url)
        return url

    def save(self, commit: bool = True) -> WebhookEndpoint:
        replacement = self.cleaned_data.get("new_secret")
        if replacement or not self.instance.secret:
            self.instance.secret = replacement or new_secret()
        editing = not self.instance._state.adding
        endpoint = super().save(commit)
        if commit and editing and "url" in self.changed_data:
            # A corrected address is tried at once, not at the next retry hours away.
            retry_now(endpoint)
        return endpoint


class WebhookEndpointViewSet(ModelViewSet):
    model = WebhookEndpoint
    icon = "link-external"
    menu_label = _("Webhooks")
    list_display = ["name", "url", "active", "paused_until"]
    copy_view_enabled = False

    def get_form_class(self, for_update: bool = False) -> type[WebhookEndpointForm]:
        return WebhookEndpointForm


class WebhookDeliveryViewSet(ModelViewSet):
    """The delivery log: read only (its permission is "view")."""

    model = WebhookDelivery
    icon = "list-ul"
    menu_label = _("Webhook-leveranser")
    list_display = [
        "endpoint",
        "change",
        "status",
        "attempts",
        "last_error",
        "next_attempt_at",
        "delivered_at",
        "created_at",
    ]
    list_filter = ["status", "endpoint"]
    copy_view_enabled = False
    form_fields = ["status"]


class WebhooksViewSetGroup(ViewSetGroup):
    menu_label = _("Webhooks")
    menu_icon = "link-external"
    items = (WebhookEndpointViewSet("webhooks"), WebhookDeliveryViewSet("webhook_deliveries"))
