"""What ``manage.py import_wordpress`` remembers between runs: which page each item became."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportedItem(models.Model):
    """One WordPress item (post or page) and the page it became, matched by its WordPress ID.

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
