"""The old site's files, ``/wp-content/uploads/2012/01/a.pdf``: to what the import made of them.

A document's old address leads (301) to its download, ``/documents/<id>/<name>``, which Wagtail's
view serves only when the document's collection is public (or to those who may see it). An
image's leads (302: a rendition's address changes when renditions are made anew) to its
original-size rendition at ``/media/images/…``, served by ``core.files.renditions``, which checks
the image's collection too. WordPress's other sizes of an image (``a-300x200.jpg``, and the
original ``a.jpg`` of an attachment ``a-scaled.jpg``) lead to the same image. A file in a private
collection is answered 404 here, as one never imported is: the redirect says nothing of it, not
even its new address.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import redirect
from django.views.decorators.http import require_safe

from core.visibility import public_media
from wordpress_import.media import UPLOADS, candidate_paths, upload_path
from wordpress_import.models import ImportedItem

IMAGE_FILTER = "original"


@require_safe
def uploads_redirect(request: HttpRequest, path: str) -> HttpResponse:
    """The imported image or document of the old file ``wp-content/uploads/<path>``."""
    wanted = upload_path(f"{UPLOADS}{path}")
    if not wanted:
        raise Http404("No such file.")
    paths = candidate_paths(wanted)
    records = (
        ImportedItem.objects.filter(wp_type="attachment", file_path__in=paths)
        .exclude(image=None, document=None)
        .select_related("image", "document")
        .order_by("-imported_at")
    )
    # The file itself before the one another size of it was made from.
    record = min(records, key=lambda record: paths.index(record.file_path), default=None)
    if record is None:
        raise Http404("No such file.")
    if record.document is not None:
        document = public_media(record.document, request)
        if document is None:
            raise Http404("No such file.")
        return HttpResponsePermanentRedirect(document.url)
    image = public_media(record.image, request)
    if image is None:
        raise Http404("No such file.")
    return redirect(image.get_rendition(IMAGE_FILTER).url)
