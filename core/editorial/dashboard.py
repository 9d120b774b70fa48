"""The admin dashboard's panels: the shared base, translations whose original has changed since,
and what was published last. Each app adds its own (remissvar deadlines, upcoming conferences,
membership applications) in its admin_panels module; docs/editors.md shows them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import F, OuterRef, Prefetch, QuerySet, Subquery
from django.http import HttpRequest
from wagtail.admin.ui.components import Component
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail_localize.models import Translation, TranslationSource


def outdated_translation_sources(user: Any) -> QuerySet[TranslationSource]:
    """Sources of synced page translations whose original was published after the source was
    last brought into wagtail-localize: the translations lack what changed since. Only
    originals ``user`` may edit, as in Wagtail's own dashboard panels.

    An editor brings them up to date with "Sync translated pages" on the original.
    """
    editable = PagePermissionPolicy().instances_user_has_permission_for(user, "change")
    original = Page.objects.filter(
        translation_key=OuterRef("object_id"), locale_id=OuterRef("locale_id")
    )
    return (
        TranslationSource.objects.filter(translations__enabled=True)
        .annotate(
            original_id=Subquery(original.values("pk")[:1]),
            original_published_at=Subquery(original.values("last_published_at")[:1]),
        )
        .filter(original_published_at__gt=F("last_updated_at"))
        .filter(original_id__in=editable.values("pk"))
        .prefetch_related(
            Prefetch(
                "translations",
                queryset=Translation.objects.filter(enabled=True).select_related("target_locale"),
            )
        )
        .distinct()
        .order_by("-original_published_at", "-pk")
    )


class OutdatedTranslationsPanel(Component):
    """Lists (up to LIMIT) pages whose translations need updating, with the way to do it."""

    name = "outdated_translations"
    template_name = "core/admin/outdated_translations_panel.html"
    order = 240
    LIMIT = 20

    def get_context_data(self, parent_context: Mapping[str, Any]) -> Mapping[str, Any]:
        context = super().get_context_data(parent_context)
        sources = outdated_translation_sources(parent_context["request"].user)
        context["sources"] = list(sources[: self.LIMIT])
        context["total"] = sources.count() if len(context["sources"]) == self.LIMIT else None
        return context


def user_can_edit_pages(user: Any) -> bool:
    return PagePermissionPolicy().user_has_any_permission(user, ["add", "change", "publish"])


class DashboardPanel(Component):
    """A dashboard panel listing up to LIMIT items of ``get_items`` and how many there are in
    all. ``is_shown`` hides the panel from users it is not for."""

    LIMIT = 10
    # Whether the template links its pages to the editor for users who may edit pages.
    links_to_page_editor = False

    def is_shown(self, request: HttpRequest) -> bool:
        return True

    def get_items(self, request: HttpRequest) -> QuerySet:
        raise NotImplementedError

    def render_html(self, parent_context: Mapping[str, Any] | None = None) -> str:
        if parent_context is not None and not self.is_shown(parent_context["request"]):
            return ""  # nothing, not even a query
        return super().render_html(parent_context)

    def get_context_data(self, parent_context: Mapping[str, Any]) -> Mapping[str, Any]:
        context = super().get_context_data(parent_context)
        request = parent_context["request"]
        items = self.get_items(request)
        context["items"] = list(items[: self.LIMIT])
        context["total"] = items.count()
        if self.links_to_page_editor:
            # Links lead to the editor only for those who may edit pages (the board reads).
            context["can_edit_pages"] = user_can_edit_pages(request.user)
        return context


class RecentlyPublishedPanel(DashboardPanel):
    """The pages published last, in either language, and who published them."""

    name = "recently_published"
    template_name = "core/admin/recently_published_panel.html"
    order = 250

    def is_shown(self, request: HttpRequest) -> bool:
        return user_can_edit_pages(request.user)

    def get_items(self, request: HttpRequest) -> QuerySet[Page]:
        return (
            Page.objects.live()
            .filter(last_published_at__isnull=False, depth__gt=1)
            .select_related("locale", "content_type", "live_revision__user")
            .order_by("-last_published_at", "-pk")
        )
