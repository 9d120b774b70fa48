"""The change log covers images, documents and snippets too, and names each change's event:
``PageChange`` becomes ``ContentChange`` (``page_id`` → ``object_id``, ``page_type`` →
``object_type``) with a ``kind`` and an ``event``; the webhooks' two page events become four."""

from django.db import migrations, models

# The events each old page event stood for.
OLD_EVENTS = {
    "page.upsert": ["page.published", "page.moved"],
    "page.delete": ["page.unpublished", "page.deleted"],
}


def name_events(apps, schema_editor):
    ContentChange = apps.get_model("core", "ContentChange")
    Page = apps.get_model("wagtailcore", "Page")
    ContentChange.objects.filter(action="upsert").update(event="page.published")
    ContentChange.objects.filter(action="delete").update(event="page.unpublished")
    ContentChange.objects.filter(action="delete").exclude(
        object_id__in=Page.objects.values("pk")
    ).update(event="page.deleted")
    WebhookEndpoint = apps.get_model("core", "WebhookEndpoint")
    for endpoint in WebhookEndpoint.objects.all():
        events = []
        for event in endpoint.events:
            events += [new for new in OLD_EVENTS.get(event, [event]) if new not in events]
        WebhookEndpoint.objects.filter(pk=endpoint.pk).update(events=events)


def old_events(apps, schema_editor):
    """Back: the endpoints' page events as the two they were; the new kinds are dropped."""
    WebhookEndpoint = apps.get_model("core", "WebhookEndpoint")
    for endpoint in WebhookEndpoint.objects.all():
        events = [old for old, new in OLD_EVENTS.items() if set(new) & set(endpoint.events)]
        WebhookEndpoint.objects.filter(pk=endpoint.pk).update(events=events)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_webhooks"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="pagechange", name="core_pagechange_page_id"),
        migrations.RenameModel("PageChange", "ContentChange"),
        migrations.RenameField("contentchange", "page_id", "object_id"),
        migrations.RenameField("contentchange", "page_type", "object_type"),
        migrations.AddField(
            model_name="contentchange",
            name="kind",
            field=models.CharField(
                choices=[
                    ("page", "Page"),
                    ("image", "Image"),
                    ("document", "Document"),
                    ("snippet", "Snippet"),
                ],
                default="page",
                max_length=8,
            ),
        ),
        migrations.AddField(
            model_name="contentchange",
            name="event",
            field=models.CharField(
                choices=[
                    ("page.published", "Sida publicerad eller ändrad"),
                    ("page.moved", "Sida flyttad eller med ny adress"),
                    ("page.unpublished", "Sida avpublicerad eller skyddad"),
                    ("page.deleted", "Sida borttagen"),
                    ("image.changed", "Bild ny eller ändrad"),
                    ("image.deleted", "Bild borttagen eller skyddad"),
                    ("document.changed", "Dokument nytt eller ändrat"),
                    ("document.deleted", "Dokument borttaget eller skyddat"),
                    ("snippet.changed", "Snutt (departement) ny eller ändrad"),
                    ("snippet.deleted", "Snutt (departement) borttagen"),
                ],
                default="page.published",
                max_length=20,
            ),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="contentchange",
            name="locale",
            field=models.CharField(blank=True, max_length=20),
        ),
        migrations.AddField(
            model_name="webhookendpoint",
            name="paused_until",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="pausad till"
            ),
        ),
        migrations.RunPython(name_events, old_events),
        migrations.AddIndex(
            model_name="contentchange",
            index=models.Index(fields=["kind", "object_id", "id"], name="core_change_object"),
        ),
        migrations.AddIndex(
            model_name="contentchange",
            index=models.Index(fields=["kind", "id"], name="core_change_kind"),
        ),
    ]
