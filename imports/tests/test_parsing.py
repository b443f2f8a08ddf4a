import datetime as dt
from decimal import Decimal

import pytest

from hobbies.models import Hobby
from imports.parsing import (
    WeeklyHours,
    clamp_age_range,
    clean_url,
    guess_provider_kind,
    parse_age_range,
    parse_hours,
    parse_languages,
    parse_point,
    parse_price,
    parse_time_range,
)
from imports.seasons import shift_weeks
from providers.models import Provider

FREE, PAID = Hobby.PriceType.FREE, Hobby.PriceType.PAID


@pytest.mark.parametrize(
    ("text", "price_type", "amount", "details"),
    [
        ("ilmainen", FREE, Decimal("0.00"), ""),
        ("Osallistuminen on maksutonta.", FREE, Decimal("0.00"), "Osallistuminen on maksutonta."),
        ("0€ ilmainen                    Maksuton", FREE, Decimal("0.00"), ""),
        ("0€ Materiaalimaksu", FREE, Decimal("0.00"), "0€ Materiaalimaksu"),
        (
            "216€ Yksi lapsi perheestä mukana402€ Kaksi",
            PAID,
            Decimal("216.00"),
            "216€ Yksi lapsi perheestä mukana402€ Kaksi",
        ),
        ("150€ Kevätkausi", Hobby.PriceType.SEASONAL, Decimal("150.00"), "150€ Kevätkausi"),
        (
            "183€ Perusopinnot / lukukausi",
            Hobby.PriceType.SEASONAL,
            Decimal("183.00"),
            "183€ Perusopinnot / lukukausi",
        ),
        ("Vuosimaksu 120 €", Hobby.PriceType.ANNUAL, Decimal("120.00"), "Vuosimaksu 120 €"),
        (
            "<p>Sisäänpääsymaksu + ohjausmaksu 2,50 €</p>",
            PAID,
            Decimal("2.50"),
            "Sisäänpääsymaksu + ohjausmaksu 2,50 €",
        ),
        ("5-15€", PAID, Decimal("5.00"), "5-15€"),
        ("Materiaalimaksu", PAID, None, "Materiaalimaksu"),
        ("Hinnasto löytyy verkkosivuiltamme", PAID, None, "Hinnasto löytyy verkkosivuiltamme"),
        ("", PAID, None, ""),
    ],
)
def test_price_text_gives_type_amount_and_details(text, price_type, amount, details):
    price = parse_price(text)

    assert price.price_type == price_type
    assert price.amount == amount
    assert price.details == details


@pytest.mark.parametrize(
    ("text", "ages"),
    [
        ("Sävyryhmä – 13–18 v klo 14.00–15.45", (13, 18)),
        ("Den fullständiga kursen – 11–18 år kl 17.15–19.30", (11, 18)),
        ("Sparks (Kipinät) – Työpaja ja esitys 9-12-vuotiaille", (9, 12)),
        ("Annantalon musiikkituokiot – (3 kk–4 v) klo 9.30–10.15", (0, 4)),
        ("Arkkitehtuurikurssit 7-9 -vuotiaille", (7, 9)),
        ("Katutaidepaja 13\u2009–\u200918-vuotiaille", (13, 18)),
        ("Heimon Salibandykoulu (2013-14 syntyneet)", (None, None)),
        ("Kuperkeikkoja klo 13-15", (None, None)),
        (None, (None, None)),
    ],
)
def test_age_range_read_from_name(text, ages):
    assert parse_age_range(text) == ages


@pytest.mark.parametrize(
    ("values", "ages"),
    [
        ([6, 17], (6, 17)),
        ([5, 110], (5, 99)),
        ([None], (None, None)),
        (None, (None, None)),
        ([-3, 12], (0, 12)),
    ],
)
def test_age_list_clamped_to_model_range(values, ages):
    assert clamp_age_range(values) == ages


@pytest.mark.parametrize(
    ("text", "times"),
    [
        ("Paletti ja väri – 10-11 v klo 17.30–19", (dt.time(17, 30), dt.time(19, 0))),
        ("Kuperkeikkoja – (3–5 v) klo 13-15", (dt.time(13, 0), dt.time(15, 0))),
        ("Den fullständiga kursen – kl 17.15–19.30", (dt.time(17, 15), dt.time(19, 30))),
        ("Aikaa – 12–18 v klo 17.30-19.45", (dt.time(17, 30), dt.time(19, 45))),
        ("Lauantai työnjako 22.8.", None),
        ("klo 19-17", None),
    ],
)
def test_time_range_read_from_name(text, times):
    assert parse_time_range(text) == times


def test_equal_hours_merge_into_one_rule():
    hours, unreadable = parse_hours(
        "Joka viikko: Ma 13:45 - 21:00\nJoka viikko: Ke 13:45 - 21:00\nJoka viikko: Su 11:00 - 13:00\n"
    )

    assert hours == [
        WeeklyHours((7,), dt.time(11, 0), dt.time(13, 0)),
        WeeklyHours((1, 3), dt.time(13, 45), dt.time(21, 0)),
    ]
    assert unreadable == []


