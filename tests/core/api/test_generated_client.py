"""A consumer with only docs/openapi.json can generate a client and read news and remissvar.

This runs a standard generator (openapi-python-client) on the committed contract, imports the
generated package and uses it against a live server, as a member municipality's developer would.
"""

import importlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from tests.factories.articles import ArticlePageFactory
from tests.factories.consultation_responses import ConsultationResponsePageFactory, MinistryFactory
from tests.factories.core import DocumentFactory
from tests.transactional import ensure_initial_data

CONTRACT = Path(settings.BASE_DIR) / "docs" / "openapi.json"
GENERATOR = Path(sys.executable).with_name("openapi-python-client")


@pytest.fixture(scope="module")
def generated_client(tmp_path_factory):
    if not GENERATOR.exists():  # pragma: no cover - the dev requirements install it
        pytest.fail("openapi-python-client is missing: run make install")
    target = tmp_path_factory.mktemp("client") / "smakom_api_client"
    subprocess.run(  # noqa: S603 - fixed executable and arguments
        [
            str(GENERATOR),
            "generate",
            "--path",
            str(CONTRACT),
            "--output-path",
            str(target),
            "--meta",
            "none",
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    sys.path.insert(0, str(target.parent))
    try:
        yield importlib.import_module("smakom_api_client")
    finally:
        sys.path.remove(str(target.parent))
        for name in [name for name in sys.modules if name.startswith("smakom_api_client")]:
            del sys.modules[name]
        shutil.rmtree(target, ignore_errors=True)


@pytest.mark.django_db(transaction=True)
def test_generated_client_reads_news_and_consultation_responses(generated_client, live_server):
    # An earlier transactional test on this worker may have emptied the migrations' rows.
    ensure_initial_data()
    response = ConsultationResponsePageFactory(
        inquiry_reference="SOU 2011:59",
        ministry=MinistryFactory(name="Finansdepartementet"),
        response_document=DocumentFactory(),
        points__0="point",
        points__0__point__stance="rejects",
        points__1="point",
        points__1__point__stance="supports",
    )
    ArticlePageFactory(
        title="Remissvar på Balansutredningen",
        author_name="Hilkka",
        tags=["remissvar"],
        consultation_response=response,
    )
    ArticlePageFactory(title="Hultsfred på besökslistan", tags=["kommunbesök"])

    client_module = importlib.import_module("smakom_api_client.client")
    news_list = importlib.import_module("smakom_api_client.api.news.news_list")
    responses_list = importlib.import_module(
        "smakom_api_client.api.consultation_responses.consultation_responses_list"
    )
    client = client_module.Client(base_url=live_server.url)

    news = news_list.sync(client=client, tag="remissvar")
    assert news.count == 1
    assert news.items[0].title == "Remissvar på Balansutredningen"
    assert news.items[0].author_name == "Hilkka"

    responses = responses_list.sync(client=client, inquiry_reference="sou 2011:59")
    assert responses.count == 1
    item = responses.items[0]
    assert item.ministry.name == "Finansdepartementet"
    assert [(point.number, point.stance.value) for point in item.points] == [
        (1, "rejects"),
        (2, "supports"),
    ]
    assert item.response_document.download_url.endswith(".pdf")
