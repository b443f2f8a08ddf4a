"""Report figures on a known data set: February 2027 against January, Helsinki and Espoo."""

import datetime as dt

import pytest

from analytics.models import Metric
from analytics.months import Month
from analytics.reports import build_municipal_reports, build_report
from analytics.rollups import roll_up
from analytics.snapshots import NATIONAL
from analytics.suppression import Figure, PublicCount
from core import testing
from hobbies.models import Hobby
from hobbies.timeutils import HELSINKI

from .conftest import add_events

FEBRUARY = Month(2027, 2)
JAN = dt.date(2027, 1, 15)
FEB = dt.date(2027, 2, 10)
# Reports are built on 2 March, when February is over.
NOW = dt.datetime(2027, 3, 2, 12, 0, tzinfo=HELSINKI)


def counted(value, previous, change=None, percent=None):
    return Figure(PublicCount(value), PublicCount(previous), change, percent)


def key_figures(report):
    return {row.key: row.figures["count"] for row in report.section("key_figures").rows}


@pytest.fixture
def data_set(helsinki, espoo, category_tree):
    """Events of January and February 2027, rolled up, and a small catalogue."""
    football = testing.make_hobby(name_fi="Futis", municipality=helsinki, categories=[category_tree["Football"]])
    music = testing.make_hobby(name_fi="Bändikoulu", municipality=helsinki, categories=[category_tree["Music"]])
    chess = testing.make_hobby(name_fi="Shakki", municipality=espoo)
    testing.make_hobby(name_fi="Luonnos", municipality=helsinki, status=Hobby.Status.DRAFT)

    add_events(JAN, "first_open", 10)
    add_events(FEB, "first_open", 12)
    add_events(FEB, "first_open", 3, municipality="049")
    add_events(FEB, "first_open", 4, municipality="")
    add_events(JAN, "active_month", 40)
    add_events(FEB, "active_month", 50)
    add_events(JAN, "hobby_view", 20, hobby_id=football.pk)
    add_events(FEB, "hobby_view", 25, hobby_id=football.pk)
    add_events(FEB, "hobby_view", 8, hobby_id=music.pk)
    add_events(FEB, "hobby_view", 3, hobby_id=chess.pk)
    add_events(FEB, "hobby_view", 6, municipality="049", hobby_id=chess.pk)
    add_events(FEB, "search", 6, search_text="jalkapallo", result_count=3)
    add_events(FEB, "search", 5, search_text="sähly", result_count=0, filters="weekday")
    add_events(FEB, "search", 4, search_text="salainen nimi", result_count=0)
    add_events(FEB, "favourite_add", 7, hobby_id=football.pk)
    add_events(FEB, "favourite_remove", 2, hobby_id=football.pk)
    add_events(FEB, "promotion_view", 9, promotion_id=31)
    add_events(FEB, "promotion_use", 5, promotion_id=31)
    add_events(JAN, "promotion_use", 4, promotion_id=31)
    add_events(FEB, "language_select", 5, language="sv")
    roll_up(first_day=dt.date(2027, 1, 1), last_day=dt.date(2027, 2, 28), now=NOW)
    return {"football": football, "music": music, "chess": chess}


@pytest.mark.django_db
def test_municipal_key_figures(data_set):
    figures = key_figures(build_report(FEBRUARY, "091", now=NOW))

    assert figures["installs"] == counted(12, 10, 2, 20.0)
    assert figures["installs_total"] == counted(22, 10, 12, 120.0)
    assert figures["active_users"] == counted(50, 40, 10, 25.0)
    assert figures["hobby_views"] == counted(36, 20, 16, 80.0)
    assert figures["searches"] == counted(15, None)
    assert figures["zero_result_searches"] == counted(9, None)
    assert figures["favourites_added"] == counted(7, None)
    assert figures["favourites_removed"] == counted(None, None)
    assert figures["promotion_uses"] == counted(5, None)
    assert figures["hobbies_published"] == counted(None, None)
    assert "downloads" not in figures


@pytest.mark.django_db
def test_national_counts_every_municipality_and_unknown(data_set):
    figures = key_figures(build_report(FEBRUARY, NATIONAL, now=NOW))
    assert figures["installs"] == counted(19, 10, 9, 90.0)
    assert figures["hobby_views"] == counted(42, 20, 22, 110.0)
    assert figures["hobbies_published"] == counted(None, None)


@pytest.mark.django_db
def test_top_hobbies_ranked_and_small_counts_hidden(data_set):
    rows = build_report(FEBRUARY, "091", now=NOW).section("hobby_views").rows
    assert [(row.label, row.figures["count"]) for row in rows] == [
        ("Futis", counted(25, 20, 5, 25.0)),
        ("Bändikoulu", counted(8, None)),
        ("Shakki", counted(None, None)),
    ]


