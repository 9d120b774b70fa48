"""The members API: /api/v3/members/ and its GeoJSON, and the v2 fields of the new page types."""

from __future__ import annotations

import json

import pytest

from members.kommuner import SWEDEN_LATITUDE, SWEDEN_LONGITUDE
from tests.core.api.v3_helpers import API, assert_problem
from tests.factories.members import (
    MembershipApplicationPageFactory,
    MembersPageFactory,
    MunicipalityFactory,
)

pytestmark = pytest.mark.django_db

MEMBERS = f"{API}/members/"
GEOJSON = f"{API}/members/geojson/"
KEYS = {"name", "kommunkod", "lan", "latitude", "longitude", "website", "member_since"}


@pytest.fixture
def register():
    for kod in ("2309", "2305", "1730", "1764"):
        MunicipalityFactory(kommunkod=kod)
    MunicipalityFactory(kommunkod="0584", active=False)


def test_list_contract_count_and_order(client, register):
    body = client.get(MEMBERS).json()

    assert body["count"] == 4
    assert [item["name"] for item in body["items"]] == ["Bräcke", "Eda", "Grums", "Krokom"]
    item = body["items"][-1]
    assert set(item) == KEYS
    assert item["kommunkod"] == "2309" and item["lan"] == "Jämtlands län"
    assert isinstance(item["latitude"], float) and isinstance(item["member_since"], int)


@pytest.mark.parametrize("lan", ["17", "Värmlands län", "VÄRMLANDS LÄN", "Värmlands"])
def test_filter_by_lan_by_code_or_name(client, register, lan):
    body = client.get(MEMBERS, {"lan": lan}).json()
    assert [item["kommunkod"] for item in body["items"]] == ["1730", "1764"]
    assert body["count"] == 2


@pytest.mark.parametrize("params", [{"lan": "Atlantis län"}, {"lan": "99"}, {"kommun": "x"}])
def test_bad_input_is_a_calm_400(client, register, params):
    assert_problem(client.get(MEMBERS, params), 400)
    assert_problem(client.get(GEOJSON, params), 400)


def test_geojson_is_a_valid_feature_collection(client, register):
    response = client.get(GEOJSON)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/geo+json")
    data = json.loads(response.content)
    assert data["type"] == "FeatureCollection"
    assert len(data["features"]) == 4
    for feature in data["features"]:
        assert feature["type"] == "Feature"
        assert feature["geometry"]["type"] == "Point"
        lon, lat = feature["geometry"]["coordinates"]
        assert SWEDEN_LONGITUDE[0] < lon < SWEDEN_LONGITUDE[1]
        assert SWEDEN_LATITUDE[0] < lat < SWEDEN_LATITUDE[1]
        assert set(feature["properties"]) == {"name", "kommunkod", "lan", "website"}
    krokom = next(f for f in data["features"] if f["properties"]["kommunkod"] == "2309")
    assert krokom["geometry"]["coordinates"] == [14.39, 63.37]


def test_v2_member_count_and_fields(client, register):
    MembersPageFactory()
    MembershipApplicationPageFactory()

    members = client.get(
        "/api/v2/pages/", {"type": "members.MembersPage", "fields": "member_count"}
    ).json()
    assert members["items"][0]["member_count"] == 4
    form = client.get(
        "/api/v2/pages/",
        {"type": "members.MembershipApplicationPage", "fields": "form_intro,thank_you_text"},
    ).json()
    assert "thank_you_text" in form["items"][0]


def test_html_and_both_apis_agree_on_the_count(client, register):
    page = MembersPageFactory()
    html = client.get(page.url).content.decode()
    count = client.get(MEMBERS).json()["count"]
    features = client.get(GEOJSON).json()["features"]
    assert count == len(features) == 4
    assert f"<strong>{count}</strong> medlemskommuner" in html
