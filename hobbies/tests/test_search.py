"""Search over hobbies in Finnish, Swedish and English (hobbies.search)."""

import io

import pytest

from core import testing
from hobbies.models import Hobby, HobbySearchTerm
from hobbies.search import index_hobbies, search_hobbies, spelling_variants, word_patterns


def found(text, queryset=None):
    queryset = queryset if queryset is not None else Hobby.objects.all()
    return set(search_hobbies(queryset, text, rank=False).values_list("pk", flat=True))


def indexed(**fields):
    hobby = testing.make_hobby(**fields)
    index_hobbies([hobby.pk])
    return hobby


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["jalkapalloa", "jalkapallokerhoon", "Jalkapallokerho", "jalkapallo"])
def test_finnish_inflections_find_compound(query):
    club = indexed(name_fi="Jalkapallokerho", description_fi="Pelataan joka viikko.")
    indexed(name_fi="Kuvataidekoulu", description_fi="Piirretään ja maalataan.")

    assert found(query) == {club.pk}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "field", "name"),
    [
        ("kurssi", "name_fi", "Kitaran peruskurssi"),
        ("kurssille", "name_fi", "Kitaran peruskurssi"),
        ("koulu", "name_fi", "Bändikoulu"),
        ("kiekko", "name_fi", "Jääkiekko"),
        ("kiekkoa", "name_fi", "Jääkiekko"),
        ("kerho", "name_fi", "Jalkapallokerho"),
        ("klubb", "name_sv", "Fotbollsklubben"),
        ("skola", "name_sv", "Dansskola"),
        ("ball", "name_en", "Basketball"),
    ],
)
def test_last_part_of_a_compound_finds_the_compound(query, field, name):
    hobby = indexed(**{field: name}, description_fi="Tervetuloa.")
    indexed(name_fi="Kuvataide", description_fi="Piirretään ja maalataan.")

    assert found(query) == {hobby.pk}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "field", "text"),
    [
        ("dansa", "name_sv", "Dans för unga"),
        ("piirtäminen", "name_fi", "Piirtäminen"),
        ("piirtämistä", "name_fi", "Piirtäminen"),
    ],
)
def test_word_finds_text_that_the_stemmer_cut_shorter(query, field, text):
    hobby = indexed(**{field: text}, description_fi="Tervetuloa.")

    assert found(query) == {hobby.pk}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "unrelated"),
    [
        ("partio", "Take part in our choir."),
        ("theater", "Learn the basics of singing."),
    ],
)
def test_word_ignores_shorter_unrelated_words(query, unrelated):
    scouts = indexed(name_fi="Partio ja teatteri", name_en="Scouts and theatre", description_fi="Tervetuloa.")
    indexed(name_en="Choir", description_en=unrelated)

    assert found(query) == {scouts.pk}


@pytest.mark.django_db
def test_american_spelling_finds_theatre():
    theatre = indexed(name_en="Youth theatre", description_fi="Tervetuloa.")

    assert found("theater") == {theatre.pk}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "field", "name"),
    [
        ("sahly", "name_fi", "Sählykerho"),
        ("kasityo", "name_fi", "Käsityöpaja"),
        ("kasityota", "name_fi", "Käsityöt"),
        ("batklubb", "name_sv", "Båtklubben"),
    ],
)
def test_unaccented_word_finds_accented(query, field, name):
    hobby = indexed(**{field: name}, description_fi="Tervetuloa.")
    indexed(name_fi="Kuvataide", description_fi="Piirretään ja maalataan.")

    assert found(query) == {hobby.pk}


@pytest.mark.django_db
def test_accent_variants_unused_when_word_matches():
    kasino = indexed(name_fi="Kasinopelit", description_fi="Tervetuloa.")
    indexed(name_fi="Käsinukketeatteri", description_fi="Tervetuloa.")

    assert found("kasino") == {kasino.pk}


def test_spelling_variants_of_long_word_skipped():
    assert spelling_variants("sahly") == ["sähly", "såhly"]
    assert spelling_variants("sähly") == []
    assert spelling_variants("jalkapallojoukkue") == []


@pytest.mark.django_db
def test_word_start_is_not_compound_part():
    # "seura" starts "Seurakunnan", so nothing is split off; "kunta" is no known last part.
    indexed(name_fi="Seurakunnan nuortenilta", description_fi="")

    assert found("kunta") == set()


@pytest.mark.django_db
def test_full_width_letters_match_plain_ones():
    club = indexed(name_fi="Jalkapallokerho")

    assert found("ｊａｌｋａｐａｌｌｏ") == {club.pk}


