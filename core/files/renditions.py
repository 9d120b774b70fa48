"""Serving image renditions at ``/media/images/…``, never one of an image in a private collection.

Renditions are the only uploaded files with a public address of their own (documents go through
Wagtail's document view, original images are never served). Each request looks the rendition
up by its file name (indexed: ``home/migrations/0008``) and serves it only when its image is
public, or to a signed-in user who may choose or change that image (the admin's thumbnails).
A public rendition may be cached by browsers and a CDN for a day; a private one by no one.

Behind nginx, ``MEDIA_X_ACCEL_REDIRECT`` names an internal location that maps to the renditions'
folder: Django then only decides, and nginx sends the file (docs/deploy.md).
"""

from __future__ import annotations

import mimetypes
import posixpath

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe
from wagtail.images import get_image_model
from wagtail.permissions import policy_registry

from core.visibility import public_media

RENDITION_FOLDER = "images"
# How long browsers and a CDN may keep a public rendition (a rendition's file never changes;
# an image moved into a private collection is gone from the origin at once).
PUBLIC_MAX_AGE = 24 * 60 * 60


@require_safe
def serve_rendition(request: HttpRequest, path: str) -> HttpResponse:
    """The rendition file ``images/<path>``, when the reader may see its image; else 404."""
    name = posixpath.normpath(posixpath.join(RENDITION_FOLDER, path))
    if not name.startswith(f"{RENDITION_FOLDER}/") or "\x00" in name:
        raise Http404("No such file.")
    rendition_model = get_image_model().get_rendition_model()
    rendition = rendition_model.objects.select_related("image").filter(file=name).first()
    if rendition is None:
        raise Http404("No such file.")
    image = rendition.image
    public = public_media(image, request) is not None
    if not public and not may_see_private(request, image):
        raise Http404("No such file.")
    response = file_response(rendition.file)
    if public:
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE, immutable=True)
    else:
        patch_cache_control(response, private=True, no_store=True)
    return response


def may_see_private(request: HttpRequest, image) -> bool:
    """A signed-in user who may choose or change ``image`` in the admin."""
    user = request.user
    if not user.is_authenticated:
        return False
    policy = policy_registry.get_by_type(get_image_model())
    return policy.user_has_any_permission_for_instance(user, ["choose", "change"], image)


def file_response(field_file) -> HttpResponse:
    accel = getattr(settings, "MEDIA_X_ACCEL_REDIRECT", "")
    content_type = mimetypes.guess_type(field_file.name)[0] or "application/octet-stream"
    if accel:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = (
            accel.rstrip("/") + "/" + field_file.name.removeprefix(f"{RENDITION_FOLDER}/")
        )
        return response
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as error:
        raise Http404("No such file.") from error
    return FileResponse(handle, content_type=content_type)
