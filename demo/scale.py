"""Scale content: many news items and remissvar, fast, for measuring the site at 100,000 items.

``manage.py generate_scale_content`` (demo/management/commands/) runs ``ScaleContentGenerator``.
Pages are not added one by one with ``add_child`` (a query for the parent, the last child and
the page itself per page, and a revision each), but a batch at a time: the batch's tree paths are
computed from the parent's last child, the ``wagtailcore_page`` rows go in with ``bulk_create``,
the page type's own rows with one ``INSERT`` per database batch (``insert_child_rows``), and the
parent's ``numchild`` grows once per batch. Each batch is one transaction, after which the tree
is valid and the batch's pages are in the search index.

The pages are live, public and in the parent's locale, dated over 25 years, with valid
StreamField data, and have no revisions (``live_revision`` is null), as pages imported straight
into the database have. Their slugs start with ``skala-`` and end with a running number, so a
second run adds more pages after the first run's.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterator, Sequence
from datetime import date, datetime, time, timedelta
from uuid import uuid4

from django.contrib.contenttypes.models import ContentType
from django.db import connections, reset_queries, router, transaction
from django.db.models import F, Model
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag
from wagtail.models import Page, Site
from wagtail.search.backends import get_search_backends
from wagtail.search.models import IndexEntry

from articles.models import ArticleIndexPage, ArticlePage, ArticlePageTag
from consultation_responses.models import (
    ConsultationResponseIndexPage,
    ConsultationResponsePage,
    Ministry,
    ResponseStatus,
)
from core.caching.version import bump
from core.changes import note_pages
from demo.scale_text import MINISTRIES, TAGS, SwedishText

SLUG_PREFIX = "skala-"
SLUG_NUMBER = re.compile(r"-([0-9]+)$")
FIRST_NEWS_DAY = date(2001, 1, 1)
FIRST_RESPONSE_DAY = date(2005, 1, 1)
DEFAULT_BATCH_SIZE = 1000
DEFAULT_SEED = 2026

Progress = Callable[[str, int, int], None]
"""Called after each batch with what is being made ("Nyheter"), how many so far, and of how many."""


class ScaleContentError(Exception):
    """The site lacks what the scale content is added to (the demo's indexes)."""


def scale_slug(title: str, number: int) -> str:
    """``skala-<title>-<number>``: the prefix marks generated pages, the number keeps slugs
    unique under their parent across runs."""
    return f"{SLUG_PREFIX}{slugify(title)[:60].rstrip('-')}-{number}"


def last_scale_number(parent: Page) -> int:
    """The highest running number of the scale pages under ``parent`` (0 if none)."""
    slugs = Page.objects.child_of(parent).filter(slug__startswith=SLUG_PREFIX)
    numbers = (SLUG_NUMBER.search(slug) for slug in slugs.values_list("slug", flat=True).iterator())
    return max((int(match.group(1)) for match in numbers if match), default=0)


def append_children(parent: Page, pages: Sequence[Page]) -> None:
    """Insert ``pages`` (unsaved, all of one page type, slugs unique under ``parent``) as the last
    children of ``parent``, live: tree paths, depth, URL path, locale, content type and a new
    translation key are set here. Run inside a transaction; the parent row is locked meanwhile
    (on PostgreSQL), so its last child and ``numchild`` stay right."""
    model = type(pages[0])
    parent = Page.objects.select_for_update().get(pk=parent.pk)
    last_path = (
        Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    position = Page._str2int(last_path[-Page.steplen :]) if last_path else 0
    content_type = ContentType.objects.get_for_model(model)
    page_fields = [field for field in Page._meta.concrete_fields if not field.primary_key]
    rows = []
    for page in pages:
        position += 1
        page.path = Page._get_path(parent.path, parent.depth + 1, position)
        page.depth = parent.depth + 1
        page.numchild = 0
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.content_type = content_type
        page.locale_id = parent.locale_id
        page.translation_key = uuid4()
        page.draft_title = page.title
        page.live = True
        page.has_unpublished_changes = False
        rows.append(Page(**{field.attname: getattr(page, field.attname) for field in page_fields}))
    Page.objects.bulk_create(rows)
    for page, row in zip(pages, rows, strict=True):
        page.id = page.page_ptr_id = row.pk
        page._state.adding = False
    insert_child_rows(model, pages)
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))


