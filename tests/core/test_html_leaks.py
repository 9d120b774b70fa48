"""Nothing private leaks through the public site's HTML or the APIs: a crawl from the home pages.

Images and documents in a private collection (login-restricted, and a collection below one) are
planted on public pages of every type: as a news item's hero, social image, image block and
document block, an event's hero, a remissvar's signed PDF, the film's poster and file, the
association's default sharing image. Hidden pages (a draft remissvar, a login-restricted
remissvar, a password-protected news item) are planted beside them. Each carries a marker in its
title and file name. An anonymous reader then follows every link from the Swedish and English
home pages, the sitemap, the feeds and the search page: no answer may contain a marker, nor a
link to a private file's address, in its body, ``og:image``, ``twitter:image`` or JSON-LD.

The same site is then read through both APIs, every listing and every page's detail.

Public images and documents sit beside the private ones, so the crawl also proves that what may be
shown still is.
"""

from __future__ import annotations

import datetime
import re
from types import SimpleNamespace
from urllib.parse import urljoin, urlsplit

import pytest
from django.test import Client
from wagtail.models import Collection, CollectionViewRestriction, Locale, PageViewRestriction

from home.models import OrganisationSettings
from tests.core.api.helpers import BASE_URL, configure_public_site, module_data
from tests.factories.articles import ArticleIndexPageFactory, ArticlePageFactory
from tests.factories.consultation_responses import (
    ConsultationResponseIndexPageFactory,
    ConsultationResponsePageFactory,
)
from tests.factories.core import DocumentFactory, ImageFactory
from tests.factories.events import EventIndexPageFactory, EventPageFactory
from tests.factories.home import HomePageFactory, StandardPageFactory, VideoPageFactory
from tests.factories.members import MembershipApplicationPageFactory, MembersPageFactory

pytestmark = pytest.mark.django_db

MARKERS = {
    "private_image": "qzxhemligbild",
    "nested_image": "qzxdjupbild",
    "private_document": "qzxhemligtdokument",
    "private_pdf": "qzxhemligpdf",
    "private_film": "qzxhemligfilm",
    "draft_response": "qzxutkastremissvar",
    "login_response": "qzxinloggadremissvar",
    "password_article": "qzxlosenordsnyhet",
}
PUBLIC = {"image": "qzxpublikbild", "document": "qzxpubliktdokument"}
HOST = urlsplit(BASE_URL).netloc
# The crawl keeps to the site: not the admin, not file downloads, at most this many addresses.
MAX_PAGES = 250
# Links in HTML attributes, and the addresses of the sitemap's index and parts (<loc>).
LINK = re.compile(r'(?:(?:href|src|content)="|<loc>)([^"#<]+)')


def private_collections() -> tuple[Collection, Collection]:
    """A login-restricted collection and one below it (restricted through its parent)."""
    board = Collection.get_first_root_node().add_child(name="Styrelsen")
    CollectionViewRestriction.objects.create(
        collection=board, restriction_type=CollectionViewRestriction.LOGIN
    )
    return board, board.add_child(name="Protokoll")


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    with module_data(django_db_blocker):
        site = configure_public_site()
        board, minutes = private_collections()
        m = MARKERS

        def image(name: str, collection: Collection | None = None):
            extra = {"collection": collection} if collection else {}
            return ImageFactory(title=f"Bild {name}", file__filename=f"{name}.png", **extra)

        def document(name: str, extension: str = "pdf", collection: Collection | None = None):
            extra = {"collection": collection} if collection else {}
            return DocumentFactory(
                title=f"Dokument {name}", file__filename=f"{name}.{extension}", **extra
            )

        private_image = image(m["private_image"], board)
        nested_image = image(m["nested_image"], minutes)
        private_document = document(m["private_document"], collection=minutes)
        private_pdf = document(m["private_pdf"], collection=board)
        private_film = document(m["private_film"], "mp4", board)
        public_image = image(PUBLIC["image"])
        public_document = document(PUBLIC["document"])

        home = HomePageFactory()
        english = Locale.objects.get(language_code="en")
        home.copy_for_translation(english).save_revision().publish()
        settings = OrganisationSettings.for_site(site)
        settings.default_social_image = nested_image
        settings.save()
        ArticleIndexPageFactory()
        ConsultationResponseIndexPageFactory()
        EventIndexPageFactory(parent=home)
        members = MembersPageFactory(parent=home, show_in_menus=True)
        application = MembershipApplicationPageFactory(parent=home, show_in_menus=True)
        article = ArticlePageFactory(
            title="Nyhet med bilder",
            date=datetime.date(2012, 5, 1),
            hero_image=private_image,
            social_image=nested_image,
            tags=["styrelsen"],
            body__0="image",
            body__0__image__image__image__image=private_image,
            body__1="document",
            body__1__document__document__document=private_document,
            body__1__document__label="",
            body__2="image",
            body__2__image__image__image__image=public_image,
            body__3="document",
            body__3__document__document__document=public_document,
            body__3__document__label="",
        )
        # A news item whose only pictures are private: no og:image at all, not a private one.
        plain = ArticlePageFactory(
            title="Nyhet utan publik bild",
            hero_image=nested_image,
            social_image=private_image,
            date=datetime.date(2012, 4, 1),
        )
        event = EventPageFactory(hero_image=private_image)
        response = ConsultationResponsePageFactory(
            title="Remissvar med hemlig pdf", response_document=private_pdf
        )
        video = VideoPageFactory(parent=home, poster=private_image, video_file=private_film)
        StandardPageFactory(
            parent=home,
            title="Om SmåKom",
            show_in_menus=True,
            body__0="document",
            body__0__document__document__document=private_pdf,
            body__0__document__label="Protokollet",
        )
        ConsultationResponsePageFactory(
            title=f"Remissvar {m['draft_response']}",
            summary=f"Sammanfattning {m['draft_response']}",
            live=False,
        )
        login = ConsultationResponsePageFactory(title=f"Remissvar {m['login_response']}")
        PageViewRestriction.objects.create(page=login, restriction_type=PageViewRestriction.LOGIN)
        password = ArticlePageFactory(title=f"Nyhet {m['password_article']}")
        PageViewRestriction.objects.create(
            page=password, restriction_type=PageViewRestriction.PASSWORD, password="hemligt"
        )
        private_files = [private_image, nested_image, private_document, private_pdf, private_film]
        yield SimpleNamespace(
            article=article,
            plain=plain,
            event=event,
            response=response,
            video=video,
            members=members,
            application=application,
            private_files=private_files,
            private_urls=[f.url for f in private_files if hasattr(f, "url") and f.url],
            public_image=public_image,
            public_document=public_document,
        )


