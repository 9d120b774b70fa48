"""The roles a migration creates: what an editor, the secretariat and the board may each do."""

from __future__ import annotations

import importlib

from django.contrib.auth.models import Group
from django.test import TestCase
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Workflow
from wagtail.permissions import policy_registry

from core.editorial import roles
from members.models import MembershipApplication
from tests.core.editorial.helpers import board_member, editor, secretary
from tests.factories.articles import ArticleIndexPageFactory, ArticlePageFactory
from tests.factories.consultation_responses import ConsultationResponseIndexPageFactory
from tests.factories.core import ImageFactory, english_locale, translate_page
from tests.factories.members import MembershipApplicationFactory

image_permissions = policy_registry.get_by_type(get_image_model())
document_permissions = policy_registry.get_by_type(get_document_model())


class RolesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = ArticlePageFactory()
        cls.editor = editor()
        cls.secretary = secretary()
        cls.board_member = board_member()

    def test_the_three_roles_replace_wagtails_default_groups(self):
        self.assertEqual(
            set(Group.objects.values_list("name", flat=True)),
            {roles.EDITOR, roles.SECRETARIAT, roles.BOARD},
        )

    def test_page_permissions(self):
        def can(user):
            perms = self.article.permissions_for_user(user)
            return {
                "edit": perms.can_edit(),
                "publish": perms.can_publish(),
                "unpublish": perms.can_unpublish(),
                "delete": perms.can_delete(),
            }

        self.assertEqual(
            can(self.editor), {"edit": True, "publish": False, "unpublish": False, "delete": False}
        )
        self.assertEqual(
            can(self.secretary), {"edit": True, "publish": True, "unpublish": True, "delete": True}
        )
        self.assertEqual(
            can(self.board_member),
            {"edit": False, "publish": False, "unpublish": False, "delete": False},
        )

    def test_everyone_may_enter_the_admin(self):
        for user in (self.editor, self.secretary, self.board_member):
            self.client.force_login(user)
            self.assertEqual(self.client.get(reverse("wagtailadmin_home")).status_code, 200)

    def test_images_and_documents(self):
        image = ImageFactory(uploaded_by_user=self.secretary)

        def actions(user):
            return {
                action
                for action in ("change", "choose", "delete")
                if image_permissions.user_has_permission_for_instance(user, action, image)
            }

        self.assertEqual(actions(self.editor), {"choose"})
        self.assertEqual(actions(self.secretary), {"change", "choose", "delete"})
        self.assertEqual(actions(self.board_member), {"choose"})
        self.assertTrue(image_permissions.user_has_permission(self.editor, "add"))
        own = ImageFactory(uploaded_by_user=self.editor)
        self.assertTrue(
            image_permissions.user_has_permission_for_instance(self.editor, "change", own)
        )
        self.assertFalse(image_permissions.user_has_permission(self.board_member, "add"))
        for user, allowed in ((self.editor, True), (self.board_member, False)):
            self.assertEqual(document_permissions.user_has_permission(user, "add"), allowed)

    def test_only_the_secretariat_sees_the_applications(self):
        url = reverse("wagtailsnippets_members_membershipapplication:list")
        for user, status in ((self.secretary, 200), (self.editor, 302), (self.board_member, 302)):
            self.client.force_login(user)
            self.assertEqual(self.client.get(url).status_code, status, user)

    def test_the_secretariat_marks_an_application_handled_and_nothing_else(self):
        application = MembershipApplicationFactory(contact_name="Anna Andersson")
        self.client.force_login(self.secretary)
        url = reverse("wagtailsnippets_members_membershipapplication:edit", args=[application.pk])
        self.assertEqual(self.client.get(url).status_code, 200)
        response = self.client.post(url, {"handled": "on", "contact_name": "Någon annan"})
        self.assertEqual(response.status_code, 302)
        application.refresh_from_db()
        self.assertTrue(application.handled)
        self.assertEqual(application.contact_name, "Anna Andersson")
        add = reverse("wagtailsnippets_members_membershipapplication:add")
        self.assertNotEqual(self.client.get(add).status_code, 200)
        self.assertEqual(MembershipApplication.objects.count(), 1)


class WorkflowAssignmentTests(TestCase):
    def test_every_remissvar_listing_follows_board_approval_in_both_languages(self):
        english_locale()
        index = ConsultationResponseIndexPageFactory()
        translation = translate_page(index, title="Consultation responses")
        for page in (index, translation):
            self.assertEqual(page.get_workflow().name, roles.BOARD_WORKFLOW)

    def test_other_pages_follow_the_secretariats_review(self):
        self.assertEqual(ArticleIndexPageFactory().get_workflow().name, roles.DEFAULT_WORKFLOW)

    def test_the_workflows_steps(self):
        steps = {
            workflow.name: [task.name for task in workflow.tasks]
            for workflow in Workflow.objects.filter(active=True)
        }
        self.assertEqual(
            steps,
            {
                roles.DEFAULT_WORKFLOW: [roles.SECRETARIAT_TASK],
                roles.BOARD_WORKFLOW: [roles.BOARD_TASK, roles.SECRETARIAT_TASK],
            },
        )


class MigrationOnASiteInUseTests(TestCase):
    """On a site whose Wagtail moderators approve pages, the migration keeps them approving."""

    def test_wagtails_moderators_keep_approving_beside_the_secretariat(self):
        from django.apps import apps
        from wagtail.models import GroupApprovalTask

        migration = importlib.import_module("home.migrations.0006_roles_and_workflows")
        moderators = Group.objects.create(name="Moderators")
        editor("moderator").groups.set([moderators])
        # As Wagtail's own migrations left things before this one.
        task = GroupApprovalTask.objects.get(name=roles.SECRETARIAT_TASK)
        task.name = "Moderators approval"
        task.save()
        task.groups.set([moderators])
        Workflow.objects.filter(name=roles.DEFAULT_WORKFLOW).update(name="Moderators approval")

        migration.create_roles_and_workflows(apps, None)

        task.refresh_from_db()
        self.assertEqual(task.name, roles.SECRETARIAT_TASK)
        self.assertEqual(
            set(task.groups.values_list("name", flat=True)), {roles.SECRETARIAT, "Moderators"}
        )
        self.assertTrue(Group.objects.filter(name="Moderators").exists())
        self.assertTrue(Workflow.objects.filter(name=roles.DEFAULT_WORKFLOW).exists())
