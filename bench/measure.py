"""Measuring the cases: wrk, or one request at a time, with the CPU time of the site's processes
and of its PostgreSQL backends read from /proc around each."""

from __future__ import annotations

import json
import statistics
import subprocess
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import redis

from bench import procstat
from bench.cases import BARE, COLD, NOT_MODIFIED, Case, forget_answers
from bench.options import Options
from bench.report import Result, percentile, ratio_text, say
from bench.servers import PROXY_HEADERS, Server, get

WRK_SCRIPT = Path(__file__).resolve().parent / "wrk_report.lua"
# The bare view is measured again after every BARE_EVERY cases; each case is compared with the
# mean of the bare runs just before and just after it, so a slow drift of the machine's load
# cancels out.
BARE_EVERY = 3
WARM_UP_REQUESTS = 4


@dataclass
class CpuReading:
    app: dict[int, int]
    db: dict[int, int]


def read_cpu(server: Server, database: str | None) -> CpuReading:
    stats = procstat.all_stats()
    app = procstat.cpu_ticks(procstat.tree_of(server.pid, stats), stats)
    db = procstat.cpu_ticks(procstat.backends_of(database), stats) if database else {}
    return CpuReading(app, db)


def cpu_per_request(
    before: CpuReading, after: CpuReading, requests: int, database: str | None
) -> tuple[float, float | None]:
    if not requests:
        return float("nan"), None
    app = procstat.ticks_to_ms(procstat.ticks_used(before.app, after.app)) / requests
    if database is None:
        return app, None
    return app, procstat.ticks_to_ms(procstat.ticks_used(before.db, after.db)) / requests


def run_wrk(port: int, path: str, headers: dict[str, str], options: Options, prefix: str) -> dict:
    command = [
        "wrk",
        "--threads",
        "1",
        "--connections",
        str(options.connections),
        "--duration",
        f"{options.seconds:g}s",
        "--timeout",
        "10s",
        "--script",
        str(WRK_SCRIPT),
    ]
    for name, value in {**PROXY_HEADERS, **headers}.items():
        command += ["--header", f"{name}: {value}"]
    command += [f"http://127.0.0.1:{port}", "--", path, prefix]
    finished = subprocess.run(  # noqa: S603
        command, capture_output=True, text=True, check=True, timeout=options.seconds + 60
    )
    for line in reversed(finished.stdout.splitlines()):
        if line.startswith("BENCH_JSON "):
            return json.loads(line.removeprefix("BENCH_JSON "))
    raise RuntimeError(f"wrk gave no report:\n{finished.stdout}\n{finished.stderr}")


def case_headers(case: Case, server: Server) -> dict[str, str]:
    """The case's headers, the server's current ETag put in for a conditional GET."""
    headers = dict(case.headers)
    if case.variant == NOT_MODIFIED:
        etag = get(server.port, case.path).getheader("ETag") or ""
        headers = {name: value.replace("{etag}", etag) for name, value in headers.items()}
    return headers


def measure_with_wrk(
    server: Server, case: Case, options: Options, database: str | None, queries: int | None
) -> Result:
    """``case`` under wrk: as many requests as ``options.connections`` connections get
    answered in ``options.seconds``."""
    headers = case_headers(case, server)
    prefix = uuid.uuid4().hex[:8]
    # Warm both workers up (and, for a hit, the caches).
    for number in range(WARM_UP_REQUESTS):
        get(server.port, case.path.replace("{n}", f"{prefix}-warm-{number}"), headers)
    before = read_cpu(server, database)
    report = run_wrk(server.port, case.path, headers, options, prefix)
    after = read_cpu(server, database)
    requests = report["requests"]
    app_ms, db_ms = cpu_per_request(before, after, requests, database)
    errors = report["errors"]
    return Result(
        label=case.label,
        path=case.path,
        requests=requests,
        requests_per_second=requests / (report["duration_us"] / 1e6),
        p50_ms=report["p50_us"] / 1000,
        p99_ms=report["p99_us"] / 1000,
        app_cpu_ms=app_ms,
        db_cpu_ms=db_ms,
        queries=queries,
        statuses=report["statuses"],
        errors=sum(errors[kind] for kind in ("connect", "read", "write", "timeout")),
    )