def test_hours_lines_without_prefix_count_as_weekly():
    hours, _unreadable = parse_hours(
        "La 13:30 - 15:30\nLauantaisin 9:00 - 10:00\nMa-Pe 15:00-16:00 kerho"
    )

    assert hours == [
        WeeklyHours((6,), dt.time(9, 0), dt.time(10, 0)),
        WeeklyHours((6,), dt.time(13, 30), dt.time(15, 30)),
        WeeklyHours((1, 2, 3, 4, 5), dt.time(15, 0), dt.time(16, 0)),
    ]


def test_hours_lines_without_valid_range_are_unreadable():
    hours, unreadable = parse_hours("Ma 00:00 - 00:00\nTi 18:45\nHarjoitusajat sovitaan erikseen")

    assert hours == []
    assert unreadable == ["Ma 00:00 - 00:00", "Ti 18:45", "Harjoitusajat sovitaan erikseen"]


@pytest.mark.parametrize(
    ("values", "codes"),
    [
        (["suomi", "englanti"], ["fi", "en"]),
        (["Suomi & tarvittaessa Ruotsi ja Englanti"], ["fi", "sv", "en"]),
        (["Suomeksi", "englanniksi"], ["fi", "en"]),
        (["Suomi", "Englanti. Tarpeen mukaan myös Ruotsinkieli."], ["fi", "en", "sv"]),
        (["suomi", "engalnti"], ["fi", "en"]),
        (["ruotsi", "suomi", "englanti", "saksa"], ["sv", "fi", "en", "de"]),
        (["suomi", "kreikka"], ["fi", "el"]),
        (None, []),
    ],
)
def test_language_names_give_iso_codes(values, codes):
    assert parse_languages(values) == codes


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Pakkalan Palloseura ry", Provider.Kind.ASSOCIATION),
        ("Espoon liikuntapalvelut ja Gaamir ry", Provider.Kind.ASSOCIATION),
        ("Harrastusverstas Oy", Provider.Kind.COMPANY),
        ("Kulttuuri Ab", Provider.Kind.COMPANY),
        ("Nuorten Musiikkisäätiö", Provider.Kind.FOUNDATION),
        ("Turun kaupungin liikuntapalvelut", Provider.Kind.MUNICIPALITY),
        ("Kettutien nuorisotalo - kettutie.munstadi.fi", Provider.Kind.MUNICIPALITY),
        ("Nuorisopalvelut / ohj.Carolina", Provider.Kind.MUNICIPALITY),
        ("Aalto Tennis", Provider.Kind.OTHER),
    ],
)
def test_provider_kind_guessed_from_name(name, kind):
    assert guess_provider_kind(name) == kind


def test_provider_kind_of_helsinki_publisher_is_municipality():
    assert guess_provider_kind("", "ahjo:u4804001050") == Provider.Kind.MUNICIPALITY


@pytest.mark.parametrize(
    ("value", "url"),
    [
        ("www.loiske.fi", "http://www.loiske.fi"),
        ("https://otakoppi.fi", "https://otakoppi.fi"),
        ("not a url", ""),
        ("ftp://example.org/file", ""),
        (None, ""),
    ],
)
def test_url_cleaned_or_dropped(value, url):
    assert clean_url(value) == url


def test_point_outside_finland_rejected():
    assert parse_point(60.19, 24.93) == (60.19, 24.93)
    with pytest.raises(ValueError, match="outside Finland"):
        parse_point(24.93, 60.19)
    with pytest.raises(ValueError, match="not numbers"):
        parse_point("north", 24.93)


@pytest.mark.parametrize(
    ("season", "today", "weeks"),
    [
        # Spring 2019 moves to spring 2027, the school year that started on 1 August 2026.
        ((dt.date(2019, 1, 9), dt.date(2019, 5, 19)), dt.date(2026, 12, 4), 416),
        # A season that has not ended stays where it is.
        ((dt.date(2026, 9, 1), dt.date(2027, 5, 1)), dt.date(2026, 12, 4), 0),
        ((dt.date(2000, 1, 1), dt.date(2100, 12, 31)), dt.date(2026, 12, 4), 0),
        # A season that ended but already started in this school year stays too.
        ((dt.date(2026, 8, 10), dt.date(2026, 10, 1)), dt.date(2026, 12, 4), 0),
    ],
)
def test_season_shift_in_whole_52_week_steps(season, today, weeks):
    assert shift_weeks(*season, today) == weeks


def test_season_shift_lands_in_current_school_year():
    today = dt.date(2026, 12, 4)
    for start in (
        dt.date(2015, 1, 1),
        dt.date(2018, 8, 20),
        dt.date(2019, 7, 29),
        dt.date(2022, 6, 14),
    ):
        weeks = shift_weeks(start, start + dt.timedelta(days=30), today)
        shifted = start + dt.timedelta(weeks=weeks)

        assert weeks % 52 == 0
        assert dt.date(2026, 8, 1) <= shifted <= dt.date(2027, 7, 31)
        assert shifted.isoweekday() == start.isoweekday()
