"""search= on hobbies/ and hobbyevents/: inflections, languages, markup, ranking, subsets."""

import datetime as dt
import itertools

import pytest
from django.utils import timezone

from core import testing
from hobbies.search import index_hobbies


@pytest.fixture
def catalogue(db):
    tree = testing.make_category_tree()
    helsinki = testing.make_location(latitude=60.17, longitude=24.94)
    tampere = testing.make_location(latitude=61.50, longitude=23.76)
    hobbies = {
        "club": testing.make_hobby(
            name_fi="Jalkapallokerho", name_sv="Fotbollsklubb", description_fi="Pelataan pihalla.",
            categories=[tree["Football"]], location=helsinki, languages=["fi"], min_age=10, max_age=13,
        ),
        "school": testing.make_hobby(
            name_fi="Jalkapallokoulu", description_fi="<b>Maksullinen</b> koulu", price_type="paid",
            price_amount="30.00", categories=[tree["Football"]], location=tampere, languages=["sv"],
        ),
        "described": testing.make_hobby(
            name_fi="Liikuntakerho", description_fi="Välillä pelataan jalkapalloa.", categories=[tree["Sports"]],
            location=helsinki, min_age=14, max_age=16,
        ),
        "music": testing.make_hobby(
            name_fi="Bändikoulu", description_fi="Soitetaan yhdessä.", categories=[tree["Music"]], location=tampere
        ),
    }
    index_hobbies([hobby.pk for hobby in hobbies.values()])
    tuesday = timezone.localdate() + dt.timedelta(days=(1 - timezone.localdate().weekday()) % 7 or 7)
    for hobby in hobbies.values():
        start = timezone.make_aware(dt.datetime.combine(tuesday, dt.time(17)))
        testing.make_session(hobby, start)
    return tree, hobbies


def hobby_ids(client, query):
    response = client.get(f"/api/v1/hobbies/?page_size=500&{query}")
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def event_hobby_ids(client, query):
    response = client.get(f"/api/v1/hobbyevents/?page_size=500&{query}")
    assert response.status_code == 200, response.content
    return [row["hobby"] for row in response.json()["results"]]


@pytest.mark.parametrize("word", ["jalkapalloa", "jalkapallokerhoon", "fotbollsklubben"])
def test_inflected_queries_find_the_club(client, catalogue, word):
    _tree, hobbies = catalogue

    assert hobbies["club"].pk in hobby_ids(client, f"search={word}")
    assert hobbies["music"].pk not in hobby_ids(client, f"search={word}")


def test_name_matches_rank_before_description_matches(client, catalogue):
    _tree, hobbies = catalogue

    found = hobby_ids(client, "search=jalkapallo")

    assert found[-1] == hobbies["described"].pk
    assert set(found[:2]) == {hobbies["club"].pk, hobbies["school"].pk}


def test_markup_not_matched(client, catalogue):
    _tree, hobbies = catalogue

    assert hobby_ids(client, "search=b") == []
    assert hobby_ids(client, "search=maksullinen") == [hobbies["school"].pk]


@pytest.mark.parametrize("word", ["musik", "music", "musiikkia"])
def test_category_names_in_three_languages(client, catalogue, word):
    _tree, hobbies = catalogue

    assert hobby_ids(client, f"search={word}") == [hobbies["music"].pk]


def filter_queries(tree):
    return [
        f"category={tree['Ball games'].pk}",
        "price_type=free",
        "age=12",
        "language=sv",
        "ordering=nearest&near_latitude=60.17&near_longitude=24.94&max_distance=20",
        "ordering=nearest&near_latitude=60.17&near_longitude=24.94",
    ]


@pytest.mark.parametrize("word", ["jalkapallo", "koulu", "soitetaan"])
def test_search_with_filter_is_subset_of_filter(client, catalogue, word):
    tree, _hobbies = catalogue

    for query, other in itertools.product(filter_queries(tree), ["", "price_type=free"]):
        combined = f"{query}&{other}" if other else query
        alone = set(hobby_ids(client, combined))
        searched = set(hobby_ids(client, f"{combined}&search={word}"))
        assert searched <= alone, combined
        alone_events = set(event_hobby_ids(client, f"{combined}&start_weekday=2"))
        searched_events = set(event_hobby_ids(client, f"{combined}&start_weekday=2&search={word}"))
        assert searched_events <= alone_events, combined


def test_search_on_events_endpoint(client, catalogue):
    _tree, hobbies = catalogue

    found = event_hobby_ids(client, "search=fotbollsklubben")

    assert found == [hobbies["club"].pk]
