"""Which changes make a new content version (``core.caching.version.bump``).

Every saved or deleted row does, of every model, unless the model is listed here as one that
cannot change what readers see. So a model added later invalidates the caches without anyone
remembering to say so: a forgotten entry costs a few cache misses, never a stale page.

The models left out are the ones written while nothing public changes, often while a reader is
being served (a session, a rendition or an embed made on first view, a search query counted,
a sign-in attempt), or by editors' work in progress (revisions, comments, locks, editing
sessions). A draft saved on a page touches only its draft fields (``DRAFT_FIELDS``); publishing
writes the live ones.

Changes made without ``save()`` send signals of their own that are listened to as well:
Wagtail's page publishing, unpublishing and moving (a move rewrites descendants' paths with an
UPDATE), and the search index of a page updated by a background task after the page's change.
Code that writes with ``QuerySet.update()`` or ``bulk_create`` calls ``bump()`` itself (the demo
loader, the scale generator).
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save
from django_tasks.signals import task_finished
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from core.caching.version import bump

# Models whose rows never change what an anonymous reader is shown (app_label.ModelName).
NOT_PUBLIC = frozenset(
    {
        "admin.LogEntry",
        "auth.User",
        "axes.AccessAttempt",
        "axes.AccessAttemptExpiration",
        "axes.AccessFailureLog",
        "axes.AccessLog",
        "django_tasks_database.DBTaskResult",
        "home.HeadlessPreview",
        "members.MembershipApplication",
        "otp_static.StaticDevice",
        "otp_static.StaticToken",
        "otp_totp.TOTPDevice",
        "sessions.Session",
        "wagtailadmin.Admin",
        "wagtailadmin.EditingSession",
        "wagtailadmin.FormState",
        "wagtailcore.APIToken",
        "wagtailcore.Comment",
        "wagtailcore.CommentReply",
        "wagtailcore.ModelLogEntry",
        "wagtailcore.PageLogEntry",
        "wagtailcore.PageSubscription",
        "wagtailcore.ReferenceIndex",
        "wagtailcore.Revision",
        "wagtailcore.UploadedFile",
        "wagtailembeds.Embed",
        "wagtailimages.Rendition",
        "wagtailsearchpromotions.Query",
        "wagtailsearchpromotions.QueryDailyHits",
        "wagtailusers.UserProfile",
    }
)

# Fields a draft, a lock or a comment writes on a page or snippet; readers see none of them.
DRAFT_FIELDS = frozenset(
    {
        "draft_title",
        "has_unpublished_changes",
        "latest_revision",
        "latest_revision_created_at",
        "locked",
        "locked_at",
        "locked_by",
        "wagtail_admin_comments",
    }
)


# Facts about a file that Wagtail works out on first use and saves on its own (a document's size
# when the API first shows it, an image's hash): saved during a reader's request, and nothing
# shown changes.
FILE_FACT_FIELDS = frozenset({"file_size", "file_hash"})

UNSEEN_FIELDS = DRAFT_FIELDS | FILE_FACT_FIELDS

SEARCH_INDEX_TASK = "modelsearch.tasks.insert_or_update_object_task"


def changes_public_content(sender: type, update_fields: Any = None) -> bool:
    """Whether a row of ``sender`` saved (with ``update_fields``) may change what readers see."""
    if sender._meta.label in NOT_PUBLIC:
        return False
    return not (update_fields and UNSEEN_FIELDS.issuperset(update_fields))


def on_saved(
    sender: type, update_fields: Any = None, raw: bool = False, created: bool = False, **kwargs: Any
) -> None:
    if raw or not changes_public_content(sender, update_fields):
        return
    if created and issubclass(sender, BaseSiteSetting | BaseGenericSetting):
        # Wagtail creates a site's settings row with the defaults on the first request that
        # reads it (``for_site``); it shows what was shown without it. Saving it changes things.
        return
    bump()


def on_deleted(sender: type, **kwargs: Any) -> None:
    if changes_public_content(sender):
        bump()


def on_m2m_changed(sender: type, action: str, **kwargs: Any) -> None:
    if action.startswith("post_") and changes_public_content(sender):
        bump()


def on_content_signal(**kwargs: Any) -> None:
    bump()


def on_task_finished(task_result: Any, **kwargs: Any) -> None:
    """The search index of a page was updated: a background task after the page's change
    (readers' search finds pages only). Scheduled publishing in the worker publishes through
    Wagtail, whose signals are heard already; other tasks change nothing readers see."""
    if task_result.task.module_path != SEARCH_INDEX_TASK:
        return
    app_label, model_name, *_ = task_result.args
    if issubclass(apps.get_model(app_label, model_name), Page):
        bump()


def connect() -> None:
    """Listen to every change that may alter what readers see (from ``CoreConfig.ready``)."""
    post_save.connect(on_saved, dispatch_uid="smakom_cache_saved")
    post_delete.connect(on_deleted, dispatch_uid="smakom_cache_deleted")
    m2m_changed.connect(on_m2m_changed, dispatch_uid="smakom_cache_m2m")
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(on_content_signal, dispatch_uid="smakom_cache_content")
    task_finished.connect(on_task_finished, dispatch_uid="smakom_cache_task")
