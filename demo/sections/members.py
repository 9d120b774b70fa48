"""The members app's part of the demo: the 29 municipalities of members.json and two pages.

A municipality is identified by its kommunkod; it is saved only when a value differs, so a
second run changes nothing.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from demo.parsing import read_data
from members.models import MembershipApplicationPage, MembersPage, Municipality

if TYPE_CHECKING:
    from demo.loader import DemoContentLoader
    from home.models import HomePage

YEAR = re.compile(r"\b(19|20)\d{2}\b")


def demo_members() -> list[dict[str, Any]]:
    return read_data("members.json")["members"]


def municipality_values(item: dict[str, Any]) -> dict[str, Any]:
    """The register's values for one member of members.json."""
    year = YEAR.search(item["period"] or "")
    return {
        "name": item["name"],
        "lan": item["lan"],
        "latitude": item["lat"],
        "longitude": item["lon"],
        "member_since": int(year.group()) if year else None,
        # "historisk" (Vadstena, a founder in 1989) was a member, and is not one now.
        "active": not item["membership_status"].startswith("historisk"),
    }


def load(loader: DemoContentLoader, home: HomePage) -> None:
    """Create or update the member register and the "Medlemmar" and "Bli medlem" pages."""
    items = demo_members()
    existing = {
        m.kommunkod: m
        for m in Municipality.objects.filter(kommunkod__in=[item["kommunkod"] for item in items])
    }
    for number, item in enumerate(items, start=1):
        wanted = municipality_values(item)
        municipality = existing.get(item["kommunkod"])
        if municipality is None:
            municipality = Municipality(kommunkod=item["kommunkod"], **wanted)
            municipality.full_clean()
            municipality.save()
            loader.tally.created["Municipality"] += 1
            loader.log(f"  + Municipality {municipality.name}")
        elif any(getattr(municipality, name) != value for name, value in wanted.items()):
            for name, value in wanted.items():
                setattr(municipality, name, value)
            municipality.full_clean()
            municipality.save()
            loader.tally.updated["Municipality"] += 1
            loader.log(f"  ~ Municipality {municipality.name}")
        else:
            loader.tally.unchanged["Municipality"] += 1
        loader.report_progress("Medlemskommuner", number, len(items))
    loader.report_section("Medlemskommuner", len(items), len(items))

    loader.sync_page(
        home,
        MembersPage,
        {
            "title": "Medlemmar",
            "slug": "medlemmar",
            "show_in_menus": True,
            "intro": (
                "SmåKoms medlemmar är små kommuner i hela landet, från Skåne till Norrbotten. "
                "Här ser du dem på kartan och i en lista per län."
            ),
        },
    )
    loader.sync_page(
        home,
        MembershipApplicationPage,
        {
            "title": "Bli medlem",
            "slug": "bli-medlem",
            "show_in_menus": True,
            "intro": (
                "SmåKom är öppet för kommuner med ungefär 11 000 invånare eller färre. "
                "Fyll i formuläret så kontaktar kansliet er."
            ),
            "form_intro": "Alla fält utom roll, telefon och meddelande är obligatoriska.",
        },
    )
    loader.report_section("Medlemssidor", 2, 2)
