"""The home page, standard pages, the film page, the site settings and the headless preview
record."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Site
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from core.api.fields import (
    IMAGE_FILTER,
    DocumentField,
    PageLinkField,
    RenditionField,
)
from core.blocks import RICH_TEXT_FEATURES, BodyBlock
from core.caching.version import versioned
from core.i18n import reader_q
from core.pages import BasePage
from core.seo.structured_data import GraphContext, website

if TYPE_CHECKING:
    from django.http import HttpRequest
    from wagtail.images.models import AbstractImage


class HomePage(BasePage):
    """The front page of one locale; the root of its site tree."""

    banner_text = models.CharField(
        _("meddelande"),
        max_length=200,
        blank=True,
        help_text=_(
            "En kort notis överst på startsidan, t.ex. "
            "”Nästa Höstmöte i Bromma 22–23 november. Anmälan är nu stängd”."
        ),
    )
    banner_link = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("meddelandets länk"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(
        BodyBlock(),
        verbose_name=_("mer innehåll"),
        blank=True,
        help_text=_("Visas längst ned på startsidan, efter nyheterna."),
    )

    content_panels = [
        *BasePage.content_panels,
        HelpPanel(
            content=_(
                "Startsidan visar automatiskt filmen, de senaste nyheterna och de senaste "
                "remissvaren. Här redigerar du meddelandet överst och presentationstexten."
            )
        ),
        MultiFieldPanel(
            [FieldPanel("banner_text"), FieldPanel("banner_link")],
            heading=_("Meddelande"),
        ),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    api_fields = [
        *BasePage.api_fields,
        APIField("banner_text", writable=True),
        APIField("banner_link", serializer=PageLinkField()),
        APIField("body", writable=True),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "articles.ArticleIndexPage",
        "consultation_responses.ConsultationResponseIndexPage",
        "events.EventIndexPage",
        "home.VideoPage",
        "members.MembersPage",
        "members.MembershipApplicationPage",
        "home.StandardPage",
    ]
    # One home page per locale: translations are created by wagtail-localize, not the editor.
    max_count = 1
    page_description = _("Webbplatsens startsida.")

    class Meta:
        verbose_name = _("startsida")
        verbose_name_plural = _("startsidor")

    def sections(self, request: HttpRequest) -> dict:
        """The film, and each page app's section (the ``home_page_sections`` hooks: the latest
        news and remissvar, the next conference, the members' map).

        The template asks for them (``{% home_sections %}``) inside a fragment kept with the
        content version, so a kept fragment costs none of their queries."""
        sections = {
            "film": VideoPage.objects.for_readers()
            .child_of(self)
            .select_related("poster", "video_file")
            .first()
        }
        for home_page_section in hooks.get_hooks("home_page_sections"):
            sections.update(home_page_section(self, request))
        return sections

    def structured_data(self, graph: GraphContext) -> list[dict[str, Any]]:
        """The association, and the site with its search (for search engines' sitelinks)."""
        return [graph.organisation(), website(self, graph.base, graph.language)]


class StandardPage(BasePage):
    """A page of text such as "Om SmåKom" or "Kontakt"; may hold further standard pages."""

    in_site_search = True
    body = StreamField(BodyBlock(), verbose_name=_("innehåll"), blank=True)

    content_panels = [
        *BasePage.content_panels,
        HelpPanel(
            content=_(
                "Undersidor som är markerade ”Visa i menyer” listas längst ned på sidan. "
                "Lägg till en undersida för att dela upp ett större ämne."
            )
        ),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    search_fields = [*BasePage.search_fields, index.SearchField("body")]
    api_fields = [*BasePage.api_fields, APIField("body", writable=True)]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]
    page_description = _("En textsida, till exempel ”Om SmåKom” eller ”Kontakt”.")

    class Meta:
        verbose_name = _("textsida")
        verbose_name_plural = _("textsidor")

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        context["subpages"] = self.get_children().live().filter(reader_q()).specific().in_menu()
        return context


class VideoPage(BasePage):
    """The film "Bo på landet": an embedded or uploaded film with poster, quote and transcript."""

    in_site_search = True
    quote = models.CharField(_("citat"), max_length=255, blank=True)
    embed_url = models.URLField(
        _("filmens adress"),
        blank=True,
        help_text=_("En länk till filmen hos YouTube eller Vimeo."),
    )
    video_file = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("filmfil"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("En uppladdad filmfil (MP4 eller WebM), om filmen inte ligger hos en tjänst."),
    )
    poster = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("affischbild"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Stillbild som visas innan filmen startar och när den inte kan visas."),
    )
    transcript = RichTextField(
        _("textversion"),
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text=_("Det som sägs i filmen, för den som inte kan eller vill se den."),
    )

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("intro"),
        FieldPanel("quote"),
        MultiFieldPanel(
            [FieldPanel("embed_url"), FieldPanel("video_file"), FieldPanel("poster")],
            heading=_("Filmen"),
        ),
        FieldPanel("transcript"),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("quote"),
        index.SearchField("transcript"),
    ]
    override_translatable_fields = [
        *BasePage.override_translatable_fields,
        SynchronizedField("embed_url"),
        SynchronizedField("video_file"),
        SynchronizedField("poster"),
    ]
    api_fields = [
        *BasePage.api_fields,
        APIField("quote", writable=True),
        APIField("embed_url", writable=True),
        APIField("video_file", serializer=DocumentField()),
        APIField("poster", serializer=RenditionField(IMAGE_FILTER)),
        APIField("transcript", writable=True),
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1
    page_description = _("Filmen ”Bo på landet” med affischbild, citat och textversion.")

    class Meta:
        verbose_name = _("filmsida")
        verbose_name_plural = _("filmsidor")

    def clean(self) -> None:
        super().clean()
        if self.video_file_id and self.video_file.file_extension.lower() not in {"mp4", "webm"}:
            raise ValidationError({"video_file": _("Filmfilen måste vara MP4 eller WebM.")})

    def get_social_images(self) -> list[AbstractImage | None]:
        return [self.social_image, self.poster]


@register_setting(icon="site")
class OrganisationSettings(BaseSiteSetting):
    """The association's contact details, shown in the footer of every page."""

    name = models.CharField(
        _("namn"), max_length=200, default="SmåKom – De små kommunernas samverkan"
    )
    address = models.TextField(_("postadress"), blank=True)
    phone = models.CharField(_("telefon"), max_length=50, blank=True)
    email = models.EmailField(_("e-post"), blank=True)
    organisation_number = models.CharField(_("organisationsnummer"), max_length=20, blank=True)
    default_social_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("standardbild för delning"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Används när en sida delas och saknar egen bild."),
    )
    accessibility_statement = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("tillgänglighetsredogörelse"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Sidan som sidfoten länkar till som tillgänglighetsredogörelse."),
    )

    select_related = ["accessibility_statement"]

    panels = [
        FieldPanel("name"),
        FieldPanel("address"),
        FieldPanel("phone"),
        FieldPanel("email"),
        FieldPanel("organisation_number"),
        FieldPanel("default_social_image"),
        FieldPanel("accessibility_statement"),
    ]

    class Meta:
        verbose_name = _("föreningens uppgifter")

    @classmethod
    def for_request(cls, request: HttpRequest) -> OrganisationSettings:
        """As Wagtail's, the row kept with the content version: every page shows it (the
        footer, the social image, structured data), one query each otherwise. A change of it
        retires the version; the admin edits the row itself (``for_site``)."""
        attr_name = cls.get_cache_attr_name()
        if request is None or hasattr(request, attr_name):
            return super().for_request(request)
        site = Site.find_for_request(request)
        if site is None:
            return super().for_request(request)
        site_settings = versioned(
            request, f"site-settings:{cls._meta.label_lower}:{site.pk}", lambda: cls.for_site(site)
        )
        site_settings._request = request
        setattr(request, attr_name, site_settings)
        return site_settings


class HeadlessPreview(models.Model):
    """A page as an editor is previewing it (saved or not), for an app to fetch through the API
    with a signed, expiring token (core/previews.py); deleted once expired."""

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE)
    content = models.JSONField(encoder=DjangoJSONEncoder)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("förhandsvisning i app")
        verbose_name_plural = _("förhandsvisningar i appar")

    def __str__(self) -> str:
        return str(self.content.get("title", self.pk))
