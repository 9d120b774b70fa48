"""Which language each indexed object is written in, for the search backends that stem each
object in its own language (``core/search/postgres.py``, ``core/search/sqlite.py``)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import TypeVar

from django.db.models import Model
from wagtail.models import Locale

Analyser = TypeVar("Analyser")


def group_by_language(
    objs: Iterable[Model], analysers: Mapping[str, Analyser], default: Analyser
) -> dict[Analyser, list[Model]]:
    """``objs`` grouped by the analyser of their locale's language (``analysers`` maps language
    codes to a text search configuration or a stemmer). Objects without a locale (images,
    documents, the member register), or in a language without one, get ``default``. One query.
    """
    languages = dict(Locale.objects.values_list("pk", "language_code"))
    groups: dict[Analyser, list[Model]] = defaultdict(list)
    for obj in objs:
        language = languages.get(getattr(obj, "locale_id", None), "")
        groups[analysers.get(language, default)].append(obj)
    return dict(groups)
