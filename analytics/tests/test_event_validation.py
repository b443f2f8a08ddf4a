"""The event schema: what is accepted, how it is stored, and the reason for each rejection."""

import datetime as dt

import pytest

from analytics.schema import EVENT_NAMES, json_schema, normalise_search_text, validate_event
from hobbies.timeutils import HELSINKI

from .conftest import NOW, wire_event

CODES = frozenset({"091", "049"})


def validate(event, now=NOW):
    return validate_event(event, now=now, known_codes=CODES)


def codes_of(problems):
    return [(problem.code, problem.field) for problem in problems]


@pytest.mark.parametrize(
    "event",
    [
        wire_event("first_open"),
        wire_event("active_month"),
        wire_event("hobby_view", hobby=12),
        wire_event("search", text="Jalkapallo", results=3, filters=["category", "weekday"], category=7),
        wire_event("search", results=0),
        wire_event("favourite_add", hobby=12),
        wire_event("favourite_remove", hobby=12),
        wire_event("promotion_view", promotion=5),
        wire_event("promotion_use", promotion=5),
        wire_event("map_open"),
        wire_event("language_select", language="sv"),
        wire_event("hobby_view", municipality=None, hobby=1),
    ],
    ids=lambda event: event["name"],
)
def test_valid_event_accepted(event):
    values, problems = validate(event)
    assert problems == []
    assert values["name"] == event["name"]


def test_every_event_name_has_a_valid_example():
    examples = {"hobby_view", "search", "favourite_add", "favourite_remove", "promotion_view",
                "promotion_use", "language_select", "first_open", "active_month", "map_open"}
    assert set(EVENT_NAMES) == examples


def test_search_stored_columns():
    event = wire_event("search", text="  Jalka-PALLO  ", results=0, filters=["weekday", "category", "weekday"], category=7)
    values, _problems = validate(event)
    assert values == {
        "schema_version": 1,
        "name": "search",
        "day": dt.date(2027, 2, 3),
        "municipality_code": "091",
        "search_text": "jalka pallo",
        "result_count": 0,
        "filters": "category,weekday",
        "category_id": 7,
    }


def test_missing_municipality_stored_as_empty():
    values, _problems = validate(wire_event("map_open", municipality=None))
    assert values["municipality_code"] == ""


def test_day_is_helsinki_date_of_time():
    # 22:30 UTC on 31 January is 00:30 on 1 February in Helsinki (UTC+2 in winter).
    moment = dt.datetime(2027, 1, 31, 22, 30, tzinfo=dt.UTC)
    values, _problems = validate(wire_event("map_open", moment=moment))
    assert values["day"] == dt.date(2027, 2, 1)


def test_day_uses_summer_time_offset():
    # In summer Helsinki is UTC+3: 20:59:59 UTC on 31 May is still May, 21:00 is June.
    may_end = dt.datetime(2027, 5, 31, 20, 59, 59, tzinfo=dt.UTC)
    june_start = dt.datetime(2027, 5, 31, 21, 0, 0, tzinfo=dt.UTC)
    now = dt.datetime(2027, 6, 2, 12, 0, tzinfo=HELSINKI)
    may_values, _problems = validate(wire_event("map_open", moment=may_end), now=now)
    june_values, _problems = validate(wire_event("map_open", moment=june_start), now=now)
    assert may_values["day"] == dt.date(2027, 5, 31)
    assert june_values["day"] == dt.date(2027, 6, 1)


def test_utc_z_suffix_accepted():
    values, problems = validate({"name": "map_open", "time": "2027-02-03T08:00:00Z", "municipality": "091"})
    assert problems == []
    assert values["day"] == dt.date(2027, 2, 3)


def test_unknown_name_rejected():
    _values, problems = validate(wire_event("page_view"))
    assert codes_of(problems) == [("unknown_name", "name")]
    assert problems[0].params["value"] == "page_view"


def test_missing_name_rejected():
    _values, problems = validate({"time": NOW.isoformat()})
    assert codes_of(problems) == [("missing_field", "name")]


def test_non_object_event_rejected():
    _values, problems = validate(["hobby_view"])
    assert codes_of(problems) == [("not_an_object", None)]


@pytest.mark.parametrize("field", ["device_id", "ip", "latitude", "user_agent"])
def test_identifying_field_rejected_as_unknown(field):
    _values, problems = validate(wire_event("hobby_view", hobby=1, **{field: "x"}))
    assert codes_of(problems) == [("unknown_field", field)]


def test_field_of_another_event_rejected():
    _values, problems = validate(wire_event("map_open", hobby=3))
    assert codes_of(problems) == [("unknown_field", "hobby")]


def test_missing_required_field_rejected():
    _values, problems = validate(wire_event("hobby_view"))
    assert codes_of(problems) == [("missing_field", "hobby")]


def test_missing_time_rejected():
    event = wire_event("map_open")
    del event["time"]
    _values, problems = validate(event)
    assert codes_of(problems) == [("missing_field", "time")]


def test_every_problem_reported():
    event = wire_event("search", results=-1, colour="red", municipality="91")
    _values, problems = validate(event)
    assert sorted(codes_of(problems)) == [
        ("invalid_municipality", "municipality"),
        ("invalid_type", "results"),
        ("unknown_field", "colour"),
    ]


