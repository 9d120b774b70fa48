"""Browser tests: Playwright driving Debian's chromium (never a browser of Playwright's own).

The tests skip when no chromium is installed, unless BROWSER_TESTS_REQUIRED is set (as in
.ci/run, which installs it): then a missing browser is a failure. Screenshots go to
build/screenshots/ (git-ignored); `make screenshots` copies the guide's into docs/img/.

Every tab reports what the site's security headers refused: each Content-Security-Policy
violation (a ``securitypolicyviolation`` event in any frame, the admin's preview included) and
each complaint of the browser's about the Content-Security-Policy or Permissions-Policy header.
A test whose tabs met any fails, so the admin and the public pages they visit are shown to work
under the policies they are sent.
"""

from __future__ import annotations

import datetime
import io
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.utils import timezone

SCREENSHOTS = Path(settings.BASE_DIR) / "build" / "screenshots"
PASSWORD = "lösenord-för-test"

# Playwright's synchronous API runs an event loop in the test's thread; the ORM calls the tests
# make between browser steps are ordinary synchronous calls all the same.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def chromium_path() -> str | None:
    return (
        os.environ.get("CHROMIUM_PATH")
        or shutil.which("chromium")
        or shutil.which("chromium-browser")
    )


@pytest.fixture(scope="session")
def browser() -> Iterator:
    executable = chromium_path()
    if executable is None:
        if os.environ.get("BROWSER_TESTS_REQUIRED"):
            pytest.fail("BROWSER_TESTS_REQUIRED is set but chromium is not installed")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable)
        yield browser
        browser.close()


