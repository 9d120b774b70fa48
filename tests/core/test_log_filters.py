"""Production logs a client's malformed request (a host not allowed, a body too large, too many
fields) as one warning line, without a traceback, and still answers it with 400."""

from __future__ import annotations

import json
import logging
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import DisallowedHost

from core.log_filters import ClientErrorFilter
from tests.config.test_settings import production_env

# Runs under the production settings; the server's own log output goes to stderr, between the
# markers, and each answer's status to stdout.
REQUEST = """
import json, sys
import django
django.setup()
from django.test import Client
from django.urls import get_resolver

# The CSRF check reads the body of a POST that has a CSRF cookie and a matching origin.
client = Client(enforce_csrf_checks=True, raise_request_exception=False)
client.cookies["csrftoken"] = "a" * 32
# Loaded before the markers, as in a server that has answered before: what importing the code
# prints (Python's warnings) is not the request's log.
client.handler.load_middleware()
get_resolver().url_patterns
kind = sys.argv[1]
good = {"secure": True, "headers": {"host": "www.smakom.se", "origin": "https://www.smakom.se"}}
sys.stderr.write("<<<\\n")
sys.stderr.flush()
if kind == "host":
    response = client.get("/", secure=True, headers={"host": "evil.example"})
elif kind == "fields":
    body = "&".join(f"f{n}=x" for n in range(20_000))
    response = client.post(
        "/", body, content_type="application/x-www-form-urlencoded", **good
    )
else:
    response = client.post(
        "/", "x=" + "a" * 3_000_000, content_type="application/x-www-form-urlencoded", **good
    )
sys.stderr.flush()
sys.stderr.write(">>>\\n")
print(json.dumps({"status": response.status_code}))
"""


@pytest.mark.parametrize(
    ("kind", "logged"),
    [
        ("host", "DisallowedHost: Invalid HTTP_HOST header: 'evil.example'"),
        ("fields", "TooManyFieldsSent: The number of GET/POST parameters exceeded"),
        ("body", "RequestDataTooBig: Request body exceeded"),
    ],
)
def test_a_malformed_request_is_one_warning_line_and_a_400(tmp_path, kind, logged):
    status, server_log = run_request(tmp_path, kind, LOG_LEVEL="INFO")

    assert status == 400
    assert "Traceback" not in server_log
    # Besides the request's access line (core/request_log.py).
    (line,) = [line for line in server_log.splitlines() if " smakom.access: " not in line]
    assert line.startswith("WARNING ")
    assert logged in line


def run_request(tmp_path, kind: str, **env: str) -> tuple[int, str]:
    """The status of a request of ``kind`` under the production settings, and what it logged."""
    result = subprocess.run(  # noqa: S603 - fixed arguments, our own interpreter
        [sys.executable, "-c", REQUEST, kind],
        cwd=settings.BASE_DIR,
        env=production_env(tmp_path, LOG_FORMAT="text", **env),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    status = json.loads(result.stdout.splitlines()[-1])["status"]
    return status, result.stderr.split("<<<\n", 1)[1].split(">>>\n", 1)[0]


def client_error_record(logger: str) -> logging.LogRecord:
    try:
        raise DisallowedHost("Invalid HTTP_HOST header: 'evil.example'.")
    except DisallowedHost:
        return logging.LogRecord(
            logger, logging.ERROR, __file__, 1, "Invalid HTTP_HOST header", (), sys.exc_info()
        )


def test_a_logger_set_above_warning_drops_the_line():
    logger = logging.getLogger("tests.config.quiet")
    logger.setLevel(logging.ERROR)

    assert not ClientErrorFilter().filter(client_error_record(logger.name))


def test_other_errors_keep_their_level_and_traceback():
    try:
        raise ValueError("a real bug")
    except ValueError:
        record = logging.LogRecord(
            "django.request",
            logging.ERROR,
            __file__,
            1,
            "Internal Server Error",
            (),
            sys.exc_info(),
        )

    assert ClientErrorFilter().filter(record)
    assert (record.levelno, record.msg) == (logging.ERROR, "Internal Server Error")
    assert record.exc_info[0] is ValueError


def test_a_database_outage_is_one_line_and_other_errors_keep_their_traceback(rf):
    from django.db import OperationalError

    from core.log_filters import DatabaseOutageFilter

    def record(error: Exception) -> logging.LogRecord:
        try:
            raise error
        except Exception:  # noqa: BLE001 - the record carries whatever was raised
            made = logging.LogRecord(
                "django.request",
                logging.ERROR,
                __file__,
                1,
                "%s: %s",
                ("Error", "/"),
                sys.exc_info(),
            )
        made.request = rf.get("/nyheter/")
        return made

    outage = record(OperationalError("connection refused\nIs the server running?"))
    assert DatabaseOutageFilter().filter(outage)
    assert outage.exc_info is None
    assert outage.getMessage() == (
        "Database unavailable: OperationalError: connection refused\\nIs the server running? "
        "(GET /nyheter/)"
    )

    other = record(ValueError("a bug"))
    assert DatabaseOutageFilter().filter(other)
    assert other.exc_info is not None
    assert other.getMessage() == "Error: /"