@pytest.mark.django_db
def test_swedish_definite_form_finds_base():
    club = indexed(name_fi="Jalkapallokerho", name_sv="Fotbollsklubb")

    assert found("fotbollsklubben") == {club.pk}


@pytest.mark.django_db
def test_english_plural_finds_singular():
    club = indexed(name_fi="Kitarakurssi", name_en="Guitar course")

    assert found("guitars") == {club.pk}


@pytest.mark.django_db
def test_category_names_in_every_language_match():
    tree = testing.make_category_tree()
    hobby = indexed(name_fi="Lauantain treenit", description_fi="", categories=[tree["Football"]])

    assert found("fotboll") == {hobby.pk}
    assert found("jalkapalloa") == {hobby.pk}
    assert found("football") == {hobby.pk}
    # The ancestors' names count too: Football is under Ball games and Sports.
    assert found("bollspel") == {hobby.pk}


@pytest.mark.django_db
def test_markup_is_never_matched():
    hobby = indexed(name_fi="Teatteripaja", description_fi="<p><strong>Tervetuloa</strong> <a href='https://x.fi'>mukaan</a></p>")

    assert found("strong") == set()
    assert found("href") == set()
    assert found("tervetuloa") == {hobby.pk}


@pytest.mark.django_db
def test_every_word_must_match():
    both = indexed(name_fi="Jalkapallokerho", description_fi="Rento tunnelma")
    indexed(name_fi="Jalkapallokerho", description_fi="Tavoitteellinen harjoittelu")

    assert found("jalkapallo rento") == {both.pk}


@pytest.mark.django_db
def test_name_match_ranks_above_description_match():
    in_description = indexed(name_fi="Liikuntakerho", description_fi="Pelataan myös sählyä.")
    in_name = indexed(name_fi="Sählykerho", description_fi="Tule mukaan.")

    ranked = list(
        search_hobbies(Hobby.objects.all(), "sählyä").order_by("-search_rank", "pk").values_list("pk", flat=True)
    )

    assert ranked == [in_name.pk, in_description.pk]


@pytest.mark.django_db
def test_search_within_filter_is_subset():
    football = indexed(name_fi="Jalkapallokerho", price_type="free")
    indexed(name_fi="Jalkapallokoulu", price_type="paid", price_amount="10.00")

    free = Hobby.objects.filter(price_type="free")

    assert found("jalkapallo", free) == {football.pk}
    assert found("jalkapallo", free) <= set(free.values_list("pk", flat=True))


@pytest.mark.django_db
def test_reindex_replaces_old_terms():
    hobby = indexed(name_fi="Shakkikerho")
    hobby.name_fi = "Sulkapallokerho"
    hobby.save()
    index_hobbies([hobby.pk])

    assert found("shakki") == set()
    assert found("sulkapallo") == {hobby.pk}
    assert HobbySearchTerm.objects.filter(hobby=hobby, term__startswith="shakki").count() == 0


@pytest.mark.django_db
def test_query_without_words_matches_nothing():
    indexed(name_fi="Shakkikerho")

    assert found("!? -") == set()


def test_short_shared_prefix_falls_back_to_exact_terms():
    prefixes, exact = word_patterns("uu")

    assert prefixes == []
    assert "uu" in exact


def test_prefix_is_part_shared_with_stem():
    prefixes, _exact = word_patterns("jalkapalloa")

    assert "jalkapal" in prefixes


@pytest.mark.django_db
def test_import_all_builds_search_index(tmp_path):
    from django.core.management import call_command

    call_command("import_all", "--data-dir", str(tmp_path / "missing"), "--demo-if-missing", stdout=io.StringIO())

    hobby = Hobby.objects.filter(data_source="demo").first()
    first_word = hobby.name_fi.split()[0]
    assert HobbySearchTerm.objects.filter(hobby=hobby).exists()
    assert hobby.pk in found(first_word)


@pytest.mark.django_db
def test_category_rename_in_admin_reindexes():
    from django.test import Client

    tree = testing.make_category_tree()
    hobby = indexed(name_fi="Lauantain treenit", description_fi="", categories=[tree["Football"]])
    admin_user = testing.make_user(is_staff=True, is_superuser=True)
    browser = Client()
    browser.force_login(admin_user)

    response = browser.post(
        f"/admin/hobbies/hobbycategory/{tree['Football'].pk}/change/",
        {"name_fi": "Futis", "name_sv": "Fotboll", "name_en": "Football", "parent": tree["Ball games"].pk,
         "yso_id": "p6409"},
    )

    assert response.status_code == 302, response.content[:500]
    assert found("futis") == {hobby.pk}
