"""Content-Security-Policy and Permissions-Policy (core/security/headers.py, the policies in
config/settings/base.py).

A small site with every page type is crawled from its home pages as a reader: every answer
carries the strict public policy, no script runs inline (the JSON-LD is a data block) so no
answer carries a nonce and a cached page is the same for everyone, and nothing in the HTML needs
more than the policy allows (no inline style or event
handler, scripts, styles, images and forms from the site, frames only from the video services).
The admin gets its own policy, a preview the public one, and the
report-only switch and report address work from the environment.
"""

from __future__ import annotations

import json
import subprocess
import sys
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core.exceptions import ValidationError
from django.test import Client, override_settings
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.finders import get_finders
from wagtail.embeds.models import Embed
from wagtail.models import Locale, Page, get_page_models
from wagtail.test.utils.form_data import querydict_from_html

from core.blocks import VideoEmbedBlock
from tests.config.test_settings import production_env
from tests.core.api.helpers import BASE_URL, configure_public_site, module_data
from tests.factories.articles import ArticleIndexPageFactory, ArticlePageFactory
from tests.factories.consultation_responses import (
    ConsultationResponseIndexPageFactory,
    ConsultationResponsePageFactory,
)
from tests.factories.core import DocumentFactory, ImageFactory
from tests.factories.events import EventIndexPageFactory, EventPageFactory
from tests.factories.home import HomePageFactory, StandardPageFactory, VideoPageFactory
from tests.factories.members import (
    MembershipApplicationPageFactory,
    MembersPageFactory,
    MunicipalityFactory,
)

pytestmark = pytest.mark.django_db

CSP = "Content-Security-Policy"
CSP_REPORT_ONLY = "Content-Security-Policy-Report-Only"
PROJECT_APPS = {"home", "articles", "consultation_responses", "events", "members"}
SELF_HOSTS = {"", "testserver", urlsplit(BASE_URL).netloc}
# What YouTube's and Vimeo's oEmbed endpoints answer (stored: there is no internet here).
YOUTUBE_URL = "https://www.youtube.com/watch?v=aqz-KE-bpKQ"
YOUTUBE_HTML = (
    '<iframe width="200" height="113" src="https://www.youtube.com/embed/aqz-KE-bpKQ?feature=oembed"'
    ' frameborder="0" allow="accelerometer; autoplay; clipboard-write; encrypted-media; gyroscope;'
    ' picture-in-picture; web-share" referrerpolicy="strict-origin-when-cross-origin"'
    ' allowfullscreen title="Bo på landet"></iframe>'
)
VIMEO_URL = "https://vimeo.com/76979871"
VIMEO_HTML = (
    '<iframe src="https://player.vimeo.com/video/76979871?h=8272103f6e&amp;app_id=122963"'
    ' width="640" height="360" frameborder="0" allow="autoplay; fullscreen; picture-in-picture;'
    ' clipboard-write; encrypted-media; web-share" title="Kommunbesök"></iframe>'
)
MAX_PAGES = 150


def policy(header: str) -> dict[str, list[str]]:
    """A Content-Security-Policy header as its directives and their sources."""
    directives = (part.split() for part in header.split(";") if part.strip())
    return {name: sources for name, *sources in directives}


def store_embed(url: str, html: str) -> None:
    Embed.objects.create(hash=get_embed_hash(url), url=url, type="video", html=html, title="Film")


def is_self(url: str) -> bool:
    return urlsplit(url).netloc in SELF_HOSTS and urlsplit(url).scheme in {"", "http", "https"}


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    with module_data(django_db_blocker):
        configure_public_site()
        store_embed(YOUTUBE_URL, YOUTUBE_HTML)
        store_embed(VIMEO_URL, VIMEO_HTML)
        home = HomePageFactory()
        home.copy_for_translation(Locale.objects.get(language_code="en")).save_revision().publish()
        image = ImageFactory(title="Kommunhuset")
        article = ArticlePageFactory(
            parent=ArticleIndexPageFactory(show_in_menus=True),
            hero_image=image,
            body__0="embed",
            body__0__embed__embed__value=VIMEO_URL,
            body__1="image",
            body__1__image__image__image__image=image,
            body__2="document",
            body__2__document__document__document=DocumentFactory(),
        )
        response = ConsultationResponsePageFactory(
            parent=ConsultationResponseIndexPageFactory(show_in_menus=True)
        )
        event = EventPageFactory(parent=EventIndexPageFactory(parent=home, show_in_menus=True))
        MunicipalityFactory.create_batch(3)
        pages = [
            article,
            response,
            event,
            VideoPageFactory(parent=home, embed_url=YOUTUBE_URL, show_in_menus=True),
            StandardPageFactory(parent=home, show_in_menus=True),
            MembersPageFactory(parent=home, show_in_menus=True),
            MembershipApplicationPageFactory(parent=home, show_in_menus=True),
        ]
        yield SimpleNamespace(home=home, article=article, pages=pages)


