"""The home app's part of the demo: the home page, the film, the text pages (standard pages),
the organisation settings and the default site's address.

Five steps rather than one, because they come at different points of ``demo.sections.STEPS``:
the home page first, the film and the text pages after the conferences, and the settings (which
name the accessibility statement) and the site at the end.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.sites import sync_default_site
from demo import standard_pages
from home.models import OrganisationSettings, StandardPage, VideoPage

if TYPE_CHECKING:
    from demo.loader import DemoContentLoader
    from home.models import HomePage


def home_page(loader: DemoContentLoader, home: HomePage) -> None:
    """The home page's title, banner text and introduction (the organisation's description)."""
    content = loader.content
    loader.sync_page(
        None,
        home,
        {
            "title": content["home"]["title"],
            "seo_title": content["home"]["seo_title"],
            "banner_text": content["home"]["banner_text"],
            "intro": content["organisation"]["description"],
        },
    )
    loader.report_section("Startsida", 1, 1)


def film(loader: DemoContentLoader, home: HomePage) -> None:
    """The film page "Bo på landet", with a drawn poster and no video yet."""
    item = loader.content["film"]
    loader.sync_page(
        home,
        VideoPage,
        {
            "title": item["title"],
            "slug": item["slug"],
            "show_in_menus": True,
            "quote": item["quote"],
            "intro": item["intro"],
            "embed_url": "",
            "poster": loader.image(f"Affischbild – {item['title']}", item["title"], item["slug"]),
        },
    )
    loader.report_section("Film", 1, 1)


def text_pages(loader: DemoContentLoader, home: HomePage) -> None:
    """The text pages: "Kontakt", "Om SmåKom" (linking to Kontakt), the accessibility statement."""
    contact = loader.content["contact"]
    intro, body = standard_pages.contact_page(contact)
    contact_page = loader.sync_page(
        home,
        StandardPage,
        {
            "title": "Kontakt",
            "slug": "kontakt",
            "show_in_menus": True,
            "intro": intro,
            "body": body,
        },
    )
    intro, body = standard_pages.about_page(loader.content["organisation"], contact_page.pk)
    loader.sync_page(
        home,
        StandardPage,
        {
            "title": "Om SmåKom",
            "slug": "om-smakom",
            "show_in_menus": True,
            "intro": intro,
            "body": body,
        },
    )
    intro, body = standard_pages.accessibility_statement(contact)
    loader.sync_page(
        home,
        StandardPage,
        {
            "title": "Tillgänglighetsredogörelse",
            "slug": "tillganglighetsredogorelse",
            "show_in_menus": False,
            "intro": intro,
            "body": body,
        },
    )
    loader.report_section("Textsidor", 3, 3)


def organisation_settings(loader: DemoContentLoader, home: HomePage) -> None:
    """The organisation's contact details, sharing image and accessibility statement."""
    contact = loader.content["contact"]
    organisation = OrganisationSettings.for_site(loader.site)
    statement = (
        StandardPage.objects.child_of(home).filter(slug="tillganglighetsredogorelse").first()
    )
    wanted = {
        "name": contact["name"],
        "address": contact["address"],
        "phone": contact["phone"],
        "default_social_image_id": loader.image(
            "Delningsbild – SmåKom", contact["name"], "smakom"
        ).pk,
        "accessibility_statement_id": statement.pk if statement else None,
    }
    changed = [name for name, value in wanted.items() if getattr(organisation, name) != value]
    for name in changed:
        setattr(organisation, name, wanted[name])
    if changed:
        organisation.save()
        loader.tally.updated["settings"] += 1
    else:
        loader.tally.unchanged["settings"] += 1
    loader.report_section("Föreningens uppgifter", 1, 1)


def default_site(loader: DemoContentLoader, home: HomePage) -> None:
    """Point the default site at the public base URL, so canonical links are right."""
    if sync_default_site():
        loader.tally.updated["site"] += 1
    else:
        loader.tally.unchanged["site"] += 1
    loader.report_section("Webbplats", 1, 1)
