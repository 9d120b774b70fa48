"""The member register and the applications in the Wagtail admin, grouped under "Medlemmar";
the members' count and map on the home page."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .admin_panels import WaitingApplicationsPanel
from .models import MembershipApplication, Municipality, home_members_context


class MunicipalityViewSet(SnippetViewSet):
    model = Municipality
    icon = "group"
    menu_label = _("Medlemskommuner")
    list_display = ["name", "kommunkod", "lan", "member_since", "active"]
    list_filter = ["lan", "active"]
    search_fields = ["name", "kommunkod"]
    search_backend_name = None  # The ORM: a register of a few hundred rows needs no index.
    ordering = ["name"]
    copy_view_enabled = False


class ApplicationPermissionPolicy(ModelPermissionPolicy):
    """Applications arrive through the website: editors may view, mark handled and delete them,
    never add one (the edit form changes nothing but "handled")."""

    def user_has_permission(self, user, action: str) -> bool:
        return action != "add" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions) -> bool:
        return any(self.user_has_permission(user, action) for action in actions)


class MembershipApplicationViewSet(SnippetViewSet):
    model = MembershipApplication
    icon = "mail"
    menu_label = _("Medlemsansökningar")
    list_display = ["created_at", "municipality_name", "contact_name", "email", "handled"]
    list_filter = ["handled", "created_at"]
    search_fields = ["municipality_name", "contact_name", "email"]
    search_backend_name = None
    inspect_view_enabled = True
    copy_view_enabled = False
    list_export = ["created_at", "municipality_name", "kommunkod", "contact_name", "email"]
    panels = [
        *(
            FieldPanel(name, read_only=True)
            for name in (
                "created_at",
                "municipality_name",
                "kommunkod",
                "contact_name",
                "role",
                "email",
                "phone",
                "message",
            )
        ),
        FieldPanel("handled"),
    ]


class MembersViewSetGroup(SnippetViewSetGroup):
    items = (MunicipalityViewSet, MembershipApplicationViewSet)
    menu_icon = "group"
    menu_label = _("Medlemmar")
    menu_name = "members"
    menu_order = 250


register_permission_policy(
    MembershipApplication, ApplicationPermissionPolicy(MembershipApplication)
)
register_snippet(MembersViewSetGroup)


@hooks.register("construct_homepage_panels")
def add_waiting_applications_panel(request: HttpRequest, panels: list) -> None:
    panels.append(WaitingApplicationsPanel())


@hooks.register("home_page_sections")
def members_on_home_page(home: Page, request: HttpRequest) -> dict:
    """The members' count, the small map and the link to the members' page."""
    return home_members_context(home)
