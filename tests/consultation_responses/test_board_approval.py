"""A remissvar goes from the editor through the board to the secretariat, in the admin, with an
e-mail at each step; elsewhere the secretariat alone reviews."""

from __future__ import annotations

from django.core import mail
from django.test import TestCase
from django.urls import reverse
from wagtail.models import Page, WorkflowState

from articles.models import ArticlePage
from consultation_responses.models import ConsultationResponsePage
from core.editorial import roles
from tests.articles.test_pages import article_form_data
from tests.consultation_responses.test_pages import response_form_data
from tests.core.editorial.helpers import board_member, editor, secretary
from tests.factories.articles import ArticleIndexPageFactory
from tests.factories.consultation_responses import (
    ConsultationResponseIndexPageFactory,
    MinistryFactory,
)
from tests.factories.core import DocumentFactory


def recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


class BoardApprovalTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.index = ConsultationResponseIndexPageFactory()
        cls.news_index = ArticleIndexPageFactory()
        cls.ministry = MinistryFactory(name="Finansdepartementet")
        cls.document = DocumentFactory()
        cls.editor = editor()
        cls.secretary = secretary()
        cls.board_member = board_member()
        cls.other_board_member = board_member("styrelse2")

    def submit_response(self) -> ConsultationResponsePage:
        self.client.force_login(self.editor)
        url = reverse(
            "wagtailadmin_pages:add",
            args=["consultation_responses", "consultationresponsepage", self.index.pk],
        )
        data = response_form_data(self.ministry, self.document, slug="spara-i-goda-tider")
        data["action-submit"] = "Skicka till granskning"
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 302, response.content[:2000])
        return ConsultationResponsePage.objects.get(slug="spara-i-goda-tider")

    def act(self, user, page: Page, action: str = "approve", comment: str = "") -> None:
        self.client.force_login(user)
        task_state = page.current_workflow_task_state
        response = self.client.post(
            reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk]),
            {"comment": comment} if comment else {},
        )
        self.assertEqual(response.status_code, 302, response.content[:300])

    def test_the_remissvar_listing_follows_board_approval(self):
        self.assertEqual(self.index.get_workflow().name, roles.BOARD_WORKFLOW)
        self.assertEqual(self.news_index.get_workflow().name, roles.DEFAULT_WORKFLOW)

    def test_editor_board_secretariat(self):
        page = self.submit_response()
        self.assertFalse(page.live)
        self.assertEqual(page.current_workflow_task.name, roles.BOARD_TASK)
        # The board is told first; neither the secretariat nor the editor yet.
        self.assertEqual(recipients(), ["styrelse2@smakom.se", "styrelse@smakom.se"])
        self.assertIn("Spara i goda tider", mail.outbox[0].subject)
        self.assertIn(f"/admin/pages/{page.pk}/", mail.outbox[0].body)

        # The board member sees the response in the editor and approves it.
        self.client.force_login(self.board_member)
        edit = self.client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        self.assertEqual(edit.status_code, 200)
        mail.outbox.clear()
        self.act(self.board_member, page)
        page.refresh_from_db()
        self.assertFalse(page.live)
        self.assertEqual(page.current_workflow_task.name, roles.SECRETARIAT_TASK)
        # The secretariat is told it is their turn, the editor that the board approved.
        self.assertEqual(recipients(), ["kansli@smakom.se", "redaktor@smakom.se"])
        to_editor = next(m for m in mail.outbox if m.to == ["redaktor@smakom.se"])
        self.assertIn(roles.BOARD_TASK, to_editor.body)

        # The secretariat publishes by approving the last step.
        mail.outbox.clear()
        self.act(self.secretary, page)
        page.refresh_from_db()
        self.assertTrue(page.live)
        self.assertIsNone(page.current_workflow_state)
        self.assertEqual(
            WorkflowState.objects.get(
                base_content_type__isnull=False, object_id=str(page.pk)
            ).status,
            WorkflowState.STATUS_APPROVED,
        )
        self.assertEqual(recipients(), ["redaktor@smakom.se"])
        self.client.logout()
        self.assertEqual(self.client.get(page.url).status_code, 200)

    def test_board_asks_for_changes(self):
        page = self.submit_response()
        mail.outbox.clear()
        self.act(self.board_member, page, "reject", comment="Punkt 2 behöver skärpas.")
        page.refresh_from_db()
        self.assertFalse(page.live)
        state = WorkflowState.objects.get(object_id=str(page.pk))
        self.assertEqual(state.status, WorkflowState.STATUS_NEEDS_CHANGES)
        self.assertEqual(recipients(), ["redaktor@smakom.se"])
        self.assertIn("Punkt 2 behöver skärpas.", mail.outbox[0].body)

    def test_the_secretariat_cannot_skip_the_board(self):
        page = self.submit_response()
        self.client.force_login(self.secretary)
        task_state = page.current_workflow_task_state
        response = self.client.post(
            reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk])
        )
        self.assertIn(response.status_code, {302, 403})
        page.refresh_from_db()
        self.assertEqual(page.current_workflow_task.name, roles.BOARD_TASK)
        self.assertFalse(page.live)

    def test_the_editor_cannot_approve_their_own_submission(self):
        page = self.submit_response()
        task_state = page.current_workflow_task_state
        response = self.client.post(
            reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk])
        )
        self.assertIn(response.status_code, {302, 403})
        page.refresh_from_db()
        self.assertEqual(page.current_workflow_task.name, roles.BOARD_TASK)

    def test_an_editor_cannot_publish(self):
        self.client.force_login(self.editor)
        url = reverse(
            "wagtailadmin_pages:add", args=["articles", "articlepage", self.news_index.pk]
        )
        data = article_form_data(slug="smakom-svarar-pa-remiss")
        data["action-publish"] = "Publicera"
        self.client.post(url, data)
        self.assertFalse(ArticlePage.objects.filter(live=True).exists())

    def test_news_goes_to_the_secretariat_only(self):
        self.client.force_login(self.editor)
        url = reverse(
            "wagtailadmin_pages:add", args=["articles", "articlepage", self.news_index.pk]
        )
        data = article_form_data(slug="smakom-svarar-pa-remiss")
        data["action-submit"] = "Skicka till granskning"
        self.assertEqual(self.client.post(url, data).status_code, 302)
        article = ArticlePage.objects.get(slug="smakom-svarar-pa-remiss")
        self.assertEqual(article.current_workflow_task.name, roles.SECRETARIAT_TASK)
        self.assertEqual(recipients(), ["kansli@smakom.se"])
        self.act(self.secretary, article)
        article.refresh_from_db()
        self.assertTrue(article.live)


