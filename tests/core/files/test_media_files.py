"""Uploaded files are reachable only where their privacy is checked.

Documents and original images are stored under unguessable names and never served from the
media path; documents go out through Wagtail's document view, which checks the collection.
Image renditions are served at /media/images/ only for images the public may see (or to a user
who may choose the image in the admin). A deleted document, and an image moved into a private
collection, are unreachable at once. The production settings are checked to be wired so.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.files import File
from django.db import transaction
from django.test import Client, override_settings
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, GroupCollectionPermission

from core.files.storage import RenditionFileSystemStorage, UnguessableFileSystemStorage
from tests.config.test_settings import production_env
from tests.core.api.v3_helpers import create_user
from tests.factories.core import DocumentFactory, ImageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def private_collection() -> Collection:
    collection = Collection.get_first_root_node().add_child(name="Styrelsen")
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    return collection


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def rendition_url(image) -> str:
    return image.get_rendition("fill-480x270").url


def test_documents_and_originals_have_unguessable_names():
    document = DocumentFactory(file__filename="protokoll.pdf")
    image = ImageFactory(file__filename="foto.png")
    for field_file, folder, filename in (
        (document.file, "documents", "protokoll.pdf"),
        (image.file, "original_images", "foto.png"),
    ):
        head, token, name = field_file.name.split("/")
        assert (head, name) == (folder, filename)
        assert len(token) >= 20
    assert document.filename == "protokoll.pdf"  # Downloads keep the uploaded name.
    # Two uploads of one name never share a folder.
    assert DocumentFactory(file__filename="protokoll.pdf").file.name != document.file.name


def test_nothing_but_renditions_is_served_from_the_media_path(client):
    document = DocumentFactory(file__filename="protokoll.pdf")
    image = ImageFactory(file__filename="foto.png")
    for name in (document.file.name, image.file.name, "documents/", "original_images/"):
        assert client.get(settings.MEDIA_URL + name).status_code == 404, name
    response = client.get(rendition_url(image))
    assert response.status_code == 200
    assert body(response).startswith(b"\x89PNG")
    assert response["Content-Type"] == "image/png"
    assert "public" in response["Cache-Control"]


def test_a_private_images_renditions_are_not_public(client, private_collection):
    image = ImageFactory(collection=private_collection, file__filename="hemlig.png")
    url = rendition_url(image)
    assert client.get(url).status_code == 404

    # A signed-in user without a say over the image does not see it either.
    client.force_login(create_user("lasare"))
    assert client.get(url).status_code == 404

    # One who may choose images in that collection (the admin's thumbnails) does, uncached.
    editors = Group.objects.create(name="Bildredaktörer")
    GroupCollectionPermission.objects.create(
        group=editors,
        collection=private_collection,
        permission=Permission.objects.get(codename="choose_image"),
    )
    editor = create_user("bildredaktor")
    editor.groups.add(editors)
    client.force_login(editor)
    response = client.get(url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_an_image_moved_into_a_private_collection_is_gone_at_once(client, private_collection):
    image = ImageFactory(file__filename="flyttad.png")
    url = rendition_url(image)
    assert client.get(url).status_code == 200
    image.collection = private_collection
    image.save()
    assert client.get(url).status_code == 404


def test_documents_go_through_wagtails_view_which_checks_privacy(client, private_collection):
    public = DocumentFactory(file__filename="stadgar.pdf")
    private = DocumentFactory(collection=private_collection, file__filename="protokoll.pdf")
    response = client.get(public.url)
    assert response.status_code == 200
    assert body(response).startswith(b"%PDF")
    assert public.url == f"/documents/{public.pk}/stadgar.pdf"
    response = client.get(private.url)
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_a_deleted_document_is_unreachable_at_once(client):
    document = DocumentFactory(file__filename="gammal.pdf")
    url, name = document.url, document.file.name
    assert client.get(url).status_code == 200
    document.delete()
    assert client.get(url).status_code == 404
    assert client.get(settings.MEDIA_URL + name).status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "images/../documents/x.pdf",
        "images/%2e%2e/documents/x.pdf",
        "images/nothing-here.png",
        "images/",
    ],
)
def test_odd_rendition_addresses_are_404(client, path):
    assert client.get(settings.MEDIA_URL + path).status_code == 404


def test_only_get_and_head(client):
    image = ImageFactory()
    url = rendition_url(image)
    assert client.head(url).status_code == 200
    assert Client(enforce_csrf_checks=False).post(url).status_code == 405


@override_settings(MEDIA_X_ACCEL_REDIRECT="/internal-renditions/")
def test_behind_nginx_django_decides_and_nginx_sends(client, private_collection):
    image = ImageFactory(file__filename="nginx.png")
    url = rendition_url(image)
    response = client.get(url)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == "/internal-renditions/" + url.removeprefix(
        "/media/images/"
    )
    assert response.content == b""
    hidden = ImageFactory(collection=private_collection)
    assert client.get(rendition_url(hidden)).status_code == 404


def test_storage_keeps_the_extension_and_fits_the_column(tmp_path):
    storage = UnguessableFileSystemStorage(location=tmp_path)
    name = storage.get_available_name("documents/" + "a" * 80 + ".pdf", max_length=100)
    assert len(name) <= 100
    assert name.startswith("documents/")
    assert name.endswith(".pdf")


PRODUCTION_WIRING = """
import json
import django
django.setup()
from django.conf import settings
from django.core.files.storage import default_storage, storages
from django.urls import Resolver404, resolve
from wagtail.images.models import get_rendition_storage