def test_event_with_many_fields_gets_one_problem():
    event = wire_event("map_open")
    event.update({f"field{number}": 0 for number in range(5000)})

    _values, problems = validate(event)

    assert codes_of(problems) == [("too_many_fields", None)]
    assert problems[0].params == {"count": 5003, "max": 10}


def test_event_with_ten_fields_gets_every_problem():
    event = wire_event("map_open")
    event.update({f"field{number}": 0 for number in range(7)})

    _values, problems = validate(event)

    assert codes_of(problems) == [("unknown_field", f"field{number}") for number in range(7)]


@pytest.mark.parametrize("hobby", [0, -1, "12", 1.0, True, None, 2**63])
def test_bad_id_rejected(hobby):
    _values, problems = validate(wire_event("hobby_view", hobby=hobby))
    assert codes_of(problems) == [("invalid_type", "hobby")]


def test_future_time_rejected():
    _values, problems = validate(wire_event("map_open", moment=NOW + dt.timedelta(minutes=6)))
    assert codes_of(problems) == [("future_time", "time")]


def test_small_clock_lead_accepted():
    _values, problems = validate(wire_event("map_open", moment=NOW + dt.timedelta(minutes=4)))
    assert problems == []


def test_week_old_event_accepted():
    moment = dt.datetime(2027, 1, 27, 0, 5, tzinfo=HELSINKI)
    _values, problems = validate(wire_event("map_open", moment=moment))
    assert problems == []


def test_event_older_than_a_week_rejected():
    moment = dt.datetime(2027, 1, 26, 23, 55, tzinfo=HELSINKI)
    _values, problems = validate(wire_event("map_open", moment=moment))
    assert codes_of(problems) == [("too_old", "time")]


@pytest.mark.parametrize("value", ["0001-01-01T00:00:00+01:00", "0001-01-01T01:59:59+02:00"])
def test_year_one_time_too_old(value):
    _values, problems = validate(wire_event("map_open", time=value))
    assert codes_of(problems) == [("too_old", "time")]


@pytest.mark.parametrize("value", ["2027-02-03", "2027-02-03T10:00:00", "yesterday", "2027-02-03 10:00:00+02:00", 1770000000])
def test_time_without_offset_or_not_iso_rejected(value):
    event = wire_event("map_open")
    event["time"] = value
    _values, problems = validate(event)
    expected = "invalid_type" if isinstance(value, int) else "invalid_time"
    assert codes_of(problems) == [(expected, "time")]


def test_unknown_municipality_rejected():
    _values, problems = validate(wire_event("map_open", municipality="999"))
    assert codes_of(problems) == [("unknown_municipality", "municipality")]


@pytest.mark.parametrize("value", ["91", "0911", "abc", "٠٩١"])
def test_malformed_municipality_rejected(value):
    _values, problems = validate(wire_event("map_open", municipality=value))
    assert codes_of(problems) == [("invalid_municipality", "municipality")]


def test_unknown_filter_rejected():
    _values, problems = validate(wire_event("search", results=1, filters=["colour"]))
    assert codes_of(problems) == [("invalid_filter", "filters")]


def test_unsupported_language_rejected():
    _values, problems = validate(wire_event("language_select", language="de"))
    assert codes_of(problems) == [("invalid_language", "language")]


def test_overlong_search_text_rejected():
    _values, problems = validate(wire_event("search", results=1, text="a" * 201))
    assert codes_of(problems) == [("too_long", "text")]
    assert problems[0].params["length"] == 201


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("JALKAPALLO", "jalkapallo"),
        ("Ｊａｌｋａｐａｌｌｏ", "jalkapallo"),
        ("  sähly,   salibandy!! ", "sähly salibandy"),
        ("tanssi matti.meikalainen@example.org", "tanssi"),
        ("soita 040 1234567", "soita"),
        ("tanssi 040 123 4567", "tanssi"),
        ("sähly +358 40 123 45 67 partio", "sähly partio"),
        ("kuoro (09) 123-4567", "kuoro"),
        ("u15 futis 2 3", "u15 futis 2 3"),
        ("kuoro 0401234567", "kuoro"),
        ("010199-123A", ""),
        ("www.example.org partio", "partio"),
        ("u15 futis", "u15 futis"),
        ("snake_case", "snake case"),
        ("09 - 123 - 45 - 67", ""),
        ("soita 040 – 123 – 4567", "soita"),
        ("partio 040 / 12 / 34 / 567", "partio"),
        ("u15 - u17 futis", "u15 u17 futis"),
        ("tanssi instagram.com/matti.v", "tanssi"),
        ("partio TikTok.com/mattiv2014 kisa", "partio kisa"),
        ("jne. sähly/salibandy", "jne sähly salibandy"),
    ],
)
def test_search_text_normalised(text, expected):
    assert normalise_search_text(text) == expected


def test_normalised_text_cut_at_word_boundary():
    text = " ".join(["jalkapallo"] * 10)
    normalised = normalise_search_text(text)
    assert len(normalised) <= 60
    assert normalised.endswith("jalkapallo")


def test_json_schema_lists_every_event():
    schema = json_schema()
    assert set(schema["$defs"]) == set(EVENT_NAMES)
    assert schema["$defs"]["hobby_view"]["required"] == ["name", "time", "hobby"]
    assert schema["$defs"]["search"]["properties"]["filters"]["items"]["enum"][0] == "age"
    assert schema["properties"]["events"]["maxItems"] == 100
    assert all(definition["additionalProperties"] is False for definition in schema["$defs"].values())
