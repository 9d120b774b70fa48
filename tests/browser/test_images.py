"""The demo site's images in chromium, at 375 and 1280 px: every ``sizes`` says the width the
image is laid out at, the browser takes the smallest file that fills it (as WebP), and no image
in the first screen waits to be scrolled to (``core/images.py``).

``tests/core/test_images.py`` checks what each template offers; this checks that what it offers
matches the stylesheet, so a change of the CSS that makes a ``sizes`` wrong fails here.
"""

from __future__ import annotations

import pytest

from articles.models import ArticlePage
from home.models import HomePage, VideoPage

pytestmark = pytest.mark.django_db(transaction=True)

SCREENS = [(375, 800), (1280, 800)]
# The slack between a ``sizes`` and the laid-out width: 100vw counts a scrollbar, the layout
# does not.
SCROLLBAR = 16

# For each image in <main>: its laid-out box, the width its ``sizes`` gives at this window
# width (each media condition asked of matchMedia, the length measured on a probe element),
# the candidates of the srcset the browser chose from, and the file it took.
IMAGES = """() => {
    const splitTopLevel = (text) => {
        const parts = [];
        let depth = 0, part = "";
        for (const character of text) {
            if (character === "(") depth++;
            if (character === ")") depth--;
            if (character === "," && depth === 0) { parts.push(part.trim()); part = ""; }
            else part += character;
        }
        return [...parts, part.trim()];
    };
    const lengthOf = (length) => {
        const probe = document.createElement("div");
        probe.style.position = "absolute";
        probe.style.width = length;
        document.body.append(probe);
        const width = probe.getBoundingClientRect().width;
        probe.remove();
        return width;
    };
    const sizesWidth = (sizes) => {
        for (const part of splitTopLevel(sizes)) {
            if (!part.startsWith("(")) return lengthOf(part);
            let depth = 0, end = 0;
            for (; end < part.length; end++) {
                if (part[end] === "(") depth++;
                if (part[end] === ")" && --depth === 0) break;
            }
            if (matchMedia(part.slice(0, end + 1)).matches) return lengthOf(part.slice(end + 1));
        }
        return null;
    };
    return [...document.querySelectorAll("main img")].map((img) => {
        const box = img.getBoundingClientRect();
        const chosen = img.currentSrc.endsWith(".webp")
            ? img.parentElement.querySelector("source[type='image/webp']") : img;
        return {
            name: img.className,
            top: box.top + window.scrollY,
            width: box.width,
            loading: img.getAttribute("loading"),
            sizes: img.sizes ? sizesWidth(img.sizes) : null,
            candidates: (chosen.srcset || "").split(",").filter(Boolean).map((candidate) => {
                const [url, descriptor] = candidate.trim().split(/\\s+/);
                return {url: new URL(url, location.href).href, width: parseInt(descriptor)};
            }),
            current: img.currentSrc,
        };
    });
}"""


def demo_pages() -> dict[str, str]:
    """The pages that show images: the home page, the news index, an article with a hero image
    and the film page, in Swedish and in English."""
    pages = {}
    for home in HomePage.objects.live():
        language = home.locale.language_code
        pages[f"{language} home"] = home.url
        news = ArticlePage.objects.live().descendant_of(home).exclude(hero_image=None)
        article = news.order_by("-date", "-pk").first()
        pages[f"{language} news"] = article.get_parent().url
        pages[f"{language} article"] = article.url
        film = VideoPage.objects.live().descendant_of(home).first()
        if film is not None:
            pages[f"{language} film"] = film.url
    return pages


def test_images_are_sized_for_their_box_and_not_lazy_in_the_first_screen(demo_site, new_page):
    checked = 0
    for name, url in demo_pages().items():
        for width, height in SCREENS:
            reader = new_page()
            reader.set_viewport_size({"width": width, "height": height})
            reader.goto(url, wait_until="networkidle")
            for image in reader.evaluate(IMAGES):
                where = (name, width, image["name"])
                if image["top"] < height:
                    assert image["loading"] != "lazy", where
                if not image["candidates"] or not image["current"]:
                    continue  # a lazy image the browser has not needed yet
                checked += 1
                assert image["sizes"] is not None, where
                assert abs(image["sizes"] - image["width"]) <= SCROLLBAR, (where, image)
                assert image["current"].endswith(".webp"), where
                # At 1x, the smallest file at least as wide as the box (else the largest).
                widths = {c["width"]: c["url"] for c in image["candidates"]}
                wide_enough = [w for w in widths if w >= image["sizes"]]
                expected = widths[min(wide_enough) if wide_enough else max(widths)]
                assert image["current"] == expected, (where, image)
    assert checked >= 10, "the demo pages showed too few images to judge"
