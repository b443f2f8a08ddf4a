import datetime as dt
import json
import logging
import shutil
from decimal import Decimal

import pytest

from hobbies.models import Hobby, WeeklySchedule
from imports.hobbyt import HOBBYT_DIR, import_hobbyt
from places.models import Location
from providers.models import Provider

pytestmark = [pytest.mark.shared_data, pytest.mark.usefixtures("reference_data")]


def hobbyt_copy(shared_data_dir, tmp_path, activities):
    """A hobbyt folder with the real organizers and categories and the given activities."""
    folder = tmp_path / "hobbyt"
    shutil.copytree(shared_data_dir / HOBBYT_DIR, folder)
    (folder / "activities.json").write_text(json.dumps(activities), encoding="utf-8")
    return folder


def real_activities(shared_data_dir):
    return json.loads(
        (shared_data_dir / HOBBYT_DIR / "activities.json").read_text(encoding="utf-8")
    )


def activity(shared_data_dir, activity_id):
    return next(item for item in real_activities(shared_data_dir) if item["id"] == activity_id)


@pytest.mark.django_db
def test_real_files_imported(shared_data_dir):
    provider_stats, hobby_stats = import_hobbyt(shared_data_dir / HOBBYT_DIR)

    assert (provider_stats.created, provider_stats.skipped) == (65, 0)
    # 92 activities, of which 30 are for ages that do not overlap 12-16.
    assert (hobby_stats.created, hobby_stats.skipped) == (62, 30)
    assert Hobby.objects.filter(data_source="hobbyt").count() == 62


@pytest.mark.django_db
def test_activity_fields_mapped(shared_data_dir):
    import_hobbyt(shared_data_dir / HOBBYT_DIR)

    running = Hobby.objects.get(data_source="hobbyt", origin_id="3549")
    assert (
        running.name_fi
        == "Helsingin Jyryn Yleisurheilijoiden Junioritoiminta / Junioreiden juoksukoulu"
    )
    assert running.description_fi.startswith("Helsingin Jyryn Yleisurheilijoiden Junioritoiminta")
    assert (running.min_age, running.max_age) == (6, 17)
    assert (running.price_type, running.price_amount) == (Hobby.PriceType.PAID, Decimal("216.00"))
    assert running.price_details_fi.startswith("216€ Yksi lapsi perheestä mukana")
    assert running.info_url == "http://www.helsinginjyry.com/"
    assert running.status == Hobby.Status.PUBLISHED
    assert list(running.categories.values_list("name_fi", flat=True)) == ["Juoksu"]
    # Coordinates are [latitude, longitude] in this source.
    location = running.location
    assert (location.street_address_fi, location.postal_code, location.city_fi) == (
        "Vauhtitie 6",
        "00250",
        "Helsinki",
    )
    assert (location.latitude, location.longitude) == (60.1907743, 24.9332633)
    assert running.municipality.code == "091"
    assert running.provider.name_fi == "Helsingin Jyryn yleisurheilijat"
    assert running.provider.website == "http://www.helsinginjyry.com/"
    rules = [
        (rule.weekdays, rule.start_time, rule.end_time)
        for rule in running.schedules.order_by("start_time")
    ]
    assert rules == [
        ([7], dt.time(11, 0), dt.time(13, 0)),
        ([1], dt.time(17, 30), dt.time(19, 0)),
        ([4], dt.time(18, 0), dt.time(19, 0)),
    ]
    assert {(rule.first_date, rule.last_date) for rule in running.schedules.all()} == {
        (dt.date(2015, 1, 1), dt.date(2020, 12, 31))
    }


@pytest.mark.django_db
def test_all_year_placeholder_dates_become_the_school_year(shared_data_dir):
    now = dt.datetime(2026, 12, 5, 12, tzinfo=dt.UTC)

    import_hobbyt(shared_data_dir / HOBBYT_DIR, now=now)

    aikido = Hobby.objects.get(data_source="hobbyt", origin_id="20000")
    assert aikido.schedules.exists()
    assert {(rule.first_date, rule.last_date) for rule in aikido.schedules.all()} == {
        (dt.date(2026, 8, 1), dt.date(2027, 7, 31))
    }
    # 20011 has the placeholder start and a real end: its season is that school year.
    evening = Hobby.objects.get(data_source="hobbyt", origin_id="20011")
    assert {(rule.first_date, rule.last_date) for rule in evening.schedules.all()} == {
        (dt.date(2018, 8, 1), dt.date(2019, 4, 28))
    }
    assert not WeeklySchedule.objects.filter(first_date__lt=dt.date(2001, 1, 1)).exists()


