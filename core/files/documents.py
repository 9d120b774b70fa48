"""Document downloads: Wagtail's serve view, without the ``Content-Encoding`` it makes up.

Wagtail's ``sendfile`` (``wagtail.utils.sendfile``, used by ``wagtail.documents.views.serve``)
sets ``Content-Encoding`` to ``mimetypes.guess_type``'s encoding of the file name, and so to
the string ``"None"`` for every ordinary file. For a compressed file (``.gz``) it is worse: it
says ``gzip``, so a browser unpacks the download and saves the unpacked data under the
compressed file's name. A document is always sent as it is stored, so the header goes, and a
compressed file is sent as the compressed type it is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from wagtail.documents.views.serve import serve

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

# mimetypes' encodings (mimetypes.encodings_map) and the type of a file compressed with each.
COMPRESSED_TYPES = {
    "gzip": "application/gzip",
    "bzip2": "application/x-bzip2",
    "xz": "application/x-xz",
    "compress": "application/x-compress",
    "br": "application/x-brotli",
}


def serve_document(request: HttpRequest, document_id: str, document_filename: str) -> HttpResponse:
    """Serve a document as Wagtail does (privacy, hooks, conditional requests), without a
    ``Content-Encoding``."""
    response = serve(request, document_id, document_filename)
    encoding = response.get("Content-Encoding")
    if encoding is None:
        return response
    del response["Content-Encoding"]
    if encoding in COMPRESSED_TYPES:
        response["Content-Type"] = COMPRESSED_TYPES[encoding]
    return response