def insert_child_rows(model: type[Model], objs: Sequence[Model]) -> None:
    """Insert the rows of a multi-table inherited model's own table (``articles_articlepage``)
    for objects whose parent rows exist already. Django's ``bulk_create`` refuses such models,
    so this is what it does inside, with the model's local fields: ``QuerySet._insert`` (Django's
    internal insert, also used by ``Model.save``) in batches the database accepts.
    tests/demo/test_scale_content.py fails if a Django upgrade changes it."""
    fields = model._meta.local_concrete_fields
    connection = connections[router.db_for_write(model)]
    size = max(connection.ops.bulk_batch_size(fields, objs), 1)
    for start in range(0, len(objs), size):
        model._base_manager._insert(
            objs[start : start + size], fields=fields, using=connection.alias
        )


def index_pages(model: type[Page], pks: Sequence[int]) -> None:
    """Add the pages to every search backend that updates itself, as ``update_index`` does: one
    query for the pages (with what their search fields need) and the backend's bulk insert."""
    objs = list(model.get_indexed_objects().filter(pk__in=pks))
    for backend in get_search_backends(with_auto_update=True):
        backend.add_bulk(model, objs)


def batches(first: int, count: int, size: int) -> Iterator[range]:
    """The running numbers ``first`` … ``first + count - 1`` in ranges of at most ``size``."""
    for start in range(first, first + count, size):
        yield range(start, min(start + size, first + count))


def published_at(day: date, rng: random.Random) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(rng.randint(7, 17), rng.randint(0, 59))))


