"""RSS 2.0 and Atom feeds of a listing page (news, remissvar), in the listing's language.

Each listing serves its feeds as routes of its own (``…/feed/`` and ``…/feed/atom/``, see
``FeedRoutesMixin``), so every language version of a listing has its feeds at its own address
and in its own language. Links are absolute (the public base URL), dates are full timestamps.
"""

from __future__ import annotations

import datetime
import re
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.contrib.syndication.views import Feed
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.routable_page.models import path

from core.i18n import in_language_of
from core.pagination import query_param

if TYPE_CHECKING:
    from django.db.models import QuerySet
    from wagtail.models import Page

STOCKHOLM = ZoneInfo("Europe/Stockholm")
# Characters XML 1.0 cannot carry (text pasted from a word processor can hold a vertical tab).
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
FEED_LENGTH = 20
RSS_PATH = "feed/"
ATOM_PATH = "feed/atom/"


class ListingFeed(Feed):
    """The newest ``FEED_LENGTH`` items of ``listing`` (a page with ``feed_items()``)."""

    def __init__(self, listing: Page, items: QuerySet, *, atom: bool, title: str = "") -> None:
        super().__init__()
        self.listing = listing
        self.items_queryset = items
        self.atom = atom
        self.feed_type = Atom1Feed if atom else Rss201rev2Feed
        self.title_text = title or listing.title

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.request = request
        # The feed's language (Django takes the active one) and its dates are the listing's.
        with in_language_of(self.listing, request):
            return super().__call__(request, *args, **kwargs)

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Page:
        return self.listing

    # --- The feed ---------------------------------------------------------------------------

    def title(self, listing: Page) -> str:
        return xml_text(f"{self.title_text} – SmåKom")

    def link(self, listing: Page) -> str:
        return listing.get_full_url(request=self.request)

    def feed_url(self, listing: Page) -> str:
        """The feed's own address at the public base URL, with its ``?tag=`` if any."""
        url = listing.get_full_url(request=self.request) + (ATOM_PATH if self.atom else RSS_PATH)
        tag = query_param(self.request, "tag")
        return f"{url}?{urlencode({'tag': tag})}" if tag else url

    def description(self, listing: Page) -> str:
        return xml_text(listing.get_meta_description()) or gettext(
            "Från SmåKom – De små kommunernas samverkan."
        )

    subtitle = description

    def items(self, listing: Page) -> list[Page]:
        return list(self.items_queryset[:FEED_LENGTH])

    # --- Each item --------------------------------------------------------------------------

    def item_title(self, item: Page) -> str:
        return xml_text(item.title)

    def item_description(self, item: Page) -> str:
        return xml_text(item.get_summary())

    def item_link(self, item: Page) -> str:
        return item.get_full_url(request=self.request)

    def item_guid(self, item: Page) -> str:
        return item.get_full_url(request=self.request)

    item_guid_is_permalink = True

    def item_pubdate(self, item: Page) -> datetime.datetime | None:
        """The item's own date (a news item's date, a response's sent date), at midnight in
        Stockholm; else when it was first published."""
        day = item.listing_date()
        if day is not None:
            return datetime.datetime.combine(day, datetime.time(), tzinfo=STOCKHOLM)
        # Atom requires a date on every entry; a page created without a revision has none.
        return (
            item.first_published_at
            or item.last_published_at
            or item.latest_revision_created_at
            or timezone.now()
        )

    def item_updateddate(self, item: Page) -> datetime.datetime | None:
        return item.last_published_at or self.item_pubdate(item)

    def item_author_name(self, item: Page) -> str | None:
        return xml_text(item.feed_author_name() or "SmåKom")

    def item_categories(self, item: Page) -> list[str]:
        return item.feed_categories()


def xml_text(text: str | None) -> str:
    """``text`` without the control characters XML 1.0 forbids."""
    return NOT_XML.sub(" ", text or "")


def reserved_slug_check(slug: str) -> None:
    """A listing's routes (``feed/``, a year such as ``2012/``) come before its items' slugs:
    an item may not take one."""
    if slug == "feed" or slug.isdigit():
        raise ValidationError(
            {
                "slug": _("Adressen ”%(slug)s” är upptagen av listans flöden eller arkiv.")
                % {"slug": slug}
            }
        )


class FeedLinksMixin:
    """A listing whose feeds every page of its language announces in its head (autodiscovery
    links, ``{% feed_links %}``): the news, the remissvar, the conferences' calendar."""

    @classmethod
    def feed_links(cls, listing: Page, url: str, *, tag: str = "") -> list[dict[str, str]]:
        """The feeds of ``listing`` (a page of this type, not necessarily specific) at ``url``,
        each a dict of ``type``, ``title`` and ``url``; ``tag`` when the reader is on the
        listing filtered by a tag."""
        raise NotImplementedError


class FeedRoutesMixin(FeedLinksMixin):
    """RSS and Atom routes for a listing page (with ``RoutablePageMixin``).

    The listing defines ``feed_items(request)`` (the queryset, newest first) and may define
    ``feed_title(request)`` (e.g. naming a tag filter).
    """

    def feed_items(self, request: HttpRequest) -> QuerySet:
        raise NotImplementedError

    @classmethod
    def feed_links(cls, listing: Page, url: str, *, tag: str = "") -> list[dict[str, str]]:
        """RSS and Atom, and the RSS feed of the tag the reader is filtering by."""
        rss, atom = url + RSS_PATH, url + ATOM_PATH
        links = []
        if tag:
            links.append(
                {
                    "type": "application/rss+xml",
                    "title": f"{listing.title}: {tag} (RSS)",
                    "url": f"{rss}?{urlencode({'tag': tag})}",
                }
            )
        links.append({"type": "application/rss+xml", "title": f"{listing.title} (RSS)", "url": rss})
        links.append(
            {"type": "application/atom+xml", "title": f"{listing.title} (Atom)", "url": atom}
        )
        return links

    def feed_title(self, request: HttpRequest) -> str:
        return self.title

    @path(RSS_PATH, name="rss")
    def rss_feed(self, request: HttpRequest) -> HttpResponse:
        return ListingFeed(
            self, self.feed_items(request), atom=False, title=self.feed_title(request)
        )(request)

    @path(ATOM_PATH, name="atom")
    def atom_feed(self, request: HttpRequest) -> HttpResponse:
        return ListingFeed(
            self, self.feed_items(request), atom=True, title=self.feed_title(request)
        )(request)
