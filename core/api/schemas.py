"""Pydantic schemas shared by the project's v3 API routers."""

from typing import Any, Literal

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination
from pydantic import ValidationInfo, model_validator
from pydantic.functional_validators import ModelWrapValidatorHandler
from wagtail.api.v3.pagination import WagtailLimitOffsetPagination
from wagtail.models import Page

from core.api.fields import attach_translations, translations_data
from core.i18n import in_language_of
from core.pagination import versioned_count


class RenditionSchema(Schema):
    """An image rendition: where to fetch it, its size and its alt text."""

    url: str = Field(description="Path of the rendition file.")
    full_url: str = Field(description="Absolute URL of the rendition file.")
    width: int
    height: int
    alt: str


class DocumentLinkSchema(Schema):
    """A downloadable document, as a field of a project item links to it.

    Not Wagtail's ``DocumentSchema`` (``/api/v3/documents/{id}/``): OpenAPI components are
    named by class, so the two must not share a name.
    """

    id: int
    title: str
    download_url: str = Field(description="Absolute URL that serves the file.")
    file_extension: str
    file_size: int | None = Field(description="Size in bytes.")


# The ``locale`` filter takes one of the site's content languages: an enum in the schema, and
# anything else is refused (422) by the same type.
LANGUAGE_CODES = tuple(code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES)
LocaleCode = Literal[LANGUAGE_CODES]  # type: ignore[valid-type]


class LanguageVersionSchema(Schema):
    """The same page in another language."""

    id: int
    locale: str = Field(description="Language code, e.g. sv or en.")
    title: str
    html_url: str = Field(description="Absolute URL of that version on the public site.")


class PageItemSchema(Schema):
    """A page in a router's listing, described in the page's own language.

    Labels (a status, a kind), dates and rich text links come out in the language of the page,
    whatever the request's; ``translations`` names its other language versions.
    """

    translations: list[LanguageVersionSchema] = Field(
        description="The same item in the other language(s): live, public versions only."
    )

    @model_validator(mode="wrap")
    @classmethod
    def _in_page_language(
        cls, value: Any, handler: ModelWrapValidatorHandler, info: ValidationInfo
    ) -> Any:
        page = getattr(value, "_obj", value)
        if not isinstance(page, Page):
            return handler(value)
        with in_language_of(page, (info.context or {}).get("request")):
            return handler(value)

    @staticmethod
    def resolve_translations(page: Page, context: dict) -> list[dict]:
        return translations_data(page, context["request"])


class PagesWithTranslationsPagination(WagtailLimitOffsetPagination):
    """Wagtail's limit/offset pagination that also looks up the listed pages' other language
    versions, in one query for the whole page of results (see ``PageItemSchema``)."""

    def paginate_queryset(
        self,
        queryset: QuerySet,
        pagination: LimitOffsetPagination.Input,
        request: HttpRequest,
        **params: Any,
    ) -> dict[str, Any]:
        result = super().paginate_queryset(queryset, pagination, request, **params)
        result["items"] = list(result["items"])
        attach_translations(result["items"], request)
        return result

    def _items_count(self, queryset: QuerySet) -> int:
        """The count, kept with the content version (``core.pagination.versioned_count``)."""
        if isinstance(queryset, QuerySet):
            return versioned_count(None, queryset)
        return super()._items_count(queryset)
