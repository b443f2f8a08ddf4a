import copy
import datetime as dt
import io
import json
import logging
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from hobbies.models import Hobby, HobbyEvent, WeeklySchedule
from imports.linkedevents import LinkedEventsImporter
from imports.linkedevents_sources import (
    EVENT_FILES,
    KEYWORD_LISTS_FILE,
    PLACE_FILES,
    read_event_files,
    read_json,
    read_keyword_lists,
    read_places,
)
from places.models import Location
from providers.models import Provider

pytestmark = [pytest.mark.shared_data, pytest.mark.usefixtures("reference_data")]

TURKU_FILE = "turku-linkedevents/event_sample_hobbies.json"
KULKE_FILE = "linkedcourses-kulke/courses_kulke.json"


def make_importer(data_dir, **options):
    return LinkedEventsImporter(
        places=read_places([data_dir / path for path in PLACE_FILES]),
        keyword_lists=read_keyword_lists(data_dir / KEYWORD_LISTS_FILE),
        **options,
    )


def import_events(data_dir, events, **options):
    importer = make_importer(data_dir, **options)
    importer.import_events(events)
    return importer.finish()


def real_events(data_dir):
    return read_event_files([data_dir / path for path in EVENT_FILES])


def event_from(data_dir, relative_path, event_id):
    return copy.deepcopy(
        next(
            event
            for event in read_event_files([data_dir / relative_path])
            if event["id"] == event_id
        )
    )


def skip_messages(caplog):
    return [
        record.getMessage()
        for record in caplog.records
        if record.getMessage().startswith("Skipped")
    ]


@pytest.mark.django_db
def test_real_files_imported(shared_data_dir, caplog):
    with caplog.at_level(logging.INFO, logger="imports.framework"):
        stats = import_events(shared_data_dir, real_events(shared_data_dir))

    # 25 events: one is repeated in the samples, 8 courses are for children under 12.
    assert (stats.created, stats.updated, stats.unchanged, stats.skipped) == (16, 0, 0, 9)
    assert Hobby.objects.filter(data_source="linkedevents").count() == 16
    assert (
        "Skipped linkedevents kulke:50114: age range 3-5 does not overlap the audience 12-16"
        in skip_messages(caplog)
    )
    assert not Hobby.objects.filter(origin_id="kulke:50114").exists()


@pytest.mark.django_db
def test_timestamps_become_helsinki_wall_time(shared_data_dir):
    import_events(shared_data_dir, real_events(shared_data_dir))

    swim = Hobby.objects.get(data_source="linkedevents", origin_id="turku:991417")
    assert swim.name_fi == "Kesäillan vesijumppa"
    assert swim.short_description_fi == "Vauhdikas vesijumppa illan päätteeksi!"
    assert (swim.price_type, swim.price_amount) == (Hobby.PriceType.PAID, Decimal("2.50"))
    assert swim.price_details_fi == "Sisäänpääsymaksu + ohjausmaksu 2,50 €"
    assert (swim.min_age, swim.max_age) == (None, None)
    assert swim.status == Hobby.Status.PUBLISHED
    assert list(swim.languages.values_list("code", flat=True)) == ["fi"]
    assert swim.provider.name_fi == "Turun kaupungin liikuntapalvelut"
    assert swim.provider.kind == Provider.Kind.MUNICIPALITY
    assert swim.provider.origin_id == "turku:853"
    assert swim.info_url.startswith("https://www.turku.fi/kulttuuri-ja-liikunta/")
    assert not swim.cover_image
    (session,) = swim.events.all()
    # 2022-06-14T16:30:00Z is 19:30 in Helsinki summer time, a Tuesday.
    assert (session.start_date, session.start_time, session.start_weekday) == (
        dt.date(2022, 6, 14),
        dt.time(19, 30),
        2,
    )
    assert (session.end_date, session.end_time) == (dt.date(2022, 6, 14), dt.time(20, 15))
    assert not session.is_all_day

    online = Hobby.objects.get(origin_id="helsinki:afy6ikna3u")
    assert (online.price_type, online.price_amount) == (Hobby.PriceType.FREE, Decimal("0.00"))
    (session,) = online.events.all()
    assert (session.start_time, session.end_time, session.start_weekday) == (
        dt.time(16, 45),
        dt.time(19, 0),
        1,
    )


