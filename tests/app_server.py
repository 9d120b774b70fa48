"""The site under gunicorn with the production settings, in a process of its own, for tests of
what only a real server shows: outages (tests/core/test_outages.py) and several app servers
sharing one database, cache and object store (tests/test_app_servers.py)."""

from __future__ import annotations

import contextlib
import json
import select
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from http.client import HTTPConnection
from pathlib import Path

from django.conf import settings

HOST = "www.smakom.se"


_collected: list[str] = []


def collected_static(env: dict[str, str]) -> str:
    """A folder with the static files collected under the production settings (their manifest
    of hashed names), made once per test process, as a deployment runs collectstatic."""
    if not _collected:
        folder = tempfile.mkdtemp(prefix="smakom-static-")
        subprocess.run(  # noqa: S603 - fixed arguments, our own interpreter
            [sys.executable, "manage.py", "collectstatic", "--no-input", "--verbosity", "0"],
            cwd=settings.BASE_DIR,
            env={**env, "STATIC_ROOT": folder},
            check=True,
            capture_output=True,
        )
        _collected.append(folder)
    return _collected[0]


@contextlib.contextmanager
def app_server(env: dict[str, str], log_path: Path) -> Iterator[AppServer]:
    """gunicorn serving ``config.wsgi`` under ``env`` on a free port, until the block ends."""
    env = {**env, "STATIC_ROOT": collected_static(env)}
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = log_path.open("w+")
    command = [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}"]
    process = subprocess.Popen(  # noqa: S603 - fixed arguments, our own interpreter
        [*command, "--workers", "1", "--timeout", "60"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    server = AppServer(port, log)
    try:
        server.wait_until_up(process)
        yield server
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


class AppServer:
    def __init__(self, port: int, log) -> None:
        self.port = port
        self.log_file = log
        self.log_start = 0

    def wait_until_up(self, process: subprocess.Popen) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped: {self.log()}")
            try:
                if self.get("/healthz/")["status"] == 200:
                    self.log_start = self.log_file.tell()
                    return
            except OSError:
                # Not listening yet: a server starting takes seconds; polled, not slept on.
                select.select([], [], [], 0.1)
        raise RuntimeError(f"gunicorn did not start: {self.log()}")

    def get(self, path: str, **headers: str) -> dict:
        return self.request("GET", path, headers=headers)

    def request(
        self, method: str, path: str, body: dict | None = None, headers: dict | None = None
    ) -> dict:
        """The answer to ``method path`` as the site's public host over HTTPS (behind a proxy):
        status, headers, seconds and text."""
        http = HTTPConnection("127.0.0.1", self.port, timeout=60)
        sent = {"Host": HOST, "X-Forwarded-Proto": "https", **(headers or {})}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            sent["Content-Type"] = "application/json"
        started = time.monotonic()
        try:
            http.request(method, path, body=data, headers=sent)
            response = http.getresponse()
            text = response.read().decode(errors="replace")
        finally:
            http.close()
        return {
            "status": response.status,
            "headers": dict(response.getheaders()),
            "seconds": time.monotonic() - started,
            "body": text,
        }

    def log(self) -> str:
        """What the site logged since it came up."""
        self.log_file.flush()
        self.log_file.seek(self.log_start)
        return self.log_file.read()