class BoardFirstTests(TestCase):
    """The secretariat publishes a remissvar the first time only after the board approved it."""

    @classmethod
    def setUpTestData(cls):
        cls.index = ConsultationResponseIndexPageFactory()
        cls.ministry = MinistryFactory(name="Finansdepartementet")
        cls.document = DocumentFactory()
        cls.secretary = secretary()
        cls.board_member = board_member()

    def add_url(self) -> str:
        return reverse(
            "wagtailadmin_pages:add",
            args=["consultation_responses", "consultationresponsepage", self.index.pk],
        )

    def publish_new(self) -> ConsultationResponsePage:
        self.client.force_login(self.secretary)
        data = response_form_data(self.ministry, self.document, slug="spara-i-goda-tider")
        data["action-publish"] = "Publicera"
        self.assertEqual(self.client.post(self.add_url(), data).status_code, 302)
        return ConsultationResponsePage.objects.get(slug="spara-i-goda-tider")

    def test_publishing_a_new_remissvar_submits_it_to_the_board(self):
        page = self.publish_new()
        self.assertFalse(page.live)
        self.assertEqual(page.current_workflow_task.name, roles.BOARD_TASK)
        self.assertEqual(recipients(), ["styrelse@smakom.se"])

    def test_bulk_publishing_refuses_what_the_board_has_not_approved(self):
        page = self.publish_new()
        url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])
        response = self.client.post(f"{url}?id={page.pk}&next=/admin/", {})
        self.assertEqual(response.status_code, 302)
        page.refresh_from_db()
        self.assertFalse(page.live)
        self.assertEqual(page.current_workflow_task.name, roles.BOARD_TASK)

    def test_once_approved_the_secretariat_publishes_changes_directly(self):
        page = self.publish_new()
        for user in (self.board_member, self.secretary):
            self.client.force_login(user)
            task_state = page.current_workflow_task_state
            self.client.post(
                reverse(
                    "wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk]
                )
            )
            page.refresh_from_db()
        self.assertTrue(page.live)
        self.client.force_login(self.secretary)
        data = response_form_data(
            self.ministry, self.document, slug="spara-i-goda-tider", title="Spara i goda tider!"
        )
        data["action-publish"] = "Publicera"
        self.client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
        page.refresh_from_db()
        self.assertEqual(page.title, "Spara i goda tider!")
        self.assertIsNone(page.current_workflow_state)
