"""The "Bli medlem" form is throttled per client address and per e-mail address; a throttled
applicant keeps what they wrote, and nothing is stored or sent for a throttled submission."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.core import mail

from members.models import MembershipApplication
from tests.factories.core import translate_page
from tests.factories.members import VALID_APPLICATION as VALID
from tests.factories.members import MembershipApplicationPageFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def page(settings):
    settings.MEMBERSHIP_FORM_RATE_PER_IP = "5/10m"
    settings.MEMBERSHIP_FORM_RATE_PER_EMAIL = "3/h"
    settings.TRUSTED_PROXY_IP_HEADER = ""
    return MembershipApplicationPageFactory()


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def post(client, page, address: str = "203.0.113.7", url: str | None = None, **changes):
    return client.post(url or page.url, {**VALID, **changes}, REMOTE_ADDR=address)


def test_fifty_rapid_submissions_from_one_address_store_and_mail_five(client, page, frozen):
    responses = [post(client, page, email=f"person{n}@krokom.example.se") for n in range(50)]

    assert [response.status_code for response in responses] == [302] * 5 + [429] * 45
    assert MembershipApplication.objects.count() == 5
    assert len(mail.outbox) == 5


def test_one_address_from_many_clients_is_accepted_three_times_an_hour(client, page, frozen):
    responses = [
        post(client, page, address=f"198.51.100.{n}", email=email)
        for n, email in enumerate(
            ["anna@krokom.example.se", "Anna@Krokom.example.se", " anna@krokom.example.se"] * 3
        )
    ]

    assert [response.status_code for response in responses] == [302] * 3 + [429] * 6
    assert MembershipApplication.objects.count() == 3
    assert len(mail.outbox) == 3


def test_a_throttled_submission_shows_the_form_again_with_what_was_written(client, page, frozen):
    for n in range(5):
        post(client, page, email=f"person{n}@krokom.example.se")

    response = post(client, page, contact_name="Bertil Berg", message="Hör av er, tack!")

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    html = BeautifulSoup(response.content, "html.parser")
    notice = html.select_one(".form-throttled")
    assert notice["role"] == "alert"
    assert html.select("[autofocus]") == [notice]
    assert "Ingenting har sparats eller skickats" in notice.get_text()
    assert "minut" in notice.get_text()
    assert html.select_one("#id_contact_name")["value"] == "Bertil Berg"
    assert html.select_one("#id_email")["value"] == "anna@krokom.example.se"
    assert html.select_one("#id_message").get_text().strip() == "Hör av er, tack!"
    assert html.select_one("#id_kommunkod option[selected]")["value"] == "2309"
    assert html.select_one("form.application-form button[type=submit]")
    assert html.select_one(".error-summary") is None
    assert MembershipApplication.objects.count() == 5


def test_the_same_applicant_is_accepted_once_the_period_has_passed(client, page, frozen):
    for n in range(6):
        post(client, page, email=f"person{n}@krokom.example.se")
    assert MembershipApplication.objects.count() == 5

    frozen.shift(datetime.timedelta(minutes=10, seconds=1))

    assert post(client, page, email="late@krokom.example.se").status_code == 302
    assert MembershipApplication.objects.count() == 6


def test_forms_with_errors_do_not_count(client, page, frozen):
    for _attempt in range(10):
        assert post(client, page, email="inte-en-adress").status_code == 200

    assert post(client, page).status_code == 302
    assert MembershipApplication.objects.count() == 1


def test_clients_are_told_apart_by_their_own_address(client, page, frozen):
    for n in range(5):
        post(client, page, email=f"person{n}@krokom.example.se")

    assert post(client, page, address="203.0.113.8", email="b@bracke.example.se").status_code == 302


def test_a_forged_forwarded_header_does_not_escape_the_limit(client, page, frozen):
    responses = [
        client.post(
            page.url,
            {**VALID, "email": f"person{n}@krokom.example.se"},
            REMOTE_ADDR="203.0.113.7",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}",
        )
        for n in range(6)
    ]

    assert responses[-1].status_code == 429
    assert MembershipApplication.objects.count() == 5


def test_behind_a_trusted_proxy_clients_are_told_apart_by_its_header(client, page, settings):
    settings.TRUSTED_PROXY_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    settings.TRUSTED_PROXY_COUNT = 1

    statuses = [
        client.post(
            page.url,
            {**VALID, "email": f"person{n}@krokom.example.se"},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}",
        ).status_code
        for n in range(8)
    ]

    assert statuses == [302] * 8


def test_the_english_form_says_so_in_english(client, page, frozen):
    english = translate_page(page, title="Become a member", slug="become-a-member")
    for n in range(5):
        post(client, page, url=english.url, email=f"person{n}@krokom.example.se")

    response = post(client, page, url=english.url)

    assert response.status_code == 429
    notice = BeautifulSoup(response.content, "html.parser").select_one(".form-throttled")
    assert "Nothing has been stored or sent" in notice.get_text()