@pytest.mark.django_db
def test_dated_course_becomes_weekly_rule(shared_data_dir):
    import_events(shared_data_dir, real_events(shared_data_dir))

    course = Hobby.objects.get(origin_id="kulke:49488")
    assert course.name_fi == "Sävyryhmä – 13–18 v klo 14.00–15.45"
    assert (course.min_age, course.max_age) == (13, 18)
    assert (course.price_type, course.price_amount, course.price_details_fi) == (
        Hobby.PriceType.PAID,
        None,
        "",
    )
    assert list(course.categories.values_list("yso_id", flat=True)) == ["p2739"]
    # The publisher "ahjo:u4804001050" has no name in the data, so no provider is shown.
    assert course.provider is None
    assert not Provider.objects.filter(origin_id="ahjo:u4804001050").exists()
    # tprek:7254 is in none of the place files: the course has no location.
    assert course.location is None
    (rule,) = course.schedules.all()
    assert rule.weekdays == [6]
    assert (rule.start_time, rule.end_time) == (dt.time(14, 0), dt.time(15, 45))
    assert (rule.first_date, rule.last_date) == (dt.date(2020, 1, 18), dt.date(2020, 5, 2))
    # The season is over, so no sessions are materialised without --shift-dates.
    assert not course.events.exists()

    swedish = Hobby.objects.get(origin_id="kulke:49473")
    assert (swedish.min_age, swedish.max_age) == (11, 18)
    assert swedish.name_sv == "Den fullständiga kursen – 11–18 år kl 17.15–19.30"
    assert swedish.schedules.get().start_time == dt.time(17, 15)


@pytest.mark.django_db
def test_dates_without_time_give_all_day_session(shared_data_dir):
    import_events(shared_data_dir, real_events(shared_data_dir))

    workshop = Hobby.objects.get(origin_id="kulke:49261")
    assert (workshop.min_age, workshop.max_age) == (9, 12)
    (session,) = workshop.events.all()
    assert session.is_all_day
    assert (session.start_date, session.start_time) == (dt.date(2019, 11, 8), dt.time(0, 0))
    assert (session.end_date, session.end_time) == (dt.date(2019, 11, 18), dt.time(0, 0))

    farm_day = Hobby.objects.get(origin_id="harrastushaku:13248")
    assert (farm_day.min_age, farm_day.max_age) == (12, 17)
    assert farm_day.events.get().start_date == dt.date(2020, 8, 22)


@pytest.mark.django_db
def test_embedded_place_gives_location_and_municipality(shared_data_dir):
    import_events(shared_data_dir, real_events(shared_data_dir))

    exhibition = Hobby.objects.get(origin_id="helsinki:afxp6tv4xa")
    assert (exhibition.price_type, exhibition.price_amount) == (
        Hobby.PriceType.PAID,
        Decimal("5.00"),
    )
    assert exhibition.price_details_fi == "5-15€"
    assert exhibition.provider.name_fi == "Amos Rex"
    assert exhibition.provider.origin_id == "ytj:0586977-6"
    location = exhibition.location
    assert (location.origin_id, location.name_fi, location.name_sv) == (
        "tprek:15321",
        "Entressen kirjasto",
        "Entressebiblioteket",
    )
    assert (location.latitude, location.longitude) == (60.203636, 24.657864)
    assert (location.street_address_fi, location.postal_code, location.city_fi) == (
        "Siltakatu 11",
        "02770",
        "Espoo",
    )
    assert location.municipality.code == "049"
    assert exhibition.municipality.code == "049"
    assert "p1808" in exhibition.categories.values_list("yso_id", flat=True)
    # The event has no start time, so it has no sessions.
    assert not exhibition.events.exists()


@pytest.mark.django_db
def test_place_reference_resolved_from_place_files(shared_data_dir):
    event = event_from(shared_data_dir, TURKU_FILE, "turku:991417")
    event["location"] = {"@id": "https://api.hel.fi/linkedevents/v1/place/tprek:67850/"}

    import_events(shared_data_dir, [event])

    location = Hobby.objects.get(origin_id="turku:991417").location
    assert (location.name_fi, location.name_en) == ("MiniSuomi museo", "MiniSuomi Museum")
    assert (location.latitude, location.longitude) == (60.174606, 24.959572)
    assert location.municipality.code == "091"


@pytest.mark.django_db
def test_reimport_changes_nothing(shared_data_dir):
    import_events(shared_data_dir, real_events(shared_data_dir))
    counts = (
        Hobby.objects.count(),
        HobbyEvent.objects.count(),
        WeeklySchedule.objects.count(),
        Location.objects.count(),
        Provider.objects.count(),
    )

    stats = import_events(shared_data_dir, real_events(shared_data_dir))

    assert (stats.created, stats.updated, stats.unchanged, stats.skipped) == (0, 0, 16, 9)
    assert (
        Hobby.objects.count(),
        HobbyEvent.objects.count(),
        WeeklySchedule.objects.count(),
        Location.objects.count(),
        Provider.objects.count(),
    ) == counts


