"""The member register, the members page with its map, and the "Bli medlem" form."""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET
from io import StringIO

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone
from wagtail.models import PageViewRestriction
from wagtail.test.utils import WagtailPageTestCase

from home.models import HomePage
from members.models import (
    MembershipApplication,
    MembershipApplicationPage,
    MembersPage,
    Municipality,
    active_member_count,
)
from tests.factories.core import translate_page
from tests.factories.home import HomePageFactory
from tests.factories.members import VALID_APPLICATION as VALID
from tests.factories.members import (
    MembershipApplicationFactory,
    MembershipApplicationPageFactory,
    MembersPageFactory,
    MunicipalityFactory,
)

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


def svg_maps(html: str) -> list[ET.Element]:
    maps = []
    start = html.find("<svg")
    while start != -1:
        end = html.index("</svg>", start) + len("</svg>")
        maps.append(ET.fromstring(html[start:end]))  # noqa: S314 - our own rendered page
        start = html.find("<svg", end)
    return maps


# --- The register ----------------------------------------------------------------------------


def test_unknown_kommunkod_is_refused_in_swedish():
    municipality = Municipality(name="Påhittad", kommunkod="9999")
    with pytest.raises(ValidationError) as error:
        municipality.full_clean()
    assert "inte en svensk kommunkod" in str(error.value.message_dict["kommunkod"])


def test_kommunkod_must_be_four_digits():
    with pytest.raises(ValidationError) as error:
        Municipality(name="Krokom", kommunkod="23a9").full_clean()
    assert "kommunkod" in error.value.message_dict


def test_wrong_lan_is_refused_and_missing_lan_derived():
    with pytest.raises(ValidationError) as error:
        Municipality(name="Krokom", kommunkod="2309", lan="Skåne län").full_clean()
    assert "Jämtlands län" in str(error.value.message_dict["lan"])

    municipality = Municipality(name="Krokom", kommunkod="2309")
    municipality.full_clean()
    municipality.save()
    assert municipality.lan == "Jämtlands län"
    assert (municipality.latitude, municipality.longitude) == (63.37, 14.39)


@pytest.mark.parametrize(("latitude", "longitude"), [(40.0, 14.0), (63.0, 30.0), (63.0, None)])
def test_coordinates_outside_sweden_are_refused(latitude, longitude):
    municipality = Municipality(
        name="Krokom", kommunkod="2309", latitude=latitude, longitude=longitude
    )
    with pytest.raises(ValidationError):
        municipality.full_clean()


def test_the_count_is_the_active_members():
    MunicipalityFactory.create_batch(3)
    MunicipalityFactory(active=False)
    assert active_member_count() == 3


# --- The members page --------------------------------------------------------------------------


@pytest.fixture
def members_page():
    MunicipalityFactory(kommunkod="2309")  # Krokom, Jämtlands län
    MunicipalityFactory(kommunkod="2305")  # Bräcke, Jämtlands län
    MunicipalityFactory(kommunkod="1730")  # Eda, Värmlands län
    MunicipalityFactory(kommunkod="0584", active=False)  # Vadstena
    return MembersPageFactory()


def test_members_page_shows_count_list_by_lan_and_map(client, members_page):
    response = client.get(members_page.url)
    html = response.content.decode()

    assert response.status_code == 200
    assert "<strong>3</strong> medlemskommuner" in html
    assert "Vadstena" not in html
    listing = html[html.index('id="members-list"') :]
    jamtland = listing.index("Jämtlands län</h3>")
    assert jamtland < listing.index("Bräcke") < listing.index("Krokom")
    assert listing.index("Krokom") < listing.index("Värmlands län</h3>") < listing.index("Eda")
    (svg,) = svg_maps(html)
    markers = svg.findall(f"{SVG}g/{SVG}circle")
    assert len(markers) == 3
    assert {marker.get("data-kommunkod") for marker in markers} == {"2309", "2305", "1730"}
    assert svg.find(f"{SVG}title").text
    assert "3 kommuner" in svg.find(f"{SVG}desc").text
    assert svg.get("aria-labelledby") == "members-map-title members-map-desc"
    assert 'href="#members-list"' in html
    width, height = (float(v) for v in svg.get("viewBox").split()[2:])
    for marker in markers:
        assert 0 < float(marker.get("cx")) < width and 0 < float(marker.get("cy")) < height