@pytest.fixture(scope="module")
def crawl(site, django_db_blocker) -> dict[str, object]:
    """Every address of the site a reader reaches from the home pages, the search page, a
    missing page and each page: its response."""
    client = Client()
    queue = ["/", "/en/", "/sok/?q=Nyhet", "/finns-inte/", *(page.url for page in site.pages)]
    seen = {}
    with django_db_blocker.unblock():
        while queue and len(seen) < MAX_PAGES:
            path = queue.pop(0)
            if path in seen:
                continue
            response = client.get(path)
            seen[path] = response
            if not response["Content-Type"].startswith("text/html"):
                continue
            for link in BeautifulSoup(response.content, "html.parser").find_all("a", href=True):
                url = urlsplit(link["href"])
                if not is_self(link["href"]) or not url.path.startswith("/"):
                    continue
                if url.path.startswith(("/admin", "/django-admin", "/documents/", "/media/")):
                    continue
                target = url.path + (f"?{url.query}" if url.query else "")
                if target not in seen:
                    queue.append(target)
    return seen


def html_pages(crawl) -> dict[str, object]:
    return {
        path: response
        for path, response in crawl.items()
        if response["Content-Type"].startswith("text/html")
    }


def test_the_crawl_reaches_every_page_type(site, crawl):
    project_types = {
        model
        for model in get_page_models()
        if model._meta.app_label in PROJECT_APPS and model is not Page
    }
    crawled = {
        type(page)
        for page in Page.objects.live().specific()
        if page.url in crawl and crawl[page.url].status_code == 200
    }
    assert crawled == project_types
    assert crawl["/finns-inte/"].status_code == 404


def test_every_answer_carries_the_public_policy_and_the_permissions_policy(crawl):
    for path, response in crawl.items():
        directives = policy(response[CSP])
        assert directives["default-src"] == ["'self'"], path
        assert directives["script-src"][0] == "'self'", path
        assert "'unsafe-inline'" not in directives["script-src"], path
        assert "'unsafe-eval'" not in directives["script-src"], path
        assert directives["style-src"] == ["'self'"], path
        assert directives["img-src"] == ["'self'", "data:"], path
        assert directives["frame-src"] == settings.VIDEO_EMBED_ORIGINS, path
        assert directives["object-src"] == ["'none'"], path
        assert directives["base-uri"] == ["'self'"], path
        assert directives["form-action"] == ["'self'"], path
        assert directives["frame-ancestors"] == ["'none'"], path
        assert response["X-Frame-Options"] == "DENY", path
        assert "camera=()" in response["Permissions-Policy"], path
        assert CSP_REPORT_ONLY not in response, path


def test_no_script_runs_inline(site, crawl):
    """Scripts come from the site; an inline ``<script>`` is JSON-LD, a data block browsers do
    not run, and the policy allows no inline script (no nonce, no 'unsafe-inline')."""
    data_blocks = 0
    for path, response in html_pages(crawl).items():
        assert policy(response[CSP])["script-src"] == ["'self'"], path
        for script in BeautifulSoup(response.content, "html.parser").find_all("script"):
            if script.get("src"):
                assert is_self(script["src"]), (path, script["src"])
                continue
            assert script.get("type") == "application/ld+json", (path, str(script)[:80])
            assert not script.get("nonce"), path
            json.loads(script.string)
            data_blocks += 1
    # The pages' JSON-LD at least: the check above ran.
    assert data_blocks >= len(site.pages)


