"""The text of the demo's standard pages, built from the organisation facts in content.json."""

from __future__ import annotations

from typing import Any

from django.utils.html import escape

RawStream = list[dict[str, Any]]


def paragraph(text: str) -> dict[str, Any]:
    return {"type": "paragraph", "value": f"<p>{escape(text)}</p>"}


def heading(text: str, level: str = "h2") -> dict[str, Any]:
    return {"type": "heading", "value": {"text": text, "level": level}}


def bullet_list(lead: str, items: list[str]) -> dict[str, Any]:
    entries = "".join(f"<li>{escape(item)}</li>" for item in items)
    return {"type": "paragraph", "value": f"<p>{escape(lead)}</p><ul>{entries}</ul>"}


def page_link(text: str, page_id: int) -> dict[str, Any]:
    return {"type": "link", "value": {"text": text, "page": page_id, "url": ""}}


def about_page(organisation: dict[str, Any], contact_page_id: int) -> tuple[str, RawStream]:
    """Intro and body of "Om SmåKom"."""
    body = [
        heading("Historia"),
        paragraph(f"SmåKom bildades {organisation['founded']}."),
        paragraph(organisation["founded_details"]),
        heading("Organisation"),
        paragraph(organisation["legal_form"]),
        paragraph(organisation["meetings"]),
        heading("Prioriterade frågor"),
        bullet_list("SmåKom arbetar bland annat med", organisation["priority_issues"]),
        heading("Samarbetspartner"),
        bullet_list("SmåKom samarbetar bland andra med", organisation["partners"]),
        page_link("Kontakta SmåKom", contact_page_id),
    ]
    return organisation["description"], body


def contact_page(contact: dict[str, Any]) -> tuple[str, RawStream]:
    """Intro and body of "Kontakt"."""
    street, _, postcode = contact["address"].partition(", ")
    lines = "<br/>".join(escape(line) for line in (contact["name"], street, postcode) if line)
    body = [
        heading("Postadress"),
        {"type": "paragraph", "value": f"<p>{lines}</p>"},
        heading("Telefon"),
        paragraph(contact["phone"]),
    ]
    return f"Så når du {contact['name']}.", body


def accessibility_statement(contact: dict[str, Any]) -> tuple[str, RawStream]:
    """Intro and body of "Tillgänglighetsredogörelse"."""
    digg = (
        '<p>Myndigheten för digital förvaltning (<a href="https://www.digg.se/">Digg</a>) '
        "ansvarar för tillsynen över lagen (2018:1937) om tillgänglighet till digital offentlig "
        "service. Om du inte är nöjd med hur vi hanterar dina synpunkter kan du kontakta Digg "
        "och påtala det.</p>"
    )
    body = [
        heading("Hur tillgänglig är webbplatsen?"),
        paragraph(
            "Webbplatsen är byggd för att följa standarden WCAG 2.1 på nivå AA. Sidorna har en "
            "tydlig rubrikstruktur och landmärken, en länk för att hoppa direkt till "
            "innehållet, alternativtexter till bilder, synlig markering av det som har fokus och "
            "färger med tillräcklig kontrast. Allt går att använda med enbart tangentbord, och "
            "texten går att förstora utan att innehåll försvinner."
        ),
        heading("Kända brister"),
        bullet_list(
            "Vi känner till följande brister:",
            [
                "Filmen ”Bo på landet” har ännu ingen textversion.",
                "Äldre remissvar i PDF-format är inte alltid fullt tillgänglighetsanpassade. "
                "Remissvarens innehåll finns också som text på respektive sida.",
            ],
        ),
        heading("Om du inte kan ta del av innehållet"),
        paragraph(
            "Behöver du innehåll från webbplatsen i ett annat format, eller upptäcker du en "
            f"brist som vi inte beskriver här? Hör av dig till oss på telefon {contact['phone']} "
            f"eller per post: {contact['name']}, {contact['address']}."
        ),
        heading("Tillsyn"),
        {"type": "paragraph", "value": digg},
        heading("Hur vi har testat webbplatsen"),
        paragraph(
            "Vi testar webbplatsen själva: med automatiska kontroller, med tangentbord och med "
            "skärmläsare. Redogörelsen uppdateras när webbplatsen ändras."
        ),
    ]
    intro = (
        "SmåKom vill att så många som möjligt ska kunna använda webbplatsen. Här beskriver vi "
        "hur den uppfyller kraven på tillgänglighet, vilka brister vi känner till och hur du "
        "kan meddela oss om problem."
    )
    return intro, body
