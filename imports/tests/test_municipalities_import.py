import io
import logging

import pytest
from django.core.management import call_command
from django.utils import translation

from core import testing
from imports.municipalities import (
    MUNICIPALITIES_FILE,
    POSTAL_CODES_FILE,
    POSTI_FILE,
    import_municipalities,
)
from places.models import Municipality, PostalCode

pytestmark = pytest.mark.shared_data

MUNICIPALITY_HEADER = (
    "code,name_fi,name_sv,name_en,region_code,region_fi,region_sv,region_en,centre_postcode,centre_place,"
    "centre_lat,centre_lon,polygon_centroid_lat,polygon_centroid_lon,population_2019,postcode_count"
)


def import_files(data_dir, municipalities_file=None, postal_codes_file=None):
    return import_municipalities(
        data_dir,
        municipalities_file=municipalities_file or data_dir / MUNICIPALITIES_FILE,
        postal_codes_file=postal_codes_file or data_dir / POSTAL_CODES_FILE,
        posti_file=data_dir / POSTI_FILE,
    )


@pytest.fixture
def no_postal_codes(tmp_path):
    """A postal-code file with only the header, for tests about municipalities alone."""
    path = tmp_path / "postal_codes.csv"
    path.write_text(
        "country_code,postal_code,place_name,admin_name1,admin_code1,admin_name2,admin_code2,"
        "admin_name3,admin_code3,latitude,longitude,accuracy\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.django_db
def test_municipalities_and_postal_codes_imported_then_unchanged(shared_data_dir):
    municipality_stats, postal_stats = import_files(shared_data_dir)

    assert (municipality_stats.created, municipality_stats.skipped) == (308, 0)
    # Four special codes are named after a municipality 42-249 km away, such as
    # "00002 Helsinki" in Hattula, so the place picker would offer them for that name.
    assert (postal_stats.created, postal_stats.skipped) == (3609, 4)
    assert not PostalCode.objects.filter(code__in=["00002", "00101", "86301", "98999"]).exists()
    helsinki = Municipality.objects.get(code="091")
    assert (helsinki.name_fi, helsinki.name_sv, helsinki.name_en) == (
        "Helsinki",
        "Helsingfors",
        "Helsinki",
    )
    assert (helsinki.region_code, helsinki.region_name_fi, helsinki.region_name_sv) == (
        "01",
        "Uusimaa",
        "Nyland",
    )
    assert (helsinki.centre_latitude, helsinki.centre_longitude) == (60.1714, 24.9316)
    assert helsinki.population == 653835
    assert helsinki.is_active

    centre = PostalCode.objects.get(code="00100")
    assert (centre.name_fi, centre.name_sv) == ("Helsinki", "Helsingfors")
    assert centre.municipality == helsinki
    assert (centre.latitude, centre.longitude) == (60.1714, 24.9316)
    # Åland rows keep the municipality code in admin_code2.
    mariehamn = PostalCode.objects.get(code="22100")
    assert mariehamn.municipality.code == "478"
    assert mariehamn.name_fi == "Mariehamn"

    again = import_files(shared_data_dir)

    assert [(stats.created, stats.updated, stats.unchanged) for stats in again] == [
        (0, 0, 308),
        (0, 0, 3609),
    ]
    assert Municipality.objects.count() == 308
    assert PostalCode.objects.count() == 3609


@pytest.mark.django_db
def test_special_postal_code_stored_earlier_is_removed(shared_data_dir):
    import_files(shared_data_dir)
    PostalCode.objects.create(code="00002", name_fi="Helsinki", latitude=61.0806, longitude=24.2737)

    import_files(shared_data_dir)

    assert not PostalCode.objects.filter(code="00002").exists()


@pytest.mark.django_db
def test_postal_code_of_merged_municipality_uses_posti_code(shared_data_dir, tmp_path):
    # GeoNames still lists 38950 under Honkajoki (099), which merged into Kankaanpää (214) in 2021.
    subset = tmp_path / "postal_codes.csv"
    lines = (shared_data_dir / POSTAL_CODES_FILE).read_text(encoding="utf-8").splitlines()
    subset.write_text(
        "\n".join([lines[0], *[line for line in lines if ",38950," in line]]) + "\n",
        encoding="utf-8",
    )

    import_files(shared_data_dir, postal_codes_file=subset)

    honkajoki_code = PostalCode.objects.get(code="38950")
    assert honkajoki_code.municipality.code == "214"


@pytest.mark.django_db
def test_municipality_missing_from_list_marked_inactive(shared_data_dir, tmp_path, no_postal_codes):
    merged = testing.make_municipality(code="999", name_fi="Yhdistynyt kunta")
    source = tmp_path / "municipalities.csv"
    source.write_text(
        MUNICIPALITY_HEADER
        + "\n091,Helsinki,Helsingfors,Helsinki,01,Uusimaa,Nyland,Uusimaa,00100,Helsinki,"
        "60.1714,24.9316,60.2,25.0,653835,84\n",
        encoding="utf-8",
    )

    municipality_stats, _postal_stats = import_files(shared_data_dir, source, no_postal_codes)

    merged.refresh_from_db()
    assert not merged.is_active
    assert Municipality.objects.filter(is_active=True).count() == 1
    assert municipality_stats.created == 1
    assert municipality_stats.updated == 1


@pytest.mark.django_db
def test_changed_municipality_updated(shared_data_dir, tmp_path, no_postal_codes):
    source = tmp_path / "municipalities.csv"
    row = "091,Helsinki,Helsingfors,Helsinki,01,Uusimaa,Nyland,Uusimaa,00100,Helsinki,60.1714,24.9316,60.2,25.0,{},84\n"
    source.write_text(MUNICIPALITY_HEADER + "\n" + row.format(653835), encoding="utf-8")
    import_files(shared_data_dir, source, no_postal_codes)
    source.write_text(MUNICIPALITY_HEADER + "\n" + row.format(660000), encoding="utf-8")

    municipality_stats, _postal_stats = import_files(shared_data_dir, source, no_postal_codes)

    assert (
        municipality_stats.created,
        municipality_stats.updated,
        municipality_stats.unchanged,
    ) == (0, 1, 0)
    assert Municipality.objects.get(code="091").population == 660000


@pytest.mark.django_db
def test_malformed_municipality_rows_skipped_with_reasons(
    shared_data_dir, tmp_path, no_postal_codes, caplog
):
    source = tmp_path / "municipalities.csv"
    source.write_text(
        "\n".join(
            [
                MUNICIPALITY_HEADER,
                "091,Helsinki,Helsingfors,Helsinki,01,Uusimaa,Nyland,Uusimaa,00100,Helsinki,60.1714,24.9316,,,653835,84",
                ",Nimetön,,,01,Uusimaa,Nyland,Uusimaa,00100,,60.1,24.9,,,100,1",
                "091,Helsinki again,,,01,Uusimaa,Nyland,Uusimaa,00100,,60.1,24.9,,,100,1",
                "049,Espoo,Esbo,Espoo,01,Uusimaa,Nyland,Uusimaa,02100,Espoo,north,24.8086,,,289731,46",
                "092,Vantaa,Vanda,Vantaa,01,Uusimaa,Nyland,Uusimaa,01200,Vantaa,60.2805,25.1253,,,-5,37",
                "12X,Virhe,,,01,Uusimaa,Nyland,Uusimaa,01200,,60.2,25.1,,,5,1",
            ]
        )
        + "\n",
        encoding="utf-8",
    )

    with caplog.at_level(logging.INFO, logger="imports.framework"):
        municipality_stats, _postal_stats = import_files(shared_data_dir, source, no_postal_codes)

    assert municipality_stats.created == 1
    assert municipality_stats.skipped == 5
    assert list(Municipality.objects.values_list("code", flat=True)) == ["091"]
    messages = [record.getMessage() for record in caplog.records]
    assert any(message.endswith(": missing municipality code") for message in messages)
    assert any("municipality code 091 appears twice" in message for message in messages)
    assert any("049: malformed record (ValueError" in message for message in messages)
    assert any(
        message.startswith("Skipped municipalities 092: population:") for message in messages
    )
    assert any(message.startswith("Skipped municipalities 12X: code:") for message in messages)


@pytest.mark.django_db
def test_import_municipalities_command_prints_summaries(shared_data_dir, no_postal_codes):
    output = io.StringIO()

    with translation.override("en"):
        call_command(
            "import_municipalities",
            str(shared_data_dir),
            postal_codes=str(no_postal_codes),
            stdout=output,
        )

    assert output.getvalue().splitlines() == [
        "Municipalities: 308 created, 0 updated, 0 unchanged, 0 skipped",
        "Postal codes: 0 created, 0 updated, 0 unchanged, 0 skipped",
    ]
