"""Uploaded files in S3-compatible object storage (core/files/s3.py), against a real S3 server:
moto in server mode, the one `.ci/run` starts (``S3_TEST_ENDPOINT_URL``), else one started here.

An image and a document are uploaded in the admin, a page shows the image (its
rendition is made in the bucket and sent by the app, never for a private image), the document
is downloaded through Wagtail's view (a redirect to a signed URL that expires; a private one asks
for a login first), and deleting the document removes its object from the bucket. The same rules
as on a disk (tests/core/files/test_media_files.py): no object is public, names are unguessable.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import urllib.request
import uuid
from urllib.parse import parse_qs, urlsplit

import boto3
import pytest
from botocore.config import Config
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction

from core.files.s3 import MediaStorage, RenditionStorage
from tests.config.test_settings import production_env
from tests.factories.articles import ArticlePageFactory
from tests.factories.core import DocumentFactory, ImageFactory

pytestmark = pytest.mark.django_db

REGION = "eu-north-1"
CREDENTIALS = {"access_key": "smakom-test", "secret_key": "smakom-test-secret"}


@pytest.fixture(scope="module")
def endpoint():
    """The S3 server's address: `.ci/run`'s, or moto's server started for this module."""
    given = os.environ.get("S3_TEST_ENDPOINT_URL")
    if given:
        yield given
        return
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def bucket(endpoint, settings, monkeypatch):
    """A new bucket, and the site's storages in it, as the settings make them when
    AWS_STORAGE_BUCKET_NAME is set."""
    name = f"smakom-{uuid.uuid4().hex[:12]}"
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id=CREDENTIALS["access_key"],
        aws_secret_access_key=CREDENTIALS["secret_key"],
    )
    client.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})
    options = {
        "bucket_name": name,
        "endpoint_url": endpoint,
        "region_name": REGION,
        "signature_version": "s3v4",
        "querystring_expire": 60,
        **CREDENTIALS,
    }
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "core.files.s3.MediaStorage", "OPTIONS": options},
        "renditions": {"BACKEND": "core.files.s3.RenditionStorage", "OPTIONS": options},
    }
    settings.WAGTAILDOCS_SERVE_METHOD = "redirect"
    # Wagtail binds the renditions' storage when the model loads (get_rendition_storage).
    rendition_field = get_image_model().get_rendition_model()._meta.get_field("file")
    monkeypatch.setattr(rendition_field, "storage", RenditionStorage(**options))
    return Bucket(client, name)


class Bucket:
    def __init__(self, client, name: str) -> None:
        self.client, self.name = client, name

    def objects(self) -> set[str]:
        listing = self.client.list_objects_v2(Bucket=self.name)
        return {item["Key"] for item in listing.get("Contents", [])}

    def is_private(self, key: str) -> bool:
        grants = self.client.get_object_acl(Bucket=self.name, Key=key)["Grants"]
        return not any("AllUsers" in grant["Grantee"].get("URI", "") for grant in grants)


@pytest.fixture
def private_collection() -> Collection:
    collection = Collection.get_first_root_node().add_child(name="Styrelsen")
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    return collection


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_an_image_uploaded_in_the_admin_is_shown_from_the_bucket_and_never_when_private(
    admin_client, client, bucket, private_collection
):
    png = ImageFactory.build(file__filename="landsbygd.png").file.read()
    response = admin_client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Landsbygd",
            "file": SimpleUploadedFile("landsbygd.png", png, "image/png"),
            "collection": Collection.get_first_root_node().pk,
        },
    )
    assert response.status_code == 302, response.content[:500]
    image = get_image_model().objects.get(title="Landsbygd")
    article = ArticlePageFactory(hero_image=image, title="Bredband på landet")
    assert image.file.name in bucket.objects()
    folder, token, filename = image.file.name.split("/")
    assert (folder, filename) == ("original_images", "landsbygd.png") and len(token) >= 20

    page = client.get(article.url)
    assert page.status_code == 200
    html = page.content.decode()
    shown = [
        settings.MEDIA_URL + key
        for key in bucket.objects()
        if key.startswith("images/") and f'src="{settings.MEDIA_URL}{key}"' in html
    ]
    assert shown, [line for line in html.splitlines() if "landsbygd" in line]
    url = shown[0]
    response = client.get(url)
    assert response.status_code == 200
    assert body(response).startswith(b"\x89PNG")
    assert "public" in response["Cache-Control"]
    assert all(bucket.is_private(key) for key in bucket.objects())

    image.collection = private_collection
    image.save()
    assert client.get(url).status_code == 404