def view(path):
    try:
        return resolve(path).func.__name__
    except Resolver404:
        return None

print(json.dumps({
    "default": type(storages["default"]).__name__,
    "renditions": type(get_rendition_storage()).__name__,
    "serve_method": settings.WAGTAILDOCS_SERVE_METHOD,
    "rendition_view": view("/media/images/x.fill-480x270.png"),
    "document_view": view("/media/documents/abc/protokoll.pdf"),
    "original_view": view("/media/original_images/abc/foto.png"),
}))
"""


def test_production_settings_serve_only_renditions_from_the_media_path(tmp_path):
    result = subprocess.run(  # noqa: S603 - fixed arguments, our own interpreter
        [sys.executable, "-c", PRODUCTION_WIRING],
        cwd=settings.BASE_DIR,
        env=production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    wiring = json.loads(result.stdout.strip().splitlines()[-1])
    assert wiring == {
        "default": "UnguessableFileSystemStorage",
        "renditions": "RenditionFileSystemStorage",
        "serve_method": "serve_view",
        "rendition_view": "serve_rendition",
        # Nothing else under /media/ has a view.
        "document_view": None,
        "original_view": None,
    }


class CutOffUpload(File):
    """An upload whose data stops halfway, as when the disk fills up or the client goes."""

    def chunks(self, chunk_size=None):
        yield b"%PDF-1.4 first half"
        raise OSError(28, "No space left on device")


def test_a_failed_upload_leaves_no_file_and_no_row(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    document_model = get_document_model()
    document = document_model(title="Protokoll")
    document.file = CutOffUpload(io.BytesIO(b"x"), name="protokoll.pdf")
    with pytest.raises(OSError, match="No space left"), transaction.atomic():
        document.save()

    assert not document_model.objects.filter(title="Protokoll").exists()
    files = [path for path in (tmp_path / "media").rglob("*") if path.is_file()]
    assert files == []


def test_a_rendition_cut_off_leaves_no_file(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    storage = RenditionFileSystemStorage(location=tmp_path / "media")

    with pytest.raises(OSError, match="No space left"):
        storage.save("images/cut.png", CutOffUpload(io.BytesIO(b"x"), name="cut.png"))

    assert not storage.exists("images/cut.png")
