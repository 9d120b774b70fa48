"""The header at every width, the menu button, and what the home page costs to load.

- No two of the header's links, buttons and fields overlap at 320, 768, 1120, 1280 and 1920 px,
  in Swedish and in English (whose menu labels are longer), with the narrow menu opened; nothing
  is wider than the window; the search button stays beside its field; the tagline is one line
  where there is room.
- The "Meny" button is a real button whose ``aria-expanded`` follows the menu; Escape closes it.
  Without JavaScript there is no button and the menu is open. The member map's link shows focus.
- The home page, images included, transfers under 150 KB (static files as WhiteNoise sends them,
  Brotli-compressed; tests/config/test_static_compression.py shows that it does), and nothing
  blocks its first render but the one stylesheet.
"""

from __future__ import annotations

import brotli
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import screenshot

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = (320, 768, 1120, 1280, 1920)
HOMES = {"sv": "/", "en": "/en/"}
PAGE_WEIGHT_BUDGET = 150 * 1024

# The boxes of the header's visible links, buttons and fields, with a name for each.
INTERACTIVE_BOXES = """() => [...document.querySelectorAll(
    ".site-header a, .site-header button, .site-header input")]
    .filter((element) => element.checkVisibility())
    .map((element) => {
        const box = element.getBoundingClientRect();
        const name = (element.textContent || element.placeholder || element.name).trim();
        return {name: `${element.tagName.toLowerCase()} ${name}`, left: box.left,
                right: box.right, top: box.top, bottom: box.bottom};
    })"""


def overlaps(boxes: list[dict]) -> list[tuple[str, str]]:
    """The pairs of boxes that share more than an edge."""
    return [
        (first["name"], second["name"])
        for index, first in enumerate(boxes)
        for second in boxes[index + 1 :]
        if min(first["right"], second["right"]) - max(first["left"], second["left"]) > 0.5
        and min(first["bottom"], second["bottom"]) - max(first["top"], second["top"]) > 0.5
    ]


def test_nothing_in_the_header_overlaps_at_any_width(demo_site, new_page):
    reader = new_page()
    for language, home in HOMES.items():
        for width in WIDTHS:
            reader.set_viewport_size({"width": width, "height": 900})
            reader.goto(home)
            toggle = reader.locator(".menu-toggle")
            if toggle.is_visible():
                toggle.click()
            label = f"{language} at {width} px"
            boxes = reader.evaluate(INTERACTIVE_BOXES)
            names = {box["name"] for box in boxes}
            # Everything is there: the logo, the language link, search, the menu's links.
            assert len(boxes) >= 12, f"{label}: only {sorted(names)}"
            assert overlaps(boxes) == [], label
            assert reader.evaluate("document.documentElement.scrollWidth") <= width, label
            field = reader.locator(".site-search__input").bounding_box()
            button = reader.locator(".site-search__button").bounding_box()
            assert button["y"] < field["y"] + field["height"], f"{label}: Sök wrapped"
            tagline = reader.locator(".site-logo__tagline")
            line_height = float(tagline.evaluate("e => getComputedStyle(e).lineHeight")[:-2])
            if width >= 768:
                assert tagline.bounding_box()["height"] < 1.5 * line_height, label
            screenshot(reader, f"header/{language}-{width}", full_page=False)


def test_the_menu_button_folds_the_narrow_menu_away(demo_site, new_page, browser, live_server):
    reader = new_page()
    reader.set_viewport_size({"width": 375, "height": 800})
    reader.goto("/")
    toggle = reader.get_by_role("button", name="Meny")
    first_link = reader.locator(".site-nav__link").first
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(toggle).to_have_attribute("aria-controls", "site-header-menu")
    expect(first_link).to_be_hidden()
    expect(reader.locator(".site-search__input")).to_be_hidden()

    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(first_link).to_be_visible()
    expect(reader.locator(".site-search__input")).to_be_visible()
    reader.keyboard.press("Escape")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(first_link).to_be_hidden()
    expect(toggle).to_be_focused()
    # From the keyboard too.
    reader.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")

    # Wide: no button, the menu always shown.
    reader.set_viewport_size({"width": 1280, "height": 800})
    expect(toggle).to_be_hidden()
    expect(first_link).to_be_visible()

    # The member map is a link; from the keyboard it shows where the focus is (WCAG 2.4.7).
    map_link = reader.locator(".home-members__map")
    # Focused after keys (Escape, Enter above), so the browser shows a keyboard user's ring.
    map_link.focus()
    ring = map_link.evaluate(
        """(link) => {
            const style = getComputedStyle(link);
            return [link.matches(":focus-visible"), style.outlineStyle, style.outlineWidth,
                    style.outlineColor, style.backgroundColor, style.display];
        }"""
    )
    assert ring == [True, "solid", "3px", "rgb(11, 12, 12)", "rgb(255, 221, 0)", "inline-block"]

    # Without JavaScript: no button, and the menu open at every width.
    context = browser.new_context(
        base_url=live_server.url, java_script_enabled=False, viewport={"width": 375, "height": 800}
    )
    try:
        plain = context.new_page()
        plain.goto("/")
        expect(plain.locator(".menu-toggle")).to_be_hidden()
        expect(plain.locator(".site-nav__link").first).to_be_visible()
        expect(plain.locator(".site-search__input")).to_be_visible()
    finally:
        context.close()


def record_answers(page) -> list:
    """The page's answers from now on, as they arrive."""
    answers: list = []
    page.on("response", lambda answer: answers.append(answer))
    return answers


def transferred(response) -> int:
    """Bytes on the wire: a static file as WhiteNoise sends it to a browser that accepts Brotli
    (the file collectstatic compressed), anything else as it came."""
    body = response.body()
    if "/static/" in response.url and not response.url.endswith((".png", ".jpg", ".webp")):
        return min(len(body), len(brotli.compress(body)))
    return len(body)


def test_the_home_page_stays_within_its_weight_budget(demo_site, new_page):
    for width in (375, 1280):
        # A tab of its own each time: an empty cache, as a first visit.
        reader = new_page()
        reader.set_viewport_size({"width": width, "height": 900})
        answers = record_answers(reader)
        reader.goto("/", wait_until="networkidle")
        # The lazy images below the fold count too.
        reader.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        reader.wait_for_load_state("networkidle")
        sizes = {answer.url: transferred(answer) for answer in answers if answer.ok}
        assert sum(sizes.values()) < PAGE_WEIGHT_BUDGET, (width, sizes)
        assert any("/media/" in url for url in sizes), f"{width}: the images did not load"

        # Only the stylesheet holds up the first render: scripts are deferred, fonts are the
        # system's, images don't block.
        blocking = reader.evaluate(
            """() => performance.getEntriesByType("resource")
                .filter((entry) => entry.renderBlockingStatus === "blocking")
                .map((entry) => new URL(entry.name).pathname)"""
        )
        assert blocking == ["/static/css/site.css"], width
        assert reader.evaluate(
            """() => [...document.head.querySelectorAll("script[src]")]
                .every((script) => script.defer || script.async)"""
        )