def forbidden(site) -> list[str]:
    """What no public answer may contain: the markers and the private files' addresses."""
    words = list(MARKERS.values())
    for file in site.private_files:
        words.append(f"/documents/{file.pk}/")
        words.append(file.title)
    return words


@pytest.fixture(scope="module")
def crawl(site, django_db_blocker) -> dict[str, tuple[int, str]]:
    """Every address reachable from the home pages, the sitemap and the search page: status and
    body, as an anonymous reader gets them."""
    client = Client()
    queue = ["/", "/en/", "/sitemap.xml", "/robots.txt", "/sok/?q=nyhet", "/sok/?q=remissvar"]
    seen: dict[str, tuple[int, str]] = {}
    with django_db_blocker.unblock():
        while queue and len(seen) < MAX_PAGES:
            path = queue.pop(0)
            if path in seen:
                continue
            response = client.get(path)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            text = body.decode("utf-8", "replace")
            seen[path] = (response.status_code, text)
            if response.status_code != 200:
                continue
            for link in LINK.findall(text):
                url = urlsplit(urljoin(BASE_URL + path, link.replace("&amp;", "&")))
                if url.netloc != HOST or url.path.startswith(("/admin", "/django-admin")):
                    continue
                if url.path.startswith(("/documents/", "/media/", "/static/")):
                    continue
                target = url.path + (f"?{url.query}" if url.query else "")
                if target not in seen:
                    queue.append(target)
    return seen


def test_the_crawl_reaches_every_page_type(site, crawl):
    paths = set(crawl)
    pages = (site.article, site.plain, site.event, site.response, site.video, site.members)
    for page in (*pages, site.application):
        assert page.url in paths, page.url
    assert any(path.endswith("/feed/") for path in paths)
    assert any(path.endswith("/ical/") for path in paths)
    assert len(paths) > 25
    assert not [path for path, (status, _body) in crawl.items() if status >= 500]


def test_no_marker_or_private_address_anywhere(site, crawl):
    words = forbidden(site)
    leaks = [
        (path, word) for path, (_status, body) in crawl.items() for word in words if word in body
    ]
    assert leaks == []


def test_public_files_are_still_shown(site, crawl):
    _status, body = crawl[site.article.url]
    assert PUBLIC["image"] in body
    assert f"/documents/{site.public_document.pk}/" in body


def test_sharing_metadata_falls_back_to_a_public_image_or_none(site, crawl):
    _status, body = crawl[site.plain.url]
    assert 'property="og:image"' not in body
    assert 'name="twitter:image"' not in body
    assert '"image"' not in re.search(r"application/ld\+json[^>]*>(.*?)</script>", body, re.S)[1]


def test_the_film_page_without_its_private_file_and_poster(site, crawl):
    _status, body = crawl[site.video.url]
    assert "<video" not in body


def test_the_remissvar_page_without_its_private_pdf(site, crawl):
    _status, body = crawl[site.response.url]
    assert "Remissvaret i sin helhet" not in body


API_LISTINGS = [
    "/api/v2/pages/?limit=100&fields=*",
    "/api/v2/images/?limit=100",
    "/api/v2/documents/?limit=100",
    "/api/v3/pages/?limit=100",
    "/api/v3/images/?limit=100",
    "/api/v3/documents/?limit=100",
    "/api/v3/news/?limit=100",
    "/api/v3/consultation-responses/?limit=100",
    "/api/v3/events/?limit=100",
    "/api/v3/members/?limit=100",
]


def test_both_apis_show_no_marker_either(site, django_db_blocker):
    """The same planted site through v2 and v3: every listing and every page's detail."""
    client = Client()
    answers = {}
    with django_db_blocker.unblock():
        for path in API_LISTINGS:
            answers[path] = client.get(path)
        for item in answers["/api/v2/pages/?limit=100&fields=*"].json()["items"]:
            for api in ("/api/v2/pages/", "/api/v3/pages/"):
                path = f"{api}{item['id']}/"
                answers[path] = client.get(path)
    assert {path: response.status_code for path, response in answers.items()} == dict.fromkeys(
        answers, 200
    )
    assert len(answers) > 20
    words = forbidden(site)
    leaks = [
        (path, word)
        for path, response in answers.items()
        for word in words
        if word in response.content.decode()
    ]
    assert leaks == []
    article = answers[f"/api/v3/pages/{site.article.pk}/"].json()
    assert article["hero_image"] is None
