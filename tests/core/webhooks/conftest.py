"""The webhooks' tests' shared fixtures: commits that run their on-commit work, and a public
site with a news index whose pages the change log already knows."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from tests.core.api.helpers import configure_public_site
from tests.factories.articles import ArticleIndexPageFactory
from tests.factories.home import HomePageFactory


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def news(committed):
    configure_public_site()
    with committed():
        HomePageFactory()
        index = ArticleIndexPageFactory()
    call_command("record_page_changes", stdout=StringIO())
    return index
