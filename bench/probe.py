"""The Django side of `make bench`, run by bench/run.py in a process of its own with the
benchmark's production settings and database:

    python -m bench.probe content   # how much content there is, and whether it can be scaled
    python -m bench.probe cases     # the cases, each with its queries per request and status

It answers with one JSON document on standard output. Queries are counted through Django's test
client on the same database and cache as the served site: the count for a "hit" is that of a
repeated request, for a "miss" that of a new address, for "cold" that of a request after the
cache was emptied.
"""

from __future__ import annotations

import json
import sys
import uuid

import django

django.setup()

# Django must be set up before these imports.
import redis  # noqa: E402
from django.apps import apps  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import get_commands  # noqa: E402
from django.db import connection  # noqa: E402
from django.templatetags.static import static  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import translation  # noqa: E402

from bench.cases import COLD, HIT, NOT_MODIFIED, Case, build_cases, forget_answers  # noqa: E402

# The site sits behind a TLS-terminating proxy in production (SECURE_PROXY_SSL_HEADER).
PROXY_HEADERS = {"HTTP_X_FORWARDED_PROTO": "https", "HTTP_HOST": "127.0.0.1"}
SCALE_COMMAND = "generate_scale_content"


def first_url(app_label: str, model_name: str, *, language: str = "sv", order: str = "-pk") -> str:
    """The address of the first live, public page of a type in a language."""
    model = apps.get_model(app_label, model_name)
    page = (
        model.objects.live().public().filter(locale__language_code=language).order_by(order).first()
    )
    if page is None:
        raise SystemExit(f"bench: no live {model_name} in {language!r}; is the demo loaded?")
    return page.get_url()


def discover_paths() -> dict[str, str]:
    """The addresses the cases are built from (bench/cases.py)."""
    article_model = apps.get_model("articles", "ArticlePage")
    article = (
        article_model.objects.live()
        .public()
        .filter(locale__language_code="sv")
        .order_by("-date", "-pk")
        .first()
    )
    news_index = first_url("articles", "ArticleIndexPage", order="pk")
    with translation.override("sv"):
        search = reverse("search")
    return {
        "home": first_url("home", "HomePage", order="pk"),
        "news_index": news_index,
        "article": article.get_url(),
        "article_id": str(article.pk),
        "response_index": first_url("consultation_responses", "ConsultationResponseIndexPage"),
        "response": first_url("consultation_responses", "ConsultationResponsePage"),
        "event": first_url("events", "EventPage"),
        "members": first_url("members", "MembersPage"),
        "english_home": first_url("home", "HomePage", language="en", order="pk"),
        "search": search,
        "feed": news_index + "feed/",
        "static": static("css/site.css"),
    }


def flush_cache() -> None:
    """Empty the site's cache: the Redis database of REDIS_URL."""
    redis.Redis.from_url(settings.REDIS_URL).flushdb()


def measure(client: Client, case: Case) -> dict:
    """The queries and status of one request of ``case``, asked as the benchmark asks it."""
    path = case.path.replace("{n}", f"probe-{uuid.uuid4().hex[:12]}")
    headers = dict(PROXY_HEADERS)
    if case.variant == NOT_MODIFIED:
        etag = client.get(path, **PROXY_HEADERS).get("ETag", "")
        headers["HTTP_IF_NONE_MATCH"] = etag
    elif case.variant == HIT:
        client.get(path, **headers)
    elif case.variant == COLD:
        flush_cache()
    elif case.serial:
        forget_answers(redis.Redis.from_url(settings.REDIS_URL))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, **headers)
    return {"queries": len(queries), "status": response.status_code}


def content() -> dict:
    counts = {
        "articles": apps.get_model("articles", "ArticlePage").objects.count(),
        "responses": apps.get_model(
            "consultation_responses", "ConsultationResponsePage"
        ).objects.count(),
    }
    return {**counts, "scale_command": SCALE_COMMAND in get_commands()}


def cases() -> dict:
    paths = discover_paths()
    client = Client()
    # The first request of a process loads what every later one reuses.
    client.get(paths["home"], **PROXY_HEADERS)
    measured = []
    for case in build_cases(paths):
        measured.append({**case.__dict__, **measure(client, case)})
    return {"paths": paths, "cases": measured}


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    answers = {"content": content, "cases": cases}
    if command not in answers:
        raise SystemExit(f"usage: python -m bench.probe {{{','.join(answers)}}}")
    sys.stdout.write(json.dumps(answers[command]()) + "\n")
