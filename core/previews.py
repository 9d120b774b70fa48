"""Previews beyond the page itself: how a page looks in listings, and how an app gets it.

Every page type has the preview modes "Sidan" (the page) and "I appar (API)"; types that
listings show as teasers (news, remissvar, conferences) also have "I listor". The app mode
stores the page as the editor sees it in the preview, saved or not, and shows a signed token
that expires after HEADLESS_PREVIEW_MAX_AGE seconds. An app (a member municipality's site) gets
the page, in the same shape as ``/api/v3/pages/{id}/``, from ``/api/v3/previews/{token}/``
without an account; when HEADLESS_PREVIEW_URL is set, the preview links to the app itself with
``?token=…`` added. docs/api.md describes it for consumers.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.db.models import prefetch_related_objects
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.routable_page.models import RoutablePageMixin

from core.swappable import headless_preview_model

if TYPE_CHECKING:
    from django.http import HttpRequest
    from wagtail.models import Page

SALT = "smakom.headless-preview"


class PreviewExpired(Exception):
    """The token was genuine but is older than HEADLESS_PREVIEW_MAX_AGE."""


def max_age() -> int:
    return settings.HEADLESS_PREVIEW_MAX_AGE


def create_preview(page: Page, user: Any = None) -> str:
    """Store ``page`` as it is now and return the token that fetches it; purge expired ones."""
    HeadlessPreview = headless_preview_model()  # noqa: N806 (a model class)
    HeadlessPreview.objects.filter(
        created_at__lt=timezone.now() - datetime.timedelta(seconds=max_age())
    ).delete()
    preview = HeadlessPreview.objects.create(
        content_type=ContentType.objects.get_for_model(page),
        content=page.serializable_data(),
        created_by=user if user is not None and user.is_authenticated else None,
    )
    return signing.dumps({"preview": preview.pk}, salt=SALT, compress=True)


def page_for_token(token: str) -> Page:
    """The page a token stands for. Raises ``signing.BadSignature`` for a forged or unknown
    token and ``PreviewExpired`` for an old one."""
    HeadlessPreview = headless_preview_model()  # noqa: N806 (a model class)
    try:
        data = signing.loads(token, salt=SALT, max_age=max_age())
    except signing.SignatureExpired as error:
        raise PreviewExpired from error
    try:
        preview = HeadlessPreview.objects.select_related("content_type").get(pk=data["preview"])
    except (HeadlessPreview.DoesNotExist, KeyError, TypeError) as error:
        raise signing.BadSignature("unknown preview") from error
    model = preview.content_type.model_class()
    page_id = preview.content.get("pk")
    if model is None or not model.objects.filter(pk=page_id).exists():
        raise signing.BadSignature("the page has been deleted")
    page = model.from_serializable_data(preview.content, check_fks=True, strict_fks=False)
    # The rebuilt page's tags are in-memory child rows: fetch their tags at once, not each.
    if hasattr(page, "tagged_items"):
        prefetch_related_objects(list(page.tagged_items.all()), "tag")
    return page


class PreviewModesMixin:
    """The preview modes of every page type (see the module's docstring). A type that listings
    show as a teaser names its template and the name the template knows the page by."""

    teaser_template: str | None = None
    teaser_context_name: str = "page"

    @property
    def preview_modes(self) -> list[tuple[str, str]]:
        modes = [("", _("Sidan"))]
        if self.teaser_template:
            modes.append(("teaser", _("I listor")))
        modes.append(("api", _("I appar (API)")))
        return modes

    def serve_preview(self, request: HttpRequest, mode_name: str):
        if mode_name == "api":
            return headless_preview_response(self, request)
        return super().serve_preview(request, mode_name)

    def get_preview_template(self, request: HttpRequest, mode_name: str) -> str:
        if mode_name == "teaser" and self.teaser_template:
            return "core/previews/teaser.html"
        return super().get_preview_template(request, mode_name)

    def get_preview_context(self, request: HttpRequest, mode_name: str) -> dict:
        context = super().get_preview_context(request, mode_name)
        if mode_name == "teaser" and self.teaser_template:
            context["teaser_template"] = self.teaser_template
            context[self.teaser_context_name] = self
        return context


class RoutablePreviewsMixin(RoutablePageMixin):
    """RoutablePageMixin whose previews keep the modes: its own ``serve_preview`` serves the
    index route whatever the mode. Routable page types use this in its place."""

    def serve_preview(self, request: HttpRequest, mode_name: str):
        if mode_name:
            return PreviewModesMixin.serve_preview(self, request, mode_name)
        return super().serve_preview(request, mode_name)


def headless_preview_response(page: Page, request: HttpRequest) -> TemplateResponse:
    if page.pk is None:
        # An app addresses pages by id: a page never saved has none yet.
        return TemplateResponse(request, "core/previews/headless.html", {"page": page})
    token = create_preview(page, getattr(request, "user", None))
    base_url = settings.WAGTAILAPI_BASE_URL or request.build_absolute_uri("/").rstrip("/")
    api_url = base_url + reverse("wagtailapi_v3:preview_detail", kwargs={"token": token})
    app_url = ""
    if settings.HEADLESS_PREVIEW_URL:
        separator = "&" if "?" in settings.HEADLESS_PREVIEW_URL else "?"
        app_url = settings.HEADLESS_PREVIEW_URL + separator + urlencode({"token": token})
    return TemplateResponse(
        request,
        "core/previews/headless.html",
        {
            "page": page,
            "token": token,
            "api_url": api_url,
            "app_url": app_url,
            "expires_at": timezone.now() + datetime.timedelta(seconds=max_age()),
        },
    )
