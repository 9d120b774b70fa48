"""An index in the remissvar listings' order, newest first (``for_listing``: the response date,
sent else approved else the deadline, with undated ones last, then the id): the home page's
latest three of 5,000 read three index entries instead of sorting them all.

PostgreSQL only, the production database: SQLite cannot say NULLS LAST in an index, and its
small development databases need none. So it is not in the model's Meta."""

from django.db import migrations

INDEX = "response_newest_first"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{INDEX}" '
            'ON "consultation_responses_consultationresponsepage" '
            '((COALESCE("sent_date", "approved_date", "deadline")) DESC NULLS LAST, '
            '"page_ptr_id" DESC)'
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f'DROP INDEX IF EXISTS "{INDEX}"')


class Migration(migrations.Migration):
    dependencies = [("consultation_responses", "0004_board_approved_at")]

    operations = [migrations.RunPython(create, drop)]
