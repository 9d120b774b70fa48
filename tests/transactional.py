"""Transactional tests (a live server, the worker) end by emptying every table (Django's flush),
and Django's serialized rollback does not bring the data migrations' rows back after a live
server test. Such tests call ``ensure_initial_data`` first instead."""

from __future__ import annotations

import importlib


def ensure_initial_data() -> None:
    """What the data migrations made, made again: a transactional test empties every table
    when it ends (Django's flush), and the browser tests need the locales, the root page and
    collection, the home page and its site, and the roles and workflows (home/migrations/0006)."""
    from django.apps import apps
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Collection, Locale, Page, Site

    from tests.factories.home import HomePageFactory

    ContentType.objects.clear_cache()  # the flush gave the content types new ids
    for code in ("sv", "en"):
        Locale.objects.get_or_create(language_code=code)
    if Page.get_first_root_node() is None:
        Page.add_root(
            instance=Page(
                title="Root",
                slug="root",
                content_type=ContentType.objects.get_for_model(Page),
                locale=Locale.objects.get(language_code="sv"),
            )
        )
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    # Model permissions come back after a flush (post_migrate); this one has no model.
    Permission.objects.get_or_create(
        content_type=ContentType.objects.get_or_create(
            app_label="wagtail_localize", model="translation"
        )[0],
        codename="submit_translation",
        defaults={"name": "Can submit translations"},
    )
    if not Site.objects.exists():
        Site.objects.create(hostname="localhost", root_page=HomePageFactory(), is_default_site=True)
    roles = importlib.import_module("home.migrations.0006_roles_and_workflows")
    roles.create_roles_and_workflows(apps, None)
    webhooks = importlib.import_module("core.migrations.0003_webhooks")
    webhooks.grant_webhook_permissions(apps, None)
