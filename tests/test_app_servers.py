"""Two app servers, as behind a load balancer: gunicorn twice, on two ports, sharing one
PostgreSQL database, one Redis (the cache, the content version) and one S3 server (the media).

A news item published through one server's API is on the other's news page and API at once;
a rendition the one makes is the file the other sends. docs/deploy.md, "Scaling out".
"""

from __future__ import annotations

import json
import os
import uuid

import pytest
import redis
from django.conf import settings
from django.db import connection

from articles.models import ArticlePage
from tests.app_server import app_server
from tests.config.test_settings import production_env
from tests.core.api.v3_helpers import create_user, token_for
from tests.core.files.test_s3_media import CREDENTIALS, REGION, bucket, endpoint  # noqa: F401
from tests.factories.articles import ArticleIndexPageFactory, ArticlePageFactory
from tests.factories.core import ImageFactory
from tests.transactional import ensure_initial_data

pytestmark = pytest.mark.django_db(transaction=True)

REDIS_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/14")


@pytest.fixture
def shared(transactional_db, bucket, endpoint, tmp_path):  # noqa: F811 - fixtures
    """The environment both servers run with, and the site's content in the database."""
    if connection.vendor != "postgresql":
        pytest.skip("Several app servers share PostgreSQL (set DATABASE_URL).")
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).flushdb()
    except redis.RedisError:
        if os.environ.get("REDIS_TESTS_REQUIRED"):
            raise
        pytest.skip(f"No Redis at {REDIS_URL}")
    ensure_initial_data()
    database = connection.settings_dict
    user = database["USER"] or "postgres"
    env = production_env(
        tmp_path,
        DATABASE_URL=(
            f"postgres://{user}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}"
            f"/{database['NAME']}"
        ),
        REDIS_URL=REDIS_URL,
        AWS_STORAGE_BUCKET_NAME=bucket.name,
        AWS_S3_ENDPOINT_URL=endpoint,
        AWS_S3_REGION_NAME=REGION,
        AWS_ACCESS_KEY_ID=CREDENTIALS["access_key"],
        AWS_SECRET_ACCESS_KEY=CREDENTIALS["secret_key"],
        API_WRITE_ENABLED="true",
        LOG_LEVEL="WARNING",
        # One key for every server (and this process, which made the API token).
        SECRET_KEY=settings.SECRET_KEY,
    )
    index = ArticleIndexPageFactory(slug="nyheter")
    return {"env": env, "index": index, "bucket": bucket}


def test_what_one_server_publishes_the_other_serves_at_once(shared, tmp_path):
    token = token_for(create_user("kansliet", superuser=True))
    with (
        app_server(shared["env"], tmp_path / "a.log") as first,
        app_server(shared["env"], tmp_path / "b.log") as second,
    ):
        # The second server has the news page and listing cached (in the shared Redis).
        for path in ("/nyheter/", "/api/v3/news/"):
            assert second.get(path)["status"] == 200
            assert second.get(path)["headers"]["X-Cache"] == "hit"

        title = f"Två servrar {uuid.uuid4().hex[:6]}"
        created = first.request(
            "POST",
            "/api/v3/pages/",
            {
                "meta": {
                    "parent_id": shared["index"].pk,
                    "type": "articles.ArticlePage",
                    "action": "publish",
                },
                "title": title,
                "slug": "tva-servrar",
                "intro": "Publicerad genom den ena, läst genom den andra.",
            },
            headers={"Authorization": f"Bearer {token}"},
        )
        assert created["status"] == 201, created["body"][:500] + first.log()[-2000:]

        page = second.get("/nyheter/")
        assert page["headers"]["X-Cache"] == "miss"
        assert title in page["body"]
        assert title in json.dumps(
            json.loads(second.get("/api/v3/news/")["body"]), ensure_ascii=False
        )
        assert second.get("/nyheter/tva-servrar/")["status"] == 200


def test_a_rendition_made_by_one_server_is_sent_by_the_other(shared, tmp_path):
    image = ImageFactory(file__filename="delad.png")
    article = ArticlePageFactory(parent=shared["index"], slug="delad-bild", hero_image=image)
    assert ArticlePage.objects.get(pk=article.pk).live
    with (
        app_server(shared["env"], tmp_path / "a.log") as first,
        app_server(shared["env"], tmp_path / "b.log") as second,
    ):
        shown = first.get("/nyheter/delad-bild/")
        assert shown["status"] == 200
        renditions = [key for key in shared["bucket"].objects() if key.startswith("images/")]
        assert renditions
        assert any(f'src="/media/{key}"' in shown["body"] for key in renditions)
        # The page offers a WebP source beside the PNG fallback (core/images.py).
        assert {key.rsplit(".", 1)[-1] for key in renditions} == {"png", "webp"}
        for key in renditions:
            sent = second.get("/media/" + key)
            assert sent["status"] == 200, (key, sent["status"])
            expected = "image/webp" if key.endswith(".webp") else "image/png"
            assert sent["headers"]["Content-Type"] == expected, key
