import datetime as dt
import io

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import translation

from core import testing
from hobbies.models import Hobby, HobbyCategory, HobbyEvent
from hobbies.services import overlaps_age
from hobbies.timeutils import local_datetime
from imports.demo import MUNICIPALITIES, generate_demo_data
from places.models import Location, Municipality
from providers.models import Provider

NOW = local_datetime(dt.date(2026, 10, 5), dt.time(9, 0))


@pytest.mark.django_db
def test_demo_data_is_realistic_and_complete():
    (stats,) = generate_demo_data(now=NOW)

    assert stats.skipped == 0
    hobbies = Hobby.objects.filter(data_source="demo")
    assert hobbies.count() == 70
    assert Municipality.objects.count() == 7
    helsinki = Municipality.objects.get(code="091")
    assert (
        helsinki.name_fi,
        helsinki.name_sv,
        helsinki.centre_latitude,
        helsinki.centre_longitude,
    ) == (
        "Helsinki",
        "Helsingfors",
        60.1714,
        24.9316,
    )
    assert hobbies.values("municipality").distinct().count() == 7
    assert set(Provider.objects.filter(data_source="demo").values_list("kind", flat=True)) == set(
        Provider.Kind.values
    )
    assert HobbyCategory.objects.filter(data_source="demo", parent=None).count() == 7
    assert not HobbyCategory.objects.filter(name_sv="").exists()
    assert {Hobby.PriceType.FREE, Hobby.PriceType.PAID, Hobby.PriceType.SEASONAL} <= set(
        hobbies.values_list("price_type", flat=True)
    )
    languages = set(hobbies.values_list("languages__code", flat=True))
    assert {"fi", "sv", "en"} <= languages
    assert len(languages - {None}) >= 4
    for hobby in hobbies.select_related("location", "provider"):
        for language in ("fi", "sv", "en"):
            assert getattr(hobby, f"name_{language}")
            assert getattr(hobby, f"description_{language}")
        assert overlaps_age(
            hobby.min_age, hobby.max_age, settings.AUDIENCE_MIN_AGE, settings.AUDIENCE_MAX_AGE
        )
        assert hobby.location.has_coordinates
        assert hobby.categories.count() == 1
        (rule,) = hobby.schedules.all()
        assert dt.date(2026, 8, 1) <= rule.first_date < rule.last_date <= dt.date(2027, 7, 31)
        assert hobby.next_event is not None
    # No sessions in the Christmas holiday.
    assert not HobbyEvent.objects.filter(
        start_date__range=(dt.date(2026, 12, 22), dt.date(2027, 1, 6))
    ).exists()


@pytest.mark.django_db
def test_demo_data_deterministic_and_idempotent():
    generate_demo_data(now=NOW)
    first = list(
        Hobby.objects.order_by("origin_id").values_list(
            "origin_id", "name_fi", "min_age", "schedules__start_time"
        )
    )

    (stats,) = generate_demo_data(now=NOW)

    assert (stats.created, stats.updated, stats.unchanged) == (0, 0, 70 + len(MUNICIPALITIES) + 21)
    assert (
        list(
            Hobby.objects.order_by("origin_id").values_list(
                "origin_id", "name_fi", "min_age", "schedules__start_time"
            )
        )
        == first
    )


@pytest.mark.django_db
def test_import_all_without_data_dir_generates_demo_data(tmp_path):
    output = io.StringIO()
    missing = tmp_path / "no-such-folder"

    with translation.override("en"):
        call_command("import_all", data_dir=str(missing), demo_if_missing=True, stdout=output)

    lines = output.getvalue().splitlines()
    assert (
        lines[0] == f"The data folder {missing} does not exist; generating the demo data instead."
    )
    assert lines[1].startswith("Demo data: 98 created, 0 updated, 0 unchanged, 0 skipped")
    assert Hobby.objects.filter(data_source="demo").count() == 70


@pytest.mark.django_db
def test_real_import_removes_demo_data(tmp_path):
    call_command("import_all", data_dir=str(tmp_path / "missing"), demo_if_missing=True, stdout=io.StringIO())
    real_category = HobbyCategory.objects.create(name_fi="Oikea luokka", data_source="yso", origin_id="p1")
    real = testing.make_hobby(name_fi="Oikea harrastus")
    shared_category = HobbyCategory.objects.filter(data_source="demo", parent__isnull=False).first()
    real.categories.add(real_category, shared_category)
    output = io.StringIO()

    with translation.override("en"):
        call_command("import_all", data_dir=str(tmp_path), stdout=output)

    assert output.getvalue().splitlines()[0] == (
        "Removed the demo data (70 hobbies, 34 providers, 21 locations), because the data folder is now there."
    )
    assert not Hobby.objects.filter(data_source="demo").exists()
    assert not Provider.objects.filter(data_source="demo").exists()
    assert not Location.objects.filter(data_source="demo").exists()
    assert Hobby.objects.filter(pk=real.pk).exists()
    remaining_demo = set(HobbyCategory.objects.filter(data_source="demo").values_list("pk", flat=True))
    assert remaining_demo == {shared_category.pk, shared_category.parent_id}
    assert HobbyCategory.objects.filter(pk=real_category.pk).exists()


@pytest.mark.django_db
def test_import_all_missing_data_dir_fails(tmp_path):
    missing = tmp_path / "kirjoitusvirhe"

    with translation.override("en"), pytest.raises(CommandError) as caught:
        call_command("import_all", data_dir=str(missing), stdout=io.StringIO())

    assert str(caught.value) == (
        f"The data folder {missing} does not exist. Give an existing folder with --data-dir, "
        "or add --demo-if-missing to generate the demo data instead."
    )
    assert not Hobby.objects.exists()


@pytest.mark.django_db
@pytest.mark.shared_data
def test_import_all_skips_steps_whose_files_are_missing(shared_data_dir, tmp_path):
    data_dir = tmp_path / "data"
    (data_dir / "harrastuspassi-backend").mkdir(parents=True)
    (data_dir / "harrastuspassi-backend" / "ontology.owl").write_bytes(
        (shared_data_dir / "harrastuspassi-backend" / "ontology.owl").read_bytes()
    )
    output = io.StringIO()

    with translation.override("en"):
        call_command("import_all", data_dir=str(data_dir), stdout=output)

    assert output.getvalue().splitlines() == [
        f"Skipped a step: {data_dir / 'municipalities/municipalities_fi.csv'} not found.",
        "Categories: 231 created, 0 updated, 0 unchanged, 0 skipped",
        "Linked Events: 0 created, 0 updated, 0 unchanged, 0 skipped",
        f"Skipped a step: {data_dir / 'hobbyt/activities.json'} not found.",
        f"Skipped a step: {data_dir / 'lipas/sports-places-1000.json'} not found.",
    ]
