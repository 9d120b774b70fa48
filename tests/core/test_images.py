"""Images as the public pages show them (``core/images.py``, ``{% responsive_image %}``): every
template that shows a rendition offers the widths of its place in the layout with true ``w``
descriptors, says how wide it is shown (``sizes``), keeps ``width`` and ``height``, adds a WebP
source, and is lazy only below the fold."""

from __future__ import annotations

import factory
import pytest
from bs4 import BeautifulSoup
from django.template import Context, Template
from django.test import TestCase
from PIL import Image as PillowImage
from wagtail.images import get_image_model

from core.images import LAYOUTS, ImageLayout
from tests.factories.articles import ArticleIndexPageFactory, ArticlePageFactory
from tests.factories.core import ImageFactory
from tests.factories.events import EventPageFactory
from tests.factories.home import HomePageFactory, VideoPageFactory

TEASER = LAYOUTS["teaser"]
MEASURE = LAYOUTS["measure"]
FILM_TEASER = LAYOUTS["film_teaser"]


def photo(name: str, width: int = 1600, height: int = 900, image_format: str = "JPEG"):
    """An uploaded image larger than every rendition a layout offers."""
    extension = {"JPEG": "jpg", "PNG": "png", "GIF": "gif"}[image_format]
    return ImageFactory(
        title=name,
        file=factory.django.ImageField(
            filename=f"{name}.{extension}",
            width=width,
            height=height,
            color="olive",
            format=image_format,
        ),
    )


def candidates(srcset: str) -> list[tuple[str, int]]:
    """``srcset``'s (URL, width) pairs, as written."""
    pairs = []
    for candidate in srcset.split(","):
        url, descriptor = candidate.split()
        assert descriptor.endswith("w"), candidate
        pairs.append((url, int(descriptor.removesuffix("w"))))
    return pairs


def file_width(url: str) -> int:
    """The width of the rendition file at ``url``, read from the file itself."""
    rendition = (
        get_image_model().get_rendition_model().objects.get(file=url.removeprefix("/media/"))
    )
    with rendition.file.open("rb") as handle, PillowImage.open(handle) as image:
        return image.width


def assert_offered(picture, layout: ImageLayout, image_width: int, ratio: float) -> None:
    """``picture`` (a ``<picture>``) offers ``layout``'s widths, as far as an original
    ``image_width`` wide allows, in the original's format and as WebP, each descriptor the
    file's true width, with the layout's ``sizes`` and a ``src`` of the layout's ``src_width``
    whose ``width`` and ``height`` give the image's shape."""
    expected = sorted({min(width, image_width) for width in layout.widths})
    img = picture.find("img")
    source = picture.find("source")
    assert source["type"] == "image/webp"
    for element, suffix in ((img, ".jpg"), (source, ".webp")):
        offered = candidates(element["srcset"])
        assert [width for _, width in offered] == expected
        assert all(url.endswith(suffix) for url, _ in offered)
        assert all(file_width(url) == width for url, width in offered)
        assert element["sizes"] == layout.sizes
    assert img["src"] in [url for url, _ in candidates(img["srcset"])]
    assert int(img["width"]) == min(layout.src_width, image_width)
    assert abs(int(img["height"]) - int(img["width"]) * ratio) <= 1


