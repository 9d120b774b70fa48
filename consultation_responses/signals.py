"""A new remissvar listing (in either language) follows the board's approval workflow."""

from __future__ import annotations

from typing import Any

from wagtail.models import Workflow, WorkflowPage

from core.editorial.roles import BOARD_WORKFLOW


def assign_board_workflow(sender: type, instance: Any, created: bool, **kwargs: Any) -> None:
    if not created or kwargs.get("raw"):
        return
    workflow = Workflow.objects.filter(name=BOARD_WORKFLOW, active=True).first()
    if workflow is not None:
        WorkflowPage.objects.get_or_create(page=instance, defaults={"workflow": workflow})
