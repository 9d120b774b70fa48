"""The interface's message catalogues: complete in both languages, compiled, and in step with
the code (``make messages`` regenerates them)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django.utils import formats, translation

LOCALE_DIR = Path(settings.BASE_DIR) / "locale"
LANGUAGES = ["sv", "en"]
PLACEHOLDER = re.compile(r"%\([a-z_]+\)s|\{\{ ?[a-z_]+ ?\}\}")
TAG = re.compile(r"</?[a-z]+")


def catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE_DIR / language / "LC_MESSAGES" / "django.po"))


def translations(entry: polib.POEntry) -> list[str]:
    return list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_is_translated(language):
    po = catalogue(language)
    assert len(po) > 300
    assert po.obsolete_entries() == []
    assert [entry.msgid for entry in po.fuzzy_entries()] == []
    assert [entry.msgid for entry in po if not all(translations(entry))] == []


def test_both_languages_have_the_same_strings():
    assert {entry.msgid for entry in catalogue("sv")} == {entry.msgid for entry in catalogue("en")}


def test_swedish_is_the_source_language():
    for entry in catalogue("sv"):
        expected = [entry.msgid, entry.msgid_plural] if entry.msgid_plural else [entry.msgid]
        assert translations(entry) == expected


def test_translations_keep_placeholders_and_markup():
    for entry in catalogue("en"):
        for text in translations(entry):
            assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(entry.msgid)), (
                entry.msgid
            )
            assert sorted(TAG.findall(text)) == sorted(TAG.findall(entry.msgid)), entry.msgid


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_matches_the_source(language):
    """The committed .mo files (a fresh clone needs no gettext) are compiled from the .po."""
    compiled = polib.mofile(str(LOCALE_DIR / language / "LC_MESSAGES" / "django.mo"))
    compiled_strings = {entry.msgid: translations(entry) for entry in compiled if entry.msgid}
    source_strings = {entry.msgid: translations(entry) for entry in catalogue(language)}
    assert compiled_strings == source_strings


@pytest.mark.skipif(
    shutil.which("xgettext") is None, reason="GNU gettext is not installed (CI installs it)."
)
def test_catalogues_hold_every_string_of_the_code(tmp_path, monkeypatch):
    """``make messages`` would find nothing new: every gettext string is in the catalogues.

    makemessages writes to the catalogue of the tree it runs in, so it runs in a copy.
    """
    copy = tmp_path / "project"
    shutil.copytree(
        settings.BASE_DIR,
        copy,
        ignore=shutil.ignore_patterns(
            ".*", "media", "static", "tests", "docs", "__pycache__", "*.sqlite3", "node_modules"
        ),
    )
    monkeypatch.chdir(copy)
    with override_settings(LOCALE_PATHS=[copy / "locale"]):
        call_command(
            "makemessages",
            locale=LANGUAGES,
            add_location="file",
            no_obsolete=True,
            verbosity=0,
        )
    for language in LANGUAGES:
        regenerated = polib.pofile(str(copy / "locale" / language / "LC_MESSAGES" / "django.po"))
        missing = sorted(
            entry.msgid for entry in regenerated if not all(translations(entry))
        ) + sorted(entry.msgid for entry in regenerated.fuzzy_entries())
        assert missing == [], f"Run `make messages` and translate these ({language}): {missing}"


@pytest.mark.parametrize(
    ("language", "date", "time"),
    [("sv", "12 januari 2012", "10.30"), ("en", "12 January 2012", "10:30")],
)
def test_dates_and_times_are_formatted_per_language(language, date, time):
    import datetime

    with translation.override(language):
        assert formats.date_format(datetime.date(2012, 1, 12)) == date
        assert formats.time_format(datetime.time(10, 30)) == time
