"""The fixed list of requests `make bench` measures, built from the addresses of the content.

Each page type is asked for twice: "hit", the same address again and again, which any cache
serves after the first time; and "miss", an address no cache has seen (``{n}`` in the path
becomes a number unique to each request: a harmless ``?bench=`` parameter, or a new path for the
404). The APIs refuse parameters they don't know, so an API address can't be made new: their
"miss" forgets the stored answers (and nothing else the site keeps) before each request instead,
and their "cold" case empties the site's cache (its Redis database), both one request at a time
(docs/performance.md). "304" is a conditional GET with the answer's ETag.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from redis import Redis

HIT, MISS, COLD, NOT_MODIFIED = "hit", "miss", "cold", "304"
# The bare Django view's rows (bench/bare.py).
BARE = "bare"


@dataclass(frozen=True)
class Case:
    """One address measured one way."""

    name: str
    variant: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return f"{self.name} ({self.variant})"

    @property
    def serial(self) -> bool:
        """Measured one request at a time (the cache, or its stored answers, emptied before
        each), not with wrk: a cold request, or a miss of an address that can't be made new."""
        return self.variant == COLD or (self.variant == MISS and "{n}" not in self.path)


# The site's stored answers and their vary lists in its Redis database (core/caching/middleware.py),
# whatever the cache's key prefix; the facts kept with the content version are other keys.
ANSWER_KEYS = "*smakom:response*"


def forget_answers(client: Redis) -> None:
    """Delete the site's stored answers from its Redis database (``client``), and nothing
    else: what an API "miss" starts from."""
    keys = list(client.scan_iter(match=ANSWER_KEYS, count=1000))
    if keys:
        client.delete(*keys)


def with_unique(path: str) -> str:
    """``path`` with a ``bench={n}`` parameter, ``{n}`` standing for a number unique to each
    request."""
    return f"{path}{'&' if '?' in path else '?'}bench={{n}}"


def build_cases(paths: dict[str, str]) -> list[Case]:
    """The cases for the addresses in ``paths`` (keys as ``discover_paths`` in bench/probe.py
    returns them)."""
    pages = [
        ("Home", paths["home"]),
        ("News index", paths["news_index"]),
        ("News index, page 2", paths["news_index"] + "?page=2"),
        ("Article", paths["article"]),
        ("Remissvar index", paths["response_index"]),
        ("Remissvar", paths["response"]),
        ("Event", paths["event"]),
        ("Members", paths["members"]),
        ("English home", paths["english_home"]),
        ("Search", paths["search"] + "?q=kommun"),
        ("RSS feed", paths["feed"]),
        ("Sitemap", "/sitemap.xml"),
    ]
    cases = []
    for name, path in pages:
        cases += [Case(name, HIT, path), Case(name, MISS, with_unique(path))]
    cases += [
        # WhiteNoise serving a file: the practical ceiling of a hit (no cache to ask at all).
        Case("Static file (WhiteNoise)", HIT, paths["static"]),
        Case("Not found (404)", HIT, "/finns-inte/"),
        Case("Not found (404)", MISS, "/finns-inte-{n}/"),
    ]
    apis = [
        ("API v2 articles", "/api/v2/pages/?type=articles.ArticlePage"),
        ("API v2 page", f"/api/v2/pages/{paths['article_id']}/"),
        ("API v3 news", "/api/v3/news/"),
        ("API v3 page", f"/api/v3/pages/{paths['article_id']}/"),
    ]
    for name, path in apis:
        cases += [Case(name, HIT, path), Case(name, MISS, path), Case(name, COLD, path)]
    # The cold home page beside the APIs: how much of a miss the other caches save.
    cases.append(Case("Home", COLD, paths["home"]))
    # The ETag is the server's own, read just before the run (bench/run.py).
    cases.append(Case("RSS feed", NOT_MODIFIED, paths["feed"], {"If-None-Match": "{etag}"}))
    return cases


def chosen(cases: list[dict], only: tuple[str, ...]) -> list[dict]:
    """The cases (as bench/probe.py gives them) whose label contains one of the words in
    ``only`` (lower case), or all of them when ``only`` is empty (``make bench BENCH_ONLY=``)."""
    if not only:
        return cases
    return [
        case
        for case in cases
        if any(word in f"{case['name']} ({case['variant']})".lower() for word in only)
    ]
