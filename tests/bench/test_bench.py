"""`make bench`'s own parts: reading /proc, the cases, the tables, and the bare view. Nothing here
times anything or starts a server: the benchmark itself is never a test."""

from __future__ import annotations

import os
import shutil
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.test import RequestFactory
from django.urls import resolve

from bench import bare, procstat
from bench.cases import COLD, HIT, MISS, NOT_MODIFIED, build_cases, chosen, with_unique
from bench.measure import run_wrk
from bench.options import Options, parse_options
from bench.report import (
    Result,
    comparison_table,
    describe_statuses,
    percentile,
    results_table,
)

PATHS = {
    "home": "/",
    "news_index": "/nyheter/",
    "article": "/nyheter/en-nyhet/",
    "article_id": "41",
    "response_index": "/remissvar/",
    "response": "/remissvar/sou-2012-30/",
    "event": "/konferenser/rikskonferens/",
    "members": "/medlemmar/",
    "english_home": "/en/",
    "search": "/sok/",
    "feed": "/nyheter/feed/",
    "static": "/static/css/site.0123456789ab.css",
}


def stat_line(pid: int, name: str, ppid: int, utime: int, stime: int) -> str:
    fields = ["S", str(ppid), "1", "1", "0", "-1", "4194560", "10", "0", "0", "0"]
    return f"{pid} ({name}) {' '.join(fields)} {utime} {stime} 0 0 20 0 1 0 100 0 0\n"


def fake_proc(tmp_path: Path, processes: dict[int, tuple[str, int, int, str]]) -> Path:
    """A /proc with ``processes``: pid → (name, ppid, CPU ticks, command line)."""
    for pid, (name, ppid, ticks, cmdline) in processes.items():
        folder = tmp_path / str(pid)
        folder.mkdir()
        (folder / "stat").write_text(stat_line(pid, name, ppid, ticks, 0))
        (folder / "cmdline").write_text(cmdline)
    (tmp_path / "self").mkdir()
    return tmp_path


def test_stat_fields_are_counted_from_the_last_parenthesis():
    stat = procstat.parse_stat(stat_line(812, "gunicorn: (worker) x", 800, 150, 25))
    assert stat == procstat.ProcessStat(pid=812, ppid=800, cpu_ticks=175)


def test_own_process_is_read_from_proc():
    stat = procstat.read_stat(os.getpid())
    assert stat is not None
    assert stat.ppid == os.getppid()
    assert procstat.read_stat(2**22 + 1) is None


def test_gunicorn_tree_is_the_master_and_its_descendants(tmp_path):
    proc = fake_proc(
        tmp_path,
        {
            800: ("gunicorn", 1, 10, "gunicorn"),
            801: ("gunicorn", 800, 300, "gunicorn"),
            802: ("gunicorn", 800, 200, "gunicorn"),
            900: ("python", 1, 999, "python"),
        },
    )
    stats = procstat.all_stats(proc)
    tree = procstat.tree_of(800, stats)
    assert tree == {800, 801, 802}
    assert procstat.cpu_ticks(tree, stats) == {800: 10, 801: 300, 802: 200}
    assert procstat.tree_of(12345, stats) == set()


def test_backends_are_found_by_their_database_in_the_process_title(tmp_path):
    proc = fake_proc(
        tmp_path,
        {
            10: ("postgres", 1, 5, "postgres: 15/main: postgres smakom_bench 127.0.0.1(5000) idle"),
            11: (
                "postgres",
                1,
                5,
                "postgres: 15/main: postgres smakom_bench_100 127.0.0.1(1) idle",
            ),
            12: ("postgres", 1, 5, "postgres: 15/main: checkpointer "),
            13: ("postgres", 1, 5, "/usr/lib/postgresql/15/bin/postgres\0-D\0smakom_bench"),
        },
    )
    assert procstat.backends_of("smakom_bench", proc) == {10}
    assert procstat.backends_of("smakom_bench_100", proc) == {11}


def test_ticks_used_counts_a_new_process_from_zero():
    before = {1: 100, 2: 50}
    after = {1: 130, 2: 50, 3: 7}
    assert procstat.ticks_used(before, after) == 37
    assert procstat.ticks_to_ms(procstat.CLOCK_TICKS_PER_SECOND) == 1000


def test_percentile_is_nearest_rank():
    samples = list(range(1, 101))
    assert percentile(samples, 50) == 50
    assert percentile(samples, 99) == 99
    assert percentile([3.0], 99) == 3.0


def test_statuses_are_one_code_or_each_with_its_count():
    assert describe_statuses({"200": 40}) == "200"
    assert describe_statuses({"500": 2, "200": 38}) == "200 ×38, 500 ×2"
    assert describe_statuses({"200": 40}, errors=3) == "200, errors ×3"


