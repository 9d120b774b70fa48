"""Words reduced to their Snowball stems, for SQLite's full-text index (``core/search/sqlite.py``).

SQLite's FTS5 has no stemmer for Swedish and takes no tokenizer written in Python, so the text
is stemmed before it is stored and the query before it is matched: "landsbygden",
"landsbygder" and "landsbygd" are all stored and searched as "landsbyg". The stemmers are the
Snowball project's (``snowballstemmer``), the same algorithms PostgreSQL's ``swedish`` and
``english`` configurations are built from.

Words are split as FTS5's ``unicode61`` tokenizer splits them (runs of letters and digits), so
that FTS5 finds in the stored text exactly the stems written there.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer
from django.core.exceptions import ImproperlyConfigured

#: What PostgreSQL calls a configuration without stemming; so named here too.
NO_STEMMING = "simple"

# Letters and digits: FTS5's unicode61 tokenizer takes everything else (the underscore too) for
# a separator.
WORD = re.compile(r"[^\W_]+")

# A Snowball stemmer keeps its work in the instance: one per thread and language.
_local = threading.local()


def _snowball(algorithm: str) -> snowballstemmer.BaseStemmer:
    stemmers = _local.__dict__.setdefault("stemmers", {})
    if algorithm not in stemmers:
        stemmers[algorithm] = snowballstemmer.stemmer(algorithm)
    return stemmers[algorithm]


@lru_cache(maxsize=100_000)
def _stem(algorithm: str, word: str) -> str:
    # A text's words are mostly ones seen before: the cache spares most of the stemming.
    return _snowball(algorithm).stemWord(word)


@dataclass(frozen=True)
class Stemmer:
    """One language's stemming: ``Stemmer("swedish")``, or ``Stemmer("simple")`` for words kept as
    they are (lower case).

    The names are PostgreSQL's text search configurations, which are Snowball's algorithms, so
    the same ``SEARCH_CONFIG`` and ``SEARCH_CONFIGS`` serve both backends.
    """

    algorithm: str

    def __post_init__(self) -> None:
        if self.algorithm != NO_STEMMING and self.algorithm not in snowballstemmer.algorithms():
            raise ImproperlyConfigured(
                f"No Snowball stemmer for the search configuration {self.algorithm!r}: use "
                f"{NO_STEMMING!r} or one of {', '.join(snowballstemmer.algorithms())}."
            )

    def words(self, text: str) -> list[str]:
        """The stems of the words of ``text``, in order."""
        words = WORD.findall(unicodedata.normalize("NFC", text).lower())
        if self.algorithm == NO_STEMMING:
            return words
        return [_stem(self.algorithm, word) for word in words]

    def __call__(self, text: str) -> str:
        """``text`` as its stems, separated by spaces: what the index stores."""
        return " ".join(self.words(text))
