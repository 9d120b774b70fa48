from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from wagtail import hooks
from wagtail.models import Page

from core.changes import on_files_bulk_changed
from core.editorial.dashboard import OutdatedTranslationsPanel, RecentlyPublishedPanel
from core.i18n import untranslated_original
from core.rich_text import PublicDocumentLinkHandler, PublicPageLinkHandler
from core.visibility import is_public_page
from core.webhooks.admin import WebhooksViewSetGroup


# A higher order runs after Wagtail registers its own handlers, so these win.
@hooks.register("register_rich_text_features", order=100)
def register_public_links(features) -> None:
    features.register_link_type(PublicDocumentLinkHandler)
    features.register_link_type(PublicPageLinkHandler)


@hooks.register("before_serve_page")
def refuse_untranslated_pages(
    page: Page, request: HttpRequest, serve_args: list, serve_kwargs: dict
) -> HttpResponse | None:
    """A page is served only in its own language: ``/en/…`` never shows a Swedish page.

    The reader gets a 404 that names the original (when readers may see it) instead.
    """
    original = untranslated_original(page, request)
    if original is None:
        return None
    return TemplateResponse(
        request,
        "404.html",
        {"untranslated_page": original if is_public_page(original, request) else None},
        status=404,
    )


@hooks.register("construct_homepage_panels")
def add_dashboard_panels(request: HttpRequest, panels: list) -> None:
    """Translations to update and what was published last; each app adds its own panels."""
    panels.extend((OutdatedTranslationsPanel(), RecentlyPublishedPanel()))


@hooks.register("insert_global_admin_css")
def dashboard_css() -> str:
    return format_html('<link rel="stylesheet" href="{}">', static("core/css/admin.css"))


@hooks.register("register_account_menu_item")
def two_factor_menu_item(request: HttpRequest) -> dict:
    """The account page links to the second factor's settings (core/security/two_factor)."""
    return {
        "url": reverse("two_factor_manage"),
        "label": gettext("Tvåstegsverifiering"),
        "help_text": gettext(
            "Logga in med lösenord och en kod från en app i telefonen, "
            "med reservkoder om du tappar den."
        ),
    }


@hooks.register("register_admin_viewset")
def register_webhooks() -> WebhooksViewSetGroup:
    return WebhooksViewSetGroup()


hooks.register("after_bulk_action", on_files_bulk_changed)
