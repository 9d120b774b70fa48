"""Every public page type of the demo site, in Swedish and English, at 375 px and 1280 px, as a
reader's browser shows it: axe-core finds no violation of the WCAG 2.0, 2.1 and 2.2 A and AA
rules, the Nu HTML Checker finds no error in the HTML the server sent, and a screenshot of each
is saved to build/screenshots/pages/ for a person to look at.

The pages: one live page of each page type in each language (found in the database, so a new
page type is checked without a change here), the search page with and without results, the
404 page, the membership form after a failed submit, and a listing that is both filtered and
paginated. A rule may be left out only with a written reason in ``DISABLED_RULES``.
"""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from tests.browser.conftest import AXE_SCRIPT, SCREENSHOTS, VNU_JAR, require_checker

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = (375, 1280)
LANGUAGES = ("sv", "en")
# WCAG 2.0, 2.1 and 2.2, levels A and AA: axe-core's tags for them (2.2 has AA rules only).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# Rule id: why it is not run. Empty: every rule runs.
DISABLED_RULES: dict[str, str] = {}
# Every rule axe-core could not decide ("incomplete") is left to people; so are these checker
# messages, which are about the checker, not the page.
VNU_IGNORED: tuple[str, ...] = ()


@dataclass(frozen=True)
class Visit:
    name: str
    path: str
    status: int = 200
    #: A form to submit empty before the page is checked (the page with its error summary).
    submit: str = ""


def pages_to_check(language: str) -> list[Visit]:
    """One live, public page of each page type in this language, and the special views."""
    from wagtail.models import Locale, Page

    from consultation_responses.models import ConsultationResponseIndexPage

    locale = Locale.objects.get(language_code=language)
    seen: dict[str, Visit] = {}
    for page in Page.objects.live().public().filter(locale=locale, depth__gt=1).order_by("path"):
        name = page.specific_class.__name__
        if name not in seen:
            seen[name] = Visit(name, page.get_url())
    visits = list(seen.values())

    form = seen.get("MembershipApplicationPage")
    if form:
        visits.append(
            Visit("MembershipApplicationPage-errors", form.path, submit=".application-form")
        )
    responses = ConsultationResponseIndexPage.objects.live().filter(locale=locale).first()
    if responses:
        visits.append(Visit("listing-filtered-page-2", f"{responses.url}?status=sent&page=2"))
    with translation.override(language):
        search = reverse("search")
    visits += [
        Visit("search-results", f"{search}?q=landsbygd"),
        Visit("search-no-results", f"{search}?q=zyxwvutsrq"),
        Visit("404", "/en/no-such-page/" if language == "en" else "/ingen-sadan-sida/", 404),
    ]
    return visits


def axe_violations(page) -> list[dict]:
    """axe-core's violations in the page as shown (run through the debugging protocol, which
    the site's Content-Security-Policy does not govern)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT.read_text())
    result = page.evaluate(
        """([tags, disabled]) => axe.run(document, {
            runOnly: {type: "tag", values: tags},
            rules: Object.fromEntries(disabled.map((id) => [id, {enabled: false}])),
            resultTypes: ["violations"],
        })""",
        [AXE_TAGS, list(DISABLED_RULES)],
    )
    return [
        {
            "rule": violation["id"],
            "help": violation["help"],
            "nodes": [
                {"target": node["target"], "summary": node["failureSummary"]}
                for node in violation["nodes"][:5]
            ],
        }
        for violation in result["violations"]
    ]


def vnu_errors(files: list[Path]) -> list[dict]:
    """The Nu HTML Checker's errors in these files, all checked in one run of the JVM."""
    completed = subprocess.run(  # noqa: S603 - a fixed command over the test's own files
        ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", "--stdout"]
        + [str(file) for file in files],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    messages = json.loads(completed.stdout)["messages"]
    return [
        {
            "file": Path(message.get("url", "")).name,
            "line": message.get("lastLine"),
            "message": message["message"],
            "extract": message.get("extract", ""),
        }
        for message in messages
        if message["type"] in ("error", "non-document-error")
        and not any(ignored in message["message"] for ignored in VNU_IGNORED)
    ]


def test_every_page_type_passes_axe_and_the_html_checker(
    demo_site, new_page, tmp_path, monkeypatch
):
    require_checker(AXE_SCRIPT, "axe-core")
    require_checker(VNU_JAR, "The Nu HTML Checker (vnu-jar)")
    from consultation_responses.models import ConsultationResponseIndexPage

    # Five to a page, so that the demo's sent responses fill a second page of the filtered list.
    monkeypatch.setattr(ConsultationResponseIndexPage, "RESPONSES_PER_PAGE", 5)
    shots = SCREENSHOTS / "pages"
    shots.mkdir(parents=True, exist_ok=True)
    reader = new_page()
    found: dict[str, list] = {}
    sources: list[Path] = []
    checked = 0
    for language in LANGUAGES:
        for visit in pages_to_check(language):
            for width in WIDTHS:
                reader.set_viewport_size({"width": width, "height": 900})
                answer = reader.goto(visit.path)
                if visit.submit:
                    with reader.expect_response(lambda r: r.request.method == "POST") as posted:
                        reader.locator(f"{visit.submit} [type=submit]").click()
                    answer = posted.value
                    reader.wait_for_load_state()
                label = f"{language}-{visit.name}-{width}"
                assert answer.status == visit.status, f"{label}: {visit.path}: {answer.status}"
                reader.screenshot(path=str(shots / f"{label}.png"))
                if violations := axe_violations(reader):
                    found[label] = violations
                if width == WIDTHS[0]:
                    # The narrow header's menu, opened: its links are checked too.
                    toggle = reader.locator(".menu-toggle")
                    if toggle.is_visible():
                        toggle.click()
                        if violations := axe_violations(reader):
                            found[f"{label}-menu-open"] = violations
                    source = tmp_path / f"{language}-{visit.name}.html"
                    source.write_bytes(answer.body())
                    sources.append(source)
                checked += 1
    assert checked >= 2 * len(WIDTHS) * 12, f"only {checked} pages were checked"
    assert found == {}, "axe-core found violations:\n" + json.dumps(found, indent=1)
    errors = vnu_errors(sources)
    assert errors == [], "the Nu HTML Checker found errors:\n" + json.dumps(errors, indent=1)
