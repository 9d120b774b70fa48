"""Images as the public pages show them: for each place in the layout, the renditions a browser
may choose from and the width the image is shown at, so that it fetches no more than it needs.

A ``{% responsive_image %}`` (``core/templatetags/image_tags.py``) names one of ``LAYOUTS``. It
renders an ``<img>`` whose ``srcset`` lists the layout's renditions with their widths and whose
``sizes`` says how wide the image is shown at each window width, in a ``<picture>`` with a WebP
``<source>`` beside it. The browser picks the smallest file that fills the box at the screen's
density: a teaser shown 192 px wide loads a 192 px file (384 at 2x), not 480; an article's hero
loads 672 px on a desktop and 480 px on a 1x phone, not 1200 on both.

Why these choices:

- **``sizes`` comes from the stylesheet** (``site/static/css/site.css``; 1rem and 1em are 16 px):
  the container is at most 72rem wide with 1rem of padding each side, the reading column
  (``--measure``) 42rem, a teaser's image column 12rem from 40em, the home page's film column a
  third of the container (less the grid's 2.5rem gap and the card's 1rem padding) from 56em.
  ``tests/browser/test_images.py`` checks each ``sizes`` against the laid-out page in chromium,
  so a change of the CSS that makes one wrong fails there.
- **The widths** are the image's width at 1x and 2x on a desktop, and on phones of 1x to 3x
  (a 375 px phone shows a full-width image 343 px wide: 686 px at 2x, 1029 at 3x; a teaser
  stops at 2x, see ``LAYOUTS``). Renditions are never larger than the original; two that come
  out the same width (a small original) are offered once, since a ``srcset`` may not name a
  width twice.
- **WebP** for originals in JPEG or PNG (close to half the JPEG's bytes, measured in
  ``docs/frontend.md``), with the original's format as the ``<img>``'s own files for the few
  browsers without it. No AVIF: it saves another fifth over WebP but takes three to four times
  as long to encode, on the request that first shows the image. Originals in other formats
  (GIF, WebP, AVIF) get no ``<source>``: their renditions already are what the browser gets.
- **The ``src``** is one of the middle widths. Every browser reads ``srcset``, so what matters
  of it is its ``width`` and ``height``: they give the image's shape, so its box (as wide as the
  CSS says) is kept free before it loads. The teaser's is the APIs' teaser image.

Listings fetch every rendition of a layout, both formats, in the one query they already made
(``ImageLayout.filter_specs``, e.g. ``ArticlePage.objects.for_listing``), so a page's query
count does not depend on how many images it shows; a lone image (a hero) looks them all up in
one query, or none when the "renditions" cache has them. A rendition is made the first time a
page asks for it, as Wagtail's ``{% image %}`` does.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.forms.utils import flatatt
from django.utils.safestring import SafeString, mark_safe
from wagtail.images.models import AbstractImage, AbstractRendition
from wagtail.images.shortcuts import get_renditions_or_not_found

from core.api.fields import rendition_filter

# Originals whose renditions are also offered as WebP; the others' formats need no second copy.
WEBP_SOURCE_EXTENSIONS = frozenset({"jpg", "jpeg", "png"})
WEBP = "webp"


@dataclass(frozen=True)
class ImageLayout:
    """One place in the layout: the rendition widths offered, the one in ``src``, the ``sizes``
    attribute, and for a cropped image its aspect ratio (``fill``), else the original's
    (``width``)."""

    widths: tuple[int, ...]
    src_width: int
    sizes: str
    ratio: tuple[int, int] | None = None

    def __post_init__(self) -> None:
        if list(self.widths) != sorted(set(self.widths)):
            raise ValueError("An image layout's widths go from small to large, each once.")
        if self.src_width not in self.widths:
            raise ValueError("An image layout's src is one of its widths.")
        if self.ratio and any(width * self.ratio[1] % self.ratio[0] for width in self.widths):
            raise ValueError("Each width of a cropped image layout must give a whole height.")

    def spec(self, width: int, image_format: str | None = None) -> str:
        """The Wagtail filter spec of the rendition ``width`` wide, in ``image_format`` (else in
        the original's format)."""
        if self.ratio:
            resize = f"fill-{width}x{width * self.ratio[1] // self.ratio[0]}"
        else:
            resize = f"width-{width}"
        return f"{resize}|format-{image_format}" if image_format else resize

    @functools.cached_property
    def filter_specs(self) -> tuple[str, ...]:
        """Every rendition this layout may show, in either format: what a listing prefetches."""
        return tuple(
            self.spec(width, image_format) for image_format in (None, WEBP) for width in self.widths
        )

    def specs_for(self, image: AbstractImage) -> tuple[list[str], list[str]]:
        """The specs of ``image``'s renditions in its own format, and as WebP (none when its
        original is neither JPEG nor PNG)."""
        own = [self.spec(width) for width in self.widths]
        if extension(image) not in WEBP_SOURCE_EXTENSIONS:
            return own, []
        return own, [self.spec(width, WEBP) for width in self.widths]


LAYOUTS: dict[str, ImageLayout] = {
    # A news teaser's image (includes/article_teaser.html): full width on a phone, a 12rem
    # column from 40em. fill-480x270 is also the APIs' teaser image (TEASER_IMAGE_FILTER).
    # Up to 2x a phone's box: a 3x phone takes the 768 px file too, for a small picture beside
    # a headline (a 960 px one cost 3x phones a fifth more bytes on the home page).
    "teaser": ImageLayout(
        widths=(192, 384, 480, 768),
        src_width=480,
        sizes="(min-width: 40em) 12rem, calc(100vw - 2rem)",
        ratio=(16, 9),
    ),
    # The full width of the reading column (.content, 42rem): an article's or an event's hero,
    # the film page's poster, an image block in a page's body.
    "measure": ImageLayout(
        widths=(480, 672, 1008, 1344),
        src_width=672,
        sizes="(min-width: 44rem) 42rem, calc(100vw - 2rem)",
    ),
    # The film's poster on the home page (.film-teaser): full width (less the card's padding)
    # on a phone and a tablet, the grid's narrow right-hand column from 56em.
    "film_teaser": ImageLayout(
        widths=(336, 480, 672, 960, 1280),
        src_width=672,
        sizes=(
            "(min-width: 72rem) 20.5rem, "
            "(min-width: 56em) calc((100vw - 4.5rem) / 3 - 2rem), "
            "calc(100vw - 4rem)"
        ),
        ratio=(16, 9),
    ),
}


def extension(image: AbstractImage) -> str:
    """The original file's extension, lower case (uploads are checked to be what they say)."""
    return PurePosixPath(image.file.name).suffix.lstrip(".").lower()


def candidates(renditions: list[AbstractRendition]) -> dict[int, AbstractRendition]:
    """``renditions`` by width, from small to large, one per width: two specs give the same
    width when the original is smaller than both, and a ``srcset`` may not name a width twice
    (the first spec's is kept)."""
    by_width: dict[int, AbstractRendition] = {}
    for rendition in sorted(renditions, key=lambda rendition: rendition.width):
        if rendition.width > 0:
            by_width.setdefault(rendition.width, rendition)
    return by_width


def srcset(by_width: dict[int, AbstractRendition]) -> str:
    """``url 480w, url 672w, …``."""
    return ", ".join(f"{rendition.url} {width}w" for width, rendition in by_width.items())


def responsive_image(image: AbstractImage, layout: ImageLayout, attrs: dict) -> SafeString:
    """The ``<picture>`` (or, without a WebP source, the ``<img>``) for ``image`` in
    ``layout``, with ``attrs`` (``class``, ``alt``, ``loading``…) on the ``<img>``."""
    own_specs, webp_specs = layout.specs_for(image)
    renditions = get_renditions_or_not_found(
        image, [rendition_filter(spec) for spec in own_specs + webp_specs]
    )
    own = candidates([renditions[spec] for spec in own_specs])
    src = renditions[layout.spec(layout.src_width)]
    if src.width == 0:
        # The original file is missing: a broken image, as Wagtail's own tag gives, not a 500.
        return src.img_tag(attrs)
    # The src is one of the srcset's files, even where a small original made two the same.
    img = own[src.width].img_tag({"srcset": srcset(own), "sizes": layout.sizes, **attrs})
    if not webp_specs:
        return img
    source = flatatt(
        {
            "type": "image/webp",
            "srcset": srcset(candidates([renditions[spec] for spec in webp_specs])),
            "sizes": layout.sizes,
        }
    )
    return mark_safe(f"<picture><source{source}>{img}</picture>")  # noqa: S308 - flatatt escapes
