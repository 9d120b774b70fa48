"""The "Bli medlem" form for everyone: after a failed submit an error summary that links to each
field and a title that counts the errors; each invalid field marked and described for assistive
technology; the fields about the applicant say what they hold (WCAG 1.3.5)."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from tests.factories.core import translate_page
from tests.factories.members import VALID_APPLICATION as VALID
from tests.factories.members import MembershipApplicationPageFactory

pytestmark = pytest.mark.django_db

# Three fields wrong, in the form's order: the municipality, the contact, the address.
THREE_ERRORS = {"kommunkod": "9999", "contact_name": "", "email": "inte-en-adress"}


@pytest.fixture
def page():
    return MembershipApplicationPageFactory()


def submit(client, url: str, **changes) -> BeautifulSoup:
    response = client.post(url, {**VALID, **changes})
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_the_error_summary_links_each_error_to_its_field_and_takes_the_focus(client, page):
    html = submit(client, page.url, **THREE_ERRORS)

    summary = html.select_one("form.application-form .error-summary")
    assert summary["tabindex"] == "-1"
    assert summary.has_attr("autofocus")
    assert html.select("[autofocus]") == [summary]
    heading = summary.find("h2")
    assert heading.get_text(strip=True) == "Det finns 3 fel i formuläret"
    assert summary["aria-labelledby"] == heading["id"]
    links = summary.select("li a")
    assert [link["href"] for link in links] == ["#id_kommunkod", "#id_contact_name", "#id_email"]
    for link in links:
        field = html.select_one(link["href"])
        label = html.select_one(f"label[for={field['id']}]")
        errors = html.select_one(f"#{field['id']}_error")
        assert field.name in {"input", "select"}
        assert link.get_text().startswith(label.contents[0].strip() + ": ")
        assert link.get_text().endswith(errors.get_text(strip=True))
    assert links[2].get_text() == "E-post: Ange en giltig mejladress."


def test_the_title_counts_the_errors(client, page):
    assert submit(client, page.url, **THREE_ERRORS).title.string == (
        "Fel: 3 fel i formuläret – Bli medlem – SmåKom"
    )
    assert submit(client, page.url, email="").title.string == (
        "Fel: 1 fel i formuläret – Bli medlem – SmåKom"
    )


def test_in_english_the_summary_and_title_count_in_english(client, page):
    english = translate_page(page, title="Become a member", slug="become-a-member")

    one = submit(client, english.url, email="")
    two = submit(client, english.url, email="", contact_name="")

    assert one.title.string == "Error: 1 error in the form – Become a member – SmåKom"
    assert one.select_one(".error-summary h2").get_text() == "There is 1 error in the form"
    assert two.title.string == "Error: 2 errors in the form – Become a member – SmåKom"
    assert two.select_one(".error-summary h2").get_text() == "There are 2 errors in the form"
    assert (
        two.select_one(".error-summary a").get_text() == "Contact person: This field is required."
    )


def test_an_unsent_or_valid_form_has_no_summary(client, page):
    html = BeautifulSoup(client.get(page.url).content, "html.parser")

    assert html.title.string == "Bli medlem – SmåKom"
    assert html.select_one(".error-summary") is None
    assert html.select("[autofocus]") == []
    assert html.select("[aria-invalid]") == []


def test_each_invalid_field_is_marked_and_described_by_its_help_and_its_errors(client, page):
    html = submit(client, page.url, email="inte-en-adress", role="R" * 201)

    email = html.select_one("#id_email")
    assert email["aria-invalid"] == "true"
    assert email["aria-describedby"] == "id_email_error"
    assert html.select_one("#id_email_error").get_text() == "Ange en giltig mejladress."
    role = html.select_one("#id_role")
    assert role["aria-invalid"] == "true"
    assert role["aria-describedby"].split() == ["id_role_helptext", "id_role_error"]
    assert "kommundirektör" in html.select_one("#id_role_helptext").get_text()
    assert "200 tecken" in html.select_one("#id_role_error").get_text()
    # The fields without errors are not marked.
    assert html.select("[aria-invalid]") == [role, email]
    assert not html.select_one("#id_contact_name").has_attr("aria-describedby")


@pytest.mark.parametrize(
    ("field", "element", "input_type", "autocomplete"),
    [
        ("kommunkod", "select", None, "organization"),
        ("contact_name", "input", "text", "name"),
        ("role", "input", "text", "organization-title"),
        ("email", "input", "email", "email"),
        ("phone", "input", "tel", "tel"),
        ("homepage", "input", "text", "off"),
    ],
)
def test_fields_about_the_applicant_say_what_they_hold(
    client, page, field, element, input_type, autocomplete
):
    control = BeautifulSoup(client.get(page.url).content, "html.parser").select_one(
        f"[name={field}]"
    )

    assert control.name == element
    assert control.get("type") == input_type
    assert control["autocomplete"] == autocomplete
