"""The client's address: REMOTE_ADDR, unless a trusted proxy's header is configured."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from core.security.client_ip import client_ip

FORWARDED = "HTTP_X_FORWARDED_FOR"


def request_from(remote_addr: str = "10.0.0.1", **meta: str):
    return RequestFactory().get("/", REMOTE_ADDR=remote_addr, **meta)


@pytest.fixture
def behind_one_proxy(settings):
    settings.TRUSTED_PROXY_IP_HEADER = FORWARDED
    settings.TRUSTED_PROXY_COUNT = 1
    return settings


def test_without_a_trusted_header_a_forwarded_address_is_ignored(settings):
    settings.TRUSTED_PROXY_IP_HEADER = ""

    request = request_from("203.0.113.7", **{FORWARDED: "198.51.100.1"})

    assert client_ip(request) == "203.0.113.7"


def test_behind_one_proxy_the_address_it_appended_is_the_client(behind_one_proxy):
    # The client sent a forged header; the proxy appended the address it saw.
    request = request_from(**{FORWARDED: "198.51.100.1, 203.0.113.7"})

    assert client_ip(request) == "203.0.113.7"


def test_behind_two_proxies_the_second_address_from_the_right_is_the_client(behind_one_proxy):
    behind_one_proxy.TRUSTED_PROXY_COUNT = 2

    request = request_from(**{FORWARDED: "198.51.100.1,2001:db8::5 , 10.0.0.2"})

    assert client_ip(request) == "2001:db8::5"


@pytest.mark.parametrize("header", [None, "", "  ", "not-an-address", "203.0.113.7:4711"])
def test_a_missing_or_unreadable_header_falls_back_to_remote_addr(behind_one_proxy, header):
    meta = {} if header is None else {FORWARDED: header}

    assert client_ip(request_from("10.0.0.1", **meta)) == "10.0.0.1"


def test_fewer_addresses_than_trusted_proxies_falls_back_to_remote_addr(behind_one_proxy):
    behind_one_proxy.TRUSTED_PROXY_COUNT = 2

    assert client_ip(request_from("10.0.0.1", **{FORWARDED: "203.0.113.7"})) == "10.0.0.1"


def test_another_header_such_as_x_real_ip(settings):
    settings.TRUSTED_PROXY_IP_HEADER = "HTTP_X_REAL_IP"
    settings.TRUSTED_PROXY_COUNT = 1

    assert client_ip(request_from(HTTP_X_REAL_IP="203.0.113.9")) == "203.0.113.9"


def test_no_address_at_all_is_an_empty_string(settings):
    settings.TRUSTED_PROXY_IP_HEADER = ""

    assert client_ip(request_from("")) == ""
