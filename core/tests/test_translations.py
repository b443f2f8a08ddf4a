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


APPS_WITH_CATALOGUES = sorted({path.parents[3].name for path in PO_FILES})


def catalogue_ids(path):
    return {(entry.msgctxt, entry.msgid) for entry in polib.pofile(str(path)) if not entry.obsolete}


@pytest.mark.parametrize("app", APPS_WITH_CATALOGUES)
def test_catalogues_contain_every_source_string(app, tmp_path, monkeypatch):
    """Extract the app's strings again and compare them with the committed catalogue."""
    import shutil

    from django.core.management import call_command

    from conftest import running_in_ci

    if shutil.which("xgettext") is None:
        if running_in_ci():
            pytest.fail("CI=true and xgettext (GNU gettext) is missing")
        pytest.skip("xgettext (GNU gettext) is not installed")
    source = Path(settings.BASE_DIR) / app
    copy = tmp_path / app
    shutil.copytree(source, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo", "tests"))
    monkeypatch.chdir(copy)
    for domain in sorted({path.stem for path in (source / "locale" / "fi" / "LC_MESSAGES").glob("*.po")}):
        committed = catalogue_ids(source / "locale" / "fi" / "LC_MESSAGES" / f"{domain}.po")
        call_command(
            "makemessages", locale=["fi"], domain=domain, no_obsolete=True, no_location=True, verbosity=0,
            ignore_patterns=["static/vendor/*"],
        )
        extracted = catalogue_ids(copy / "locale" / "fi" / "LC_MESSAGES" / f"{domain}.po")
        assert extracted - committed == set(), f"{app} {domain}: strings missing from the catalogue; run make messages"
        assert committed - extracted == set(), f"{app} {domain}: stale strings in the catalogue; run make messages"


@pytest.mark.parametrize("path", [p for p in PO_FILES if language_of(p) in TRANSLATED_LANGUAGES], ids=str)
def test_app_strings_are_not_shadowed_by_other_catalogues(path):
    """Django merges every catalogue, and an app listed earlier in INSTALLED_APPS wins for the
    same msgid (Django's sessions app translates "session" as the Finnish "istunto"). Each
    string must be shown as its own app translates it; a context keeps it apart."""
    from django.utils import translation

    shadowed = []
    with translation.override(language_of(path)):
        for entry in polib.pofile(str(path)):
            if not entry.translated() or entry.msgid_plural:
                continue
            if entry.msgctxt:
                shown = translation.pgettext(entry.msgctxt, entry.msgid)
            else:
                shown = translation.gettext(entry.msgid)
            if shown != entry.msgstr:
                shadowed.append((entry.msgid, entry.msgstr, shown))

    assert shadowed == []


@pytest.mark.parametrize(("language", "expected"), [("fi", "– Valitse –"), ("sv", "– Välj –"), ("en", "– Choose –")])
def test_empty_choice_of_model_selects_is_translated(db, language, expected):
    """Django's own default label has no fi/sv translation, so the project sets its own."""
    from django import forms
    from django.utils import translation

    from providers.models import ProviderMembership

    class MembershipForm(forms.ModelForm):
        class Meta:
            model = ProviderMembership
            fields = ["provider"]

    with translation.override(language):
        html = str(MembershipForm()["provider"])

    assert f'<option value="" selected>{expected}</option>' in html
