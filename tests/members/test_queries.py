"""Pinned SQL query counts for the members pages and API, equal for 2 and 30 municipalities."""

from __future__ import annotations

import pytest

from members.kommuner import kommuner
from tests.factories.members import (
    MembershipApplicationPageFactory,
    MembersPageFactory,
    MunicipalityFactory,
)
from tests.test_queries import ITEM_COUNTS, measure

pytestmark = pytest.mark.django_db

QUERIES = {
    "members_page": 13,
    "application_page": 11,
    "api_members": 2,
    "api_geojson": 1,
}


def make_members(count: int) -> None:
    for kod in list(kommuner())[:count]:
        MunicipalityFactory(kommunkod=kod)


@pytest.mark.parametrize("count", ITEM_COUNTS)
def test_members_page(client, django_assert_num_queries, count):
    make_members(count)
    MembershipApplicationPageFactory()
    measure(client, django_assert_num_queries, MembersPageFactory().url, QUERIES["members_page"])


@pytest.mark.parametrize("count", ITEM_COUNTS)
def test_application_page(client, django_assert_num_queries, count):
    make_members(count)
    page = MembershipApplicationPageFactory()
    measure(client, django_assert_num_queries, page.url, QUERIES["application_page"])


@pytest.mark.parametrize("count", ITEM_COUNTS)
def test_api_members(client, django_assert_num_queries, count):
    make_members(count)
    measure(client, django_assert_num_queries, "/api/v3/members/", QUERIES["api_members"])


@pytest.mark.parametrize("count", ITEM_COUNTS)
def test_api_geojson(client, django_assert_num_queries, count):
    make_members(count)
    measure(client, django_assert_num_queries, "/api/v3/members/geojson/", QUERIES["api_geojson"])
