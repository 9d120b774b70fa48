"""The servers `make bench` measures: gunicorn processes it starts, asks and stops."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from bench.options import ROOT

BIN = Path(sys.executable).parent
# Every request says it came through the TLS-terminating proxy, as in production; without it the
# production settings redirect to https.
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}
READY_TIMEOUT_SECONDS = 60


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