def measure_serially(
    server: Server,
    case: Case,
    options: Options,
    database: str | None,
    queries: int | None,
    before_each: Callable[[], None] | None,
) -> Result:
    """``case`` one request at a time for ``options.seconds``, ``before_each`` (emptying the
    cache) run before each request and left out of its time; requests per second are those of
    one connection, the inverse of the mean latency."""
    for _ in range(WARM_UP_REQUESTS):
        get(server.port, case.path)
    latencies: list[float] = []
    statuses: dict[str, int] = {}
    before = read_cpu(server, database)
    deadline = time.monotonic() + options.seconds
    while time.monotonic() < deadline:
        if before_each is not None:
            before_each()
        started = time.perf_counter()
        status = str(get(server.port, case.path).status)
        latencies.append(time.perf_counter() - started)
        statuses[status] = statuses.get(status, 0) + 1
    after = read_cpu(server, database)
    app_ms, db_ms = cpu_per_request(before, after, len(latencies), database)
    return Result(
        label=case.label,
        path=case.path,
        requests=len(latencies),
        requests_per_second=len(latencies) / sum(latencies),
        p50_ms=percentile(latencies, 50) * 1000,
        p99_ms=percentile(latencies, 99) * 1000,
        app_cpu_ms=app_ms,
        db_cpu_ms=db_ms,
        queries=queries,
        statuses=statuses,
    )


def summarise_bare(label: str, runs: Sequence[Result]) -> Result:
    """The bare view's runs as one row: mean requests per second and CPU, median latencies."""
    return Result(
        label=label,
        path="/",
        requests=sum(run.requests for run in runs),
        requests_per_second=statistics.fmean(run.requests_per_second for run in runs),
        p50_ms=statistics.median(run.p50_ms for run in runs),
        p99_ms=statistics.median(run.p99_ms for run in runs),
        app_cpu_ms=statistics.fmean(run.app_cpu_ms for run in runs),
        db_cpu_ms=None,
        statuses={"200": sum(run.statuses.get("200", 0) for run in runs)},
        bare_requests_per_second=statistics.fmean(run.requests_per_second for run in runs),
    )


def progress(result: Result) -> None:
    ratio = ratio_text(result.ratio)
    say(
        f"  {result.label:<32} {result.requests_per_second:8.1f} req/s  ratio {ratio:>6}  "
        f"p50 {result.p50_ms:7.1f} ms  p99 {result.p99_ms:7.1f} ms"
    )


def measure_all(
    site: Server, bare: Server, cases: Sequence[dict], options: Options, database: str
) -> list[Result]:
    """Every case, with the bare view measured around them (BARE_EVERY)."""
    bare_case = Case("Bare Django view", BARE, "/")
    site_cache = redis.Redis.from_url(options.redis_url)
    flush = site_cache.flushdb
    flush()
    loaded = [(Case(c["name"], c["variant"], c["path"], c["headers"]), c["queries"]) for c in cases]
    under_wrk = [(case, queries) for case, queries in loaded if not case.serial]
    serial = [(case, queries) for case, queries in loaded if case.serial]

    results: dict[str, Result] = {}
    bare_runs = [measure_with_wrk(bare, bare_case, options, None, None)]
    for start in range(0, len(under_wrk), BARE_EVERY):
        group = []
        for case, queries in under_wrk[start : start + BARE_EVERY]:
            group.append(measure_with_wrk(site, case, options, database, queries))
        bare_runs.append(measure_with_wrk(bare, bare_case, options, None, None))
        around = statistics.fmean(run.requests_per_second for run in bare_runs[-2:])
        for result in group:
            result.bare_requests_per_second = around
            results[result.label] = result
            progress(result)

    bare_serial = [measure_serially(bare, bare_case, options, None, None, None)]
    serial_results = [
        measure_serially(
            site,
            case,
            options,
            database,
            queries,
            flush if case.variant == COLD else partial(forget_answers, site_cache),
        )
        for case, queries in serial
    ]
    bare_serial.append(measure_serially(bare, bare_case, options, None, None, None))
    around = statistics.fmean(run.requests_per_second for run in bare_serial)
    for result in serial_results:
        result.bare_requests_per_second = around
        results[result.label] = result
        progress(result)

    ordered = [summarise_bare("Bare Django view (wrk)", bare_runs)]
    ordered.append(summarise_bare("Bare Django view (one at a time)", bare_serial))
    return ordered + [results[case.label] for case, _ in loaded]