@pytest.mark.django_db
def test_search_texts_below_five_not_shown(data_set):
    report = build_report(FEBRUARY, "091", now=NOW)
    searches = [(row.label, row.figures["count"].current.value) for row in report.section("searches").rows]
    zero = [(row.label, row.figures["count"].current.value) for row in report.section("zero_result_searches").rows]
    assert searches == [("jalkapallo", 6), ("sähly", 5)]
    assert zero == [("sähly", 5)]


@pytest.mark.django_db
def test_category_interest_by_main_category(data_set, category_tree):
    rows = build_report(FEBRUARY, "091", now=NOW).section("categories").rows
    by_label = {row.label: row.figures for row in rows}
    assert [row.label for row in rows] == ["Urheilu ja liikunta", "Taiteet"]
    assert by_label["Urheilu ja liikunta"]["hobby_views"] == counted(25, 20, 5, 25.0)
    assert by_label["Urheilu ja liikunta"]["favourites"] == counted(7, None)
    assert by_label["Taiteet"]["hobby_views"] == counted(8, None)


@pytest.mark.django_db
def test_promotions_per_promotion(data_set):
    rows = build_report(FEBRUARY, "091", now=NOW).section("promotions").rows
    assert [(row.label, row.figures["views"], row.figures["uses"]) for row in rows] == [
        ("#31", counted(9, None), counted(5, None)),
    ]


@pytest.mark.django_db
def test_favourites_and_filters_and_languages(data_set):
    report = build_report(FEBRUARY, "091", now=NOW)
    favourites = report.section("favourites").rows
    assert [(row.label, row.figures["added"], row.figures["removed"]) for row in favourites] == [
        ("Futis", counted(7, None), counted(None, None)),
    ]
    assert [(row.key, row.figures["count"]) for row in report.section("search_filters").rows] == [
        ("weekday", counted(5, None)),
    ]
    assert [(row.key, row.figures["count"]) for row in report.section("languages").rows] == [
        ("sv", counted(5, None)),
    ]


@pytest.mark.django_db
def test_espoo_sees_only_its_events(data_set):
    figures = key_figures(build_report(FEBRUARY, "049", now=NOW))
    assert figures["installs"] == counted(None, None)
    assert figures["hobby_views"] == counted(6, None)


@pytest.mark.django_db
def test_catalogue_snapshot_keeps_past_month(helsinki):
    from analytics.snapshots import take_catalogue_snapshot

    for _ in range(5):
        testing.make_hobby(municipality=helsinki)
    # The rollup on the month's last day stores its snapshot.
    take_catalogue_snapshot(FEBRUARY, now=dt.datetime(2027, 2, 28, 23, 0, tzinfo=HELSINKI))
    testing.make_hobby(municipality=helsinki)

    later = key_figures(build_report(FEBRUARY, "091", now=NOW + dt.timedelta(days=3)))

    assert later["hobbies_published"].current == PublicCount(5)


@pytest.mark.django_db
def test_past_month_without_snapshot_has_no_catalogue_figures(helsinki):
    from analytics.models import CatalogueSnapshot

    for _ in range(5):
        testing.make_hobby(municipality=helsinki)

    report = build_report(FEBRUARY, "091", now=NOW)

    assert key_figures(report)["hobbies_published"].current != PublicCount(5)
    assert not CatalogueSnapshot.objects.exists()


@pytest.mark.django_db
def test_current_month_catalogue_counted_live(helsinki):
    for _ in range(5):
        testing.make_hobby(municipality=helsinki)
    first = key_figures(build_report(Month(2027, 3), "091", now=NOW))
    testing.make_hobby(municipality=helsinki)
    later = key_figures(build_report(Month(2027, 3), "091", now=NOW))
    assert first["hobbies_published"].current == PublicCount(5)
    assert later["hobbies_published"].current == PublicCount(6)


@pytest.mark.django_db
def test_catalogue_counts_hobby_by_location_municipality(helsinki, provider):
    location = testing.make_location(municipality=helsinki)
    for _ in range(5):
        testing.make_hobby(location=location, provider=provider)
    figures = key_figures(build_report(Month(2027, 3), "091", now=NOW))
    assert figures["hobbies_published"].current == PublicCount(5)
    assert figures["providers_published"].current == PublicCount(None)


@pytest.mark.django_db
def test_partial_month_flagged(data_set):
    assert build_report(Month(2027, 3), "091", now=NOW).is_partial is True
    assert build_report(FEBRUARY, "091", now=NOW).is_partial is False


@pytest.mark.django_db
def test_report_survives_purge(data_set):
    from analytics.models import UsageEvent

    before = key_figures(build_report(FEBRUARY, "091", now=NOW))
    UsageEvent.objects.all().delete()
    after = key_figures(build_report(FEBRUARY, "091", now=NOW))
    assert before == after


