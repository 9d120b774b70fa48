"""WordPress exports built for the tests: ``export(items)`` is a WXR file as Tools → Export
writes it, ``post()``/``page()``/``attachment()`` its items."""

from __future__ import annotations

from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

SITE = "https://smakom.example"


@dataclass
class Item:
    wp_id: int
    post_type: str = "post"
    title: str = ""
    slug: str = ""
    status: str = "publish"
    date: str = "2012-01-12 10:30:00"
    date_gmt: str = "2012-01-12 09:30:00"
    creator: str = "hilkka"
    content: str = ""
    excerpt: str = ""
    categories: list[tuple[str, str]] = field(default_factory=list)
    tags: list[tuple[str, str]] = field(default_factory=list)
    parent: int = 0
    menu_order: int = 0
    link: str | None = None
    comments: int = 0
    meta: dict[str, str] = field(default_factory=dict)
    attachment_url: str = ""

    def xml(self, version: str) -> str:
        link = self.link
        if link is None:
            link = f"{SITE}/{self.slug}/" if self.slug else f"{SITE}/?p={self.wp_id}"
        terms = "".join(
            f'<category domain="{domain}" nicename={quoteattr(nicename)}>'
            f"<![CDATA[{name}]]></category>"
            for domain, terms in (("category", self.categories), ("post_tag", self.tags))
            for nicename, name in terms
        )
        meta = "".join(
            f"<wp:postmeta><wp:meta_key>{escape(key)}</wp:meta_key>"
            f"<wp:meta_value><![CDATA[{value}]]></wp:meta_value></wp:postmeta>"
            for key, value in self.meta.items()
        )
        comments = "".join(
            f"<wp:comment><wp:comment_id>{n}</wp:comment_id>"
            f"<wp:comment_content><![CDATA[Bra skrivet {n}]]></wp:comment_content></wp:comment>"
            for n in range(1, self.comments + 1)
        )
        attachment = (
            f"<wp:attachment_url><![CDATA[{self.attachment_url}]]></wp:attachment_url>"
            if self.attachment_url
            else ""
        )
        return f"""
    <item>
        <title>{escape(self.title)}</title>
        <link>{escape(link)}</link>
        <pubDate>Thu, 12 Jan 2012 09:30:00 +0000</pubDate>
        <dc:creator><![CDATA[{self.creator}]]></dc:creator>
        <guid isPermaLink="false">{SITE}/?p={self.wp_id}</guid>
        <description></description>
        <content:encoded><![CDATA[{self.content}]]></content:encoded>
        <excerpt:encoded><![CDATA[{self.excerpt}]]></excerpt:encoded>
        <wp:post_id>{self.wp_id}</wp:post_id>
        <wp:post_date><![CDATA[{self.date}]]></wp:post_date>
        <wp:post_date_gmt><![CDATA[{self.date_gmt}]]></wp:post_date_gmt>
        <wp:comment_status><![CDATA[open]]></wp:comment_status>
        <wp:post_name><![CDATA[{self.slug}]]></wp:post_name>
        <wp:status><![CDATA[{self.status}]]></wp:status>
        <wp:post_parent>{self.parent}</wp:post_parent>
        <wp:menu_order>{self.menu_order}</wp:menu_order>
        <wp:post_type><![CDATA[{self.post_type}]]></wp:post_type>
        <wp:post_password><![CDATA[]]></wp:post_password>
        <wp:is_sticky>0</wp:is_sticky>
        {attachment}{terms}{meta}{comments}
    </item>"""


def post(wp_id: int, title: str, slug: str, **values) -> Item:
    return Item(wp_id, "post", title, slug, **values)


def page(wp_id: int, title: str, slug: str, **values) -> Item:
    values.setdefault("link", f"{SITE}/?page_id={wp_id}" if not slug else None)
    return Item(wp_id, "page", title, slug, **values)


def attachment(wp_id: int, title: str, slug: str, url: str = "", **values) -> Item:
    """An attachment whose file is ``url``: a path under wp-content/uploads (``2012/01/a.png``)
    or a whole address; ``alt`` is the image's alternative text."""
    if url and "://" not in url:
        url = f"{SITE}/wp-content/uploads/{url}"
    if alt := values.pop("alt", ""):
        values.setdefault("meta", {})["_wp_attachment_image_alt"] = alt
    values.setdefault("link", f"{SITE}/?attachment_id={wp_id}")
    return Item(wp_id, "attachment", title, slug, status="inherit", attachment_url=url, **values)


def export(items: list[Item], *, version: str = "1.2", prologue: str = "") -> bytes:
    """A WXR file with two authors and ``items``; ``prologue`` goes before the root element."""
    wp = f"http://wordpress.org/export/{version}/"
    authors = "".join(
        f"<wp:author><wp:author_id>{n}</wp:author_id><wp:author_login>{login}</wp:author_login>"
        f"<wp:author_email>{login}@smakom.example</wp:author_email>"
        f"<wp:author_display_name><![CDATA[{name}]]></wp:author_display_name></wp:author>"
        for n, (login, name) in enumerate(
            [("hilkka", "Hilkka Eskelinen"), ("kansli", "SmåKoms kansli")], start=1
        )
    )
    body = "".join(item.xml(version) for item in items)
    return f"""<?xml version="1.0" encoding="UTF-8" ?>
{prologue}<rss version="2.0"
    xmlns:excerpt="{wp}excerpt/"
    xmlns:content="http://purl.org/rss/1.0/modules/content/"
    xmlns:wfw="http://wellformedweb.org/CommentAPI/"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:wp="{wp}">
<channel>
    <title>SmåKom</title>
    <link>{SITE}</link>
    <description>De små kommunernas samverkan</description>
    <language>sv-SE</language>
    <wp:wxr_version>{version}</wp:wxr_version>
    <wp:base_site_url>{SITE}</wp:base_site_url>
    <wp:base_blog_url>{SITE}</wp:base_blog_url>
    {authors}
    <generator>https://wordpress.org/?v=6.4</generator>
    {body}
</channel>
</rss>
""".encode()
