"""The board's approval holds on every path a remissvar can be published by.

Paths: the admin (edit, create, bulk publish, copy with "publish copies"), API v3 (publish
action, create with ``action: publish``, update with ``action: publish``, copy kept live), a
copy of an ancestor kept live (no user asked), the worker's scheduled publishing, and a direct
save. Each is tried with the secretariat (who may publish other pages) on a response the board
has never approved, and must leave it unpublished with nothing half-done; a superuser may not
skip the board either. Once the board has approved, the same secretariat publishes directly.
"""

from __future__ import annotations

import datetime
import json
import logging

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, Revision

from consultation_responses.models import ConsultationResponsePage
from core.editorial import roles
from core.editorial.tasks import publish_scheduled
from tests.consultation_responses.test_pages import response_form_data
from tests.core.api.v3_helpers import (
    API,
    assert_problem,
    bearer_client,
    create_user,
    page_state,
    token_for,
)
from tests.core.editorial.helpers import board_member, secretary
from tests.factories.consultation_responses import (
    ConsultationResponseIndexPageFactory,
    ConsultationResponsePageFactory,
    MinistryFactory,
)
from tests.factories.core import DocumentFactory
from tests.factories.home import HomePageFactory

pytestmark = pytest.mark.django_db

REFUSED = "Ett remissvar publiceras först när styrelsen har godkänt det."


@pytest.fixture
def site():
    index = ConsultationResponseIndexPageFactory()
    return {
        "index": index,
        "waiting": ConsultationResponsePageFactory(
            parent=index, title="Väntar på styrelsen", slug="vantar", live=False
        ),
        "approved": ConsultationResponsePageFactory(parent=index, slug="godkant"),
        "secretary": secretary(),
    }


def send(client, method: str, path: str, data: dict | None = None):
    return getattr(client, method)(
        path, data=json.dumps(data or {}), content_type="application/json"
    )


def live(page: Page) -> bool:
    return Page.objects.get(pk=page.pk).live


# --- The admin ---------------------------------------------------------------------------------


def test_admin_edit_publish_submits_to_the_board(client, site):
    page = site["waiting"]
    client.force_login(site["secretary"])
    data = response_form_data(MinistryFactory(), DocumentFactory(), slug="vantar")
    data["action-publish"] = "Publicera"

    client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)

    page.refresh_from_db()
    assert not page.live
    assert page.current_workflow_task.name == roles.BOARD_TASK


def test_admin_edit_view_offers_no_publish_button_before_the_board(client, site):
    client.force_login(site["secretary"])
    waiting = client.get(reverse("wagtailadmin_pages:edit", args=[site["waiting"].pk]))
    approved = client.get(reverse("wagtailadmin_pages:edit", args=[site["approved"].pk]))
    assert b'name="action-publish"' not in waiting.content
    assert b'name="action-publish"' in approved.content


def test_admin_create_offers_no_publish_in_the_listing(client, site):
    client.force_login(site["secretary"])
    url = reverse(
        "wagtailadmin_pages:add",
        args=["consultation_responses", "consultationresponsepage", site["index"].pk],
    )
    assert b'name="action-publish"' not in client.get(url).content


def test_admin_bulk_publish_is_refused(client, site):
    client.force_login(site["secretary"])
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])
    client.post(f"{url}?id={site['waiting'].pk}&next=/admin/", {})
    assert not live(site["waiting"])


def test_admin_copy_with_publish_copies_gives_a_draft(client, site):
    client.force_login(site["secretary"])
    original = site["approved"]
    client.post(
        reverse("wagtailadmin_pages:copy", args=[original.pk]),
        {
            "new_title": "Kopia",
            "new_slug": "kopia",
            "new_parent_page": site["index"].pk,
            "publish_copies": "on",
        },
    )
    copy = ConsultationResponsePage.objects.filter(slug="kopia").first()
    assert copy is None or (not copy.live and copy.board_approved_at is None)


# --- API v3 ------------------------------------------------------------------------------------


@pytest.fixture
def kansli_api(site):
    return bearer_client(token_for(site["secretary"]))


@override_settings(API_WRITE_ENABLED=True)
def test_v3_publish_action_is_403_and_changes_nothing(site, kansli_api):
    before = page_state()
    response = send(kansli_api, "post", f"{API}/pages/{site['waiting'].pk}/actions/publish/")
    assert_problem(response, 403)
    assert page_state() == before


@override_settings(API_WRITE_ENABLED=True)
def test_v3_superuser_cannot_skip_the_board(site):
    client = bearer_client(token_for(create_user("admin", superuser=True)))
    response = send(client, "post", f"{API}/pages/{site['waiting'].pk}/actions/publish/")
    assert_problem(response, 403)
    assert not live(site["waiting"])


