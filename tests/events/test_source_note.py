"""An event's source note (``EventPage.source_note``) is for editors: every way a reader or an API
consumer reaches an event leaves it out, the admin shows it, and copies, revisions and
translations keep it."""

from __future__ import annotations

import datetime
import json
from types import SimpleNamespace

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.test import Client, override_settings
from wagtail.models import Locale
from wagtail_localize.models import StringSegment, TranslationSource

from core.previews import create_preview
from events.models import EventPage
from tests.core.api.helpers import configure_public_site, module_data
from tests.core.api.v3_helpers import bearer_client, create_user, token_for
from tests.core.seo.helpers import sitemap_text
from tests.factories.events import STOCKHOLM, EventIndexPageFactory, EventPageFactory
from tests.factories.home import HomePageFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2030, 6, 1, 12, 0, tzinfo=STOCKHOLM)
# A word found nowhere but in the note, so that finding it anywhere public is the note leaking.
WORD = "Ormbunksarkivet"
NOTE = f"Datum enligt {WORD}: 'Mötestider 2030' i webbplatsens sidfot (källan)."
# A word of the event's public text: searches for it show that the event is indexed.
PUBLIC_WORD = "Gullmarsstrand"


@pytest.fixture(scope="module")
def content(django_db_setup, django_db_blocker):
    with module_data(django_db_blocker):
        configure_public_site()
        home = HomePageFactory()
        index = EventIndexPageFactory()
        event = EventPageFactory(
            title="Vårmöte 2030",
            slug="varmote-2030",
            kind="varmote",
            start=datetime.datetime(2030, 9, 24, tzinfo=STOCKHOLM),
            end=datetime.datetime(2030, 9, 25, 23, 59, tzinfo=STOCKHOLM),
            all_day=True,
            place=PUBLIC_WORD,
            intro=f"SmåKoms vårmöte 2030 i {PUBLIC_WORD}.",
            source_note=NOTE,
        )
        event.save_revision().publish()
        superuser = create_user("admin", superuser=True)
        yield SimpleNamespace(
            home=home, index=index, event=event, superuser=superuser, token=token_for(superuser)
        )


def search_page_titles(client: Client, query: str) -> list[str]:
    """The titles of the search page's results (the page itself repeats the query)."""
    page = BeautifulSoup(client.get("/sok/", {"q": query}).content, "html.parser")
    return [title.get_text(strip=True) for title in page.select(".search-result__title")]


def api_search(client: Client, version: str, query: str) -> list[int]:
    """The ids of the pages an API's search finds."""
    response = client.get(f"/api/{version}/pages/", {"search": query})
    return [item["id"] for item in response.json()["items"]]


def public_answers(client: Client, content) -> dict[str, str]:
    """Every public answer that shows the event (or would find it by the note), by what it is."""
    event = content.event
    detail_v2 = f"/api/v2/pages/{event.pk}/"
    listing_v2 = "/api/v2/pages/?type=events.EventPage"
    paths = {
        "event page": event.url,
        "event index": content.index.url,
        "home page": content.home.url,
        "API v2 detail": detail_v2,
        "API v2 detail, fields=*": f"{detail_v2}?fields=*",
        "API v2 listing": listing_v2,
        "API v2 listing, fields=*": f"{listing_v2}&fields=*",
        "API v2 search": f"/api/v2/pages/?search={WORD}",
        "API v3 detail": f"/api/v3/pages/{event.pk}/",
        "API v3 listing": "/api/v3/pages/?type=events.EventPage",
        "API v3 events": "/api/v3/events/",
        "API v3 search": f"/api/v3/pages/?search={WORD}",
        "API v3 headless preview": f"/api/v3/previews/{create_preview(event)}/",
        "iCal of the event": f"{event.url}ical/",
        "iCal feed": f"{content.index.url}ical/",
    }
    answers = {}
    for name, path in paths.items():
        response = client.get(path)
        assert response.status_code == 200, (name, response.status_code)
        if response["Content-Type"].startswith("application/json"):
            answers[name] = json.dumps(response.json(), ensure_ascii=False)
        else:
            answers[name] = response.content.decode()
    answers["sitemap"] = sitemap_text(client)
    return answers


