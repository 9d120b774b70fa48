"""The site's languages: which language a page is in, its other language versions, and where the
language switcher and the hreflang alternates lead.

Swedish pages are served without a prefix (``/nyheter/``), English ones under ``/en/``
(``config/urls.py``). A page belongs to the language of the home page it sits under; Wagtail's
site root paths (cached) say which that is, so none of this costs a query per page.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import F, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import translation
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page, Site
from wagtail_localize.fields import BaseTranslatableField

from core.visibility import public_q, restricted_paths

if TYPE_CHECKING:
    from django.http import HttpRequest
    from wagtail.models.sites import SiteRootPath

LANGUAGE_NAMES = dict(settings.LANGUAGES)


def site_root_paths(request: HttpRequest | None) -> list[SiteRootPath]:
    """``Site.get_site_root_paths()``, cached on the request as Wagtail's page URLs do."""
    if request is None:
        return Site.get_site_root_paths()
    if not hasattr(request, "_wagtail_cached_site_root_paths"):
        request._wagtail_cached_site_root_paths = Site.get_site_root_paths()
    return request._wagtail_cached_site_root_paths


def active_language() -> str:
    """The content language being served (``sv`` or ``en``); the default one if unknown."""
    try:
        return get_supported_content_language_variant(translation.get_language() or "")
    except LookupError:
        return settings.LANGUAGE_CODE


def language_of(page: Page, request: HttpRequest | None = None) -> str:
    """The language ``page`` is served in: that of the home page it sits under."""
    url_path = getattr(page, "url_path", "") or ""
    if url_path:
        for root in site_root_paths(request):
            if url_path.startswith(root.root_path):
                return root.language_code
    if getattr(page, "locale_id", None):
        return page.locale.language_code
    return active_language()


def own_language_q(prefix: str = "") -> Q:
    """Pages that are in their own language: not an alias of a page in another locale.

    wagtail-localize's tree synchronisation fills untranslated branches with such aliases; they
    show the original's content, so they are neither served nor offered as translations.
    """
    return Q(**{f"{prefix}alias_of__isnull": True}) | Q(
        **{f"{prefix}alias_of__locale_id": F(f"{prefix}locale_id")}
    )


def reader_q(*, from_database: bool = False) -> Q:
    """Pages readers are shown (with ``.live()``): no view restriction on them, their
    ancestors or the sources of aliases among those (``public_q``, ``from_database`` as
    there), and in their own language (``own_language_q``). One condition in the page query;
    no query of its own."""
    return public_q(from_database=from_database) & own_language_q()


def without_unshown(queryset: QuerySet, request: HttpRequest | None = None) -> QuerySet:
    """``queryset`` without the pages ``reader_q`` leaves out, by id: for searches, since a
    search backend filters only by indexed fields.

    The hidden pages are found from the small sets that hide them, never by testing every page:
    the pages under a restricted path (``restricted_paths``, once per request) and the aliases
    of another language's pages. One query, none more when the paths are known.
    """
    hidden_q = ~own_language_q()
    for path in restricted_paths(request):
        hidden_q |= Q(path__startswith=path)
    hidden = list(Page.objects.filter(hidden_q).order_by().values_list("pk", flat=True))
    return queryset.exclude(pk__in=hidden) if hidden else queryset


@contextmanager
def in_language_of(page: Page, request: HttpRequest | None = None) -> Iterator[str]:
    """Render ``page``'s labels, dates and rich text links in its own language.

    The APIs serve both languages from one address; each item speaks its own language.
    """
    language = language_of(page, request)
    with translation.override(language):
        yield language


def untranslated_original(page: Page, request: HttpRequest) -> Page | None:
    """The page in another language that ``page``'s address would show, when the reader asked
    for the active language and there is no such version; ``None`` when ``page`` is fine.

    Two cases: Wagtail falls back to the Swedish tree when the English home page is missing or
    a draft, and wagtail-localize's tree synchronisation fills an untranslated branch with
    aliases of the Swedish pages. Either would serve Swedish content under ``/en/``.
    """
    if language_of(page, request) != active_language():
        return page
    if page.alias_of_id:
        original = Page.objects.select_related("locale").get(pk=page.alias_of_id)
        if original.locale_id != page.locale_id:
            return original
    return None


def find_by_path(request: HttpRequest, html_path: str) -> Page | None:
    """The page a reader would get at ``html_path`` (``/nyheter/…`` or ``/en/news/…``), or None.

    Wagtail's find-by-path routes from the site's (Swedish) home page only; a language prefix
    routes from that language's home page instead. Visibility is the caller's to check.
    """
    site = Site.find_for_request(request)
    if site is None:
        return None
    components = [component for component in html_path.split("/") if component]
    root = site.root_page
    if components and components[0] in LANGUAGE_NAMES and components[0] != settings.LANGUAGE_CODE:
        root = root.get_translations().filter(locale__language_code=components[0]).first()
        components = components[1:]
        if root is None:
            return None
    try:
        page, _args, _kwargs = root.specific.route(request, components)
    except Http404:
        return None
    return page


def home_url(language: str) -> str:
    """The path of the home page in ``language`` (``/`` or ``/en/``)."""
    with translation.override(language):
        return reverse("wagtail_serve", args=("",))