def test_every_page_is_measured_as_hit_and_miss_and_every_api_as_hit_miss_and_cold():
    cases = build_cases(PATHS)
    labels = [case.label for case in cases]
    assert len(labels) == len(set(labels))
    by_name: dict[str, set[str]] = {}
    for case in cases:
        by_name.setdefault(case.name, set()).add(case.variant)
        if case.name.startswith("API"):
            # The APIs answer 400 to a parameter they don't know: their misses are measured
            # one at a time, the stored answers forgotten before each.
            assert "{n}" not in case.path
            assert case.serial == (case.variant in (MISS, COLD))
        elif case.variant == MISS:
            assert "{n}" in case.path
            assert not case.serial
        else:
            assert "{n}" not in case.path
    assert by_name["Article"] == {HIT, MISS}
    assert by_name["API v3 news"] == {HIT, MISS, COLD}
    assert by_name["RSS feed"] == {HIT, MISS, NOT_MODIFIED}
    [conditional] = [case for case in cases if case.variant == NOT_MODIFIED]
    assert conditional.headers == {"If-None-Match": "{etag}"}
    assert [case.label for case in cases if case.serial] == [
        "API v2 articles (miss)",
        "API v2 articles (cold)",
        "API v2 page (miss)",
        "API v2 page (cold)",
        "API v3 news (miss)",
        "API v3 news (cold)",
        "API v3 page (miss)",
        "API v3 page (cold)",
        "Home (cold)",
    ]


def test_only_the_cases_asked_for_are_measured():
    cases = [case.__dict__ for case in build_cases(PATHS)]

    assert chosen(cases, ()) == cases
    hits = chosen(cases, ("hit",))
    assert hits and {case["variant"] for case in hits} == {HIT}
    some = chosen(cases, ("article (miss)", "api v3"))
    assert {f"{case['name']} ({case['variant']})" for case in some} == {
        "Article (miss)",
        "API v3 news (hit)",
        "API v3 news (miss)",
        "API v3 news (cold)",
        "API v3 page (hit)",
        "API v3 page (miss)",
        "API v3 page (cold)",
    }
    assert parse_options(["--only", "Hit, API v3 ,"]).only == ("hit", "api v3")


def test_a_unique_parameter_is_added_to_any_query_string():
    assert with_unique("/nyheter/") == "/nyheter/?bench={n}"
    assert with_unique("/sok/?q=kommun") == "/sok/?q=kommun&bench={n}"


def result(label: str, rps: float, bare_rps: float | None, **extra) -> Result:
    values = {
        "path": "/",
        "requests": 100,
        "p50_ms": 12.34,
        "p99_ms": 56.78,
        "app_cpu_ms": 20.0,
        "db_cpu_ms": 4.5,
        "queries": 17,
        "statuses": {"200": 100},
    }
    return Result(
        label=label, requests_per_second=rps, bare_requests_per_second=bare_rps, **values | extra
    )


def test_the_table_gives_the_ratio_to_the_bare_view_and_the_cost_per_request():
    table = results_table(
        [
            result("Bare Django view (wrk)", 2000.0, 2000.0, db_cpu_ms=None, queries=None),
            result("Home (hit)", 20.0, 2000.0),
        ]
    ).splitlines()
    assert table[0].startswith("| Case | URL | req/s | ratio to bare | p50 ms | p99 ms |")
    assert table[1] == "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
    assert (
        table[2]
        == "| Bare Django view (wrk) | `/` | 2 000.0 | 1 | 12.3 | 56.8 | 20.00 | – | – | 200 |"
    )
    assert table[3] == "| Home (hit) | `/` | 20.0 | 0.01 | 12.3 | 56.8 | 20.00 | 4.50 | 17 | 200 |"


def test_the_scale_comparison_matches_cases_by_label():
    demo = [result("Home (hit)", 20.0, 2000.0), result("Article (hit)", 30.0, 2000.0)]
    scale = [result("Home (hit)", 10.0, 2000.0, queries=18)]
    rows = comparison_table(demo, scale).splitlines()
    assert len(rows) == 3
    assert rows[2] == (
        "| Home (hit) | `/` | 0.01 | 0.005 | 12.3 | 12.3 | 20.00 | 20.00 | 4.50 | 4.50 | 17 | 18 |"
    )


def test_the_bare_view_answers_without_middleware_or_database():
    match = resolve("/", urlconf="bench.bare")
    response = match.func(RequestFactory().get("/"))
    assert response.status_code == 200
    assert response.content == bare.BODY
    assert bare.MIDDLEWARE == []
    assert bare.DATABASES == {}


class RecordingHandler(BaseHTTPRequestHandler):
    """Answers 304 to a conditional GET and 200 otherwise, and records each path."""

    paths: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        self.paths.append(self.path)
        self.send_response(304 if self.headers.get("If-None-Match") else 200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


@pytest.mark.skipif(
    shutil.which("wrk") is None, reason="wrk is not installed (make bench installs it)"
)
def test_the_wrk_script_makes_each_address_unique_and_reports_the_statuses():
    server = ThreadingHTTPServer(("127.0.0.1", 0), RecordingHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    options = Options(
        seconds=1, scale=None, workers=1, connections=2, postgres="", redis_url="", out_dir=Path()
    )
    try:
        report = run_wrk(
            server.server_port, "/x/?bench={n}", {"If-None-Match": '"e"'}, options, "p"
        )
    finally:
        server.shutdown()
        server.server_close()
    paths = RecordingHandler.paths
    assert report["requests"] > 0
    assert report["statuses"] == {"304": report["requests"]}
    assert len(paths) == len(set(paths))
    assert all(path.startswith("/x/?bench=p-1-") for path in paths)
