"""In a real browser, under the Content-Security-Policy and Permissions-Policy the site sends:
the admin's preview and checks panels, a signed-in editor's view of a public page (Wagtail's
user bar), the API docs and Django's admin work, and nothing is refused (the ``new_page``
fixture fails a test whose tabs met a violation). A script slipped into a public page is
refused, and the tests notice."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_admin_previews_and_checks_a_page(site, new_page):
    editor = new_page()
    log_in(editor, "redaktor")
    editor.goto(f"/admin/pages/{site.article.pk}/edit/")
    # The preview is the public page in a frame of the admin, under the public policy.
    editor.locator("[data-side-panel-toggle=preview]").click()
    preview = editor.frame_locator("#w-preview-iframe")
    expect(preview.get_by_role("heading", level=1)).to_have_text(site.article.title)
    # The checks panel has the user bar's scripts in that frame count the words and run the
    # accessibility checker.
    editor.locator("[data-side-panel-toggle=checks]").click()
    expect(editor.locator("[data-content-word-count]")).to_have_text(re.compile(r"^[1-9][0-9]*$"))


def test_a_signed_in_editor_sees_the_user_bar_on_a_public_page(site, new_page):
    editor = new_page()
    log_in(editor, "redaktor")
    editor.goto(site.article.url)
    editor.locator("[data-wagtail-userbar-trigger]").click()
    expect(editor.get_by_role("menuitem", name="Redigera denna sida")).to_be_visible()


def test_the_api_docs_list_and_try_the_endpoints(site, new_page):
    reader = new_page()
    reader.goto("/api/v3/docs/")
    find = reader.locator(".opblock", has_text="/api/v3/pages/find/").first
    find.locator(".opblock-summary").click()
    find.get_by_role("button", name="Try it out").click()
    find.locator("input[placeholder=id]").fill(str(site.article.pk))
    find.get_by_role("button", name="Execute").click()
    answer = find.locator(".live-responses-table tbody .response")
    expect(answer.locator(".response-col_status")).to_have_text("200")
    expect(answer).to_contain_text(site.article.title)


def test_django_admin_sign_in_page(site, new_page):
    page = new_page()
    page.goto("/django-admin/login/")
    expect(page.locator("#id_username")).to_be_visible()


def test_a_script_slipped_into_a_public_page_is_refused_and_noticed(
    site, new_page, security_policy_violations
):
    reader = new_page()
    reader.goto(site.article.url)
    reader.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "document.body.dataset.injected = 'yes'";
            document.body.append(script);
        }"""
    )
    expect(reader.locator("body")).not_to_have_attribute("data-injected", "yes")
    reader.wait_for_function("() => true")  # one round trip, for the report to arrive
    refused = [v for v in security_policy_violations if v.get("directive") == "script-src-elem"]
    assert refused, security_policy_violations
    assert refused[0]["blocked"] == "inline"
    assert refused[0]["document"].endswith(site.article.url)
    # Seen: the fixture would otherwise fail the test for it.
    security_policy_violations.clear()