def test_a_document_uploaded_in_the_admin_downloads_through_a_signed_url(admin_client, bucket):
    response = admin_client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Stadgar",
            "file": SimpleUploadedFile("stadgar.pdf", b"%PDF-1.4 stadgar", "application/pdf"),
            "collection": Collection.get_first_root_node().pk,
        },
    )
    assert response.status_code == 302, response.content[:500]
    document = get_document_model().objects.get(title="Stadgar")
    assert document.file.name in bucket.objects()
    assert bucket.is_private(document.file.name)

    client = admin_client.__class__()  # a reader, signed out
    download = client.get(document.url)
    assert download.status_code == 302
    signed = download["Location"]
    assert signed.startswith(bucket.client.meta.endpoint_url)
    assert parse_qs(urlsplit(signed).query)["X-Amz-Expires"] == ["60"]
    with urllib.request.urlopen(signed) as stored:  # noqa: S310 - the test's own S3 server
        assert stored.read() == b"%PDF-1.4 stadgar"
    # Without the signature, the object is not there for anyone.
    unsigned = signed.split("?")[0]
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(unsigned)  # noqa: S310
    assert refused.value.code == 403


def test_a_private_document_asks_for_a_login_before_any_url(client, bucket, private_collection):
    document = DocumentFactory(collection=private_collection, file__filename="protokoll.pdf")

    response = client.get(document.url)

    assert response.status_code == 302
    assert "/login/" in response["Location"]
    assert bucket.client.meta.endpoint_url not in response["Location"]


def test_a_deleted_document_leaves_no_object(client, bucket, django_capture_on_commit_callbacks):
    document = DocumentFactory(file__filename="gammal.pdf")
    key, url = document.file.name, document.url
    assert key in bucket.objects()

    with django_capture_on_commit_callbacks(execute=True):
        document.delete()

    assert key not in bucket.objects()
    assert client.get(url).status_code == 404


def test_the_storages_own_names_and_no_public_objects():
    assert MediaStorage.default_acl == RenditionStorage.default_acl == "private"
    assert MediaStorage.querystring_auth and not MediaStorage.file_overwrite


PRODUCTION_WIRING = """
import json
import django
django.setup()
from django.conf import settings
from django.core.files.storage import storages
from wagtail.images.models import get_rendition_storage
default = storages["default"]
print(json.dumps({
    "default": type(default).__name__,
    "renditions": type(get_rendition_storage()).__name__,
    "bucket": default.bucket_name,
    "endpoint": default.endpoint_url,
    "region": default.region_name,
    "expire": default.querystring_expire,
    "serve_method": settings.WAGTAILDOCS_SERVE_METHOD,
}))
"""


def test_the_environment_puts_media_in_the_bucket(tmp_path):
    env = production_env(
        tmp_path,
        AWS_STORAGE_BUCKET_NAME="smakom-media",
        AWS_S3_ENDPOINT_URL="http://127.0.0.1:9000",
        AWS_S3_REGION_NAME=REGION,
        AWS_ACCESS_KEY_ID="key",
        AWS_SECRET_ACCESS_KEY="secret",  # noqa: S106 - not a real one
    )
    result = subprocess.run(  # noqa: S603 - fixed arguments, our own interpreter
        [sys.executable, "-c", PRODUCTION_WIRING],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(result.stdout.strip().splitlines()[-1]) == {
        "default": "MediaStorage",
        "renditions": "RenditionStorage",
        "bucket": "smakom-media",
        "endpoint": "http://127.0.0.1:9000",
        "region": REGION,
        "expire": 60,
        "serve_method": "redirect",
    }


def test_a_rendition_missing_from_the_bucket_is_a_404(client, bucket):
    image = ImageFactory(file__filename="borta.png")
    rendition = image.get_rendition("fill-480x270")
    bucket.client.delete_object(Bucket=bucket.name, Key=rendition.file.name)

    assert client.get(rendition.url).status_code == 404


def test_readiness_says_when_the_object_store_is_unreachable(client, settings):
    with socket.socket() as probe:  # a port where nothing listens
        probe.bind(("127.0.0.1", 0))
        nowhere = f"http://127.0.0.1:{probe.getsockname()[1]}"
    options = {
        "bucket_name": "smakom-nowhere",
        "endpoint_url": nowhere,
        "region_name": REGION,
        "client_config": Config(connect_timeout=1, read_timeout=1, retries={"max_attempts": 1}),
        **CREDENTIALS,
    }
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "core.files.s3.MediaStorage", "OPTIONS": options},
    }

    response = client.get("/readyz/")

    assert response.status_code == 503
    assert response.json()["checks"]["storage"]["ok"] is False
    assert response.json()["checks"]["database"]["ok"] is True