def test_home_page_shows_count_and_small_map(client, members_page):
    html = client.get(HomePageFactory().url).content.decode()

    assert "<strong>3</strong> medlemskommuner" in html
    assert f'href="{members_page.url}"' in html
    (svg,) = [svg for svg in svg_maps(html) if "sweden-map" in svg.get("class", "")]
    assert len(svg.findall(f"{SVG}g/{SVG}circle")) == 3


def home_join_box(html: str) -> str:
    """The home page's "Bli medlem" box, or "" when it is not shown."""
    if 'class="home-members__join"' not in html:
        return ""
    return html.split('class="home-members__join"')[1].split("</div>")[0]


def test_home_page_asks_municipalities_to_join(client):
    application = MembershipApplicationPageFactory()
    html = client.get(application.get_parent().url).content.decode()

    box = home_join_box(html)
    assert "Är din kommun inte med ännu?" in box
    assert f'<a class="button" href="{application.url}">Bli medlem</a>' in box


def test_the_join_button_only_leads_to_a_page_readers_may_open(client):
    """A draft, an unpublished page or one behind a login or password is no call to action."""
    home = HomePageFactory()
    for hide in ("draft", "unpublished", "login", "password"):
        MembershipApplicationPage.objects.child_of(home).delete()
        application = MembershipApplicationPageFactory(parent=home, live=hide != "draft")
        if hide == "unpublished":
            application.unpublish()
        elif hide in ("login", "password"):
            PageViewRestriction.objects.create(
                page=application,
                restriction_type=PageViewRestriction.LOGIN
                if hide == "login"
                else PageViewRestriction.PASSWORD,
                password="hemligt",
            )
        html = client.get(home.url).content.decode()
        assert home_join_box(html) == "", hide
        assert f'href="{application.url}"' not in html.split("<main")[1], hide


def test_the_english_home_page_asks_in_english(client):
    application = MembershipApplicationPageFactory()
    english = translate_page(application, title="Become a member")
    html = client.get(english.get_parent().url).content.decode()

    box = home_join_box(html)
    assert "Is your municipality not a member yet?" in box
    assert f'href="{english.url}">Become a member</a>' in box


class MembersPageTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = HomePageFactory()
        cls.members = MembersPageFactory(parent=cls.home)
        cls.application = MembershipApplicationPageFactory(parent=cls.home)

    def test_tree_rules(self):
        self.assertAllowedSubpageTypes(MembersPage, {})
        self.assertAllowedSubpageTypes(MembershipApplicationPage, {})
        self.assertAllowedParentPageTypes(MembersPage, {HomePage})
        self.assertAllowedParentPageTypes(MembershipApplicationPage, {HomePage})
        self.assertCanCreateAt(HomePage, MembersPage)
        self.assertEqual(MembersPage.max_count_per_parent, 1)
        self.assertFalse(MembersPage.can_create_at(self.home))  # One already exists.

    def test_routable_renderable_previewable(self):
        for page in (self.members, self.application):
            self.assertPageIsRoutable(page)
            self.assertPageIsRenderable(page)
            self.assertPageIsPreviewable(page)
        self.assertPageIsRoutable(self.application, "tack/")
        self.assertPageIsRenderable(self.application, "tack/")

    def test_creatable_in_the_admin(self):
        MembersPage.objects.all().delete()
        self.login()
        self.assertCanCreate(self.home, MembersPage, {"title": "Medlemmar", "slug": "medlemmar-2"})


# --- The application form ----------------------------------------------------------------------


def test_application_is_stored_emailed_and_redirected(client):
    page = MembershipApplicationPageFactory()

    response = client.post(page.url, VALID)

    assert response.status_code == 302
    assert response["Location"] == f"{page.url}tack/"
    application = MembershipApplication.objects.get()
    assert (application.municipality_name, application.contact_name) == ("Krokom", "Anna Andersson")
    (message,) = mail.outbox
    assert message.to == ["kansliet@smakom.example"]
    assert "Krokom" in message.subject and "anna@krokom.example.se" in message.body
    thanks = client.get(response["Location"])
    assert thanks.status_code == 200
    assert "Tack för er ansökan" in thanks.content.decode()


