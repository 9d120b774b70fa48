"""Time limits on the database, so that a request never waits for it longer than a few seconds.

Three limits, all from the environment (docs/deploy.md):

- ``DATABASE_CONNECT_TIMEOUT`` (seconds, 3 by default): libpq's ``connect_timeout``, for a
  database that doesn't answer a new connection.
- ``DATABASE_TIMEOUT`` (seconds): PostgreSQL's ``statement_timeout`` for every statement, so the
  server cancels a query that runs longer; and a limit on the client's own wait for each
  statement or connection of one second more (``wait_with_deadline``), for a server that is
  frozen or cut off and cancels nothing. The site's WSGI entry sets 5 by default
  (config/wsgi.py); management commands and the worker have no limit unless it is set (a
  migration or a backup may rightly take longer).

The client's limit is psycopg2's wait callback: with one installed, psycopg2 runs every
statement asynchronously and lets the callback wait for the socket. Where the wait runs out, the
callback raises ``OperationalError`` and psycopg2 closes the connection; Django opens a new one
for the next request, so the site recovers by itself when the database is back.
"""

from __future__ import annotations

import select
import time

from django.conf import settings


def database_options(connect_timeout: int, timeout: float) -> dict:
    """The ``OPTIONS`` of a PostgreSQL database for these limits (read by the settings)."""
    options: dict = {"connect_timeout": connect_timeout}
    if timeout:
        options["options"] = f"-c statement_timeout={int(timeout * 1000)}"
    return options


def install() -> None:
    """Put the client's limit on every PostgreSQL connection of this process, when one is set."""
    if not (settings.USING_POSTGRES and settings.DATABASE_TIMEOUT):
        return
    import psycopg2.extensions

    psycopg2.extensions.set_wait_callback(wait_with_deadline)


def wait_with_deadline(connection) -> None:
    """psycopg2's wait callback: wait for the socket until the connection or statement is done,
    or raise ``OperationalError`` when ``DATABASE_TIMEOUT`` + 1 seconds have passed."""
    import psycopg2
    import psycopg2.extensions

    deadline = time.monotonic() + settings.DATABASE_TIMEOUT + 1
    while True:
        state = connection.poll()
        if state == psycopg2.extensions.POLL_OK:
            return
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise psycopg2.OperationalError(
                f"The database did not answer within {settings.DATABASE_TIMEOUT + 1:g} s."
            )
        if state == psycopg2.extensions.POLL_READ:
            select.select([connection.fileno()], [], [], remaining)
        elif state == psycopg2.extensions.POLL_WRITE:
            select.select([], [connection.fileno()], [], remaining)
        else:
            raise psycopg2.OperationalError(f"Unexpected state from the database driver: {state}")
