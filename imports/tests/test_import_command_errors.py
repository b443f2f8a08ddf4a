"""Import commands given missing or unreadable files on a machine without the shared data folder.

Each test writes its own small files under tmp_path and sets SHARED_DATA_DIR to a missing folder.
"""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from places.models import Location, Municipality, PostalCode

MUNICIPALITY_HEADER = (
    "code,name_fi,name_sv,name_en,region_code,region_fi,region_sv,region_en,centre_postcode,"
    "centre_place,centre_lat,centre_lon,polygon_centroid_lat,polygon_centroid_lon,"
    "population_2019,postcode_count"
)
KEURUU_ROW = (
    "249,Keuruu,Keuruu,Keuruu,13,Keski-Suomi,Mellersta Finland,Central Finland,42700,Keuruu,"
    "62.2593,24.7069,62.2,24.6,9679,6"
)
POSTAL_HEADER = (
    "country_code,postal_code,place_name,admin_name1,admin_code1,admin_name2,admin_code2,"
    "admin_name3,admin_code3,latitude,longitude,accuracy"
)
KEURUU_POSTAL_ROW = "FI,42700,Keuruu,Keski-Suomi,13,Jyväskylä,132,Keuruu,249,62.2593,24.7069,4"

SPORTS_PLACE = {
    "sportsPlaceId": 72269,
    "name": "Keuruun Koulukeskuksen lähiliikunta-alue",
    "type": {"typeCode": 1120, "name": "Lähiliikuntapaikka"},
    "location": {
        "address": "Keuruuntie 18",
        "postalCode": "42700",
        "postalOffice": "Keuruu",
        "city": {"name": "Keuruu", "cityCode": 249},
        "coordinates": {"wgs84": {"lon": 24.7051081551397, "lat": 62.2613211721703}},
    },
}
TYPE_NAMES = {
    "types": {
        "1120": {
            "type-code": 1120,
            "name": {
                "fi": "Lähiliikuntapaikka",
                "se": "Näridrottsplats",
                "en": "Neighbourhood sports area",
            },
        }
    }
}


@pytest.fixture(autouse=True)
def no_shared_data(settings, tmp_path):
    settings.SHARED_DATA_DIR = str(tmp_path / "missing-shared-data")


