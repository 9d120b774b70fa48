"""The editors' roles (Redaktör, Kansli, Styrelse) and their workflows: see core/editorial/roles.py."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from core.editorial import roles


def ensure_permissions(apps):
    """Model permissions are made after all migrations (post_migrate); this one needs them now."""
    for app_config in apps.get_app_configs():
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = models_module


def create_roles_and_workflows(apps, schema_editor):
    ensure_permissions(apps)
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Collection = apps.get_model("wagtailcore.Collection")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")
    GroupApprovalTask = apps.get_model("wagtailcore.GroupApprovalTask")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowTask = apps.get_model("wagtailcore.WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore.WorkflowPage")

    def permission(app_label, codename):
        return Permission.objects.get(content_type__app_label=app_label, codename=codename)

    root_page = Page.objects.get(depth=1)
    root_collection = Collection.objects.get(depth=1)
    groups = {}
    for name in roles.ROLES:
        group, _ = Group.objects.get_or_create(name=name)
        groups[name] = group
        group.permissions.add(*(permission(*key) for key in roles.MODEL_PERMISSIONS[name]))
        for permission_type in roles.PAGE_PERMISSIONS[name]:
            GroupPagePermission.objects.get_or_create(
                group=group,
                page=root_page,
                permission=permission("wagtailcore", f"{permission_type}_page"),
            )
        for key in roles.COLLECTION_PERMISSIONS[name]:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=permission(*key)
            )

    # Wagtail's "Moderators approval" (on the root page) becomes the secretariat's review.
    task_type = ContentType.objects.get_for_model(GroupApprovalTask)
    legacy_task = GroupApprovalTask.objects.filter(name="Moderators approval").first()
    tasks = {}
    for workflow_tasks in roles.WORKFLOWS.values():
        for task_name, group_name in workflow_tasks:
            if task_name in tasks:
                continue
            task = GroupApprovalTask.objects.filter(name=task_name).first()
            if task is None and task_name == roles.SECRETARIAT_TASK and legacy_task is not None:
                task = legacy_task
                task.name = task_name
                task.save(update_fields=["name"])
            if task is None:
                task = GroupApprovalTask.objects.create(
                    name=task_name, content_type=task_type, active=True
                )
            task.groups.set([groups[group_name]])
            if task == legacy_task:
                # On a site already in use, Wagtail's moderators keep approving beside Kansli.
                task.groups.add(*Group.objects.filter(name="Moderators", user__isnull=False).distinct())
            tasks[task_name] = task

    legacy_workflow = Workflow.objects.filter(name="Moderators approval").first()
    workflows = {}
    for workflow_name, workflow_tasks in roles.WORKFLOWS.items():
        workflow = Workflow.objects.filter(name=workflow_name).first()
        if workflow is None and workflow_name == roles.DEFAULT_WORKFLOW and legacy_workflow:
            workflow = legacy_workflow
            workflow.name = workflow_name
            workflow.save(update_fields=["name"])
        if workflow is None:
            workflow = Workflow.objects.create(name=workflow_name, active=True)
        WorkflowTask.objects.filter(workflow=workflow).delete()
        for sort_order, (task_name, _) in enumerate(workflow_tasks):
            WorkflowTask.objects.create(
                workflow=workflow, task=tasks[task_name], sort_order=sort_order
            )
        workflows[workflow_name] = workflow

    WorkflowPage.objects.update_or_create(
        page=root_page, defaults={"workflow": workflows[roles.DEFAULT_WORKFLOW]}
    )
    index_type = ContentType.objects.get_for_model(
        apps.get_model("consultation_responses", "ConsultationResponseIndexPage")
    )
    for index in Page.objects.filter(content_type=index_type):
        WorkflowPage.objects.update_or_create(
            page=index, defaults={"workflow": workflows[roles.BOARD_WORKFLOW]}
        )

    # Wagtail's own groups, unused on a new site, would only confuse: two names per role.
    Group.objects.filter(name__in=roles.WAGTAIL_DEFAULT_GROUPS, user__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0005_english_locale"),
        ("members", "0002_membership_application_handled"),
        ("consultation_responses", "0003_intro_on_base_page"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
        ("wagtailsearchpromotions", "0008_query_verbose_name"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
    ]

    # Reversing leaves the groups and workflows alone: users and pages may depend on them.
    operations = [migrations.RunPython(create_roles_and_workflows, migrations.RunPython.noop)]
