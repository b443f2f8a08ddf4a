"""Content shown in a fallback language carries that language in a lang attribute (WCAG 3.1.2)."""

import re

import pytest

from core import testing
from core.i18n import value_language
from hobbies.categories import rebuild_category_tree
from youth.tests.conftest import url

pytestmark = pytest.mark.django_db


def test_value_language_follows_fallback_order(catalogue):
    football, karate = catalogue["football"], catalogue["karate"]

    assert value_language(football, "name", "sv") == "sv"
    assert value_language(karate, "name", "en") == "fi"
    assert value_language(karate, "short_description", "en") is None


def test_finnish_only_hobby_marked_finnish_on_english_page(client, catalogue):
    karate = catalogue["karate"]

    content = client.get(url("youth:hobby-detail", karate.pk, language="en")).content.decode()

    assert '<h1 lang="fi">Karatekoulu</h1>' in content
    assert '<div class="description" lang="fi"><p>Kamppailulaji kaikille</p></div>' in content
    assert '<span lang="fi">Tapiolan urheilupuisto</span>' in content
    assert re.search(r'data-place-link>Martial arts</a>', content)


def test_translated_hobby_has_no_lang_marks(client, catalogue):
    football = catalogue["football"]

    content = client.get(url("youth:hobby-detail", football.pk, language="sv")).content.decode()

    assert "<h1>Fotbollsklubben Bollen</h1>" in content
    assert f'<dd lang="fi">{football.provider.name_fi}</dd>' in content
    main = content.split('<main id="main"')[1].split("</main>")[0]
    # The provider, the location name and the description have only Finnish text.
    assert re.findall(r'lang="(\w+)"', main) == ["fi", "fi", "fi"]


def test_finnish_page_has_no_lang_marks(client, catalogue):
    content = client.get(url("youth:hobby-list")).content.decode()

    main = content.split('<main id="main"')[1].split("</main>")[0]
    assert 'lang="' not in main


def test_list_cards_mark_fallback_names(client, catalogue):
    content = client.get(url("youth:hobby-list", language="en")).content.decode()

    assert re.search(r'<a href="/en/hobbies/\d+/" lang="fi">Karatekoulu</a>', content)
    assert re.search(r'<a href="/en/hobbies/\d+/">Football club Ball</a>', content)
    assert '<span class="visually-hidden" lang="fi">Karatekoulu: </span>' in content


def test_promotion_pages_mark_fallback_text(client, provider, location):
    promotion = testing.make_promotion(provider, location, name_fi="Ilmainen kokeilu", name_en="", terms_fi="Yksi kerta.")

    detail = client.get(url("youth:promotion-detail", promotion.pk, language="en")).content.decode()
    confirm = client.get(url("youth:promotion-confirm", promotion.pk, language="en")).content.decode()
    listing = client.get(url("youth:promotion-list", language="en")).content.decode()

    assert '<h1 lang="fi">Ilmainen kokeilu</h1>' in detail
    assert '<div class="terms" lang="fi"><p>Yksi kerta.</p></div>' in detail
    assert 'Use the promotion: <span lang="fi">Ilmainen kokeilu</span>' in confirm
    assert '<span lang="fi">Ilmainen kokeilu</span></a>' in listing


def test_category_chip_marks_fallback_name(client, catalogue):
    judo = testing.make_category("Judo", catalogue["karate"].categories.first(), name_sv="", name_en="")
    rebuild_category_tree()

    content = client.get(url("youth:hobby-list", language="en") + f"?category={judo.pk}").content.decode()
    translated = client.get(url("youth:hobby-list", language="en") + "?category=" + str(
        catalogue["football"].categories.first().pk
    )).content.decode()

    assert 'Remove filter: </span><span lang="fi">Judo</span>' in content
    assert "Remove filter: </span>Football<span" in translated
