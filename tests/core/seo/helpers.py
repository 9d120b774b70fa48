"""Reading the sitemap as a crawler does: the index at /sitemap.xml, then each part it lists."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

NAMESPACES = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "x": "http://www.w3.org/1999/xhtml",
}


def parse(response) -> ET.Element:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return ET.fromstring(response.content)  # noqa: S314 - the site's own sitemap


def sitemap_index(client) -> dict[str, str | None]:
    """The parts /sitemap.xml lists, by path (``/sitemap-1.xml``), with their lastmods."""
    root = parse(client.get("/sitemap.xml"))
    assert root.tag == f"{{{NAMESPACES['s']}}}sitemapindex"
    return {
        urlsplit(entry.findtext("s:loc", namespaces=NAMESPACES)).path: entry.findtext(
            "s:lastmod", namespaces=NAMESPACES
        )
        for entry in root.findall("s:sitemap", NAMESPACES)
    }


def sitemap_part(client, path: str) -> dict[str, dict]:
    """Each URL of one part with its lastmod and its alternates ({language: URL})."""
    root = parse(client.get(path))
    assert root.tag == f"{{{NAMESPACES['s']}}}urlset"
    entries = {}
    for url in root.findall("s:url", NAMESPACES):
        location = url.findtext("s:loc", namespaces=NAMESPACES)
        assert location not in entries
        entries[location] = {
            "lastmod": url.findtext("s:lastmod", namespaces=NAMESPACES),
            "alternates": {
                link.get("hreflang"): link.get("href") for link in url.findall("x:link", NAMESPACES)
            },
        }
    return entries


def sitemap(client) -> dict[str, dict]:
    """Every URL of every part the index lists; no URL is in two parts."""
    entries: dict[str, dict] = {}
    for path in sitemap_index(client):
        part = sitemap_part(client, path)
        assert not set(part) & set(entries)
        entries.update(part)
    return entries


def sitemap_text(client) -> str:
    """The index and every part, as one text (for what must appear nowhere)."""
    texts = [client.get("/sitemap.xml").content.decode()]
    texts += [client.get(path).content.decode() for path in sitemap_index(client)]
    return "\n".join(texts)
