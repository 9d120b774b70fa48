"""The members router of API v3: the active member municipalities, as a list and as GeoJSON."""

import json
import re
from typing import Annotated, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate
from pydantic import WithJsonSchema
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


def any_case(text: str) -> str:
    """A regular expression for ``text`` in any letter case (JSON Schema patterns have no flags)."""
    return "".join(
        f"[{letter.upper()}{letter.lower()}]" if letter.upper() != letter.lower() else letter
        for letter in text
    )


def lan_pattern() -> str:
    """What the ``lan`` filter accepts: a county's two-digit code, or its name with or without
    "län" in any case, with spaces around it or not. Anything else is a 400 (``lan_code``)."""
    names = sorted({name.removesuffix(" län") for name in lan_names().values()})
    codes = "|".join(sorted(lan_names()))
    return f"^ *(?:{codes}|(?:{'|'.join(map(any_case, names))})(?: {any_case('län')})?) *$"


LAN_PATTERN = lan_pattern()
LAN_VALUE = re.compile(LAN_PATTERN)

# The pattern is documented, not validated by the schema: a county the filter doesn't know is
# a 400 with an explanation (``lan_code``), as it was before the pattern was documented.
LanFilter = Annotated[
    str,
    WithJsonSchema({"type": "string", "minLength": 2, "maxLength": 50, "pattern": LAN_PATTERN}),
]


class MembersFilterSchema(Schema):
    lan: LanFilter | None = Field(
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
    """The two-digit code of a county given by code or by name (``LAN_PATTERN``); an unknown
    one is a 400."""
    if LAN_VALUE.fullmatch(value):
        wanted = value.strip(" ").lower().removesuffix(" län")
        for code, name in lan_names().items():
            if wanted in {code, name.lower().removesuffix(" län")}:
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