def test_english_form_thanks_in_english_and_mails_the_secretariat_in_swedish(client):
    page = MembershipApplicationPageFactory()
    english = translate_page(
        page, title="Become a member", slug="become-a-member", thank_you_text="Thank you!"
    )

    form = client.get(english.url).content.decode()
    response = client.post(english.url, VALID)

    assert "Municipality" in form and "Contact person" in form and "Send application" in form
    assert response.status_code == 302
    assert response["Location"] == "/en/become-a-member/thank-you/"
    thanks = client.get(response["Location"]).content.decode()
    assert "Thank you!" in thanks and '<html lang="en">' in thanks
    (message,) = mail.outbox
    assert message.subject == "Medlemsansökan från Krokom"
    assert "Kontaktperson: Anna Andersson" in message.body
    assert "Jämtlands län" in message.body


def test_english_form_errors_are_in_english(client):
    page = MembershipApplicationPageFactory()
    english = translate_page(page, title="Become a member", slug="become-a-member")

    html = client.post(english.url, {**VALID, "email": "not-an-address"}).content.decode()

    assert "Enter a valid email address." in html
    assert "There is 1 error in the form" in html


def test_reply_goes_to_the_applicant(client):
    page = MembershipApplicationPageFactory()

    client.post(page.url, VALID)

    assert mail.outbox[0].reply_to == ["anna@krokom.example.se"]


def test_a_failing_mail_server_still_thanks_the_reader_and_keeps_one_application(
    client, monkeypatch
):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("no mail server")

    monkeypatch.setattr("django.core.mail.message.EmailMessage.send", refuse)
    page = MembershipApplicationPageFactory()

    response = client.post(page.url, VALID)

    assert response.status_code == 302
    assert response["Location"] == f"{page.url}tack/"
    assert MembershipApplication.objects.count() == 1


def test_without_any_recipient_the_mail_goes_to_the_site_sender(client, settings):
    settings.DEFAULT_FROM_EMAIL = "SmåKom <webbplats@smakom.example>"
    page = MembershipApplicationPageFactory(recipient_email="")

    client.post(page.url, VALID)

    assert mail.outbox[0].to == ["webbplats@smakom.example"]


def test_an_address_longer_than_the_database_column_is_a_form_error(client):
    page = MembershipApplicationPageFactory()
    address = "a" * 250 + "@krokom.se"

    response = client.post(page.url, {**VALID, "email": address})

    assert response.status_code == 200
    assert MembershipApplication.objects.count() == 0


def test_honeypot_blocks_a_bot(client):
    page = MembershipApplicationPageFactory()

    response = client.post(page.url, {**VALID, "homepage": "http://spam.example"})

    assert response.status_code == 302
    assert response["Location"] == f"{page.url}tack/"
    assert not MembershipApplication.objects.exists()
    assert mail.outbox == []


def test_honeypot_is_hidden_and_labelled(client):
    html = client.get(MembershipApplicationPageFactory().url).content.decode()
    assert 'aria-hidden="true"' in html and "Lämna tomt" in html


@pytest.mark.parametrize(
    "changes", [{"kommunkod": "9999"}, {"email": "inte-en-adress"}, {"contact_name": ""}]
)
def test_invalid_form_is_shown_again_with_errors(client, changes):
    page = MembershipApplicationPageFactory()

    response = client.post(page.url, {**VALID, **changes})

    assert response.status_code == 200
    assert "Det finns 1 fel i formuläret" in response.content.decode()
    assert not MembershipApplication.objects.exists()
    assert mail.outbox == []


def test_csrf_is_enforced():
    page = MembershipApplicationPageFactory()
    response = Client(enforce_csrf_checks=True).post(page.url, VALID)
    assert response.status_code == 403
    assert not MembershipApplication.objects.exists()


def test_purge_applications_removes_old_ones_only_and_is_idempotent():
    old = MembershipApplicationFactory()
    MembershipApplication.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=400)
    )
    recent = MembershipApplicationFactory()

    out = StringIO()
    call_command("purge_applications", days=365, stdout=out)
    assert "Tog bort 1 " in out.getvalue()
    assert list(MembershipApplication.objects.values_list("pk", flat=True)) == [recent.pk]

    out = StringIO()
    call_command("purge_applications", days=365, stdout=out)
    assert "Tog bort 0 " in out.getvalue()
    assert MembershipApplication.objects.count() == 1


@pytest.mark.parametrize("days", [-1, 10**11])
def test_purge_applications_refuses_impossible_ages(days):
    with pytest.raises(CommandError):
        call_command("purge_applications", days=days, stdout=StringIO())
