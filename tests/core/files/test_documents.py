"""Document downloads (/documents/<id>/<file>): served as stored, with no made-up headers."""

from __future__ import annotations

import gzip

import pytest
from django.urls import resolve

from core.files.documents import serve_document
from tests.factories.core import MINIMAL_PDF, DocumentFactory

pytestmark = pytest.mark.django_db


def download(client, document):
    response = client.get(document.url)
    assert response.status_code == 200
    return response, b"".join(response.streaming_content)


def test_a_pdf_has_no_content_encoding(client):
    document = DocumentFactory(file__filename="remissvar.pdf", file__data=MINIMAL_PDF)

    response, body = download(client, document)

    assert "Content-Encoding" not in response.headers
    assert response["Content-Type"] == "application/pdf"
    assert body == MINIMAL_PDF


def test_a_gzipped_file_is_downloaded_as_the_gzip_file_it_is(client):
    data = gzip.compress(b"kommun;medlem\nKrokom;ja\n")
    document = DocumentFactory(file__filename="medlemmar.csv.gz", file__data=data)

    response, body = download(client, document)

    # With Content-Encoding: gzip a browser would unpack it and save CSV as "medlemmar.csv.gz".
    assert "Content-Encoding" not in response.headers
    assert response["Content-Type"] == "application/gzip"
    assert body == data


def test_a_not_modified_answer_has_no_content_encoding(client):
    document = DocumentFactory()
    first, _body = download(client, document)

    response = client.get(document.url, headers={"if-modified-since": first["Last-Modified"]})

    assert response.status_code == 304
    assert "Content-Encoding" not in response.headers


def test_document_urls_lead_to_the_project_view():
    document = DocumentFactory()

    assert resolve(document.url).func is serve_document
