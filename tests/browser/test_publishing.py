"""In a real browser: an editor writes and submits a news item, the secretariat publishes it and
a reader finds it; a board member approves a remissvar; a reader follows news to a response's
PDF. The screenshots (build/screenshots/) illustrate docs/editors.md."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from articles.models import ArticlePage
from consultation_responses.models import ConsultationResponsePage
from core.editorial import roles
from tests.browser.conftest import log_in, screenshot

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Nytt från webbläsaren: kommunbesök i Bjurholm"


def open_action_menu(page) -> None:
    page.locator("footer [data-w-dropdown-target=toggle]").first.click()


def test_editor_writes_secretariat_publishes_reader_finds(site, new_page):
    # The editor writes a news item with an image and a paragraph and submits it.
    editor = new_page()
    log_in(editor, "redaktor")
    screenshot(editor, "01-dashboard-redaktor")
    editor.goto(f"/admin/pages/add/articles/articlepage/{site.news.pk}/")
    editor.fill("#id_title", TITLE)
    editor.fill("#id_author_name", "Hilkka")
    editor.fill("#id_intro", "Styrelsen besökte Bjurholm i november.")
    editor.get_by_role("button", name="Välj en bild").click()
    editor.locator(".modal-content a[data-chooser-modal-choice]", has_text="Bjurholm").click()
    editor.wait_for_selector(".modal-content", state="hidden")
    editor.locator("[data-contentpath=body] button.c-sf-add-button").first.click()
    editor.get_by_role("option", name="Stycke").click()
    editor.locator("[data-contentpath=body] [contenteditable=true]").first.click()
    editor.keyboard.type("Vi talade om skolan, vården och bredbandet.")
    # Draftail writes the text into the form when the editor loses focus. (A locator, not
    # wait_for_function: Playwright evaluates a string predicate with eval, which the admin's
    # Content-Security-Policy rightly refuses.)
    editor.locator("#id_intro").click()
    expect(editor.locator('[name="body-0-value"]')).to_have_value(re.compile("bredbandet"))
    screenshot(editor, "02-redaktor-skriver-nyhet")
    open_action_menu(editor)
    screenshot(editor, "03-redaktor-skickar-till-granskning")
    editor.locator("button[name=action-submit]").click()
    editor.wait_for_selector(".messages .success")

    article = ArticlePage.objects.get(title=TITLE)
    assert not article.live
    assert article.current_workflow_task.name == roles.SECRETARIAT_TASK
    latest = article.get_latest_revision_as_object()
    assert latest.hero_image == site.image
    assert "bredbandet" in str(latest.body)

    # The secretariat finds it on the dashboard and publishes it by approving.
    secretary = new_page()
    log_in(secretary, "kansli")
    assert secretary.get_by_text(TITLE).first.is_visible()
    screenshot(secretary, "04-kansli-dashboard", full_page=True)
    secretary.goto(f"/admin/pages/{article.pk}/edit/")
    open_action_menu(secretary)
    screenshot(secretary, "05-kansli-godkanner")
    secretary.get_by_role("button", name="Godkänn och Publicera", exact=True).click()
    secretary.wait_for_selector(".messages .success")
    article.refresh_from_db()
    assert article.live

    # A reader sees it on the home page, opens it, and an app finds it in the API.
    reader = new_page()
    reader.goto("/")
    reader.get_by_role("link", name=TITLE).first.click()
    reader.wait_for_url(f"**{article.url}")
    assert reader.get_by_role("heading", level=1).inner_text() == TITLE
    assert reader.locator("main img").count() >= 1
    screenshot(reader, "06-lasare-ser-nyheten", full_page=True)
    api = reader.request.get("/api/v3/news/")
    assert api.ok
    assert TITLE in [item["title"] for item in json.loads(api.body())["items"]]


def test_board_member_approves_a_remissvar(site, new_page):
    page = ConsultationResponsePage(
        title="Vital kommunal demokrati",
        inquiry_reference="SOU 2015:96",
        inquiry_title="En vital kommunal demokrati",
        ministry=site.ministry,
        status="drafting",
        live=False,
    )
    site.responses.add_child(instance=page)
    page.save_revision(user=site.editor)
    site.responses.get_workflow().start(page, site.editor)
    assert page.current_workflow_task.name == roles.BOARD_TASK

    board = new_page()
    log_in(board, "styrelse")
    screenshot(board, "07-styrelse-dashboard", full_page=True)
    board.get_by_role("link", name="Vital kommunal demokrati").first.click()
    board.wait_for_url(f"**/admin/pages/{page.pk}/edit/")
    open_action_menu(board)
    screenshot(board, "08-styrelse-godkanner")
    board.get_by_role("button", name="Godkänn", exact=True).click()
    board.wait_for_selector(".messages .success")
    page.refresh_from_db()
    assert page.current_workflow_task.name == roles.SECRETARIAT_TASK
    assert not page.live

    secretary = new_page()
    log_in(secretary, "kansli")
    secretary.goto(f"/admin/pages/{page.pk}/edit/")
    open_action_menu(secretary)
    secretary.get_by_role("button", name="Godkänn och Publicera", exact=True).click()
    secretary.wait_for_selector(".messages .success")
    page.refresh_from_db()
    assert page.live


def test_reader_goes_from_home_to_news_to_remissvar_to_pdf(site, new_page):
    reader = new_page()
    reader.goto("/")
    screenshot(reader, "09-lasare-startsida", full_page=True)
    reader.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Nyheter").click()
    reader.wait_for_url(f"**{site.news.url}")
    reader.get_by_role("link", name=site.article.title).first.click()
    reader.wait_for_url(f"**{site.article.url}")
    reader.get_by_role("link", name="SOU 2011:59 – Spara i goda tider").click()
    reader.wait_for_url(f"**{site.response.url}")
    screenshot(reader, "10-lasare-remissvar", full_page=True)
    pdf_link = reader.locator(".document-link a").first
    response = reader.request.get(pdf_link.get_attribute("href"))
    assert response.ok
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")
