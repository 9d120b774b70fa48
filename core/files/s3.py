"""Uploaded files in S3-compatible object storage (AWS S3, MinIO, Ceph, a cloud's object store),
for sites on more than one app server: every server reads and writes the same bucket.

Set ``AWS_STORAGE_BUCKET_NAME`` (and ``AWS_S3_ENDPOINT_URL``, ``AWS_S3_REGION_NAME``,
``AWS_ACCESS_KEY_ID``, ``AWS_SECRET_ACCESS_KEY``) and the settings use these storages
(``config/settings/base.py``, docs/deploy.md "Uploaded files"). The bucket stays private: no
object is public, whatever the bucket's policy, and the rules of ``core/files/storage.py`` hold
as on a disk:

- **documents and original images** (``MediaStorage``, the default storage) under
  unguessable names; a document reaches a reader only through Wagtail's document view, which
  checks its collection's privacy and then redirects to a signed URL that expires after
  ``AWS_QUERYSTRING_EXPIRE`` seconds (60);
- **renditions** (``RenditionStorage``, ``images/…``) sent by the app at ``/media/images/…``
  (``core.files.renditions``), which checks the image's collection: a CDN in front keeps the
  public ones, and an image moved into a private collection is unreachable at once. (A public
  location for renditions would give the renditions of private images an address anyone could
  guess from the image's name.)
"""

from __future__ import annotations

from urllib.parse import urljoin

from django.conf import settings
from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage

from core.files.storage import UnguessableNamesMixin


class MediaStorage(UnguessableNamesMixin, S3Storage):
    """Documents and original images: private objects under unguessable names."""

    default_acl = "private"
    file_overwrite = False
    querystring_auth = True


class RenditionStorage(S3Storage):
    """Renditions: private objects, served through the app (``core.files.renditions``), so
    their address is the app's ``/media/images/…``, not the bucket's: the same address on every
    server and for every reader, which a CDN can keep."""

    default_acl = "private"
    querystring_auth = True

    def url(self, name: str, parameters: dict | None = None, expire: int | None = None) -> str:
        return urljoin(settings.MEDIA_URL, filepath_to_uri(name))
