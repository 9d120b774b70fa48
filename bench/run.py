"""`make bench`: the site under gunicorn with production settings on PostgreSQL, and the bare
Django view (bench/bare.py) served beside it, driven by wrk through the cases of bench/cases.py.

    python -m bench [--seconds 5] [--scale 100000]

Prints a Markdown table and writes it to build/bench/<time>.md. The method, and how to read the
table, are in docs/performance.md. A benchmark, never a test: nothing here is timed in CI.
"""

from __future__ import annotations

import argparse
import datetime
import http.client
import json
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import psycopg2
import redis
from psycopg2 import sql

from bench import procstat
from bench.cases import BARE, NOT_MODIFIED, Case
from bench.report import Result, comparison_table, percentile, ratio_text, results_table

ROOT = Path(__file__).resolve().parent.parent
WRK_SCRIPT = Path(__file__).resolve().parent / "wrk_report.lua"
BIN = Path(sys.executable).parent
# The public base URL of the benchmark's site (its Site record, absolute links).
BASE_URL = "http://127.0.0.1"
# Every request says it came through the TLS-terminating proxy, as in production; without it the
# production settings redirect to https.
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}
# The bare view is measured again after every BARE_EVERY cases; each case is compared with the
# mean of the bare runs just before and just after it, so a slow drift of the machine's load
# cancels out.
BARE_EVERY = 3
WARM_UP_REQUESTS = 4
READY_TIMEOUT_SECONDS = 60


def say(text: str = "") -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


@dataclass(frozen=True)
class Options:
    seconds: float
    scale: int | None
    workers: int
    connections: int
    postgres: str
    redis_url: str
    out_dir: Path


def parse_options(argv: Sequence[str] | None) -> Options:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    env = os.environ.get
    parser.add_argument(
        "--seconds", type=float, default=float(env("BENCH_SECONDS") or 5), help="per case"
    )
    parser.add_argument(
        "--scale",
        type=int,
        default=int(env("SCALE") or 0) or None,
        help="also measure a database with this many news items (and a twentieth as many "
        "remissvar), made by manage.py generate_scale_content, and compare",
    )
    parser.add_argument("--workers", type=int, default=int(env("BENCH_WORKERS") or 2))
    parser.add_argument("--connections", type=int, default=int(env("BENCH_CONNECTIONS") or 4))
    parser.add_argument(
        "--postgres",
        default=env("BENCH_POSTGRES") or "postgres://postgres@127.0.0.1:5432",
        help="the PostgreSQL server, without a database name",
    )
    parser.add_argument(
        "--redis",
        dest="redis_url",
        default=env("BENCH_REDIS_URL") or "redis://127.0.0.1:6379/13",
        help="the Redis database the site caches in; emptied by the benchmark",
    )
    parser.add_argument("--out-dir", type=Path, default=ROOT / "build" / "bench")
    args = parser.parse_args(argv)
    return Options(**vars(args))


# --- The database ---------------------------------------------------------------------------------


def ensure_database(postgres: str, name: str) -> bool:
    """Create the database ``name`` unless it exists; whether it was created."""
    connection = psycopg2.connect(f"{postgres}/postgres")
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone():
                return False
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            return True
    finally:
        connection.close()


