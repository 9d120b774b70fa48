"""The members router of API v3: the active member municipalities, as a list and as GeoJSON."""

import json
from typing import Literal

from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate
from wagtail.api.v3.pagination import WagtailLimitOffsetPagination

from .kommuner import lan_names
from .models import Municipality, MunicipalityQuerySet

router = Router(tags=["members"])

GEOJSON_CONTENT_TYPE = "application/geo+json"


class MunicipalitySchema(Schema):
    """An active member municipality."""

    name: str
    kommunkod: str = Field(description="SCB's four-digit municipality code, e.g. 2309.")
    lan: str = Field(description='The county (län), e.g. "Jämtlands län".')
    latitude: float | None = Field(description="WGS84 latitude of the municipality's centre.")
    longitude: float | None = Field(description="WGS84 longitude of the municipality's centre.")
    website: str
    member_since: int | None = Field(description="The year the municipality joined, if known.")


class MembersFilterSchema(Schema):
    lan: str | None = Field(
        None,
        min_length=2,
        max_length=50,
        description='A county: its two-digit code ("23") or its name ("Jämtlands län", any case).',
    )


class PointGeometry(Schema):
    type: Literal["Point"] = "Point"
    coordinates: list[float] = Field(description="[longitude, latitude] (WGS84), as GeoJSON says.")


class MemberProperties(Schema):
    name: str
    kommunkod: str
    lan: str
    website: str


class MemberFeature(Schema):
    type: Literal["Feature"] = "Feature"
    id: str = Field(description="The kommunkod.")
    geometry: PointGeometry
    properties: MemberProperties


class MemberFeatureCollection(Schema):
    type: Literal["FeatureCollection"] = "FeatureCollection"
    features: list[MemberFeature]


def lan_code(value: str) -> str:
    """The two-digit code of a county given by code or by name; an unknown one is a 400."""
    value = value.strip()
    names = lan_names()
    if value in names:
        return value
    wanted = value.casefold()
    for code, name in names.items():
        if wanted in {name.casefold(), name.casefold().removesuffix(" län")}:
            return code
    raise HttpError(400, f"Unknown län {value[:50]!r}: give its two-digit code or its name.")


def members(filters: MembersFilterSchema) -> MunicipalityQuerySet:
    found = Municipality.objects.active().for_listing()
    if filters.lan:
        found = found.filter(kommunkod__startswith=lan_code(filters.lan))
    return found


@router.get(
    "/",
    response=list[MunicipalitySchema],
    summary="Member municipalities",
    operation_id="members_list",
    url_name="members_list",
)
@paginate(WagtailLimitOffsetPagination)
def list_members(
    request: HttpRequest,
    filters: MembersFilterSchema = Query(...),  # noqa: B008
) -> MunicipalityQuerySet:
    """Active member municipalities by name (then id); ``count`` is the number of members."""
    return members(filters)


@router.get(
    "/geojson/",
    response={200: MemberFeatureCollection},
    summary="Member municipalities as GeoJSON",
    operation_id="members_geojson",
    url_name="members_geojson",
    openapi_extra={
        "responses": {
            200: {
                "description": "A GeoJSON FeatureCollection (RFC 7946) of Point features.",
                "content": {
                    GEOJSON_CONTENT_TYPE: {
                        "schema": {"$ref": "#/components/schemas/MemberFeatureCollection"}
                    }
                },
            }
        }
    },
)
def members_geojson(
    request: HttpRequest,
    filters: MembersFilterSchema = Query(...),  # noqa: B008
) -> HttpResponse:
    """Every active member with coordinates as a Point feature, by name (then id); not paginated."""
    collection = MemberFeatureCollection(
        features=[
            MemberFeature(
                id=member.kommunkod,
                geometry=PointGeometry(coordinates=[member.longitude, member.latitude]),
                properties=MemberProperties(
                    name=member.name,
                    kommunkod=member.kommunkod,
                    lan=member.lan,
                    website=member.website,
                ),
            )
            for member in members(filters).exclude(latitude=None).exclude(longitude=None)
        ]
    )
    return HttpResponse(
        json.dumps(collection.model_dump(), ensure_ascii=False),
        content_type=f"{GEOJSON_CONTENT_TYPE}; charset=utf-8",
    )
