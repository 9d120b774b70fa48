"""Logging filters for production (``LOGGING`` in ``config/settings/production.py``).

Django reports a client's malformed request (a Host header not in ``ALLOWED_HOSTS``, a body over
``DATA_UPLOAD_MAX_MEMORY_SIZE``, more fields or files than allowed) as an ERROR with the full
traceback, on the logger ``django.security.<exception name>``
(``django.core.handlers.exception.response_for_exception``). Scanners send such requests all
day; the traceback says nothing about the site, and the request is answered 400 anyway.

A request that failed because the database is away is answered 503 (core/outages.py) and logged
as one line too: during an outage every request fails the same way.
"""

from __future__ import annotations

import logging

from django.core.exceptions import (
    DisallowedHost,
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.db import InterfaceError, OperationalError

CLIENT_ERRORS = (DisallowedHost, RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent)
CLIENT_ERROR_LOGGERS = [f"django.security.{error.__name__}" for error in CLIENT_ERRORS]
# The database refused, cut off or timed out (core/outages.py answers 503).
DATABASE_ERRORS = (OperationalError, InterfaceError)


def is_database_outage(error: BaseException | None) -> bool:
    return isinstance(error, DATABASE_ERRORS)


def one_line(text: str) -> str:
    """``text`` with line breaks and other control characters escaped, as Django escapes paths."""
    return text.encode("unicode_escape").decode("ascii")


class ClientErrorFilter(logging.Filter):
    """Makes the record of a client's malformed request one WARNING line: Django's message and
    the request's method and path, without the traceback. Other records pass unchanged."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if not isinstance(error, CLIENT_ERRORS):
            return True
        message = record.getMessage()
        request = getattr(record, "request", None)
        if request is not None:
            message = f"{message} ({request.method} {request.path})"
        record.msg, record.args = one_line(message), ()
        record.exc_info = record.exc_text = None
        record.levelno, record.levelname = logging.WARNING, logging.getLevelName(logging.WARNING)
        # The record passed the logger as an ERROR; as a WARNING it must pass it again.
        return logging.getLogger(record.name).isEnabledFor(logging.WARNING)


class DatabaseOutageFilter(logging.Filter):
    """Makes the record of a request that failed on a database outage one line: the error and
    the request's method and path, without the traceback. Other records pass unchanged."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if not is_database_outage(error):
            return True
        message = f"Database unavailable: {type(error).__name__}: {error}"
        request = getattr(record, "request", None)
        if request is not None:
            message = f"{message} ({request.method} {request.path})"
        record.msg, record.args = one_line(message.strip()), ()
        record.exc_info = record.exc_text = None
        return True