# Runs in every document and frame before the page's own scripts.
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
    window.reportSecurityPolicyViolation({
        document: event.documentURI,
        directive: event.effectiveDirective,
        blocked: event.blockedURI,
        source: `${event.sourceFile}:${event.lineNumber}`,
        sample: event.sample,
    });
}, true);
"""
# What chromium logs about a policy it refuses or cannot read.
POLICY_MESSAGES = ("Content Security Policy", "Content-Security-Policy", "Permissions-Policy")


@pytest.fixture
def security_policy_violations() -> list:
    """What the site's security headers refused in this test's tabs (see the module docstring)."""
    return []


@pytest.fixture
def new_page(browser, live_server, security_policy_violations):
    """``new_page()`` opens a tab in a fresh context (its own cookies: one user each)."""
    contexts = []
    violations = security_policy_violations

    def on_violation(violation: dict) -> None:
        violations.append(violation)

    def on_console(message) -> None:
        if any(words in message.text for words in POLICY_MESSAGES):
            violations.append({"console": message.type, "text": message.text})

    def open_page():
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": 1280, "height": 900}, locale="sv-SE"
        )
        # Generous: under the whole suite on two cores, publishing from the admin can take a while.
        context.set_default_timeout(30_000)
        context.expose_function("reportSecurityPolicyViolation", on_violation)
        context.add_init_script(REPORT_VIOLATIONS)
        contexts.append(context)
        page = context.new_page()
        page.on("console", on_console)
        return page

    yield open_page
    for context in contexts:
        context.close()
    wait_for_requests_in_flight()
    assert violations == [], "the security headers refused something: see the list"


def wait_for_requests_in_flight(timeout: float = 30) -> None:
    """Waits until the live server has answered every request the closed tabs made (a preview's
    refresh, a check's fetch): one still in a transaction when the test's database is emptied
    deadlocks with the TRUNCATE."""
    for thread in threading.enumerate():
        if thread.name.endswith("(process_request_thread)"):
            thread.join(timeout)


def screenshot(page, name: str, **options) -> Path:
    path = SCREENSHOTS / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), **options)
    return path


def log_in(page, username: str) -> None:
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")


@pytest.fixture
def site(transactional_db):
    """A small site: the indexes, a ministry, an image, a sent remissvar with its PDF and the
    news item announcing it; an editor, a secretary and a board member."""
    from wagtail.models import Site

    from tests.core.editorial.helpers import board_member, editor, secretary
    from tests.factories.articles import ArticleIndexPageFactory, ArticlePageFactory
    from tests.factories.consultation_responses import (
        ConsultationResponseIndexPageFactory,
        ConsultationResponsePageFactory,
        MinistryFactory,
    )
    from tests.factories.core import DocumentFactory, ImageFactory
    from tests.factories.events import EventIndexPageFactory, EventPageFactory
    from tests.factories.home import HomePageFactory
    from tests.factories.members import MembershipApplicationFactory
    from tests.transactional import ensure_initial_data

    ensure_initial_data()
    home = HomePageFactory()
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "root_page": home}
    )
    news = ArticleIndexPageFactory(parent=home, show_in_menus=True)
    responses = ConsultationResponseIndexPageFactory(parent=home, show_in_menus=True)
    ministry = MinistryFactory(name="Finansdepartementet")
    response = ConsultationResponsePageFactory(
        parent=responses,
        title="Spara i goda tider",
        inquiry_reference="SOU 2011:59",
        ministry=ministry,
        response_document=DocumentFactory(title="SmåKoms remissvar SOU 2011:59"),
    )
    response.save_revision().publish()
    article = ArticlePageFactory(
        parent=news,
        title="SmåKom svarar om stabiliseringsfonden",
        consultation_response=response,
    )
    article.save_revision().publish()
    # Something for each dashboard panel to show in the guide's screenshots.
    today = timezone.localdate()
    ConsultationResponsePageFactory(
        parent=responses,
        title="Framtidens kommunala finansiering",
        inquiry_reference="SOU 2026:41",
        ministry=ministry,
        deadline=today + datetime.timedelta(days=12),
        sent_date=None,
        status="drafting",
        live=False,
    )
    now = timezone.now()
    EventPageFactory(
        parent=EventIndexPageFactory(parent=home),
        title="Rikskonferens i Östersund",
        start=timezone.localtime(now + datetime.timedelta(days=120)).replace(
            hour=10, minute=0, second=0, microsecond=0
        ),
        place="Östersund",
        venue="Storsjöteatern",
        registration_opens=now - datetime.timedelta(days=2),
        registration_closes=now + datetime.timedelta(days=90),
        registration_url="https://smakom.se/anmalan",
    )
    MembershipApplicationFactory(municipality_name="Krokom", contact_name="Anna Andersson")
    return SimpleNamespace(
        home=home,
        news=news,
        responses=responses,
        ministry=ministry,
        response=response,
        article=article,
        image=ImageFactory(title="Kommunhuset i Bjurholm"),
        editor=editor(),
        secretary=secretary(),
        board_member=board_member(),
    )


@pytest.fixture
def demo_site(transactional_db):
    """The demo content (``manage.py load_demo_content``): every public page type, in Swedish
    and, where translated, English, with the real texts, images, members and meetings."""
    from django.core.management import call_command

    from tests.transactional import ensure_initial_data

    ensure_initial_data()
    call_command("load_demo_content", stdout=io.StringIO())


# The checkers from npm (package.json; `npm ci` in .ci/run and `make check-tools`): axe-core runs
# in the page, the Nu HTML Checker (vnu-jar) on Java.
NODE_MODULES = Path(settings.BASE_DIR) / "node_modules"
AXE_SCRIPT = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"


def require_checker(path: Path, what: str) -> None:
    """Skip a test whose checker is not installed, unless the browser tests are required (CI)."""
    if path.exists() and (path.suffix != ".jar" or shutil.which("java")):
        return
    message = f"{what} is not installed: run `npm ci` (and install a Java runtime for vnu)"
    if os.environ.get("BROWSER_TESTS_REQUIRED"):
        pytest.fail(message)
    pytest.skip(message)
