"""Every user-visible text is translated into Finnish and Swedish, and compiled."""

from pathlib import Path

import polib
import pytest
from django.conf import settings

PO_FILES = sorted(Path(settings.BASE_DIR).glob("*/locale/*/LC_MESSAGES/*.po"))
TRANSLATED_LANGUAGES = {"fi", "sv"}


def language_of(path):
    return path.parent.parent.name


def test_each_app_catalogue_exists_in_every_language():
    assert PO_FILES, "no translation catalogues found"
    by_app = {}
    for path in PO_FILES:
        app = path.parents[3].name
        by_app.setdefault((app, path.name), set()).add(language_of(path))
    incomplete = {key: languages for key, languages in by_app.items() if languages != {"fi", "sv", "en"}}
    assert incomplete == {}


@pytest.mark.parametrize("path", [p for p in PO_FILES if language_of(p) in TRANSLATED_LANGUAGES], ids=str)
def test_catalogue_has_no_untranslated_or_fuzzy_entries(path):
    catalogue = polib.pofile(str(path))
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert untranslated == []
    assert fuzzy == []


@pytest.mark.parametrize("path", PO_FILES, ids=str)
def test_compiled_catalogue_matches_source(path):
    compiled = path.with_suffix(".mo")
    assert compiled.exists(), f"{compiled} is missing: run make messages"
    source = {(entry.msgctxt, entry.msgid): entry.msgstr or entry.msgstr_plural for entry in polib.pofile(str(path)) if entry.translated()}
    binary = {(entry.msgctxt, entry.msgid): entry.msgstr or entry.msgstr_plural for entry in polib.mofile(str(compiled)) if entry.msgid}
    assert source == binary, f"{compiled} is out of date: run make messages"