class ResponsiveImagesOnPages(TestCase):
    """One page of each kind that shows an image, each image a 1600×900 JPEG."""

    @classmethod
    def setUpTestData(cls):
        cls.home = HomePageFactory()
        cls.news = ArticleIndexPageFactory(parent=cls.home)
        cls.articles = [
            ArticlePageFactory(parent=cls.news, hero_image=photo(f"nyhet-{number}"), body=[])
            for number in range(3)
        ]
        cls.article_with_figure = ArticlePageFactory(
            parent=cls.news,
            hero_image=photo("hero"),
            body__0="image",
            body__0__image__image__image__image=photo("figur", 1000, 750),
        )
        cls.event = EventPageFactory(hero_image=photo("konferens"), body=[])
        # No embed (none can be fetched here either): the page shows the poster itself.
        cls.film = VideoPageFactory(parent=cls.home, embed_url="", poster=photo("affisch"))

    def page(self, url: str) -> BeautifulSoup:
        response = self.client.get(url)
        assert response.status_code == 200
        return BeautifulSoup(response.content.decode(), "html.parser")

    def test_news_teasers_offer_192_px_files_and_only_the_first_three_are_eager(self):
        html = self.page(self.news.url)

        pictures = [media.find("picture") for media in html.select(".teaser__media")]
        assert len(pictures) == 4
        for picture in pictures:
            assert_offered(picture, TEASER, 1600, 9 / 16)
            assert picture.find("img")["alt"] == ""
            assert 192 in [width for _, width in candidates(picture.find("img")["srcset"])]
        loading = [picture.find("img")["loading"] for picture in pictures]
        assert loading == ["eager", "eager", "eager", "lazy"]

    def test_home_page_film_poster_is_eager_and_sized_for_its_column(self):
        html = self.page(self.home.url)

        picture = html.select_one(".film-teaser__poster picture")
        assert_offered(picture, FILM_TEASER, 1600, 9 / 16)
        assert not picture.find("img").has_attr("loading")
        assert picture.find("img")["class"] == ["film-teaser__image"]
        loading = [img["loading"] for img in html.select(".home-grid__news .teaser__image")]
        assert loading, "the home page shows the news"
        assert loading == ["eager"] * min(3, len(loading)) + ["lazy"] * (len(loading) - 3)

    def test_article_hero_fills_the_reading_column_and_is_eager(self):
        html = self.page(self.articles[0].url)

        picture = html.select_one(".figure--hero picture")
        assert_offered(picture, MEASURE, 1600, 9 / 16)
        img = picture.find("img")
        assert img["width"] == "672" and img["height"] == "378"
        assert not img.has_attr("loading")

    def test_event_hero_fills_the_reading_column_and_is_eager(self):
        html = self.page(self.event.url)

        picture = html.select_one(".figure--hero picture")
        assert_offered(picture, MEASURE, 1600, 9 / 16)
        assert not picture.find("img").has_attr("loading")

    def test_film_page_poster_fills_the_reading_column_and_is_eager(self):
        html = self.page(self.film.url)

        picture = html.select_one(".video__poster picture")
        assert_offered(picture, MEASURE, 1600, 9 / 16)
        assert not picture.find("img").has_attr("loading")

    def test_image_block_is_lazy_with_its_alt_text(self):
        html = self.page(self.article_with_figure.url)

        picture = html.select_one(".stream .figure picture")
        # A 1000 px original: the 1344 px rendition is 1000 px, offered as such.
        assert_offered(picture, MEASURE, 1000, 3 / 4)
        img = picture.find("img")
        assert img["loading"] == "lazy"
        assert img["alt"].startswith("Vy över en liten kommun")


def render(image, layout: str = "measure") -> BeautifulSoup:
    template = Template('{% load image_tags %}{% responsive_image image layout class="bild" %}')
    html = template.render(Context({"image": image, "layout": layout}))
    return BeautifulSoup(html, "html.parser")


@pytest.mark.django_db
def test_a_small_original_names_each_width_once_and_its_src_among_them():
    html = render(photo("liten", 400, 225, "PNG"), "teaser")

    img = html.find("img")
    offered = candidates(img["srcset"])
    assert [width for _, width in offered] == [192, 384, 400]
    assert img["src"] == offered[-1][0]
    assert (img["width"], img["height"]) == ("400", "225")
    assert [width for _, width in candidates(html.find("source")["srcset"])] == [192, 384, 400]


@pytest.mark.django_db
def test_a_png_keeps_png_files_beside_webp():
    html = render(photo("logga", image_format="PNG"))

    assert all(url.endswith(".png") for url, _ in candidates(html.find("img")["srcset"]))
    assert all(url.endswith(".webp") for url, _ in candidates(html.find("source")["srcset"]))


@pytest.mark.django_db
def test_a_gif_gets_no_webp_copy():
    html = render(photo("animering", image_format="GIF"))

    assert html.find("picture") is None
    assert html.find("source") is None
    assert [width for _, width in candidates(html.find("img")["srcset"])] == [480, 672, 1008, 1344]


@pytest.mark.django_db
def test_an_image_whose_file_is_missing_renders_a_broken_image_not_an_error():
    image = photo("borta")
    image.file.storage.delete(image.file.name)

    html = render(image)

    assert html.find("img")["class"] == ["bild"]
    assert not html.find("img").has_attr("srcset")


@pytest.mark.django_db
def test_no_image_renders_nothing():
    assert str(render(None)) == ""


@pytest.mark.django_db
def test_an_unknown_layout_fails_loudly():
    with pytest.raises(KeyError):
        render(photo("okänd"), "banner")


def test_a_listing_prefetches_every_file_a_layout_may_show():
    assert TEASER.filter_specs == (
        "fill-192x108",
        "fill-384x216",
        "fill-480x270",
        "fill-768x432",
        "fill-192x108|format-webp",
        "fill-384x216|format-webp",
        "fill-480x270|format-webp",
        "fill-768x432|format-webp",
    )
    assert MEASURE.spec(1344) == "width-1344"


@pytest.mark.parametrize(
    ("widths", "src_width", "ratio"),
    [
        ((480, 192), 480, None),  # not from small to large
        ((192, 192, 480), 480, None),  # a width twice
        ((192, 480), 672, None),  # a src that is not offered
        ((200, 480), 480, (16, 9)),  # 200 × 9 / 16 is not a whole height
    ],
)
def test_an_inconsistent_layout_is_refused(widths, src_width, ratio):
    with pytest.raises(ValueError):
        ImageLayout(widths=widths, src_width=src_width, sizes="100vw", ratio=ratio)
