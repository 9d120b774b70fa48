"""An index on image renditions' file names: core.files.renditions looks each requested file up by it."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0007_headless_preview"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS smakom_rendition_file ON wagtailimages_rendition (file)",
            "DROP INDEX IF EXISTS smakom_rendition_file",
        )
    ]