def test_a_cached_page_gets_the_same_policy(site, client):
    for page in [site.home, *site.pages]:
        client.get(page.url)  # The first view may create the site's settings: a change.
        first, second = client.get(page.url), client.get(page.url)
        if "csrfmiddlewaretoken" in first.content.decode():
            # A form's page holds the reader's own token: never stored.
            assert second["Cache-Control"] == "private, no-store", page.url
            continue
        assert second["X-Cache"] == "hit", page.url
        assert second[CSP] == first[CSP], page.url
        assert second.content == first.content, page.url


def test_the_html_needs_nothing_the_policy_does_not_allow(crawl):
    frames = 0
    for path, response in html_pages(crawl).items():
        soup = BeautifulSoup(response.content, "html.parser")
        assert not soup.find_all("style"), path
        for element in soup.find_all(True):
            assert "style" not in element.attrs, (path, element.name)
            handlers = [name for name in element.attrs if name.startswith("on")]
            assert not handlers, (path, element.name, handlers)
        for element, attribute in [
            *((link, "href") for link in soup.find_all("link", rel="stylesheet")),
            *((img, "src") for img in soup.find_all("img")),
            *((media, "src") for media in soup.find_all(["video", "audio", "source"])),
            *((video, "poster") for video in soup.find_all("video", poster=True)),
            *((form, "action") for form in soup.find_all("form", action=True)),
        ]:
            url = element.get(attribute, "")
            assert url.startswith("data:") or is_self(url), (path, element.name, url)
        for link in soup.find_all("a", href=True):
            assert not link["href"].lower().startswith("javascript:"), path
        for frame in soup.find_all("iframe"):
            frames += 1
            origin = "{0.scheme}://{0.netloc}".format(urlsplit(frame["src"]))
            assert origin in policy(response[CSP])["frame-src"], (path, frame["src"])
    # The film's YouTube player and the news item's Vimeo player at least.
    assert frames >= 2


def test_the_admin_gets_its_own_policy(site, admin_client):
    image_chooser = "/admin/images/chooser/"
    for path in ["/admin/", f"/admin/pages/{site.article.pk}/edit/", image_chooser]:
        response = admin_client.get(path)
        assert response.status_code == 200, path
        directives = policy(response[CSP])
        assert directives["script-src"] == ["'self'", "'unsafe-inline'"], path
        assert directives["style-src"] == ["'self'", "'unsafe-inline'"], path
        assert "'unsafe-eval'" not in directives["script-src"], path
        assert directives["frame-src"] == ["'self'", *settings.VIDEO_EMBED_ORIGINS], path
        assert directives["object-src"] == ["'none'"], path
        assert directives["frame-ancestors"] == ["'none'"], path
        assert "Permissions-Policy" in response, path


