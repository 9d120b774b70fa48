"""Record the board's approval on each remissvar; on a site in use, a response the board approved
in a workflow keeps that approval, and one already published (under the rules of the time) counts
as approved when it was first published."""

from django.db import migrations, models

BOARD_TASK = "Styrelsens godkännande"


def backfill(apps, schema_editor):
    ConsultationResponsePage = apps.get_model("consultation_responses", "ConsultationResponsePage")
    TaskState = apps.get_model("wagtailcore", "TaskState")
    approved = {}
    for object_id, finished_at in (
        TaskState.objects.filter(task__name=BOARD_TASK, status="approved")
        .order_by("-finished_at")
        .values_list("workflow_state__object_id", "finished_at")
    ):
        approved[object_id] = finished_at
    for page in ConsultationResponsePage.objects.filter(board_approved_at__isnull=True):
        when = approved.get(str(page.pk)) or page.first_published_at
        if when is not None:
            ConsultationResponsePage.objects.filter(pk=page.pk).update(board_approved_at=when)


class Migration(migrations.Migration):
    dependencies = [
        ("consultation_responses", "0003_intro_on_base_page"),
        ("home", "0006_roles_and_workflows"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AddField(
            model_name="consultationresponsepage",
            name="board_approved_at",
            field=models.DateTimeField(
                blank=True,
                editable=False,
                null=True,
                verbose_name="styrelsen godkände publicering",
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
