"""What ``manage.py import_wordpress`` remembers between runs: which page each item became."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.documents import get_document_model_string
from wagtail.images import get_image_model_string


class ImportedItem(models.Model):
    """One WordPress item and what it became, matched by its WordPress ID: a post or a page
    became a page, an attachment an image or a document (its file found under ``file_path``,
    the path after ``wp-content/uploads/``, which ``views.uploads_redirect`` looks up).

    ``content_hash`` is the digest of what the importer read from the item the last time
    (``WxrItem.content_hash``): an equal digest means nothing to do. ``revision`` is the revision
    the importer saved; a page whose latest revision is another one was edited on this site, and
    the importer leaves it alone.
    """

    wp_site = models.CharField(_("WordPress-webbplats"), max_length=255)
    wp_id = models.PositiveBigIntegerField(_("WordPress-id"))
    wp_type = models.CharField(_("WordPress-typ"), max_length=20)
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("sida"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    image = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("bild"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    document = models.ForeignKey(
        get_document_model_string(),
        verbose_name=_("dokument"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    file_path = models.CharField(
        _("sökväg i wp-content/uploads"), max_length=255, blank=True, db_index=True
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name=_("importerad version"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    content_hash = models.CharField(_("innehållets kontrollsumma"), max_length=64)
    imported_at = models.DateTimeField(_("importerad"), auto_now=True)

    class Meta:
        verbose_name = _("importerat WordPress-inlägg")
        verbose_name_plural = _("importerade WordPress-inlägg")
        constraints = [
            models.UniqueConstraint(fields=["wp_site", "wp_id"], name="unique_wordpress_item")
        ]

    def __str__(self) -> str:
        return f"{self.wp_site} {self.wp_type} {self.wp_id}"
