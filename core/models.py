"""The platform's own rows: the change log of what anonymous readers see (``core.changes``)
and the webhooks that deliver it (``core.webhooks``)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ContentChange(models.Model):
    """One change in what anonymous readers see of a page, an image, a document or a snippet
    the APIs serve: it became visible or changed (``upsert``), or it stopped being visible
    (``delete``). The id is the cursor of the changes feed (``/api/v3/changes/``, pages only)
    and of the webhooks; rows are only ever added, in the order they commit.

    ``object_id`` is a plain number, not a foreign key, so that a deleted object keeps its
    history. ``event`` is what the webhooks call it (``Event``): the action with its reason.
    """

    class Kind(models.TextChoices):
        PAGE = "page"
        IMAGE = "image"
        DOCUMENT = "document"
        SNIPPET = "snippet"

    class Action(models.TextChoices):
        UPSERT = "upsert"
        DELETE = "delete"

    class Event(models.TextChoices):
        PAGE_PUBLISHED = "page.published", _("Sida publicerad eller ändrad")
        PAGE_MOVED = "page.moved", _("Sida flyttad eller med ny adress")
        PAGE_UNPUBLISHED = "page.unpublished", _("Sida avpublicerad eller skyddad")
        PAGE_DELETED = "page.deleted", _("Sida borttagen")
        IMAGE_CHANGED = "image.changed", _("Bild ny eller ändrad")
        IMAGE_DELETED = "image.deleted", _("Bild borttagen eller skyddad")
        DOCUMENT_CHANGED = "document.changed", _("Dokument nytt eller ändrat")
        DOCUMENT_DELETED = "document.deleted", _("Dokument borttaget eller skyddat")
        SNIPPET_CHANGED = "snippet.changed", _("Snutt (departement) ny eller ändrad")
        SNIPPET_DELETED = "snippet.deleted", _("Snutt (departement) borttagen")

    id = models.BigAutoField(primary_key=True)
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.PAGE)
    object_id = models.IntegerField()
    # The type's label, as the APIs name it ("articles.ArticlePage", "wagtailimages.Image").
    object_type = models.CharField(max_length=200)
    # The language code of a page or a translatable snippet; empty for images and documents.
    locale = models.CharField(max_length=20, blank=True)
    action = models.CharField(max_length=6, choices=Action.choices)
    event = models.CharField(max_length=20, choices=Event.choices)
    # A page's address on the site as it was recorded (an upsert's), relative to the site's
    # root ("/nyheter/…", "/en/news/…"); empty for a delete and for other kinds.
    html_path = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            # The last change recorded for each object (``core.changes``).
            models.Index(fields=["kind", "object_id", "id"], name="core_change_object"),
            # The changes feed: one kind after a cursor.
            models.Index(fields=["kind", "id"], name="core_change_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.event} {self.object_type} {self.object_id} (#{self.id})"


class WebhookEndpoint(models.Model):
    """A consumer told of each change in the change log by a signed POST (``core.webhooks``).

    The secret signs each delivery; it is shown once, when it is made, and never again. The
    cursor is the last ``ContentChange`` handed out to it: a new endpoint starts at the newest.
    """

    name = models.CharField(_("namn"), max_length=100)
    url = models.URLField(_("adress"), max_length=500)
    secret = models.CharField(_("hemlighet"), max_length=200)
    events = models.JSONField(_("händelser"), default=list)
    # Language codes; empty: every locale.
    locales = models.JSONField(_("språk"), default=list, blank=True)
    active = models.BooleanField(_("aktiv"), default=True)
    last_change_id = models.BigIntegerField(default=0, editable=False)
    # Set when the endpoint did not answer (or answered 429 or 5xx): nothing is sent to it
    # before then, when the delivery that failed is tried again (``core.webhooks.delivery``).
    paused_until = models.DateTimeField(_("pausad till"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")
        ordering = ("name", "pk")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if self._state.adding and not self.last_change_id:
            self.last_change_id = (
                ContentChange.objects.aggregate(last=models.Max("id"))["last"] or 0
            )
        elif not self._state.adding and kwargs.get("update_fields") is None:
            # The cursor and the pause are the delivery step's: an edit never moves them back.
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name not in {"last_change_id", "paused_until"}
            ]
        super().save(*args, **kwargs)

    def wants(self, change: ContentChange) -> bool:
        """Whether ``change`` is one of the events and locales this endpoint asked for (an
        image or a document has no language: its events come whatever the locales)."""
        return change.event in self.events and (
            not self.locales or not change.locale or change.locale in self.locales
        )


class WebhookDelivery(models.Model):
    """One change's POST to one endpoint, tried until it is answered with a 2xx or gives up.
    Pruned after 30 days (``core.webhooks``)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Väntar")
        DELIVERED = "delivered", _("Levererad")
        FAILED = "failed", _("Misslyckad")

    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    change = models.ForeignKey(ContentChange, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(
        _("status"), max_length=9, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("försök"), default=0)
    last_error = models.TextField(_("senaste fel"), blank=True)
    next_attempt_at = models.DateTimeField(_("nästa försök"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("levererad"), null=True, blank=True)
    created_at = models.DateTimeField(_("skapad"), default=timezone.now)

    class Meta:
        verbose_name = _("webhook-leverans")
        verbose_name_plural = _("webhook-leveranser")
        ordering = ("-created_at", "-pk")
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="core_webhook_due"),
            models.Index(fields=["created_at"], name="core_webhook_created"),
        ]

    def __str__(self) -> str:
        return f"{self.endpoint} #{self.change_id}"