@pytest.mark.django_db
def test_changed_event_updated(shared_data_dir):
    event = event_from(shared_data_dir, TURKU_FILE, "turku:991417")
    import_events(shared_data_dir, [event])
    event["offers"][0]["price"] = {"fi": "<p>Sisäänpääsymaksu + ohjausmaksu 3,00 €</p>"}
    event["end_time"] = "2022-06-14T17:30:00Z"

    stats = import_events(shared_data_dir, [event])

    assert (stats.created, stats.updated, stats.unchanged) == (0, 1, 0)
    swim = Hobby.objects.get(origin_id="turku:991417")
    assert swim.price_amount == Decimal("3.00")
    assert swim.events.get().end_time == dt.time(20, 30)
    assert Hobby.objects.filter(origin_id="turku:991417").count() == 1


@pytest.mark.django_db
def test_malformed_events_skipped_with_reasons(shared_data_dir, caplog):
    good = event_from(shared_data_dir, TURKU_FILE, "turku:991417")
    missing_id = {**copy.deepcopy(good), "id": None}
    no_name = {**copy.deepcopy(good), "id": "test:no-name", "name": {}}
    bad_time = {**copy.deepcopy(good), "id": "test:bad-time", "start_time": "next Tuesday"}
    end_before_start = {
        **copy.deepcopy(good),
        "id": "test:backwards",
        "end_time": "2022-06-14T15:00:00Z",
    }
    absurd_year = {
        **copy.deepcopy(good),
        "id": "test:absurd",
        "start_time": "1850-06-14T16:30:00Z",
        "end_time": "1850-06-14T17:15:00Z",
    }
    bad_ages = {
        **copy.deepcopy(good),
        "id": "test:bad-ages",
        "audience_min_age": 16,
        "audience_max_age": 12,
    }
    broken_place = {
        **copy.deepcopy(good),
        "id": "test:broken-place",
        "location": {
            "id": "test:place",
            "name": {"fi": "Kenttä"},
            "position": {"type": "Point", "coordinates": ["x", 60.1]},
        },
    }
    events = [
        good,
        missing_id,
        no_name,
        bad_time,
        end_before_start,
        absurd_year,
        bad_ages,
        broken_place,
        "not an event",
    ]

    with caplog.at_level(logging.INFO, logger="imports.framework"):
        stats = import_events(shared_data_dir, events)

    assert (stats.created, stats.skipped) == (2, 7)
    assert set(Hobby.objects.values_list("origin_id", flat=True)) == {
        "turku:991417",
        "test:broken-place",
    }
    # A place with broken coordinates still gives a location, without coordinates.
    assert Hobby.objects.get(origin_id="test:broken-place").location.latitude is None
    messages = skip_messages(caplog)
    assert "Skipped linkedevents ?: missing id" in messages
    assert "Skipped linkedevents test:no-name: missing name" in messages
    assert any(
        message.startswith("Skipped linkedevents test:bad-time: malformed record (ValueError")
        for message in messages
    )
    assert any(
        message.startswith("Skipped linkedevents test:backwards: end_at: The end (")
        for message in messages
    )
    assert any(
        message.startswith(
            "Skipped linkedevents test:absurd: start_at: The date 1850-06-14 is too early"
        )
        for message in messages
    )
    assert any(
        message.startswith("Skipped linkedevents test:bad-ages: min_age: The minimum age 16")
        for message in messages
    )
    assert "Skipped linkedevents ?: the record is not a JSON object" in messages


@pytest.mark.django_db
def test_event_outside_audience_skipped(shared_data_dir, caplog, settings):
    event = event_from(shared_data_dir, TURKU_FILE, "turku:991417")
    event["audience_min_age"], event["audience_max_age"] = 65, 99

    with caplog.at_level(logging.INFO, logger="imports.framework"):
        stats = import_events(shared_data_dir, [event])

    assert stats.skipped == 1
    assert not Hobby.objects.exists()
    assert (
        "Skipped linkedevents turku:991417: age range 65-99 does not overlap the audience 12-16"
        in skip_messages(caplog)
    )

    settings.AUDIENCE_MAX_AGE = 70
    assert import_events(shared_data_dir, [event]).created == 1