def site_environment(options: Options, database: str) -> dict[str, str]:
    """The production settings' environment for the benchmark's site."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        # A key for this run only: the benchmark signs nothing that outlives it.
        "SECRET_KEY": secrets.token_urlsafe(48),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": f"{options.postgres}/{database}",
        "WAGTAILADMIN_BASE_URL": BASE_URL,
        "REDIS_URL": options.redis_url,
        "MEDIA_ROOT": str(options.out_dir / "media" / database),
        # Production's 60 s would let a backend end, its CPU time unseen, during a case.
        "DATABASE_CONN_MAX_AGE": "3600",
    }


def manage(env: dict[str, str], *args: str, log: Path | None = None) -> None:
    """Run a management command; its output goes to ``log`` if given (else to the terminal:
    the demo and scale loaders show their progress)."""
    command = [sys.executable, "manage.py", *args]
    if log is None:
        subprocess.run(command, env=env, cwd=ROOT, check=True)  # noqa: S603
        return
    with log.open("a") as output:
        finished = subprocess.run(  # noqa: S603
            command, env=env, cwd=ROOT, stdout=output, stderr=subprocess.STDOUT, check=False
        )
    if finished.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed; see {log}")


def probe(env: dict[str, str], command: str, log: Path) -> dict:
    """Ask bench/probe.py, with the site's settings and database."""
    with log.open("a") as stderr:
        answer = subprocess.run(  # noqa: S603
            [sys.executable, "-m", "bench.probe", command],
            env=env,
            cwd=ROOT,
            check=True,
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
        )
    return json.loads(answer.stdout.strip().splitlines()[-1])


