"""The remissvar router of API v3: responses with their points and PDF, filterable."""

import datetime
from typing import Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from core.api.fields import document_data
from core.api.filters import filter_by_locale
from core.api.schemas import (
    DocumentLinkSchema,
    LocaleCode,
    PageItemSchema,
    PagesWithTranslationsPagination,
)

from .api import points_data
from .blocks import Stance
from .models import ConsultationResponsePage, ConsultationResponsePageQuerySet, ResponseStatus

router = Router(tags=["consultation responses"])

StatusLiteral = Literal[tuple(ResponseStatus.values)]  # type: ignore[valid-type]
StanceLiteral = Literal[tuple(Stance.values)]  # type: ignore[valid-type]


class MinistryLinkSchema(Schema):
    """The ministry a response answers: its name, and its slug for the ``ministry`` filter.

    Not the Ministry snippet's ``MinistrySchema`` (``/api/v3/snippets/…``): OpenAPI components
    are named by class, so the two must not share a name.
    """

    name: str
    slug: str = Field(description="The value of the ministry filter, e.g. finansdepartementet.")


class ResponsePointSchema(Schema):
    """One numbered point of a reply."""

    number: int
    stance: StanceLiteral = Field(description="supports, rejects or comments.")
    stance_label: str
    heading: str
    text: str = Field(description="The point as HTML.")
    proposal_reference: str = Field(description='The inquiry section, e.g. "p 2.3".')


class ConsultationResponseSchema(PageItemSchema):
    """A consultation response (remissvar) with everything its page shows."""

    id: int
    title: str
    html_url: str = Field(description="Absolute URL of the response on the public site.")
    locale: str
    inquiry_reference: str = Field(description='E.g. "SOU 2011:59"; empty for agency reports.')
    inquiry_title: str
    inquiry_author: str
    ministry: MinistryLinkSchema | None
    case_number: str = Field(description="The ministry's diarienummer.")
    deadline: datetime.date | None
    approved_date: datetime.date | None = Field(description="When the board approved it.")
    sent_date: datetime.date | None
    year: int | None = Field(description="Year of the sent date, else approval, else deadline.")
    status: StatusLiteral = Field(description="received, drafting, approved or sent.")
    status_label: str
    summary: str
    points: list[ResponsePointSchema]
    response_document: DocumentLinkSchema | None = Field(description="The signed reply (PDF).")
    outcome: str

    @staticmethod
    def resolve_html_url(page: ConsultationResponsePage, context: dict) -> str:
        return page.get_full_url(request=context["request"])

    @staticmethod
    def resolve_locale(page: ConsultationResponsePage) -> str:
        return page.locale.language_code

    @staticmethod
    def resolve_ministry(page: ConsultationResponsePage) -> dict | None:
        ministry = page.ministry
        return {"name": ministry.name, "slug": ministry.slug} if ministry else None

    @staticmethod
    def resolve_status_label(page: ConsultationResponsePage) -> str:
        return str(page.get_status_display())

    @staticmethod
    def resolve_points(page: ConsultationResponsePage, context: dict) -> list[dict]:
        return points_data(page.points, context["request"])

    @staticmethod
    def resolve_response_document(page: ConsultationResponsePage, context: dict) -> dict | None:
        return document_data(page.response_document, context["request"])


class ConsultationResponseFilterSchema(Schema):
    ministry: str | None = Field(None, max_length=120, description="A ministry's slug.")
    status: StatusLiteral | None = None
    year: int | None = Field(
        None, ge=1000, le=9999, description="Year of the sent date, else approval, else deadline."
    )
    inquiry_reference: str | None = Field(
        None, max_length=50, description='Exact inquiry reference, e.g. "SOU 2011:59".'
    )
    locale: LocaleCode | None = Field(None, description="Only responses in this language.")


@router.get(
    "/",
    response=list[ConsultationResponseSchema],
    summary="Consultation responses",
    operation_id="consultation_responses_list",
    url_name="consultation_responses_list",
)
@paginate(PagesWithTranslationsPagination)
def list_consultation_responses(
    request: HttpRequest,
    filters: ConsultationResponseFilterSchema = Query(...),  # noqa: B008
) -> ConsultationResponsePageQuerySet:
    """Live, public responses, newest first (sent date, else approval, else deadline; then id)."""
    responses = (
        ConsultationResponsePage.objects.for_readers()
        .with_year()
        .for_listing()
        .select_related("locale", "response_document")
    )
    responses = filter_by_locale(responses, filters.locale)
    if filters.ministry:
        responses = responses.filter(ministry__slug=filters.ministry)
    if filters.status:
        responses = responses.filter(status=filters.status)
    if filters.year:
        responses = responses.filter(year=filters.year)
    if filters.inquiry_reference:
        responses = responses.filter(inquiry_reference__iexact=filters.inquiry_reference.strip())
    return responses