@pytest.mark.django_db
def test_sub_events_become_sessions_of_super_event(shared_data_dir):
    sub_event = event_from(shared_data_dir, TURKU_FILE, "turku:991417")
    second = {
        **copy.deepcopy(sub_event),
        "id": "turku:991418",
        "start_time": "2022-06-21T16:30:00Z",
        "end_time": "2022-06-21T17:15:00Z",
    }
    super_event = {
        **copy.deepcopy(sub_event),
        "id": "turku:991415",
        "super_event": None,
        "super_event_type": "recurring",
        "start_time": "2022-06-14T16:30:00Z",
        "end_time": "2022-08-09T17:15:00Z",
        "sub_events": [
            {"@id": "https://linkedevents-api.turku.fi/v1/event/turku:991417/"},
            {"@id": "https://linkedevents-api.turku.fi/v1/event/turku:991418/"},
        ],
    }
    # The sub-events come first, as they may on an API page.
    stats = import_events(shared_data_dir, [sub_event, second, super_event])

    assert (stats.created, stats.skipped) == (3, 0)
    (hobby,) = Hobby.objects.filter(data_source="linkedevents")
    assert hobby.origin_id == "turku:991415"
    sessions = list(hobby.events.order_by("start_at"))
    assert [session.origin_id for session in sessions] == ["turku:991417", "turku:991418"]
    assert [(session.start_date, session.start_time) for session in sessions] == [
        (dt.date(2022, 6, 14), dt.time(19, 30)),
        (dt.date(2022, 6, 21), dt.time(19, 30)),
    ]

    again = import_events(shared_data_dir, [sub_event, second, super_event])
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)


@pytest.mark.django_db
def test_orphan_sub_event_is_own_hobby(shared_data_dir):
    # turku:991417 names turku:991415 as its super event, which is not in the data.
    import_events(shared_data_dir, [event_from(shared_data_dir, TURKU_FILE, "turku:991417")])

    assert Hobby.objects.get(data_source="linkedevents").origin_id == "turku:991417"


@pytest.mark.django_db
def test_keyword_lists_give_broad_categories(shared_data_dir, caplog):
    event = event_from(shared_data_dir, TURKU_FILE, "turku:991417")
    event["keywords"] = [{"@id": "https://api.hel.fi/linkedcourses/v1/keyword/kulke:87/"}]
    excluded = {
        **copy.deepcopy(event),
        "id": "test:school-course",
        "keywords": [
            {
                "@id": "https://api.hel.fi/linkedevents/v1/keyword/helsinki:secondary_schools_cross_institutional_studies/"
            }
        ],
    }

    with caplog.at_level(logging.INFO, logger="imports.framework"):
        import_events(shared_data_dir, [event, excluded])

    # kulke:87 (photography) is on the list of film and media courses.
    assert list(
        Hobby.objects.get(origin_id="turku:991417").categories.values_list("name_fi", flat=True)
    ) == ["Media"]
    assert not Hobby.objects.filter(origin_id="test:school-course").exists()
    assert any(
        "test:school-course: keyword helsinki:secondary_schools" in message
        for message in skip_messages(caplog)
    )


@pytest.mark.django_db
def test_deleted_event_removes_earlier_copy(shared_data_dir):
    event = event_from(shared_data_dir, TURKU_FILE, "turku:991417")
    import_events(shared_data_dir, [event])

    stats = import_events(shared_data_dir, [{**event, "deleted": True}])

    assert stats.skipped == 1
    assert not Hobby.objects.exists()


@pytest.mark.django_db
def test_broken_json_file_rejected(tmp_path):
    source = tmp_path / "events.json"
    source.write_text('[{"id": "kulke:1", "name": ', encoding="utf-8")
    places = tmp_path / "places.json"
    places.write_text("[]", encoding="utf-8")

    with (
        translation.override("en"),
        pytest.raises(CommandError, match="Cannot read the Linked Events files: Expecting value"),
    ):
        call_command("import_linkedevents", str(source), places=[str(places)], stdout=io.StringIO())

    assert not Hobby.objects.exists()


def test_event_file_shapes_read(shared_data_dir, tmp_path):
    samples = read_json(shared_data_dir / "palvelutarjotin/linkedevents_api_samples.json")
    single = tmp_path / "single.json"
    single.write_text(json.dumps(samples["EVENT_DATA"]), encoding="utf-8")

    assert [
        event["id"]
        for event in read_event_files(
            [shared_data_dir / "palvelutarjotin/linkedevents_api_samples.json"]
        )
    ] == [
        "helsinki:afy6ikna3u",
        "helsinki:afxp6tv4xa",
        "helsinki:afxp6tv4xa",
    ]
    assert [event["id"] for event in read_event_files([single])] == ["helsinki:afxp6tv4xa"]
    assert len(read_event_files([shared_data_dir / KULKE_FILE])) == 20
    assert len(read_event_files([shared_data_dir / TURKU_FILE])) == 1
