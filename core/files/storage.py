"""Where uploaded files live, and which of them the public media path may expose.

- Documents and original images (the default storage) are stored under unguessable names
  (``documents/<random>/<name>``): nothing serves them from the media path; documents reach
  readers only through Wagtail's document view, which checks the collection's privacy, and
  originals only through renditions. The original file name is kept as the last part, so a
  download is still called what the editor uploaded.
- Image renditions (``WAGTAILIMAGES_RENDITION_STORAGE``, ``images/…``) are what pages show; they
  are served at ``/media/images/…`` by ``core.files.renditions``, which checks the image's
  collection.
"""

from __future__ import annotations

import contextlib
import os
import posixpath
import secrets

from django.core.files.storage import FileSystemStorage


class UnguessableNamesMixin:
    """Puts each new file in a folder of its own with a random name, so a file's address
    cannot be guessed from its name (on a disk, and in object storage: core/files/s3.py)."""

    def get_available_name(self, name: str, max_length: int | None = None) -> str:
        folder, filename = posixpath.split(name)
        name = posixpath.join(folder, secrets.token_urlsafe(16), filename)
        return super().get_available_name(name, max_length=max_length)


class NoPartialFilesMixin:
    """Leaves no partial file behind when writing fails (the disk full, the upload cut off):
    Django's ``FileSystemStorage`` keeps what it wrote so far, and a half-written rendition
    would be served as a broken image for good. The model's row is not written either, since a
    file field saves its file before the row."""

    def _save(self, name: str, content) -> str:
        try:
            return super()._save(name, content)
        except BaseException:
            with contextlib.suppress(OSError):
                os.remove(self.path(name))
            raise


class UnguessableFileSystemStorage(NoPartialFilesMixin, UnguessableNamesMixin, FileSystemStorage):
    """A file system storage with unguessable names."""


class RenditionFileSystemStorage(NoPartialFilesMixin, FileSystemStorage):
    """The renditions' file system storage."""
