"""`make bench`: the site under gunicorn with production settings on PostgreSQL, and the bare
Django view (bench/bare.py) served beside it, driven by wrk through the cases of bench/cases.py.

    python -m bench [--seconds 5] [--scale 100000]

Prints a Markdown table and writes it to build/bench/<time>.md. The method, and how to read the
table, are in docs/performance.md. A benchmark, never a test: nothing here is timed in CI.
"""

from __future__ import annotations

import datetime
import json
import os
import secrets
import signal
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import psycopg2
import redis
from psycopg2 import sql

from bench.cases import chosen
from bench.measure import BARE_EVERY, measure_all
from bench.options import ROOT, Options, parse_options
from bench.report import Result, comparison_table, results_table, say
from bench.servers import Server

# The public base URL of the benchmark's site (its Site record, absolute links).
BASE_URL = "http://127.0.0.1"


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


def bench_database(options: Options, database: str, logs: Path) -> list[Result]:
    """Serve ``database`` (prepared) and the bare view, and measure every case."""
    log = logs / f"{database}.log"
    env = site_environment(options, database)
    manage(env, "collectstatic", "--no-input", "--verbosity", "0", log=log)
    say(f"Counting queries per request on {database}…")
    redis.Redis.from_url(options.redis_url).flushdb()
    cases = probe(env, "cases", log)["cases"]
    cases = chosen(cases, options.only)
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
        f"Revision {git_revision()}. Load average at the start (1, 5, 15 min): "
        f"{', '.join(f'{load:.2f}' for load in os.getloadavg())}. Method: docs/performance.md.",
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