@pytest.mark.django_db
def test_hours_with_same_times_merge_into_one_rule(shared_data_dir):
    import_hobbyt(shared_data_dir / HOBBYT_DIR)

    youth_centre = Hobby.objects.get(data_source="hobbyt", origin_id="9723")
    rules = [
        (rule.weekdays, rule.start_time) for rule in youth_centre.schedules.order_by("start_time")
    ]
    assert rules == [([1, 3, 4, 5], dt.time(13, 45)), ([1], dt.time(14, 0))]
    assert youth_centre.provider.kind == Provider.Kind.MUNICIPALITY
    # "Ma 00:00 - 00:00" is no rule, but the hobby is imported.
    studio = Hobby.objects.get(data_source="hobbyt", origin_id="221")
    assert not studio.schedules.exists()
    assert (studio.price_type, studio.price_amount) == (Hobby.PriceType.PAID, Decimal("55.00"))


@pytest.mark.django_db
def test_prices_languages_and_ages_read_from_text(shared_data_dir):
    import_hobbyt(shared_data_dir / HOBBYT_DIR)
    hobbies = {hobby.origin_id: hobby for hobby in Hobby.objects.filter(data_source="hobbyt")}

    assert (hobbies["10225"].price_type, hobbies["10225"].price_amount) == (
        Hobby.PriceType.FREE,
        Decimal("0.00"),
    )
    assert (hobbies["8946"].price_type, hobbies["8946"].price_amount) == (
        Hobby.PriceType.SEASONAL,
        Decimal("183.00"),
    )
    assert (hobbies["7495"].price_type, hobbies["7495"].price_amount) == (
        Hobby.PriceType.PAID,
        None,
    )
    assert hobbies["7495"].price_details_fi == "Materiaalimaksu"
    assert (hobbies["1513"].price_type, hobbies["1513"].price_details_fi[:17]) == (
        Hobby.PriceType.FREE,
        "0€ Materiaalimaks",
    )

    def codes(origin_id):
        return sorted(hobbies[origin_id].languages.values_list("code", flat=True))

    assert codes("8509") == ["en", "fi", "sv"]  # "Suomi & tarvittaessa Ruotsi ja Englanti"
    assert codes("1513") == ["en", "fi"]  # "engalnti"
    assert codes("3696") == ["el", "en", "fi"]  # "kreikka"
    assert (hobbies["9278"].min_age, hobbies["9278"].max_age) == (5, 99)  # [5, 110]
    assert (hobbies["10831"].min_age, hobbies["10831"].max_age) == (
        13,
        18,
    )  # [null], ages in the name
    assert (hobbies["20000"].min_age, hobbies["20000"].max_age) == (None, None)  # no ages at all
    assert "8497" not in hobbies  # ages 4-5


@pytest.mark.django_db
def test_shared_address_gives_one_location(shared_data_dir):
    import_hobbyt(shared_data_dir / HOBBYT_DIR)

    pukinmaki = Location.objects.filter(data_source="hobbyt", street_address_fi="Säterintie 2")
    assert pukinmaki.count() == 1
    assert pukinmaki.get().hobbies.count() == 6
    named = Location.objects.get(data_source="hobbyt", name_fi="Esport")
    assert (named.street_address_fi, named.postal_code) == ("Koivu-Mankkaan tie 3", "02200")
    assert named.municipality.code == "049"


@pytest.mark.django_db
def test_reimport_changes_nothing(shared_data_dir):
    import_hobbyt(shared_data_dir / HOBBYT_DIR)
    counts = (
        Hobby.objects.count(),
        WeeklySchedule.objects.count(),
        Location.objects.count(),
        Provider.objects.count(),
    )

    provider_stats, hobby_stats = import_hobbyt(shared_data_dir / HOBBYT_DIR)

    assert (provider_stats.created, provider_stats.updated, provider_stats.unchanged) == (0, 0, 65)
    assert (
        hobby_stats.created,
        hobby_stats.updated,
        hobby_stats.unchanged,
        hobby_stats.skipped,
    ) == (0, 0, 62, 30)
    assert (
        Hobby.objects.count(),
        WeeklySchedule.objects.count(),
        Location.objects.count(),
        Provider.objects.count(),
    ) == counts


