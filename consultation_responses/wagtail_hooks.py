"""The remissvar's hooks: the dashboard panel, the site search's exact matches of an inquiry
reference, and the board's approval before the first publication, told to editors in their
terms.

The rule itself holds on every path (consultation_responses.approval); these hooks make the
admin friendly about it: "Publicera" on a remissvar the board has never approved submits it to
the board instead (with a message), and bulk publishing names the responses it refuses. Once
approved, the secretariat publishes later changes (the sent date, a typo) directly.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.models import Page

from .admin_panels import UpcomingDeadlinesPanel
from .models import ConsultationResponseIndexPage, ConsultationResponsePage
from .references import responses_named_in


@hooks.register("construct_homepage_panels")
def add_dashboard_panel(request: HttpRequest, panels: list) -> None:
    panels.append(UpcomingDeadlinesPanel())


LATEST_RESPONSES_COUNT = 3


@hooks.register("home_page_sections")
def latest_responses(home: Page, request: HttpRequest) -> dict:
    """The latest remissvar under ``home``, and the remissvar listing to link to."""
    return {
        "latest_responses": (
            ConsultationResponsePage.objects.for_readers().descendant_of(home).for_listing()
        )[:LATEST_RESPONSES_COUNT],
        "response_index": (
            ConsultationResponseIndexPage.objects.for_readers().child_of(home).first()
        ),
    }


# A search for "SOU 2011:59" shows the response to that inquiry first (core.search.results).
hooks.register("search_exact_matches", responses_named_in)


def needs_the_board(page: Page | None) -> bool:
    """Whether ``page`` (None: a page being created) still waits for the board's approval."""
    return page is None or not page.specific_deferred.is_board_approved()


def submit_to_the_board_instead(request: HttpRequest, page: Page | None) -> None:
    if request.method != "POST" or "action-publish" not in request.POST:
        return
    if not needs_the_board(page):
        return
    data = request.POST.copy()
    del data["action-publish"]
    data["action-submit"] = "action-submit"
    request.POST = data
    messages.info(
        request,
        _(
            "Ett remissvar publiceras första gången när styrelsen har godkänt det. "
            "Det har skickats till styrelsen."
        ),
    )


@hooks.register("before_create_page")
def board_first_on_create(request: HttpRequest, parent_page: Page, page_class: type[Page]) -> None:
    if issubclass(page_class, ConsultationResponsePage):
        submit_to_the_board_instead(request, None)


@hooks.register("before_edit_page")
def board_first_on_edit(request: HttpRequest, page: Page) -> None:
    if issubclass(page.specific_class, ConsultationResponsePage):
        submit_to_the_board_instead(request, page)


@hooks.register("before_bulk_action")
def board_first_in_bulk(
    request: HttpRequest, action_type: str, objects: list, action: Any
) -> HttpResponse | None:
    if action_type != "publish":
        return None
    waiting = [
        page
        for page in objects
        if isinstance(page, Page)
        and issubclass(page.specific_class, ConsultationResponsePage)
        and needs_the_board(page)
    ]
    if not waiting:
        return None
    messages.error(
        request,
        _("Styrelsen har inte godkänt: %(titles)s. Skicka remissvaren till granskning.")
        % {"titles": ", ".join(page.get_admin_display_title() for page in waiting)},
    )
    return redirect(get_valid_next_url_from_request(request) or "wagtailadmin_home")
