"""Rich text never publishes the address of a document in a private collection."""

import pytest
from wagtail.models import Collection, CollectionViewRestriction
from wagtail.rich_text import expand_db_html

from tests.factories.core import DocumentFactory
from tests.factories.home import StandardPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def private_collection():
    collection = Collection.get_first_root_node().add_child(name="Styrelsens arbetsmaterial")
    CollectionViewRestriction.objects.create(
        collection=collection,
        restriction_type=CollectionViewRestriction.PASSWORD,
        password="hemligt",  # noqa: S106
    )
    return collection


def link_to(document) -> str:
    return f'<p>Se <a linktype="document" id="{document.pk}">bilagan</a>.</p>'


def test_public_document_link_keeps_its_address():
    document = DocumentFactory()

    assert f'href="{document.url}"' in expand_db_html(link_to(document))


def test_private_document_link_loses_its_address(private_collection):
    document = DocumentFactory(collection=private_collection, title="Hemlig bilaga")

    html = expand_db_html(link_to(document))

    assert "<a>bilagan</a>" in html
    assert document.url not in html
    assert document.file.name.rsplit("/", 1)[-1] not in html


def test_a_collection_under_a_private_one_is_private_too(private_collection):
    inner = private_collection.add_child(name="Utkast")
    document = DocumentFactory(collection=inner)

    assert document.url not in expand_db_html(link_to(document))


def test_page_and_api_show_the_text_but_not_the_address(client, private_collection):
    private = DocumentFactory(collection=private_collection)
    public = DocumentFactory()
    page = StandardPageFactory(
        body__0="paragraph",
        body__0__paragraph__value=link_to(private) + link_to(public),
    )

    html = client.get(page.url).content.decode()
    api = client.get(f"/api/v2/pages/{page.pk}/").content.decode()

    for body in (html, api):
        assert private.url not in body
        assert public.url in body
        assert "bilagan" in body