@pytest.mark.django_db
def test_changed_activity_updated(shared_data_dir, tmp_path):
    breakdance = activity(shared_data_dir, "10225")
    folder = hobbyt_copy(shared_data_dir, tmp_path, [breakdance])
    import_hobbyt(folder)
    breakdance["hours"] = "Joka viikko: Ti 18:00 - 19:30\n"
    breakdance["price"] = "20€ Kevätkausi"
    (folder / "activities.json").write_text(json.dumps([breakdance]), encoding="utf-8")

    _provider_stats, hobby_stats = import_hobbyt(folder)

    assert (hobby_stats.created, hobby_stats.updated, hobby_stats.unchanged) == (0, 1, 0)
    hobby = Hobby.objects.get(origin_id="10225")
    assert (hobby.price_type, hobby.price_amount) == (Hobby.PriceType.SEASONAL, Decimal("20.00"))
    (rule,) = hobby.schedules.all()
    assert (rule.weekdays, rule.start_time, rule.end_time) == ([2], dt.time(18, 0), dt.time(19, 30))


@pytest.mark.django_db
def test_malformed_activities_skipped_with_reasons(shared_data_dir, tmp_path, caplog):
    good = activity(shared_data_dir, "10225")
    activities = [
        good,
        {**good, "id": "bad-coordinates", "coordinates": [200, 24.9]},
        {
            **good,
            "id": "swapped-coordinates",
            "coordinates": [24.99, 60.24],
            "address": ["Toinen tie 1", "00720", "Helsinki"],
        },
        {**good, "id": None},
        {
            **good,
            "id": "absurd-dates",
            "dates": ["1800-01-01T00:00:00.000Z", "1800-05-01T00:00:00.000Z"],
        },
        {
            **good,
            "id": "end-before-start",
            "dates": ["2019-05-19T00:00:00.000Z", "2019-01-09T00:00:00.000Z"],
        },
        {**good, "id": "broken-dates", "dates": ["soon", "later"]},
        {**good, "id": "too-young", "age": [3, 6]},
        {**good, "id": "no-name", "name": "  "},
    ]
    folder = hobbyt_copy(shared_data_dir, tmp_path, activities)

    with caplog.at_level(logging.INFO, logger="imports.framework"):
        _provider_stats, hobby_stats = import_hobbyt(folder)

    assert (hobby_stats.created, hobby_stats.skipped) == (1, 8)
    assert list(Hobby.objects.values_list("origin_id", flat=True)) == ["10225"]
    messages = [
        record.getMessage()
        for record in caplog.records
        if record.getMessage().startswith("Skipped")
    ]
    expected_starts = [
        "Skipped hobbyt bad-coordinates: invalid coordinates [200, 24.9]",
        "Skipped hobbyt swapped-coordinates: invalid coordinates [24.99, 60.24]: coordinates 24.99, 60.24 are outside Finland",
        "Skipped hobbyt ?: missing id",
        "Skipped hobbyt absurd-dates: first_date: The date 1800-01-01 is too early",
        "Skipped hobbyt end-before-start: last_date: The last date (2019-01-09) is before the first date (2019-05-19).",
        "Skipped hobbyt broken-dates: malformed record (ValueError",
        "Skipped hobbyt too-young: age range 3-6 does not overlap the audience 12-16",
        "Skipped hobbyt no-name: missing name",
    ]
    for start in expected_starts:
        assert any(message.startswith(start) for message in messages), start


@pytest.mark.django_db
def test_unmatched_subcategory_logged(shared_data_dir, tmp_path, caplog):
    folder = hobbyt_copy(
        shared_data_dir, tmp_path, [{**activity(shared_data_dir, "10225"), "subcategory": 999}]
    )

    with caplog.at_level(logging.INFO, logger="imports.hobbyt"):
        import_hobbyt(folder)

    assert not Hobby.objects.get(origin_id="10225").categories.exists()
    assert "No category matches hobbyt subcategory 999 ()" in [
        record.getMessage() for record in caplog.records
    ]


@pytest.mark.django_db
def test_empty_price_is_free_only_for_municipal_providers(shared_data_dir):
    import_hobbyt(shared_data_dir / HOBBYT_DIR)

    youth_centre = Hobby.objects.get(data_source="hobbyt", origin_id="9723")
    assert youth_centre.provider.kind == Provider.Kind.MUNICIPALITY
    assert (youth_centre.price_type, youth_centre.price_amount) == (Hobby.PriceType.FREE, Decimal("0.00"))

    club = Hobby.objects.get(data_source="hobbyt", name_fi="Pakkalan Palloseura ry Jalkapallokerho")
    assert club.provider.kind == Provider.Kind.ASSOCIATION
    assert (club.price_type, club.price_amount) == (Hobby.PriceType.PAID, None)


@pytest.mark.django_db
def test_imported_hobbies_are_searchable_without_rebuild(shared_data_dir):
    from hobbies.search import search_hobbies

    import_hobbyt(shared_data_dir / HOBBYT_DIR)

    found = search_hobbies(Hobby.objects.all(), "juoksukoulussa", rank=False)
    assert list(found.values_list("origin_id", flat=True)) == ["3549"]
