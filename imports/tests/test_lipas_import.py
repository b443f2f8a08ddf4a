import json
import logging

import pytest

from hobbies.models import HobbyCategory
from imports.lipas import SPORTS_PLACES_FILE, TYPE_CATEGORIES, TYPE_NAMES_FILE, import_sports_places
from imports.lookups import name_key
from places.models import Location

pytestmark = [pytest.mark.shared_data, pytest.mark.usefixtures("reference_data")]


def real_places(shared_data_dir):
    return json.loads((shared_data_dir / SPORTS_PLACES_FILE).read_text(encoding="utf-8"))


def import_places(shared_data_dir, path=None):
    (stats,) = import_sports_places(
        path or shared_data_dir / SPORTS_PLACES_FILE,
        type_names_file=shared_data_dir / TYPE_NAMES_FILE,
    )
    return stats


def write_places(tmp_path, places):
    path = tmp_path / "sports-places.json"
    path.write_text(json.dumps(places), encoding="utf-8")
    return path


@pytest.mark.django_db
def test_real_file_imported_then_unchanged(shared_data_dir):
    stats = import_places(shared_data_dir)

    assert (stats.created, stats.skipped) == (1000, 0)
    field = Location.objects.get(data_source="lipas", origin_id="72269")
    assert field.name_fi == "Keuruun Koulukeskuksen lähiliikunta-alue /ala-aste"
    assert (field.street_address_fi, field.postal_code, field.city_fi) == (
        "Keuruuntie 18",
        "42700",
        "Keuruu",
    )
    assert (field.latitude, field.longitude) == (62.2613211721703, 24.7051081551397)
    assert field.municipality.code == "249"
    assert field.place_type == "Lähiliikuntapaikka"
    assert field.info_url == "http://www.keuruu.fi/asukkaat/liikunta-ja-vapaa-aika"
    assert field.accessibility_fi in ("", None)
    assert list(field.categories.values_list("name_fi", flat=True)) == ["Urheilu ja liikunta"]
    lean_tos = Location.objects.filter(data_source="lipas", place_type="Laavu, kota tai kammi")
    assert lean_tos.count() == 647
    assert sorted(lean_tos.first().categories.values_list("name_fi", flat=True)) == [
        "Retkeily",
        "Vaellus",
    ]

    again = import_places(shared_data_dir)

    assert (again.created, again.updated, again.unchanged) == (0, 0, 1000)
    assert Location.objects.filter(data_source="lipas").count() == 1000


@pytest.mark.django_db
def test_every_mapped_category_exists_in_ontology(shared_data_dir):
    names = {name_key(name) for name in HobbyCategory.objects.values_list("name_fi", flat=True)}

    missing = sorted(
        {
            name
            for categories in TYPE_CATEGORIES.values()
            for name in categories
            if name_key(name) not in names
        }
    )

    assert missing == []


@pytest.mark.django_db
def test_type_names_come_from_type_file(shared_data_dir, tmp_path):
    place = next(
        place
        for place in real_places(shared_data_dir)
        if place["location"].get("postalOffice") == "JYVÄSKYLÄ"
    )
    place["type"] = {"typeCode": 2370, "name": "old name"}

    import_places(shared_data_dir, write_places(tmp_path, [place]))

    location = Location.objects.get(origin_id=str(place["sportsPlaceId"]))
    assert location.place_type == "Sisäkiipeilyseinä"
    assert location.city_fi == "Jyväskylä"
    assert sorted(location.categories.values_list("name_fi", flat=True)) == [
        "Boulderointi",
        "Seinäkiipeily",
    ]


@pytest.mark.django_db
def test_changed_place_updated(shared_data_dir, tmp_path):
    place = real_places(shared_data_dir)[0]
    path = write_places(tmp_path, [place])
    import_places(shared_data_dir, path)
    place["name"] = "Keuruun koulukeskuksen liikuntapuisto"
    place["type"] = {"typeCode": 1110, "name": "Liikuntapuisto"}
    path = write_places(tmp_path, [place])

    stats = import_places(shared_data_dir, path)

    assert (stats.created, stats.updated, stats.unchanged) == (0, 1, 0)
    location = Location.objects.get(origin_id="72269")
    assert (location.name_fi, location.place_type) == (
        "Keuruun koulukeskuksen liikuntapuisto",
        "Liikuntapuisto",
    )


@pytest.mark.django_db
def test_malformed_places_skipped_with_reasons(shared_data_dir, tmp_path, caplog):
    good = real_places(shared_data_dir)[0]
    swapped = json.loads(json.dumps(good))
    swapped["sportsPlaceId"] = 1
    swapped["location"]["coordinates"]["wgs84"] = {"lon": 62.26, "lat": 24.70}
    places = [
        good,
        swapped,
        {**good, "sportsPlaceId": None},
        {**good, "sportsPlaceId": 2, "name": ""},
        ["not", "a", "place"],
    ]

    with caplog.at_level(logging.INFO, logger="imports.framework"):
        stats = import_places(shared_data_dir, write_places(tmp_path, places))

    assert (stats.created, stats.skipped) == (1, 4)
    assert list(Location.objects.values_list("origin_id", flat=True)) == ["72269"]
    messages = [
        record.getMessage()
        for record in caplog.records
        if record.getMessage().startswith("Skipped")
    ]
    assert (
        "Skipped lipas 1: invalid coordinates: coordinates 24.7, 62.26 are outside Finland"
        in messages
    )
    assert "Skipped lipas ?: missing sportsPlaceId" in messages
    assert "Skipped lipas 2: missing name" in messages
    assert "Skipped lipas ?: the record is not a JSON object" in messages


@pytest.mark.django_db
def test_place_type_names_in_three_languages(shared_data_dir):
    import_places(shared_data_dir)

    field = Location.objects.get(data_source="lipas", origin_id="72269")
    assert field.place_type_fi == "Lähiliikuntapaikka"
    assert field.place_type_sv == "Näridrottsplats"
    assert field.place_type_en == "Neighbourhood sports area"