def write_municipalities(folder, rows=(KEURUU_ROW,)):
    path = folder / "municipalities.csv"
    path.write_text("\n".join([MUNICIPALITY_HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def write_postal_codes(folder):
    path = folder / "postal_codes.csv"
    path.write_text(f"{POSTAL_HEADER}\n{KEURUU_POSTAL_ROW}\n", encoding="utf-8")
    return path


def command_error(*args, **options):
    with translation.override("en"), pytest.raises(CommandError) as error:
        call_command(*args, **options)
    return str(error.value)


@pytest.mark.django_db
def test_municipalities_non_utf8_file(tmp_path):
    broken = tmp_path / "latin1.csv"
    broken.write_bytes(f"{MUNICIPALITY_HEADER}\n249,Keuruu,Mänttä".encode("latin-1"))

    message = command_error(
        "import_municipalities", str(broken), postal_codes=str(write_postal_codes(tmp_path))
    )

    assert message.startswith("Cannot read the municipality files:")
    assert str(broken) in message
    assert not Municipality.objects.exists()


@pytest.mark.django_db
def test_municipalities_postal_code_folder(tmp_path):
    folder = tmp_path / "a-folder"
    folder.mkdir()

    message = command_error(
        "import_municipalities", str(write_municipalities(tmp_path)), postal_codes=str(folder)
    )

    assert message.startswith("Cannot read the municipality files:")
    assert str(folder) in message
    assert not Municipality.objects.exists()
    assert not PostalCode.objects.exists()


@pytest.mark.django_db
def test_municipalities_invalid_posti_json(tmp_path):
    posti = tmp_path / "postcodes.json"
    posti.write_text("not json", encoding="utf-8")

    message = command_error(
        "import_municipalities",
        str(write_municipalities(tmp_path)),
        postal_codes=str(write_postal_codes(tmp_path)),
        posti=str(posti),
    )

    assert str(posti) in message
    assert not Municipality.objects.exists()


@pytest.mark.django_db
def test_municipalities_missing_named_posti_file(tmp_path):
    missing = tmp_path / "no-such-postcodes.json"

    message = command_error(
        "import_municipalities",
        str(write_municipalities(tmp_path)),
        postal_codes=str(write_postal_codes(tmp_path)),
        posti=str(missing),
    )

    assert message == f"File or folder not found: {missing}"
    assert not Municipality.objects.exists()


@pytest.mark.django_db
def test_municipalities_named_files_without_shared_folder(tmp_path):
    call_command(
        "import_municipalities",
        str(write_municipalities(tmp_path)),
        postal_codes=str(write_postal_codes(tmp_path)),
        stdout=io.StringIO(),
    )

    assert Municipality.objects.get(code="249").name_fi == "Keuruu"
    assert PostalCode.objects.get(code="42700").municipality.code == "249"


@pytest.mark.django_db
def test_lipas_missing_named_type_file(tmp_path):
    places = tmp_path / "sports-places.json"
    places.write_text(json.dumps([SPORTS_PLACE]), encoding="utf-8")
    missing = tmp_path / "no-such-types.json"

    message = command_error("import_lipas", str(places), types=str(missing))

    assert message == f"File or folder not found: {missing}"
    assert not Location.objects.exists()


@pytest.mark.django_db
def test_lipas_type_file_beside_places_file(tmp_path):
    places = tmp_path / "sports-places-1000.json"
    places.write_text(json.dumps([SPORTS_PLACE]), encoding="utf-8")
    (tmp_path / "type_codes_fi_sv_en.json").write_text(json.dumps(TYPE_NAMES), encoding="utf-8")

    call_command("import_lipas", str(places), stdout=io.StringIO())

    location = Location.objects.get(data_source="lipas", origin_id="72269")
    assert (location.place_type_fi, location.place_type_sv, location.place_type_en) == (
        "Lähiliikuntapaikka",
        "Näridrottsplats",
        "Neighbourhood sports area",
    )


@pytest.mark.django_db
def test_linkedevents_missing_named_side_files(tmp_path):
    events = tmp_path / "events.json"
    events.write_text("[]", encoding="utf-8")
    missing_places = tmp_path / "no-such-places.json"
    missing_keywords = tmp_path / "no-such-keywords.json"

    assert command_error("import_linkedevents", str(events), places=[str(missing_places)]) == (
        f"File or folder not found: {missing_places}"
    )
    assert command_error(
        "import_linkedevents", str(events), keyword_lists=str(missing_keywords)
    ) == (f"File or folder not found: {missing_keywords}")


@pytest.mark.django_db
def test_import_all_unreadable_data_file(tmp_path):
    data_dir = tmp_path / "data"
    (data_dir / "municipalities").mkdir(parents=True)
    (data_dir / "geonames-postal").mkdir()
    broken = data_dir / "municipalities" / "municipalities_fi.csv"
    broken.write_bytes(b"\xff\xfe\x00 not a CSV in UTF-8")
    write_postal_codes(data_dir).rename(data_dir / "geonames-postal" / "postal_codes_fi_ax.csv")

    message = command_error("import_all", data_dir=str(data_dir))

    assert message.startswith("Cannot read the municipality files:")
    assert str(broken) in message
    assert not Municipality.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("option", [("--timeout", "0"), ("--timeout", "-5"), ("--max-pages", "0")])
def test_linkedevents_rejects_non_positive_limits(option):
    with translation.override("en"), pytest.raises(CommandError) as error:
        call_command("import_linkedevents", "http://127.0.0.1:9/v1/event/", *option)

    assert f"argument {option[0]}: “{option[1]}” is not a number greater than zero." in str(
        error.value
    )
