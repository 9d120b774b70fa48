"""Reading an export: WXR 1.1 and 1.2, and hostile or foreign files refused without a crash."""

from __future__ import annotations

import datetime
from io import BytesIO, StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests.wordpress_import.wxr import SITE, export, page, post
from wordpress_import.wxr import WxrError, read_export

BOMB = """<!DOCTYPE rss [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
"""
EXTERNAL = '<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n'


@pytest.mark.parametrize("version", ["1.1", "1.2"])
def test_an_export_is_read(version):
    items = [
        post(
            7,
            "Åäö nyhet",
            "%c3%a5%c3%a4%c3%b6-nyhet",
            excerpt="Kort.",
            content="<p>Text</p>",
            categories=[("nyheter", "Nyheter")],
            tags=[("landsbygd", "Landsbygd")],
            meta={"_edit_last": "1"},
            comments=2,
        ),
        page(8, "Undersida", "undersida", parent=9, status="private"),
    ]
    wxr = read_export(BytesIO(export(items, version=version)))
    assert wxr.version == version
    assert wxr.site_url == SITE
    assert wxr.authors == {"hilkka": "Hilkka Eskelinen", "kansli": "SmåKoms kansli"}
    news, subpage = wxr.items
    assert (news.wp_id, news.post_type, news.status) == (7, "post", "publish")
    assert news.slug == "åäö-nyhet"
    assert news.title == "Åäö nyhet"
    assert news.author == "hilkka"
    assert (news.excerpt, news.content) == ("Kort.", "<p>Text</p>")
    assert news.date == datetime.date(2012, 1, 12)
    assert news.published_at == datetime.datetime(2012, 1, 12, 9, 30, tzinfo=datetime.UTC)
    assert [(t.domain, t.slug, t.name) for t in news.terms] == [
        ("category", "nyheter", "Nyheter"),
        ("post_tag", "landsbygd", "Landsbygd"),
    ]
    assert news.meta == {"_edit_last": "1"}
    assert news.comments == 2
    assert (subpage.post_type, subpage.status, subpage.parent_id) == ("page", "private", 9)
    assert not news.error and not subpage.error


def test_a_broken_item_keeps_its_error_and_the_others_are_read():
    items = [
        post(1, "Trasig", "trasig", date="12 januari 2012"),
        post(2, "Hel", "hel"),
        post(3, "Utkast utan datum", "", status="draft", date="0000-00-00 00:00:00"),
    ]
    broken, whole, draft = read_export(BytesIO(export(items))).items
    assert broken.error == "its <wp:post_date> is not a date: '12 januari 2012'"
    assert not whole.error
    assert not draft.error and draft.date is None


def test_without_a_gmt_date_the_local_time_is_in_the_sites_time_zone():
    (item,) = read_export(BytesIO(export([post(1, "A", "a", date_gmt="")]))).items
    assert item.published_at == datetime.datetime(2012, 1, 12, 9, 30, tzinfo=datetime.UTC)


def test_the_content_digest_follows_the_content():
    first = read_export(BytesIO(export([post(1, "A", "a")]))).items[0]
    same = read_export(BytesIO(export([post(1, "A", "a", comments=4)]))).items[0]
    edited = read_export(BytesIO(export([post(1, "A", "a", content="Ny text")]))).items[0]
    assert first.content_hash() == same.content_hash() != edited.content_hash()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (export([post(1, "A", "a")], prologue=BOMB), "declares a DTD, XML entities"),
        (export([post(1, "A", "a")], prologue=EXTERNAL), "declares a DTD, XML entities"),
        (b"<rss><channel><title>Ett annat RSS-fl\xc3\xb6de</title></channel></rss>", "no <wp:wxr"),
        (b"<html><body>Inte XML", "not well-formed XML"),
        (b"<rss><item/></rss>", "no <channel>"),
    ],
)
def test_a_hostile_or_foreign_file_is_refused(tmp_path: Path, data: bytes, message: str):
    with pytest.raises(WxrError, match=message):
        read_export(BytesIO(data))
    path = tmp_path / "export.xml"
    path.write_bytes(data)
    with pytest.raises(CommandError, match=message):
        call_command("import_wordpress", str(path), stdout=StringIO())


@pytest.mark.parametrize(
    "url", ["https://smakom.example", "http://www.SmaKom.example/", "https://smakom.example/"]
)
def test_the_site_is_remembered_without_scheme_or_www(url: str):
    data = export([post(1, "A", "a")]).replace(SITE.encode(), url.rstrip("/").encode())
    assert read_export(BytesIO(data)).site_key == "smakom.example"
