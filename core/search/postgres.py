"""PostgreSQL full-text search that stems each page in its own language.

Wagtail's database backend indexes everything with one text search configuration. Here each
object is indexed with the configuration of its locale (``swedish`` for Swedish pages, so
"landsbygden" is stored as "landsbygd"; ``english`` for English ones, so "municipalities" is
stored as "municip"), and a query is stemmed in every configured language, a document
matching when any of them matches. A Swedish query finds Swedish stems, an English query
English ones, whichever language the page being searched from is in.

Objects without a locale (images, documents, the member register) use ``SEARCH_CONFIG``.
Settings select this backend on PostgreSQL; ``core/search/sqlite.py`` keeps the same contract
on SQLite with Snowball stemmers.
"""

from __future__ import annotations

from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Model
from modelsearch.backends.database.postgres.postgres import (
    PostgresIndex,
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
)

from core.search.languages import group_by_language


class _BackendInConfig:
    """The backend as one language's indexer sees it: the same, with its own configuration."""

    def __init__(self, backend: LanguageAwarePostgresSearchBackend, config: str) -> None:
        self._backend = backend
        self.config = config

    def __getattr__(self, name: str) -> Any:
        return getattr(self._backend, name)


class LanguageAwareIndex(PostgresIndex):
    def add_items(self, model: type[Model], objs: list[Model]) -> None:
        by_config = group_by_language(objs, self.backend.configs, self.backend.config)
        for config, group in by_config.items():
            PostgresIndex(_BackendInConfig(self.backend, config)).add_items(model, group)


class LanguageAwareQueryCompiler(PostgresSearchQueryCompiler):
    #: The configurations a query is stemmed in; set from the backend's ``SEARCH_CONFIGS``.
    configs: tuple[str, ...] = ()

    def build_tsquery(self, query, config=None):
        configs = self.configs or (config,)
        queries = [self.build_tsquery_content(query, config=each) for each in configs]
        queries = [each for each in queries if each is not None]
        return reduce(or_, queries) if queries else None


class LanguageAwarePostgresSearchBackend(PostgresSearchBackend):
    """``SEARCH_CONFIGS`` maps language codes to PostgreSQL text search configurations."""

    index_class = LanguageAwareIndex

    def __init__(self, params: dict[str, Any]) -> None:
        super().__init__(params)
        self.configs: dict[str, str] = dict(params.get("SEARCH_CONFIGS", {}))
        self.query_compiler_class = type(
            "LanguageAwareQueryCompiler",
            (LanguageAwareQueryCompiler,),
            {"configs": tuple(dict.fromkeys([self.config, *self.configs.values()]))},
        )


SearchBackend = LanguageAwarePostgresSearchBackend
