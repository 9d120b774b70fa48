"""WordPress's uploaded files (``wp-content/uploads``) as Wagtail images and documents.

- A file is found by its address's path after ``/wp-content/uploads/`` in a local copy of that
  folder (``--media-dir``); nothing is ever fetched from the network. A path that leaves the
  folder (``..``, a symbolic link pointing out) is no file.
- Images (by extension) go through Wagtail's image form and everything else through its
  document form, with no user: the admin's own validation (allowed extensions, the file's
  format matching its extension, ``WAGTAILIMAGES_MAX_UPLOAD_SIZE``, ``…_MAX_IMAGE_PIXELS``,
  ``WAGTAILDOCS_EXTENSIONS``, ``WAGTAILDOCS_MAX_UPLOAD_SIZE``). A file the admin would refuse
  (a ``.php``, an SVG, an image too large) is refused here too, and nothing is stored.
- WordPress serves each image in several sizes, ``photo-300x200.jpg`` beside ``photo.jpg`` (and
  ``photo-scaled.jpg`` for a large one); ``original_path`` finds the attachment's own file from
  any of them.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Model
from wagtail.documents import get_document_model
from wagtail.documents.forms import get_document_form
from wagtail.images import get_image_model
from wagtail.images.forms import get_image_form
from wagtail.models import Collection

UPLOADS = "/wp-content/uploads/"
IMAGE_EXTENSIONS = {
    "jpg", "jpeg", "jpe", "png", "gif", "webp", "avif", "heic", "bmp", "tif", "tiff", "svg",
    "svgz", "ico",
}  # fmt: skip
# WordPress's copies of an image in other sizes: "-300x200" or "-scaled" before the extension.
SIZE_SUFFIX = re.compile(r"-(?:\d{1,5}x\d{1,5}|scaled|rotated)(?=\.[A-Za-z0-9]+$)")
MAX_TITLE = 255


def upload_path(address: str) -> str:
    """The path of ``address`` after ``/wp-content/uploads/`` ("2012/01/a.png"), decoded; ""
    when it is not an uploaded file's address or its path is not a plain one."""
    path = unquote(urlsplit(address.strip()).path)
    if UPLOADS not in path:
        return ""
    path = path.split(UPLOADS, 1)[1]
    normal = posixpath.normpath(path)
    if normal != path or normal.startswith(("/", "..")) or "\x00" in normal or len(normal) > 255:
        return ""
    return normal


def original_path(path: str) -> str:
    """The path of the file WordPress made ``path`` from: "a-300x200.jpg" → "a.jpg"."""
    return SIZE_SUFFIX.sub("", path)


def candidate_paths(path: str) -> list[str]:
    """The attachment files ``path`` may be a copy of, most likely first: itself, the original
    ("a-300x200.jpg" → "a.jpg") and the original's scaled-down copy ("a-scaled.jpg", the
    attachment's own file since WordPress 5.3 when the original is large)."""
    original = original_path(path)
    stem, dot, extension = original.rpartition(".")
    scaled = f"{stem}-scaled.{extension}" if dot else original
    return list(dict.fromkeys([path, original, scaled]))


def is_image(path: str) -> bool:
    return path.rsplit(".", 1)[-1].lower() in IMAGE_EXTENSIONS if "." in path else False


def find_file(media_dir: Path, path: str) -> Path | None:
    """The file ``path`` in ``media_dir``, or None when there is none (or it lies outside)."""
    root = media_dir.resolve()
    candidate = (root / path).resolve()
    if not candidate.is_relative_to(root) or not candidate.is_file():
        return None
    return candidate


@dataclass
class Refused(Exception):
    """The admin's validation refused the file; ``reason`` says why."""

    reason: str

    def __str__(self) -> str:
        return self.reason


def validated_form(file: Path, title: str, alt: str) -> Any:
    """The admin's image or document form for ``file``, validated; raises ``Refused``.

    The form's file is read from ``file`` and only stored when the form is saved.
    """
    image = is_image(file.name)
    model = get_image_model() if image else get_document_model()
    form_class = get_image_form(model) if image else get_document_form(model)
    size = file.stat().st_size
    limit = getattr(
        settings, "WAGTAILIMAGES_MAX_UPLOAD_SIZE" if image else "WAGTAILDOCS_MAX_UPLOAD_SIZE", None
    )
    if limit is not None and size > limit:
        # Refused before it is read: the form would read it all first.
        raise Refused(f"the file is {size:,} bytes, more than the {limit:,} the site allows")
    data = {
        "title": (title or file.name)[:MAX_TITLE],
        "collection": Collection.get_first_root_node().pk,
        "tags": "",
    }
    if image:
        data["description"] = alt[:MAX_TITLE]
    handle = file.open("rb")
    try:
        upload = UploadedFile(handle, name=file.name, size=size)
        form = form_class(data, {"file": upload}, user=None)
        valid = form.is_valid()
    except BaseException:
        handle.close()
        raise
    if not valid:
        handle.close()
        reasons = [str(message) for messages in form.errors.values() for message in messages]
        raise Refused(" ".join(reasons))
    return form


def save_form(form: Any) -> Model:
    """The form's image or document, stored; its file removed again if saving fails."""
    instance = form.instance
    try:
        saved = form.save()
    except BaseException:
        delete_file(instance)
        raise
    finally:
        form.files["file"].close()
    return saved


def delete_file(instance: Model | None) -> None:
    """Remove ``instance``'s stored file (after its transaction was rolled back)."""
    field_file = getattr(instance, "file", None)
    if field_file and field_file.name and getattr(field_file, "_committed", True):
        field_file.storage.delete(field_file.name)
