from pathlib import Path

import polib
import pytest
from django.utils import translation

from imports.framework import ImportStats
from imports.municipalities import MunicipalityImporter

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


@pytest.mark.parametrize(
    ("language", "summary"),
    [
        ("en", "Municipalities: 3 created, 1 updated, 2 unchanged, 0 skipped"),
        ("fi", "Kunnat: 3 luotu, 1 päivitetty, 2 ennallaan, 0 ohitettu"),
        ("sv", "Kommuner: 3 skapade, 1 uppdaterade, 2 oförändrade, 0 överhoppade"),
    ],
)
def test_summary_line_translated(language, summary):
    with translation.override(language):
        assert ImportStats(MunicipalityImporter.label, 3, 1, 2, 0).summary() == summary


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_catalogue_complete_without_fuzzy_entries(language):
    catalogue = polib.pofile(str(LOCALE_DIR / language / "LC_MESSAGES" / "django.po"))

    assert [entry.msgid for entry in catalogue.untranslated_entries()] == []
    assert [entry.msgid for entry in catalogue.fuzzy_entries()] == []
    assert not catalogue.metadata_is_fuzzy