def prepare(options: Options, database: str, scale: int | None, log: Path) -> dict | None:
    """Create, migrate and fill ``database``; its content counts, or None when it can't be
    brought to ``scale``."""
    env = site_environment(options, database)
    if ensure_database(options.postgres, database):
        say(f"Created the database {database}.")
    manage(env, "migrate", "--no-input", "--verbosity", "0", log=log)
    content = probe(env, "content", log)
    if content["articles"] == 0:
        say(f"Loading the demo content into {database} (output in {log.relative_to(ROOT)})…")
        manage(env, "load_demo_content", log=log)
        content = probe(env, "content", log)
    if scale and content["articles"] < scale:
        if not content["scale_command"]:
            say(
                f"Skipping the scale comparison: this branch has no `manage.py "
                f"generate_scale_content` to fill {database} with {scale} news items."
            )
            return None
        say(f"Generating {scale} news items in {database} (once; kept for later runs)…")
        manage(env, "generate_scale_content", "--news", str(scale), "--responses", str(scale // 20))
        content = probe(env, "content", log)
    return content


# --- The servers ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(port: int, path: str, headers: dict[str, str] | None = None) -> http.client.HTTPResponse:
    """One GET, its body read."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers={**PROXY_HEADERS, **(headers or {})})
        response = connection.getresponse()
        response.read()
        return response
    finally:
        connection.close()


class Server:
    """A gunicorn serving ``app`` on a free port, in a process group of its own so that it and
    its workers are stopped together, whatever happens to the benchmark."""

    def __init__(self, name: str, app: str, env: dict[str, str], workers: int, log: Path):
        self.name, self.app, self.env, self.workers, self.log = name, app, env, workers, log
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        with self.log.open("a") as log:
            self.process = subprocess.Popen(  # noqa: S603
                [
                    str(BIN / "gunicorn"),
                    self.app,
                    "--preload",
                    "--workers",
                    str(self.workers),
                    "--worker-class",
                    "sync",
                    "--bind",
                    f"127.0.0.1:{self.port}",
                ],
                env=self.env,
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + READY_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited at start; see {self.log}")
            try:
                get(self.port, "/")
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"{self.name} did not answer within {READY_TIMEOUT_SECONDS} s")

    @property
    def pid(self) -> int:
        assert self.process is not None  # noqa: S101 - started before use
        return self.process.pid

    def stop(self) -> None:
        if self.process is None:
            return
        for sig, wait in ((signal.SIGTERM, 15), (signal.SIGKILL, 5)):
            try:
                os.killpg(self.process.pid, sig)
            except ProcessLookupError:
                break
            try:
                self.process.wait(wait)
            except subprocess.TimeoutExpired:
                continue
            # The master has gone; make sure no worker of its group is left.
            time.sleep(0.2)
            try:
                os.killpg(self.process.pid, 0)
            except ProcessLookupError:
                break
        self.process = None


# --- Measuring --------------------------------------------------------------------------------


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
    flush = redis.Redis.from_url(options.redis_url).flushdb
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
        measure_serially(site, case, options, database, queries, flush) for case, queries in serial
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


def bench_database(options: Options, database: str, logs: Path) -> list[Result]:
    """Serve ``database`` (prepared) and the bare view, and measure every case."""
    log = logs / f"{database}.log"
    env = site_environment(options, database)
    manage(env, "collectstatic", "--no-input", "--verbosity", "0", log=log)
    say(f"Counting queries per request on {database}…")
    redis.Redis.from_url(options.redis_url).flushdb()
    cases = probe(env, "cases", log)["cases"]
    site = Server("the site", "config.wsgi:application", env, options.workers, log)
    bare_env = {**env, "DJANGO_SETTINGS_MODULE": "bench.bare"}
    bare = Server(
        "the bare view",
        "django.core.wsgi:get_wsgi_application()",
        bare_env,
        options.workers,
        logs / "bare.log",
    )
    try:
        site.start()
        bare.start()
        total = len(cases) * options.seconds * (1 + 1 / BARE_EVERY) + 4 * options.seconds
        say(
            f"Measuring {len(cases)} cases on {database}, {options.seconds:g} s each "
            f"(about {total / 60:.0f} min), {options.workers} workers, "
            f"{options.connections} connections:"
        )
        return measure_all(site, bare, cases, options, database)
    finally:
        site.stop()
        bare.stop()


# --- The report -------------------------------------------------------------------------------


def git_revision() -> str:
    def git(*args: str) -> str:
        return subprocess.run(  # noqa: S603
            ["git", *args],  # noqa: S607
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()

    revision = git("rev-parse", "--short", "HEAD") or "unknown"
    return revision + (" (with uncommitted changes)" if git("status", "--porcelain") else "")


def describe_run(options: Options, database: str, content: dict) -> str:
    return (
        f"Database `{database}`: {content['articles']} news items, {content['responses']} "
        f"remissvar. gunicorn with {options.workers} sync workers for the site and for the bare "
        f"view; wrk with {options.connections} connections, {options.seconds:g} s per case; "
        f"{os.cpu_count()} CPUs."
    )


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return bench(parse_options(argv))
    except KeyboardInterrupt:
        say("\nInterrupted; the servers are stopped.")
        return 130


def bench(options: Options) -> int:
    started = datetime.datetime.now(datetime.UTC)
    stamp = started.strftime("%Y%m%dT%H%M%SZ")
    logs = options.out_dir / stamp
    logs.mkdir(parents=True, exist_ok=True)
    # Stopped from outside (kill, a CI timeout): leave through the finally clauses that stop
    # the servers.
    # Ctrl-C raises KeyboardInterrupt even where SIGINT came ignored (a background job).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    for stop in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(stop, lambda number, _frame: sys.exit(128 + number))
    say(f"Logs in {logs.relative_to(ROOT)}/")

    runs = [("smakom_bench", None)]
    if options.scale:
        runs.append((f"smakom_bench_{options.scale}", options.scale))
    sections = [
        f"# `make bench`, {started:%Y-%m-%d %H:%M} UTC",
        "",
        f"Revision {git_revision()}. Method: docs/performance.md.",
    ]
    # Every database is made ready before anything is measured: a scale that can't be reached
    # is known at once, not after the first run.
    ready = []
    for database, scale in runs:
        content = prepare(options, database, scale, logs / f"{database}.log")
        if content is not None:
            ready.append((database, content))
    measured = []
    for database, content in ready:
        results = bench_database(options, database, logs)
        measured.append(results)
        sections += ["", f"## {database}", "", describe_run(options, database, content), ""]
        sections.append(results_table(results))
    if len(measured) == 2:
        sections += ["", "## Demo content and scale, side by side", ""]
        sections.append(comparison_table(*measured))
    report = "\n".join(sections) + "\n"
    path = options.out_dir / f"{stamp}.md"
    path.write_text(report)
    say()
    say(report)
    say(f"Written to {path.relative_to(ROOT)}")
    return 0
