"""SQLite full-text search that stems each object in its own language: the embedded default's
search (``make run``), with the contract of ``core/search/postgres.py``.

Wagtail's SQLite backend stores the words as written, so "landsbygd" never finds
"landsbygden". Here each object's title and body are stored as the Snowball stems of their
words in the language of the object's locale (``core/search/stemming.py``: Swedish pages with
the ``swedish`` stemmer, English ones with ``english``; objects without a locale with
``SEARCH_CONFIG``), and a query is stemmed in every configured language, a document matching
when any of them matches. Phrases are matched as phrases of stems.

Autocomplete (the admin's choosers) keeps the words as written and matches their beginnings,
as PostgreSQL's ``simple`` configuration does there.

The rest is modelsearch's SQLite backend: the FTS5 table its migrations made (filled by
triggers from the index entries), BM25 ranking with titles weighted, filters and ordering.
"""

from __future__ import annotations

from functools import cache, reduce
from operator import and_, or_
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Model
from modelsearch.backends.database.sqlite.query import Lexeme, SearchQueryExpression
from modelsearch.backends.database.sqlite.sqlite import (
    ObjectIndexer,
    SQLiteIndex,
    SQLiteSearchBackend,
    SQLiteSearchQueryCompiler,
)
from modelsearch.backends.database.sqlite.utils import fts5_available
from modelsearch.query import MatchAll, Not, Phrase, PlainText, SearchQuery
from modelsearch.utils import get_content_type_pk

from core.search.languages import group_by_language
from core.search.stemming import NO_STEMMING, Stemmer


class StemmingIndex(SQLiteIndex):
    """Index entries whose title and body are stems in the object's language."""

    def add_items(self, model: type[Model], objs: list[Model]) -> None:
        # modelsearch's SQLiteIndex.add_items, with the text stemmed before it is stored.
        if not model.get_search_fields() or not objs:
            return
        entries: dict[str, dict[str, str]] = {}
        for stem, group in group_by_language(
            objs, self.backend.stemmers, self.backend.stemmer
        ).items():
            for obj in group:
                indexer = ObjectIndexer(obj, self.backend)
                entries[indexer.id] = {
                    "title": stem(indexer.title),
                    "body": stem(indexer.body),
                    "autocomplete": indexer.autocomplete,
                }

        of_model = self.entries.filter(content_type_id=get_content_type_pk(model))
        indexed = set(of_model.filter(object_id__in=entries).values_list("object_id", flat=True))
        for object_id in indexed:
            of_model.filter(object_id=object_id).update(**entries[object_id])
        self.entries.bulk_create(
            self.entries.model(
                content_type_id=get_content_type_pk(model), object_id=object_id, **fields
            )
            for object_id, fields in entries.items()
            if object_id not in indexed
        )
        self._refresh_title_norms()


class StemmingQueryCompiler(SQLiteSearchQueryCompiler):
    """Queries matched as stems: the whole query in each configured language, OR'ed.

    modelsearch passes the result of ``get_config`` to every ``build_*`` method as ``config``:
    here the stemmers to search with, then, for each part of the query, the one it is stemmed
    with.
    """

    def get_config(self, backend: StemmingSQLiteSearchBackend) -> tuple[Stemmer, ...]:
        return backend.query_stemmers

    def build_search_query(self, query: SearchQuery, config: Any = None) -> Any:
        if isinstance(query, (MatchAll, Not)):
            return super().build_search_query(query, config=config)
        return reduce(or_, [self.build_search_query_content(query, config=stem) for stem in config])

    def build_search_query_content(self, query: SearchQuery, config: Any = None) -> Any:
        if isinstance(query, PlainText):
            # Each word as the phrase of its stems ("2011:59" is two words to FTS5); words
            # without letters or digits are left out, as PostgreSQL leaves them out. A query
            # of nothing else is the empty phrase, which matches nothing.
            terms = [config(term) for term in query.query_string.split()]
            lexemes = [Lexeme(term) for term in terms if term] or [Lexeme("")]
            operator = or_ if query.operator.upper() == "OR" else and_
            return SearchQueryExpression(reduce(operator, lexemes))
        if isinstance(query, Phrase):
            return SearchQueryExpression(Lexeme(config(query.query_string)))
        # And, Or and "and not": their parts come back here with the same stemmer.
        return super().build_search_query_content(query, config=config)


@cache
def _check_fts5() -> None:
    if not fts5_available():
        raise ImproperlyConfigured(
            "core.search.sqlite needs SQLite 3.19 or later with FTS5 (Python's own sqlite3 has it)."
        )


class StemmingSQLiteSearchBackend(SQLiteSearchBackend):
    """``SEARCH_CONFIGS`` maps language codes to Snowball stemmers (named as PostgreSQL's text
    search configurations: ``swedish``, ``english``, ``simple`` for none); ``SEARCH_CONFIG`` is
    the stemmer of objects without a locale."""

    query_compiler_class = StemmingQueryCompiler
    index_class = StemmingIndex

    def __init__(self, params: dict[str, Any]) -> None:
        _check_fts5()
        super().__init__(params)
        self.stemmer = Stemmer(params.get("SEARCH_CONFIG") or NO_STEMMING)
        self.stemmers: dict[str, Stemmer] = {
            language: Stemmer(algorithm)
            for language, algorithm in params.get("SEARCH_CONFIGS", {}).items()
        }
        self.query_stemmers: tuple[Stemmer, ...] = tuple(
            dict.fromkeys([self.stemmer, *self.stemmers.values()])
        )


SearchBackend = StemmingSQLiteSearchBackend