def find_indexes() -> tuple[ArticleIndexPage, ConsultationResponseIndexPage]:
    """The news index and the remissvar index under the default site's (Swedish) home page."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        raise ScaleContentError("No default site: run `manage.py load_demo_content` first.")
    news_index = ArticleIndexPage.objects.child_of(site.root_page).first()
    responses_index = ConsultationResponseIndexPage.objects.child_of(site.root_page).first()
    if news_index is None or responses_index is None:
        raise ScaleContentError(
            "The home page has no news or remissvar index: run `manage.py load_demo_content` first."
        )
    return news_index, responses_index


class ScaleContentGenerator:
    """Adds ``news`` news items and ``responses`` remissvar under the site's indexes, a batch of
    ``batch_size`` pages per transaction; ``progress`` hears after each batch."""

    def __init__(
        self,
        *,
        batch_size: int = DEFAULT_BATCH_SIZE,
        seed: int = DEFAULT_SEED,
        progress: Progress | None = None,
        today: date | None = None,
        search_index: bool = True,
    ) -> None:
        self.batch_size = batch_size
        self.search_index = search_index
        self.today = today or timezone.localdate()
        self.progress = progress or (lambda label, done, total: None)
        # Not for security: the same seed makes the same site.
        self.rng = random.Random(seed)  # noqa: S311
        self.text = SwedishText(self.rng)

    def generate(self, news: int, responses: int) -> dict[str, int]:
        """Make the pages; returns how many of each were made."""
        news_index, responses_index = find_indexes()
        made = {"news": 0, "responses": 0}
        if news:
            made["news"] = self.generate_news(news_index, news)
        if responses:
            made["responses"] = self.generate_responses(responses_index, responses)
        analyze_tables()
        clear_caches()
        return made

    def index(self, model: type[Page], pages: Sequence[Page]) -> None:
        # bulk_create sends no signal: the change log (the changes feed) is told by name.
        note_pages([page.pk for page in pages])
        if self.search_index:
            index_pages(model, [page.pk for page in pages])
        # With DEBUG on, Django keeps the last 9,000 queries, the index's large inserts among
        # them: hundreds of megabytes over a long run.
        reset_queries()

    # --- News ------------------------------------------------------------------------------------

    def generate_news(self, index: ArticleIndexPage, count: int) -> int:
        tags = {name: Tag.objects.get_or_create(name=name)[0] for name in TAGS}
        first = last_scale_number(index) + 1
        done = 0
        for numbers in batches(first, count, self.batch_size):
            pages = [self.article(number) for number in numbers]
            with transaction.atomic():
                append_children(index, pages)
                ArticlePageTag.objects.bulk_create(
                    ArticlePageTag(tag=tags[self.text.tag()], content_object_id=page.pk)
                    for page in pages
                )
                self.index(ArticlePage, pages)
            done += len(pages)
            self.progress("Nyheter", done, count)
        return done

    def article(self, number: int) -> ArticlePage:
        title = self.text.news_title()
        day = self.text.day_between(FIRST_NEWS_DAY, self.today)
        published = published_at(day, self.rng)
        return ArticlePage(
            title=title,
            slug=scale_slug(title, number),
            date=day,
            author_name=self.text.author(),
            intro=self.text.intro(),
            body=self.text.news_body(),
            first_published_at=published,
            last_published_at=published,
        )

    # --- Remissvar -------------------------------------------------------------------------------

    def generate_responses(self, index: ConsultationResponseIndexPage, count: int) -> int:
        ministries = list(Ministry.objects.filter(locale_id=index.locale_id))
        if not ministries:
            ministries = [
                Ministry.objects.create(name=name, locale_id=index.locale_id) for name in MINISTRIES
            ]
        references = set(
            ConsultationResponsePage.objects.exclude(inquiry_reference="").values_list(
                "inquiry_reference", flat=True
            )
        )
        first = last_scale_number(index) + 1
        done = 0
        for numbers in batches(first, count, self.batch_size):
            pages = [self.response(number, ministries, references) for number in numbers]
            with transaction.atomic():
                append_children(index, pages)
                self.index(ConsultationResponsePage, pages)
            done += len(pages)
            self.progress("Remissvar", done, count)
        return done

    def response(
        self, number: int, ministries: list[Ministry], references: set[str]
    ) -> ConsultationResponsePage:
        """A remissvar the board has approved (so it may be live): sent, or approved and not
        sent yet, with its deadline, references and points."""
        day = self.text.day_between(FIRST_RESPONSE_DAY, self.today - timedelta(days=30))
        if self.rng.random() < 0.85:
            status, sent_date = ResponseStatus.SENT, day
            approved_date = day - timedelta(days=self.rng.randint(1, 14))
            deadline = day + timedelta(days=self.rng.randint(0, 20))
        else:
            status, sent_date, approved_date = ResponseStatus.APPROVED, None, day
            deadline = day + timedelta(days=self.rng.randint(1, 30))
        ministry = self.rng.choice(ministries)
        reference = self.inquiry_reference(day.year, references)
        inquiry_title = self.text.inquiry_title()
        title = f"Remissvar: {inquiry_title}"
        published = published_at(day, self.rng)
        return ConsultationResponsePage(
            title=title,
            slug=scale_slug(title, number),
            inquiry_reference=reference,
            inquiry_title=inquiry_title,
            inquiry_author=self.text.inquiry_author(),
            ministry=ministry,
            case_number=self.text.case_number(ministry.name, day.year - 1),
            deadline=deadline,
            approved_date=approved_date,
            sent_date=sent_date,
            status=status,
            summary=self.text.intro(),
            points=self.text.response_points(),
            background=self.text.rich_text(3),
            board_approved_at=timezone.make_aware(datetime.combine(approved_date, time(12))),
            first_published_at=published,
            last_published_at=published,
        )

    def inquiry_reference(self, year: int, taken: set[str]) -> str:
        """A reference such as "SOU 2014:112" that no response has yet (numbers from 101 up,
        above most real ones of a year)."""
        series = "SOU" if self.rng.random() < 0.7 else "Ds"
        inquiry_year = year - self.rng.randint(0, 1)
        number = 101
        while f"{series} {inquiry_year}:{number}" in taken:
            number += 1
        reference = f"{series} {inquiry_year}:{number}"
        taken.add(reference)
        return reference


def analyze_tables() -> None:
    """Refresh the database's statistics of the tables that grew. Without them PostgreSQL plans
    the listings' queries as if the tables were as small as before: the news index took seconds
    instead of milliseconds after the first bulk insert, until autovacuum came round."""
    models = (Page, ArticlePage, ArticlePageTag, ConsultationResponsePage, IndexEntry)
    connection = connections[router.db_for_write(Page)]
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def clear_caches() -> None:
    """Retire every cached answer and fact: the pages were written with bulk inserts, which no
    cache hears of (``core.caching.version.bump``)."""
    bump()
