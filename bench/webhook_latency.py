"""How long a webhook takes: from a publish's commit to the receiver's POST, through the real
worker (``manage.py worker``, its default poll interval) on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/smakom_webhook_bench \\
        .venv/bin/python -m bench.webhook_latency [--publishes 40]

It makes and migrates the database when missing, adds an endpoint for a receiver on 127.0.0.1,
starts the worker, publishes pages one at a time at random intervals and prints the latency's
median, 95th percentile and maximum (docs/performance.md "Webhooks"). Each POST is checked
against its signature as a consumer would.
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/smakom_webhook_bench"
SECRET = "latency-bench-secret-0123456789"  # noqa: S105 (the benchmark's own receiver)


def ensure_database(url: str) -> None:
    from bench.run import ensure_database as create

    parts = urlsplit(url)
    create(f"{parts.scheme}://{parts.netloc}", parts.path.lstrip("/"))


class Arrivals:
    """What the receiver got: each delivery's change cursor and when it arrived."""

    def __init__(self) -> None:
        self.times: dict[int, float] = {}
        self.bad_signatures = 0
        self.arrived = threading.Condition()

    def wait_for(self, cursor: int, timeout: float) -> float | None:
        with self.arrived:
            self.arrived.wait_for(lambda: cursor in self.times, timeout)
        return self.times.get(cursor)


def serve(arrivals: Arrivals) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            now = time.time()
            fields = dict(
                part.split("=", 1) for part in self.headers["X-SmaKom-Signature"].split(",")
            )
            expected = hmac.new(
                SECRET.encode(), fields["t"].encode() + b"." + body, hashlib.sha256
            ).hexdigest()
            with arrivals.arrived:
                if not hmac.compare_digest(expected, fields["v1"]):
                    arrivals.bad_signatures += 1
                arrivals.times[json.loads(body)["cursor"]] = now
                arrivals.arrived.notify_all()
            self.send_response(204)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--publishes", type=int, default=40)
    options = parser.parse_args()
    os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    ensure_database(os.environ["DATABASE_URL"])

    import django

    django.setup()
    from django.core.management import call_command
    from wagtail.models import Page, Site

    from core.models import ContentChange, WebhookEndpoint
    from home.models import StandardPage

    call_command("migrate", verbosity=0)
    arrivals = Arrivals()
    server = serve(arrivals)
    WebhookEndpoint.objects.all().delete()
    WebhookEndpoint.objects.create(
        name="Latency",
        url=f"http://127.0.0.1:{server.server_address[1]}/hook/",
        secret=SECRET,
        events=["page.published"],
    )
    parent = Site.objects.get(is_default_site=True).root_page
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "worker", "--no-startup-delay", "--no-reload", "-v", "0"],
        cwd=ROOT,
        env=os.environ,
    )
    latencies = []
    try:
        time.sleep(3)  # the worker's start
        run = int(time.time())
        for number in range(options.publishes):
            page = parent.add_child(
                instance=StandardPage(
                    title=f"Mätning {number}", slug=f"m-{run}-{number}", live=False
                )
            )
            page.save_revision().publish()
            committed = time.time()
            cursor = (
                ContentChange.objects.filter(object_id=page.pk)
                .order_by("-id")
                .values_list("id", flat=True)
                .first()
            )
            arrived = arrivals.wait_for(cursor, timeout=30)
            if arrived is None:
                sys.stderr.write(f"publish {number}: no delivery within 30 s\n")
                return 1
            latencies.append(arrived - committed)
            time.sleep(random.uniform(0.2, 1.5))  # noqa: S311 (not out of step with the poll)
        Page.objects.filter(slug__startswith=f"m-{run}-").delete()
    finally:
        worker.terminate()
        worker.wait(10)
        server.shutdown()
    latencies.sort()
    milliseconds = [latency * 1000 for latency in latencies]
    sys.stdout.write(
        f"{len(latencies)} publishes: median {statistics.median(milliseconds):.0f} ms, "
        f"95th percentile {milliseconds[int(len(milliseconds) * 0.95) - 1]:.0f} ms, "
        f"max {milliseconds[-1]:.0f} ms; bad signatures: {arrivals.bad_signatures}\n"
    )
    return 0 if not arrivals.bad_signatures else 1


if __name__ == "__main__":
    sys.exit(main())