@pytest.mark.django_db
def test_reports_of_all_municipalities_match_single_reports(data_set, helsinki, espoo):
    together = list(build_municipal_reports(FEBRUARY, [("091", "Helsinki"), ("049", "Espoo"), ("020", "Akaa")], now=NOW))
    assert [report.municipality_code for report in together] == ["020", "049", "091"]
    for report in together:
        single = build_report(FEBRUARY, report.municipality_code, scope_name=report.scope_name, now=NOW)
        assert report.sections == single.sections
    assert together[0].section("key_figures").rows[0].figures["count"] == counted(None, None)


@pytest.fixture
def crowded_month(helsinki, espoo):
    """February and January sums with more subjects than a report lists, ties at the cut and small counts.

    Helsinki has 26 hobbies viewed at least five times, tied around the 20th place, and many
    viewed fewer times. Espoo has only three hobbies viewed five times or more, so suppressed
    ones fill its list. Some favourites are removed from listed hobbies and some from others.
    """
    from analytics.models import MonthlyCount

    hobbies = [testing.make_hobby(name_fi=f"Harrastus {number:02d}", municipality=helsinki) for number in range(40)]
    removed = testing.make_hobby(name_fi="Poistettu")
    removed_id = removed.pk
    removed.delete()
    ids = [hobby.pk for hobby in hobbies] + [removed_id]
    rows = []

    def add(month, code, metric, count, subject_id=0, subject_text=""):
        rows.append(MonthlyCount(month=month, municipality_code=code, metric=metric, subject_id=subject_id,
                                 subject_text=subject_text, count=count))

    feb, jan = FEBRUARY.first_day, FEBRUARY.previous().first_day
    for index, hobby_id in enumerate(ids):
        # Counts 30, 29, ... with a run of ties at 12 around the 20th place, then 4, 3, 2, 1.
        if index < 16:
            helsinki_count = max(1, 30 - index)
        elif index < 26:
            helsinki_count = 12
        else:
            helsinki_count = 1 + index % 4
        add(feb, "091", Metric.HOBBY_VIEWS, helsinki_count, hobby_id)
        add(jan, "091", Metric.HOBBY_VIEWS, 3 + index % 9, hobby_id)
        add(feb, "049", Metric.HOBBY_VIEWS, 7 if index < 3 else 1 + index % 4, hobby_id)
        add(jan, "049", Metric.HOBBY_VIEWS, 5 + index % 3, hobby_id)
        add(feb, "091", Metric.FAVOURITES_ADDED, 5 + index % 7 if index % 2 else 1 + index % 3, hobby_id)
        add(feb, "091", Metric.FAVOURITES_REMOVED, 1 + index % 6, hobby_id)
        add(jan, "091", Metric.FAVOURITES_ADDED, 6, hobby_id)
        add(jan, "091", Metric.FAVOURITES_REMOVED, 5 + index % 2, hobby_id)
        add(feb, "049", Metric.FAVOURITES_ADDED, 1 + index % 5, hobby_id)
        add(feb, "049", Metric.FAVOURITES_REMOVED, 2 + index % 5, hobby_id)
    add(feb, "091", Metric.HOBBY_VIEWS, 50)  # views without a hobby id: in the total only
    for index in range(30):
        text = f"haku {index}"
        add(feb, "091", Metric.SEARCHES, 5 + index % 4 if index < 25 else 2, subject_text=text)
        add(jan, "091", Metric.SEARCHES, 8, subject_text=text)
        add(feb, "091", Metric.ZERO_RESULT_SEARCHES, 3 + index % 5, subject_text=text)
        add(feb, "049", Metric.SEARCHES, 4 + index % 3, subject_text=text)
    add(feb, "091", Metric.SEARCHES, 9, subject_text="")
    for promotion_id in range(1, 30):
        add(feb, "091", Metric.PROMOTION_VIEWS, promotion_id, promotion_id)
        add(jan, "091", Metric.PROMOTION_USES, promotion_id % 7, promotion_id)
    add(feb, "049", Metric.SEARCH_FILTERS, 6, subject_text="weekday")
    add(feb, "049", Metric.LANGUAGE_SELECTIONS, 2, subject_text="sv")
    add(feb, "091", Metric.INSTALLS, 14)
    add(jan, "091", Metric.INSTALLS, 9)
    MonthlyCount.objects.bulk_create(rows)


@pytest.mark.django_db
def test_crowded_reports_of_all_municipalities_match_single_reports(crowded_month):
    together = list(build_municipal_reports(FEBRUARY, [("091", "Helsinki"), ("049", "Espoo")], now=NOW))

    for report in together:
        single = build_report(FEBRUARY, report.municipality_code, scope_name=report.scope_name, now=NOW)
        for batched_section, single_section in zip(report.sections, single.sections, strict=True):
            assert batched_section == single_section, batched_section.key
    helsinki_views = together[1].section("hobby_views").rows
    assert len(helsinki_views) == 20
    assert helsinki_views[-1].figures["count"].current.value == 12
    espoo_views = together[0].section("hobby_views").rows
    assert [row.figures["count"].current.value for row in espoo_views[:4]] == [7, 7, 7, None]
