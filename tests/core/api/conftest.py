"""Fixtures for the API tests."""

from __future__ import annotations

import pytest
from django.test import Client


@pytest.fixture
def api_client(db) -> Client:
    """An anonymous client that turns server errors into 500 responses instead of raising."""
    return Client(raise_request_exception=False)