@dataclass(frozen=True)
class LanguageVersion:
    """One language's version of what is being read, for the switcher and hreflang."""

    language: str
    name: str
    url: str  # absolute, for hreflang
    path: str  # relative to the site, for links
    # False when the page has no version in this language and the link leads to its home page.
    is_translation: bool


def current_site(request: HttpRequest | None) -> Site | None:
    """The request's Wagtail site, else the default one."""
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    return site


def shown_versions(
    translation_keys: set[str], request: HttpRequest | None, language: str | None = None
) -> list[Page]:
    """The live versions readers are shown of the pages with ``translation_keys`` (only those
    in ``language``, if given), in one query.

    A version counts only under a home page that is itself live and in its own language:
    without one Wagtail does not serve that language's tree (``/en/…`` falls back to the
    Swedish tree, which ``untranslated_original`` refuses), so its pages have no address.
    """
    site = current_site(request)
    if site is None:
        return []
    home_key = site.root_page.translation_key
    candidates = (
        Page.objects.live()
        .filter(reader_q())
        .filter(translation_key__in={*translation_keys, home_key})
        .select_related("locale")
        .order_by("locale__language_code", "pk")
    )
    if language:
        candidates = candidates.filter(locale__language_code=language)
    candidates = list(candidates)
    homes = tuple(
        candidate.url_path
        for candidate in candidates
        if candidate.translation_key == home_key and candidate.depth == site.root_page.depth
    )
    return [
        candidate
        for candidate in candidates
        if candidate.translation_key in translation_keys and candidate.url_path.startswith(homes)
    ]


def language_versions(request: HttpRequest | None, page: Page | None) -> dict[str, LanguageVersion]:
    """Every language's version of ``page``: its live, public translation, else that language's
    live home page. Languages with neither are left out. One query, cached on the request.
    """
    cache = getattr(request, "_smakom_language_versions", None)
    key = getattr(page, "pk", None)
    if cache is not None and key in cache:
        return cache[key]
    site = current_site(request)
    keys = {site.root_page.translation_key} if site is not None else set()
    if isinstance(page, Page) and page.pk:
        keys.add(page.translation_key)
    candidates = (
        Page.objects.filter(translation_key__in=keys)
        .filter(Q(pk=key) | (Q(live=True) & reader_q()))
        .select_related("locale")
        .order_by("depth", "pk")
    )
    translations: dict[str, Page] = {}
    homes: dict[str, Page] = {}
    for candidate in candidates:
        language = candidate.locale.language_code
        if isinstance(page, Page) and candidate.translation_key == page.translation_key:
            translations.setdefault(language, candidate)
        if site is not None and candidate.translation_key == site.root_page.translation_key:
            homes.setdefault(language, candidate)
    versions = {}
    for language, name in settings.LANGUAGES:
        translated = translations.get(language)
        home = homes.get(language)
        # A translation has an address only while its language's home page is live.
        served = home is not None and home.live and translated is not None
        if translated is not None and (
            translated.pk == key or (served and translated.url_path.startswith(home.url_path))
        ):
            url = translated.get_full_url(request=request)
            if url:
                path = translated.get_url(request=request)
                versions[language] = LanguageVersion(language, name, url, path, True)
                continue
        if home is not None and home.live:
            versions[language] = LanguageVersion(
                language,
                name,
                home.get_full_url(request=request) or home_url(language),
                home.get_url(request=request) or home_url(language),
                False,
            )
    if request is not None:
        request._smakom_language_versions = {**(cache or {}), key: versions}
    return versions


def localized(page: Page | None, language: str, request: HttpRequest | None = None) -> Page | None:
    """``page``'s live, public version in ``language``, else ``page`` itself.

    For links an editor chose once for every language (the banner's link, the accessibility
    statement, the response a news item announces): each language's page links to its own
    language's version where one exists.
    """
    if not isinstance(page, Page) or language_of(page, request) == language:
        return page
    prefetched = getattr(request, "_smakom_localized", {})
    if (page.pk, language) in prefetched:
        return prefetched[page.pk, language]
    return prefetch_localized([page], language, request).get((page.pk, language), page)


def prefetch_localized(
    pages: list[Page], language: str, request: HttpRequest | None
) -> dict[tuple[int, str], Page]:
    """Look up the ``language`` versions of ``pages`` in one query, for ``localized``: a body's
    link blocks then cost one query together, not one each. Remembered on the request."""
    pages = [page for page in pages if language_of(page, request) != language]
    if not pages:
        return {}
    translated = {
        candidate.translation_key: candidate
        for candidate in shown_versions(
            {page.translation_key for page in pages}, request, language=language
        )
    }
    found = {(page.pk, language): translated.get(page.translation_key, page) for page in pages}
    if request is not None:
        request.__dict__.setdefault("_smakom_localized", {}).update(found)
    return found


class OwnValuePerLanguage(BaseTranslatableField):
    """A field wagtail-localize neither translates nor synchronises: each language version keeps
    its own value (a news item's tags: Swedish words on the Swedish page, English ones on the
    English page). A new translation starts with a copy of the original's value.
    """

    def __repr__(self) -> str:
        return f"<OwnValuePerLanguage {self.field_name}>"