@override_settings(API_WRITE_ENABLED=True)
def test_v3_create_with_publish_is_403_and_creates_nothing(site, kansli_api):
    before = page_state()
    payload = {
        "meta": {
            "parent_id": site["index"].pk,
            "type": "consultation_responses.ConsultationResponsePage",
            "action": "publish",
        },
        "title": "Nytt remissvar",
        "slug": "nytt-remissvar",
        "inquiry_title": "En utredning",
    }
    response = send(kansli_api, "post", f"{API}/pages/", payload)
    assert_problem(response, 403)
    assert page_state() == before


@override_settings(API_WRITE_ENABLED=True)
def test_v3_update_with_publish_is_refused_and_publishes_nothing(site, kansli_api):
    payload = {
        "meta": {"type": "consultation_responses.ConsultationResponsePage", "action": "publish"},
        "title": "Väntar fortfarande",
    }
    response = send(kansli_api, "patch", f"{API}/pages/{site['waiting'].pk}/", payload)
    assert_problem(response, 403)
    page = ConsultationResponsePage.objects.get(pk=site["waiting"].pk)
    assert not page.live
    assert page.title == "Väntar på styrelsen"


@override_settings(API_WRITE_ENABLED=True)
def test_v3_copy_kept_live_is_refused(site, kansli_api):
    before = page_state()
    response = send(
        kansli_api,
        "post",
        f"{API}/pages/{site['approved'].pk}/actions/copy/",
        {"slug": "kopia-api", "keep_live": True},
    )
    assert_problem(response, 403)
    assert page_state() == before


@override_settings(API_WRITE_ENABLED=True)
def test_v3_publishes_once_the_board_has_approved(site, kansli_api):
    page = site["waiting"]
    page.board_approved_at = timezone.now()
    ConsultationResponsePage.objects.filter(pk=page.pk).update(
        board_approved_at=page.board_approved_at
    )
    response = send(kansli_api, "post", f"{API}/pages/{page.pk}/actions/publish/")
    assert response.status_code == 200, response.content[:300]
    assert live(page)


# --- Without a user: copies, the worker, a direct save ----------------------------------------


def test_a_copy_of_an_ancestor_kept_live_leaves_the_response_a_draft(site):
    other_home = HomePageFactory(slug="annan-webbplats", title="Annan")
    copy = site["index"].copy(recursive=True, to=other_home, keep_live=True)
    copied = ConsultationResponsePage.objects.descendant_of(copy)
    assert copied.count() == 2
    assert not copied.filter(live=True).exists()
    assert not copied.filter(board_approved_at__isnull=False).exists()
    assert Page.objects.get(pk=copy.pk).live  # The listing itself is published.


def test_the_worker_unschedules_what_the_board_has_not_approved(site, caplog):
    waiting = site["waiting"]
    approved = ConsultationResponsePageFactory(
        parent=site["index"], slug="godkand", live=False, board_approved_at=timezone.now()
    )
    past = timezone.now() - datetime.timedelta(minutes=5)
    for page in (waiting, approved):
        revision = page.save_revision()
        Revision.objects.filter(pk=revision.pk).update(approved_go_live_at=past)

    with caplog.at_level(logging.WARNING, logger="core.editorial.tasks"):
        publish_scheduled.call()

    assert not live(waiting)
    assert not Revision.objects.filter(object_id=str(waiting.pk), approved_go_live_at__isnull=False)
    assert live(approved)
    assert [record.getMessage() for record in caplog.records] == [
        f"Not published as scheduled: Väntar på styrelsen (page {waiting.pk}) may not go live "
        "without approval"
    ]


def test_a_direct_save_as_live_is_refused(site):
    page = site["waiting"]
    page.live = True
    with pytest.raises(ValidationError, match=REFUSED):
        page.save()
    assert not live(page)


def test_a_revision_cannot_carry_an_approval(site):
    """A revision saved after the approval was withdrawn (or copied from an approved page)
    does not bring it back: the page's own record decides."""
    page = site["approved"]
    revision = page.save_revision()
    ConsultationResponsePage.objects.filter(pk=page.pk).update(board_approved_at=None)
    with pytest.raises(ValidationError, match=REFUSED):
        Revision.objects.get(pk=revision.pk).publish()


# --- The board's approval is recorded ------------------------------------------------------------


def test_the_boards_approval_is_recorded_once(client, site):
    page = site["waiting"]
    page.save_revision()
    workflow = site["index"].get_workflow()
    workflow.start(page, site["secretary"])
    member = board_member()
    client.force_login(member)
    task_state = Page.objects.get(pk=page.pk).specific.current_workflow_task_state
    client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk])
    )
    page.refresh_from_db()
    assert page.board_approved_at is not None
    assert not page.live  # The secretariat publishes in the next step.
    # The secretariat's approval publishes it.
    client.force_login(site["secretary"])
    task_state = page.current_workflow_task_state
    client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk])
    )
    assert live(page)
