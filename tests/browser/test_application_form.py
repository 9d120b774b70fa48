"""In a real browser, under the site's Content-Security-Policy: after a failed submit of "Bli
medlem" the error summary has the focus (``autofocus``, no script), the title counts the errors,
and each of the summary's links takes the reader to its field."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def application_page(transactional_db):
    """The home page, served as localhost, and its "Bli medlem" page."""
    from wagtail.models import Site

    from tests.factories.home import HomePageFactory
    from tests.factories.members import MembershipApplicationPageFactory
    from tests.transactional import ensure_initial_data

    ensure_initial_data()
    home = HomePageFactory()
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "root_page": home}
    )
    return MembershipApplicationPageFactory(parent=home)


def test_a_failed_submit_focuses_the_error_summary_and_its_links_reach_the_fields(
    application_page, new_page
):
    reader = new_page()
    reader.goto(application_page.url)
    expect(reader).to_have_title("Bli medlem – SmåKom")
    reader.fill("#id_contact_name", "Anna Andersson")
    reader.fill("#id_email", "inte-en-adress")
    reader.get_by_role("button", name="Skicka ansökan").click()

    summary = reader.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading", level=2)).to_have_text("Det finns 2 fel i formuläret")
    expect(reader).to_have_title("Fel: 2 fel i formuläret – Bli medlem – SmåKom")
    assert reader.evaluate("() => document.activeElement.id") == ""
    assert reader.evaluate("() => document.activeElement.className") == "error-summary"

    summary.get_by_role("link", name="E-post: Ange en giltig mejladress.").click()
    expect(reader.locator("#id_email")).to_be_focused()
    summary.get_by_role("link", name="Kommun:").click()
    expect(reader.locator("#id_kommunkod")).to_be_focused()
