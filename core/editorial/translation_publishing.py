"""wagtail-localize, held to the editors' roles (core/editorial/roles.py).

"Update translations" offers "Publish immediately" to anyone who may submit translations: a
Redaktör, who may not publish, could put text on the live site with it, bypassing review. For
users who may not publish pages the box is disabled (and its value ignored): the updated
translations are saved as drafts and go through the workflow like every other change.
"""

from __future__ import annotations

from typing import Any

from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail_localize.views.update_translations import UpdateTranslationsView


def may_publish_pages(user: Any) -> bool:
    return PagePermissionPolicy().user_has_permission(user, "publish")


def hold_translation_publishing_to_page_permissions() -> None:
    original_get_form = UpdateTranslationsView.get_form

    def get_form(self):
        form = original_get_form(self)
        if not may_publish_pages(self.request.user):
            form.fields["publish_translations"].disabled = True
        return form

    UpdateTranslationsView.get_form = get_form
