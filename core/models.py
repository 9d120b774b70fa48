"""The platform's own rows: the change log of what anonymous readers see (``core.changes``)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class PageChange(models.Model):
    """One change in what anonymous readers see of a page: it became visible or changed
    (``upsert``), or it stopped being visible (``delete``). The id is the changes feed's
    cursor (``/api/v3/changes/``); rows are only ever added, in the order they commit.

    ``page_id`` is a plain number, not a foreign key, so that a deleted page keeps its history.
    """

    class Action(models.TextChoices):
        UPSERT = "upsert"
        DELETE = "delete"

    id = models.BigAutoField(primary_key=True)
    page_id = models.IntegerField()
    locale = models.CharField(max_length=20)
    # The page type's label, as the APIs name it ("articles.ArticlePage").
    page_type = models.CharField(max_length=200)
    action = models.CharField(max_length=6, choices=Action.choices)
    # The page's address on the site as it was recorded (an upsert's), relative to the site's
    # root ("/nyheter/…", "/en/news/…"); empty for a delete.
    html_path = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        # The last change recorded for each page (``core.changes``) is found from this index.
        indexes = [models.Index(fields=["page_id", "id"], name="core_pagechange_page_id")]

    def __str__(self) -> str:
        return f"{self.action} page {self.page_id} (#{self.id})"
