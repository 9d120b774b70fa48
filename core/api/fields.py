"""What the page types share in the APIs: serializer fields for images, documents and links."""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from rest_framework.fields import Field
from typing_extensions import TypedDict
from wagtail.api.utils import get_full_url
from wagtail.images import get_image_model
from wagtail.images.api.fields import ImageRenditionField
from wagtail.images.models import Filter
from wagtail.models import Page

from core.i18n import active_language, localized, reader_q, shown_versions, without_unshown
from core.visibility import is_public_page, public_media

# Renditions offered to API consumers: a large one for detail views, a teaser for listings.
IMAGE_FILTER = "fill-1200x675"
TEASER_IMAGE_FILTER = "fill-480x270"
SOCIAL_IMAGE_FILTER = "fill-1200x630"


def relation_fields(model: type) -> set[str]:
    """Names of ``model``'s relations (foreign keys and the like).

    The APIs offer no filtering or ordering by them: that would confirm that a hidden page, or an
    image in a private collection, exists and is linked.
    """
    return {
        name
        for field in model._meta.get_fields()
        if field.is_relation
        for name in {field.name, getattr(field, "attname", field.name)}
    }


def prefetch_renditions(images: list, *filter_specs: str) -> None:
    """Attach the ``filter_specs`` renditions to ``images`` in one query; rendering them needs
    none (a rendition missing from them is made when it is first shown)."""
    rendition_model = get_image_model().get_rendition_model()
    renditions = defaultdict(list)
    for rendition in rendition_model.objects.filter(
        image_id__in={image.pk for image in images}, filter_spec__in=filter_specs
    ):
        renditions[rendition.image_id].append(rendition)
    for image in images:
        for rendition in renditions[image.pk]:
            # Rendition.alt reads rendition.image: without this, one query per image again.
            rendition.image = image
        image.prefetched_renditions = list(renditions[image.pk])


@functools.cache
def rendition_filter(filter_spec: str) -> Filter:
    """The parsed ``filter_spec``, made once per process as Wagtail's ``{% image %}`` tag makes
    it once per template: given the spec as a string, Wagtail parses it again for every image
    (a tenth of an API listing's time)."""
    return Filter(spec=filter_spec)


def rendition_data(image, filter_spec: str, request: HttpRequest | None = None) -> dict | None:
    """A rendition as API consumers get it: URLs, size and alt text; None for hidden images."""
    if public_media(image, request) is None:
        return None
    return ImageRenditionField(rendition_filter(filter_spec)).to_representation(image)


def document_data(document, request: HttpRequest | None = None) -> dict | None:
    """A document's download link and file facts; None for documents readers may not see."""
    if public_media(document, request) is None:
        return None
    return {
        "id": document.pk,
        "title": document.title,
        "download_url": get_full_url(request, document.url),
        "file_extension": document.file_extension.lower(),
        "file_size": document.get_file_size(),
    }


def page_link_data(page: Page | None, request: HttpRequest | None = None) -> dict | None:
    """A link to another page, only while it is live and public: to its version in the
    language being served (each item's own, see ``core.i18n.in_language_of``) when readers are
    shown one."""
    page = localized(page, active_language(), request)
    if not is_public_page(page, request):
        return None
    return {
        "id": page.pk,
        "title": page.title,
        "html_url": page.get_full_url(request=request),
    }


class RenditionField(Field):
    """An image foreign key as a rendition object (``url``, ``full_url``, size, ``alt``)."""

    def __init__(self, filter_spec: str, **kwargs: Any) -> None:
        self.filter_spec = filter_spec
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, image) -> dict | None:
        return rendition_data(image, self.filter_spec, self.context.get("request"))


class DocumentField(Field):
    """A document foreign key as its download link and file facts."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, document) -> dict | None:
        return document_data(document, self.context.get("request"))


class PageLinkField(Field):
    """A page foreign key as ``{id, title, html_url}``, hidden unless live and public."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, page) -> dict | None:
        return page_link_data(page, self.context.get("request"))


class ChoiceDisplayField(Field):
    """The human label of a choice field (``get_FOO_display``)."""

    def __init__(self, field_name: str, **kwargs: Any) -> None:
        self.choice_field = field_name
        super().__init__(read_only=True, source="*", **kwargs)

    def to_representation(self, instance) -> str:
        return str(getattr(instance, f"get_{self.choice_field}_display")())


def shown_pages(queryset: QuerySet, request: HttpRequest) -> QuerySet:
    """``queryset`` narrowed to the pages readers are shown (``core.i18n.reader_q``).

    Wagtail's API querysets use ``PageQuerySet.public()``, which misses pages under an alias of
    a restricted page, and keep aliases of other languages' pages. A search filters only by
    indexed fields, so then the hidden pages are left out by id (one query).
    """
    if "search" not in request.GET:
        return queryset.filter(reader_q())
    return without_unshown(queryset, request)


class LanguageVersionData(TypedDict):
    """Another language's version of a page: where a consumer finds it."""

    id: int
    locale: str
    title: str
    html_url: str


def attach_translations(pages: Iterable[Page], request: HttpRequest | None = None) -> None:
    """Give each page its other live, public language versions (``page.language_versions``)
    in one query, however many pages there are."""
    pages = [page for page in pages if isinstance(page, Page)]
    if not pages:
        return
    versions = defaultdict(list)
    for other in shown_versions({page.translation_key for page in pages}, request):
        url = other.get_full_url(request=request)
        if url:
            versions[other.translation_key].append((other, url))
    for page in pages:
        page.language_versions = [
            LanguageVersionData(
                id=other.pk, locale=other.locale.language_code, title=other.title, html_url=url
            )
            for other, url in versions[page.translation_key]
            if other.pk != page.pk
        ]


def translations_data(page: Page, request: HttpRequest | None = None) -> list[LanguageVersionData]:
    """``page``'s other live, public language versions (attached, else looked up now)."""
    if not hasattr(page, "language_versions"):
        attach_translations([page], request)
    return page.language_versions


class TranslationsField(Field):
    """The page's other language versions: ``[{id, locale, title, html_url}]``."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(read_only=True, source="*", **kwargs)

    def to_representation(self, page) -> list[LanguageVersionData]:
        return translations_data(page, self.context.get("request"))
