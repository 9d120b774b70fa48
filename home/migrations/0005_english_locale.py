from django.db import migrations


def create_english_locale(apps, schema_editor):
    """English is the site's second language: its locale exists from the start, so editors can
    translate into it without first visiting Settings → Locales."""
    Locale = apps.get_model("wagtailcore.Locale")
    Locale.objects.get_or_create(language_code="en")


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0004_intro_on_base_page"),
    ]

    # Reversing leaves the locale alone: translations may already use it.
    operations = [migrations.RunPython(create_english_locale, migrations.RunPython.noop)]
