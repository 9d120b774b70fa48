"""The board's approval of a remissvar, enforced where every publish path passes.

A remissvar is SmåKom's formal reply: it goes out the first time only after the board has
approved it in the "Styrelsegodkännande" workflow. The rule lives in three places that every
path meets, not in the admin alone:

- the permission testers below, which Wagtail asks before publishing from the admin (edit,
  create, bulk, copy with "publish copies"), API v3 (create, update, publish, copy) and
  wagtail-localize: nobody, superusers included, may publish a response the board has not
  approved, nor publish a new page in the listing in one go;
- ``ConsultationResponsePage.save``, the last line for code that publishes without a user
  (a copy of an ancestor kept live, a scheduled revision): a response the board has not
  approved is never saved live;
- ``BasePage.may_go_live``, which the worker asks before scheduled publishing, so a revision
  scheduled against the rule is unscheduled (and logged) rather than published.

The approval itself is recorded on the page (``board_approved_at``) when the board's task is
approved; it is not content (revisions, copies and translations don't carry it) and editors
cannot set it.
"""

from __future__ import annotations

import logging
from typing import Any

from django.utils import timezone
from wagtail.models import PagePermissionTester, TaskState

from core.editorial.roles import BOARD_TASK

logger = logging.getLogger(__name__)


class BoardApprovalPermissionTester(PagePermissionTester):
    """A remissvar: published only once the board has approved it, by anyone."""

    def can_publish(self) -> bool:
        return super().can_publish() and self.page.is_board_approved()

    def can_set_view_restrictions(self) -> bool:
        # Privacy settings are the secretariat's whether or not the board has approved.
        return super().can_publish()


class ListingPermissionTester(PagePermissionTester):
    """The remissvar listing: a page created (or copied) under it cannot go live at once,
    since the board has not seen it yet."""

    def can_publish_subpage(self) -> bool:
        return False


def record_board_approval(sender: type, instance: Any, **kwargs: Any) -> None:
    """``post_save`` of a task state: when the board's task is approved, the response it was
    about is approved by the board (the first approval's time is kept).

    A saved task state rather than Wagtail's ``task_approved`` signal, which is sent only
    after the workflow has moved on (and, were the board's the last task, published).
    """
    from .models import ConsultationResponsePage

    if not isinstance(instance, TaskState) or instance.status != TaskState.STATUS_APPROVED:
        return
    if instance.task.name != BOARD_TASK:
        return
    page_id = instance.workflow_state.object_id
    updated = ConsultationResponsePage.objects.filter(
        pk=page_id, board_approved_at__isnull=True
    ).update(board_approved_at=timezone.now())
    if updated:
        logger.info("The board approved remissvar %s (by %s)", page_id, instance.finished_by)