def test_the_admin_sign_in_page_and_django_admin_get_the_admin_policy(client):
    for path in ["/admin/login/", "/django-admin/login/"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert "'unsafe-inline'" in policy(response[CSP])["script-src"], path


def test_a_preview_is_the_public_policy_framed_by_the_admin(site, admin_client):
    # The news index: its edit form has no StreamField, which only the browser would fill in.
    edit = f"/admin/pages/{site.article.get_parent().pk}/edit/"
    preview = f"{edit}preview/"
    form = querydict_from_html(admin_client.get(edit).content.decode(), form_id="page-edit-form")
    assert admin_client.post(preview, data=form).json() == {"is_valid": True, "is_available": True}

    response = admin_client.get(preview, {"mode": ""})

    directives = policy(response[CSP])
    assert "'unsafe-inline'" not in directives["script-src"]
    assert directives["style-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert '<script type="application/ld+json">' in response.content.decode()
    # Wagtail marks its preview SAMEORIGIN (its panel frames it); the policy says the same.
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert directives["frame-ancestors"] == ["'self'"]
    assert "Permissions-Policy" in response


def test_a_draft_shown_in_a_tab_of_its_own_may_not_be_framed(site, admin_client):
    response = admin_client.get(f"/admin/pages/{site.article.pk}/view_draft/")

    directives = policy(response[CSP])
    assert response["X-Frame-Options"] == "DENY"
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["script-src"] == ["'self'"]


def test_the_api_docs_get_the_public_policy_and_the_validator_badge(client):
    response = client.get("/api/v3/docs/")

    directives = policy(response[CSP])
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["img-src"] == ["'self'", "data:", "https://validator.swagger.io"]


@pytest.mark.parametrize(
    "path", ["/api/v2/pages/", "/api/v3/pages/", "/api/v3/news/?offset=x", "/robots.txt"]
)
def test_the_apis_and_other_answers_carry_both_headers(client, path):
    response = client.get(path)

    assert policy(response[CSP])["default-src"] == ["'self'"]
    assert response["Permissions-Policy"] == (
        "accelerometer=(), "
        'autoplay=(self "https://www.youtube.com" "https://www.youtube-nocookie.com" '
        '"https://player.vimeo.com"), '
        "browsing-topics=(), camera=(), display-capture=(), "
        'encrypted-media=(self "https://www.youtube.com" "https://www.youtube-nocookie.com" '
        '"https://player.vimeo.com"), '
        'fullscreen=(self "https://www.youtube.com" "https://www.youtube-nocookie.com" '
        '"https://player.vimeo.com"), '
        "geolocation=(), gyroscope=(), hid=(), magnetometer=(), microphone=(), midi=(), "
        "payment=(), "
        'picture-in-picture=(self "https://www.youtube.com" "https://www.youtube-nocookie.com" '
        '"https://player.vimeo.com"), '
        "screen-wake-lock=(), serial=(), usb=(), xr-spatial-tracking=()"
    )


def test_a_document_download_keeps_wagtails_own_policy(client):
    document = DocumentFactory()

    response = client.get(document.url)

    assert response[CSP] == "default-src 'none'"
    assert "Permissions-Policy" in response


def test_report_only_sends_the_same_policies_without_enforcing_them(site, admin_client):
    public = {"DIRECTIVES": settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]}
    with override_settings(
        CONTENT_SECURITY_POLICY=None,
        CONTENT_SECURITY_POLICY_REPORT_ONLY=public,
        REPORTING_ENDPOINTS={"csp": "https://reports.example/csp"},
    ):
        page = Client().get(site.article.url)
        admin = admin_client.get("/admin/")

    assert CSP not in page
    directives = policy(page[CSP_REPORT_ONLY])
    assert directives["script-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert CSP not in admin
    assert "'unsafe-inline'" in policy(admin[CSP_REPORT_ONLY])["script-src"]
    assert page["Reporting-Endpoints"] == 'csp="https://reports.example/csp"'


def csp_settings(env: dict[str, str]) -> dict:
    """The CSP settings as a process with ``env`` sees them."""
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({'enforced': s.CONTENT_SECURITY_POLICY, "
        "'report_only': s.CONTENT_SECURITY_POLICY_REPORT_ONLY, "
        "'by_path': s.CONTENT_SECURITY_POLICY_BY_PATH, "
        "'endpoints': s.REPORTING_ENDPOINTS}, default=repr))"
    )
    result = subprocess.run(  # noqa: S603 - fixed arguments, our own interpreter
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(result.stdout)


def test_production_enforces_the_policy_without_any_variable(tmp_path):
    found = csp_settings(production_env(tmp_path))

    assert found["enforced"]["DIRECTIVES"]["script-src"] == ["'self'"]
    assert found["report_only"] is None
    assert "report-uri" not in found["by_path"]["/admin/"]
    assert found["endpoints"] == {}


def test_csp_report_only_and_csp_report_uri_from_the_environment(tmp_path):
    reports = "https://reports.example/csp"
    env = production_env(tmp_path, CSP_REPORT_ONLY="true", CSP_REPORT_URI=reports)

    found = csp_settings(env)

    assert found["enforced"] is None
    public = found["report_only"]["DIRECTIVES"]
    assert public["script-src"] == ["'self'"]
    assert public["report-uri"] == [reports]
    assert public["report-to"] == ["csp"]
    assert found["by_path"]["/admin/"]["report-uri"] == [reports]
    assert found["endpoints"] == {"csp": reports}


def test_embeds_come_only_from_the_services_the_policy_frames():
    [finder] = get_finders()
    assert finder.accept(YOUTUBE_URL)
    assert finder.accept(VIMEO_URL)
    assert not finder.accept("https://www.slideshare.net/smakom/arsmote")
    assert not finder.accept("https://twitter.com/smakom/status/1")

    block = VideoEmbedBlock()
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"embed": "https://twitter.com/smakom/status/1", "title": "X"}))
