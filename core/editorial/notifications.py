"""E-mail at every step of a workflow.

Wagtail mails a task's approvers when it starts, and the submitter when the whole workflow is
approved or changes are requested. With two steps (the board, then the secretariat) the submitter
would hear nothing in between: this notifier tells them when a step is approved and the page
moves on, with Wagtail's own "approved in moderation stage" message.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from wagtail.admin.mail import BaseGroupApprovalTaskStateEmailNotifier
from wagtail.models import TaskState, WorkflowState


class StepApprovedEmailNotifier(BaseGroupApprovalTaskStateEmailNotifier):
    notification = "approved"

    def get_recipient_users(self, task_state: TaskState, **kwargs: Any) -> set[AbstractBaseUser]:
        workflow_state = task_state.workflow_state
        if workflow_state.status != WorkflowState.STATUS_IN_PROGRESS:
            return set()  # the last step: Wagtail's workflow notification says it
        requested_by = workflow_state.requested_by
        if requested_by is None or requested_by == kwargs.get("user"):
            return set()
        return {requested_by}


step_approved_email_notifier = StepApprovedEmailNotifier()
