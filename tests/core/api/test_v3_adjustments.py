"""The adjustments core makes to Wagtail's v3 API (core.api.v3.adjust_wagtail_v3_api, applied in
CoreConfig.ready()) are in place, and the Wagtail and django-ninja internals they rely on are
where they were. When a Wagtail or django-ninja upgrade moves one of them, a test here fails
with what to look at, instead of the adjustment silently no longer applying."""

import inspect

from django.apps import apps
from django.conf import settings
from ninja.orm import fields as ninja_model_fields
from wagtail.api.v3 import querysets as wagtail_querysets
from wagtail.api.v3.routers import pages as v3_pages

from core.api import v3


def registered_prefixes() -> list[str]:
    # django-ninja keeps (prefix, router, ...) tuples; adjust_wagtail_v3_api filters them.
    return [registration[0] for registration in v3.api_v3._router_registrations]


def test_core_comes_first_so_schemas_are_built_after_the_english_titles():
    """Wagtail builds its page schemas when wagtail.api.v3.api is first imported, which a
    Wagtail app's ready() does; core's ready() must run before all of them."""
    assert settings.INSTALLED_APPS[0] == "core"
    first_wagtail_app = next(
        config.name for config in apps.get_app_configs() if config.name.startswith("wagtail")
    )
    names = [config.name for config in apps.get_app_configs()]
    assert names.index("core") < names.index(first_wagtail_app)


def test_ninja_field_titles_are_built_in_english():
    """title_if_lower is wrapped (core.api.openapi.title_schema_fields_in_english), and ninja
    still calls it by its module-level name when it builds a model field's schema."""
    assert hasattr(ninja_model_fields.title_if_lower, "wrapped")
    assert "title_if_lower" in ninja_model_fields.get_schema_field.__code__.co_names


def test_wagtails_page_views_look_the_queryset_up_where_it_is_replaced():
    """Wagtail's page views call get_pages_queryset by its name in the pages router's module:
    replacing that name (shown_pages_queryset) changes what every page view reads from."""
    assert v3_pages.get_pages_queryset is v3.shown_pages_queryset
    assert v3.wagtail_get_pages_queryset is wagtail_querysets.get_pages_queryset
    source = inspect.getsource(v3_pages)
    assert source.count("get_pages_queryset(request") >= 4, (
        "Wagtail's v3 page views no longer call get_pages_queryset(request, …): find where "
        "they get their queryset now and narrow it there for anonymous readers."
    )


def test_the_redirects_router_is_refused_when_wagtail_adds_it():
    """wagtail.contrib.redirects adds /redirects/ in its ready(), after core's: the API's
    add_router refuses it, and it is not served."""
    assert "/redirects/" in v3.refused_routers, (
        "Wagtail no longer adds a /redirects/ router through api.add_router: check whether it "
        "still serves one (it would list redirects to drafts and private pages)."
    )
    assert "/redirects/" not in registered_prefixes()


def test_the_page_apps_routers_and_the_projects_own_are_added():
    declared = [
        prefix for config in apps.get_app_configs() for prefix in getattr(config, "api_routers", {})
    ]
    assert declared == ["/news/", "/consultation-responses/", "/events/", "/members/"]
    prefixes = registered_prefixes()
    for prefix in [*declared, v3.CHANGES_ROUTER[0], v3.PREVIEWS_ROUTER[0]]:
        assert prefixes.count(prefix) == 1, prefix


def test_the_decorators_and_exception_handlers_are_registered():
    decorators = [decorator for decorator, _mode in v3.api_v3.default_router._decorators]
    for decorator in (
        v3.reject_unknown_query_parameters,
        v3.in_page_language,
        v3.snippet_translation_of_by_id,
        v3.join_collections,
    ):
        assert decorator in decorators, decorator.__name__
    for error_class in (AttributeError, KeyError, TypeError, ValueError):
        assert v3.api_v3._exception_handlers[error_class] is v3.malformed_write


def test_the_api_has_the_sites_title():
    assert v3.api_v3.title == v3.TITLE
    assert v3.api_v3.description == v3.DESCRIPTION