@time_machine.travel(NOW, tick=False)
def test_no_public_path_shows_the_note_and_the_admin_does(client, content):
    answers = public_answers(client, content)

    # Each answer does show the event (the searches find it by a public word)...
    event = content.event
    shown = [name for name, text in answers.items() if event.title in text or event.url in text]
    assert sorted(shown) == sorted(name for name in answers if "search" not in name)
    assert PUBLIC_WORD in answers["event page"]
    assert search_page_titles(client, PUBLIC_WORD) == [event.title]
    assert (
        api_search(client, "v2", PUBLIC_WORD) == api_search(client, "v3", PUBLIC_WORD) == [event.pk]
    )
    # ...and none says what the note says, nor finds the event by it.
    assert [name for name, text in answers.items() if WORD in text] == []
    assert search_page_titles(client, WORD) == []
    assert api_search(client, "v2", WORD) == api_search(client, "v3", WORD) == []
    # The APIs neither serve the field by name nor filter or order by it: no oracle either.
    refused = {
        f"/api/v2/pages/{event.pk}/?fields=source_note": 400,
        f"/api/v2/pages/?type=events.EventPage&source_note={WORD}": 400,
        "/api/v2/pages/?type=events.EventPage&order=source_note": 400,
        f"/api/v3/pages/?type=events.EventPage&source_note={WORD}": 400,
        "/api/v3/pages/?type=events.EventPage&order=source_note": 422,
    }
    assert {path: client.get(path).status_code for path in refused} == refused

    client.force_login(content.superuser)
    edit = client.get(f"/admin/pages/{event.pk}/edit/").content.decode()
    assert 'name="source_note"' in edit
    assert WORD in edit


def test_revisions_and_copies_keep_the_note(client, content):
    event = content.event
    assert event.get_latest_revision_as_object().source_note == NOTE
    client.force_login(content.superuser)

    response = client.post(
        f"/admin/pages/{event.pk}/copy/",
        {
            "new_title": "Vårmöte 2030 (kopia)",
            "new_slug": "varmote-2030-kopia",
            "new_parent_page": content.index.pk,
            "publish_copies": "on",
        },
    )

    assert response.status_code == 302
    copy = EventPage.objects.get(slug="varmote-2030-kopia")
    assert copy.source_note == NOTE
    assert copy.get_latest_revision_as_object().source_note == NOTE
    assert WORD not in Client().get(copy.url).content.decode()


def test_a_translation_keeps_the_note_and_translators_never_get_it(content):
    source, _created = TranslationSource.get_or_create_from_instance(content.event)
    english = Locale.objects.get(language_code="en")

    translation, _created = source.create_or_update_translation(
        english, copy_parent_pages=True, fallback=True
    )

    strings = StringSegment.objects.filter(source=source).values_list("string__data", flat=True)
    assert strings and not [string for string in strings if WORD in string]
    assert translation.specific.source_note == NOTE


@override_settings(API_WRITE_ENABLED=True)
def test_the_api_cannot_write_the_note(content):
    """The note is set in the admin only: API v3 writes ignore it, and a write of other fields
    leaves it as it was."""
    event = content.event
    payload = {
        "meta": {"type": "events.EventPage", "action": "publish"},
        "place": "Fiskebäckskil",
        "source_note": "Skrivet genom API:t.",
    }

    response = bearer_client(content.token).patch(
        f"/api/v3/pages/{event.pk}/", data=json.dumps(payload), content_type="application/json"
    )

    assert response.status_code == 200, response.content[:500]
    assert "source_note" not in response.json()
    event.refresh_from_db()
    assert (event.place, event.source_note) == ("Fiskebäckskil", NOTE)
