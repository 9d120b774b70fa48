"""Queued background tasks follow scheduled publishing from home.tasks to core.editorial.tasks.

A task waiting in the database names its function by import path; without this, a go-live or
expiry time queued before the platform moved out of home/ would fail in the worker.
"""

from django.db import migrations

OLD_PREFIX = "home.tasks."
NEW_PREFIX = "core.editorial.tasks."


def rename_task_paths(apps, schema_editor, old=OLD_PREFIX, new=NEW_PREFIX):
    DBTaskResult = apps.get_model("django_tasks_database", "DBTaskResult")
    for result in DBTaskResult.objects.filter(task_path__startswith=old).only("task_path"):
        result.task_path = new + result.task_path.removeprefix(old)
        result.save(update_fields=["task_path"])


def restore_task_paths(apps, schema_editor):
    rename_task_paths(apps, schema_editor, old=NEW_PREFIX, new=OLD_PREFIX)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0009_video_embed_help_text"),
        (
            "django_tasks_database",
            "0019_rename_django_task_new_ordering_idx_tasks_db_new_ordering_idx_and_more",
        ),
    ]

    operations = [migrations.RunPython(rename_task_paths, restore_task_paths)]
