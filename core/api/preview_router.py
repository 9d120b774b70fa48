"""The previews router of API v3: a page as an editor is previewing it, for an app.

The token (from the admin's "I appar (API)" preview, core/previews.py) is the credential: no
account is needed, it is signed, and it expires after HEADLESS_PREVIEW_MAX_AGE seconds.
"""

from django.core import signing
from django.http import HttpRequest, HttpResponse
from ninja import Path, Router
from ninja.errors import HttpError
from wagtail.api.v3.routers.pages import PageDetailSchema

from core.previews import PreviewExpired, page_for_token

router = Router(tags=["previews"])


@router.get(
    "/{token}/",
    response=PageDetailSchema,
    summary="Headless preview of a page",
    description=(
        "The page as the editor previewed it (saved or not), in the shape of a page detail. "
        "Get the token from the admin's preview mode “I appar (API)”. Never cache the answer."
    ),
    operation_id="previews_detail",
    url_name="preview_detail",
    # Answered as problem+json like every error (core.api.v3.document_error_responses).
    openapi_extra={
        "responses": {
            404: {"description": "No preview has this token (a forged or mistyped one)."},
            410: {"description": "The preview has expired: ask the editor for a new one."},
        }
    },
)
def preview_detail(
    request: HttpRequest,
    response: HttpResponse,
    token: str = Path(..., min_length=10, max_length=1000, pattern=r"^[A-Za-z0-9_:.\-]+$"),
):
    try:
        page = page_for_token(token)
    except PreviewExpired as error:
        raise HttpError(410, "This preview has expired: ask the editor for a new one.") from error
    except signing.BadSignature as error:
        raise HttpError(404, "No preview has this token.") from error
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return page
