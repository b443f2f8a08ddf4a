"""The hobby list: search, filters in the URL, removable chips, errors and ordering."""

from urllib.parse import parse_qsl, urlsplit

import pytest
from django.urls import reverse

from core import testing
from youth.tests.conftest import HELSINKI_CENTRE, session_at, url

pytestmark = pytest.mark.django_db

LIST = "/hobbies/"
NEAR_CENTRE = {"lat": str(HELSINKI_CENTRE[0]), "lon": str(HELSINKI_CENTRE[1]), "place": "Rautatientori"}


def names(response):
    return [item.hobby.name_fi for item in response.context["items"]]


def chip_labels(response):
    return [chip.label for chip in response.context["chips"]]


def test_list_shows_only_published(client, catalogue):
    response = client.get(LIST)
    assert response.status_code == 200
    assert sorted(names(response)) == ["Bändikoulu", "Jalkapallokerho Pallo", "Karatekoulu"]


def test_list_lists_hobbies_without_sessions_last(client, catalogue):
    quiet = testing.make_hobby(name_fi="Hiljainen kerho")
    response = client.get(LIST)
    assert names(response)[-1] == quiet.name_fi
    assert "Ei tulevia kertoja" in response.content.decode()


def test_search_uses_stemmed_index_in_any_language(client, catalogue):
    assert names(client.get(LIST, {"q": "fotbollsklubben"})) == ["Jalkapallokerho Pallo"]
    assert names(client.get(LIST, {"q": "kamppailulajeja"})) == ["Karatekoulu"]


def test_search_typed_without_umlauts(client, catalogue):
    assert names(client.get(LIST, {"q": "bandikoulu"})) == ["Bändikoulu"]
    assert names(client.get(LIST, {"q": "bandikoulu", "day": "2"})) == ["Bändikoulu"]


def test_category_filter_includes_subcategories(client, catalogue, category_tree):
    response = client.get(LIST, {"category": category_tree["Sports"].pk})
    assert sorted(names(response)) == ["Jalkapallokerho Pallo", "Karatekoulu"]
    assert chip_labels(response) == ["Urheilu ja liikunta"]


def test_weekday_and_time_window_filter_sessions(client, catalogue):
    response = client.get(LIST, {"day": "2", "time_from": "16:00", "time_to": "19:00"})
    assert names(response) == ["Jalkapallokerho Pallo"]
    assert [item.session.start_time.strftime("%H:%M") for item in response.context["items"]] == ["17:30"]
    assert chip_labels(response) == ["tiistai", "Alkaa 16.00–19.00"]


@pytest.mark.parametrize(
    ("prefix", "chip"),
    [
        ("", "Alkaa klo 17.30 tai myöhemmin"),
        ("/sv", "Börjar kl. 17.30 eller senare"),
        ("/en", "Starts at 17:30 or later"),
    ],
)
def test_time_chip_uses_language_format(client, catalogue, prefix, chip):
    """The chip writes the time as the session times are written in that language."""
    response = client.get(prefix + LIST, {"time_from": "17:30"})
    assert chip_labels(response) == [chip]


def test_free_only_and_age_filters(client, catalogue):
    assert sorted(names(client.get(LIST, {"free": "1"}))) == ["Bändikoulu", "Jalkapallokerho Pallo"]
    assert sorted(names(client.get(LIST, {"age": "15"}))) == ["Bändikoulu", "Karatekoulu"]


def test_distance_filter_measures_from_chosen_place(client, catalogue):
    response = client.get(LIST, {**NEAR_CENTRE, "max_km": "5"})
    assert names(response) == ["Jalkapallokerho Pallo"]
    assert response.context["items"][0].distance_m < 100
    response = client.get(LIST, {**NEAR_CENTRE, "max_km": "25", "sort": "soonest"})
    assert sorted(names(response)) == ["Bändikoulu", "Jalkapallokerho Pallo", "Karatekoulu"]


def test_place_orders_nearest_first_by_default(client, catalogue):
    response = client.get(LIST, NEAR_CENTRE)
    assert names(response)[0] == "Jalkapallokerho Pallo"
    distances = [item.distance_m for item in response.context["items"]]
    assert distances == sorted(distances)
    assert "Rautatientori" in response.content.decode()


def test_chip_removes_only_its_own_filter(client, catalogue, category_tree):
    params = {"q": "koulu", "day": ["2", "4"], "free": "1", **NEAR_CENTRE}
    response = client.get(LIST, params)
    chips = {chip.label: chip.remove_url for chip in response.context["chips"]}
    remaining = parse_qsl(urlsplit(chips["torstai"]).query)
    assert ("day", "2") in remaining
    assert ("day", "4") not in remaining
    assert ("q", "koulu") in remaining
    assert ("free", "1") in remaining
    assert ("lat", "60.171") in remaining  # the place is not a filter chip


def test_filtered_list_url_reloads_the_same(client, catalogue, category_tree):
    params = {"q": "bändi", "category": category_tree["Arts"].pk, "day": "2", "age": "13"}
    first = client.get(LIST, params)
    assert names(first) == ["Bändikoulu"]
    pairs = first.context["query"].params()
    again = client.get(LIST + "?" + "&".join(f"{name}={value}" for name, value in pairs))
    assert names(again) == names(first)
    assert again.context["query"].params() == pairs


def test_invalid_values_are_named_in_translated_errors(client, catalogue):
    response = client.get(LIST, {"age": "abc", "day": "9", "time_from": "25:99", "category": "999999"}, HTTP_ACCEPT_LANGUAGE="fi")
    assert response.status_code == 400
    content = response.content.decode()
    assert "Ikä: ”abc” ei ole kokonaisluku." in content
    assert "Viikonpäivä: 9 ei ole välillä 1–7." in content
    assert "25:99" in content
    assert "999999" in content
    assert len(names(response)) == 3  # the broken filters are left out, the list still shows


def test_distance_without_place_asks_for_place(client, catalogue):
    response = client.get(url("youth:hobby-list", language="en"), {"max_km": "5"})
    assert response.status_code == 400
    assert "choose a place first" in response.content.decode()


def test_half_a_place_is_rejected(client, catalogue):
    response = client.get(url("youth:hobby-list", language="en"), {"lat": "60.1"})
    assert response.status_code == 400
    assert "Longitude of the place is missing" in response.content.decode()


def test_coordinates_are_rounded_in_links(client, catalogue):
    response = client.get(LIST, {"lat": "60.1712345", "lon": "24.9412345"})
    assert ("lat", "60.171") in response.context["query"].params()
    assert "60.1712345" not in response.content.decode()


def test_pagination_keeps_filters(client, category_tree):
    for number in range(25):
        testing.make_hobby(name_fi=f"Kerho {number:02d}", categories=[category_tree["Music"]])
    response = client.get(LIST, {"category": category_tree["Music"].pk})
    assert len(names(response)) == 20
    assert response.context["page_count"] == 2
    next_url = response.context["next_url"]
    assert f"category={category_tree['Music'].pk}" in next_url
    assert len(names(client.get(next_url))) == 5


@pytest.mark.parametrize("page", ["99999999999999999999", "1000001", "٢"])
@pytest.mark.parametrize("extra", [{}, {"day": "1"}])
def test_bad_page_number_shows_first_page(client, catalogue, page, extra):
    response = client.get(LIST, {"page": page, **extra})

    assert response.status_code == 200
    assert response.context["page"] == 1


def test_category_picker_lists_only_used_branches(client, catalogue, category_tree):
    content = client.get(LIST).content.decode()
    assert f'id="category-{category_tree["Football"].pk}"' in content
    assert f'id="category-{category_tree["Music"].pk}"' in content
    empty = testing.make_category("Tyhjä haara")
    assert f'id="category-{empty.pk}"' not in client.get(LIST).content.decode()


def test_list_page_is_cacheable_with_etag(client, catalogue):
    response = client.get(LIST)
    assert "max-age=300" in response["Cache-Control"]
    assert "public" in response["Cache-Control"]
    again = client.get(LIST, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_map_shows_markers_and_the_same_list(client, catalogue):
    response = client.get(reverse("youth:hobby-map"), {"free": "1"})
    markers = response.context["markers"]
    assert sorted(marker["id"] for marker in markers) == sorted([catalogue["football"].pk, catalogue["band"].pk])
    content = response.content.decode()
    assert "Bändikoulu" in content
    assert "vendor/leaflet/leaflet.js" in content
    assert "tile.openstreetmap.org" not in content or 'data-tile-url="https://tile.openstreetmap.org' in content


def test_list_records_analytics_fields(client, catalogue, category_tree):
    content = client.get(LIST, {"q": "koulu", "category": category_tree["Arts"].pk, "free": "1"}).content.decode()
    assert 'data-search-text="koulu"' in content
    assert 'data-filters="category price_type"' in content
    assert f'data-category="{category_tree["Arts"].pk}"' in content
    assert "data-track-search" in content


@pytest.mark.parametrize("params", [{}, {"day": "2"}, {"lat": "60.1", "lon": "24.9"}])
def test_list_queries_stay_constant(client, category_tree, provider, django_assert_max_num_queries, params):
    for _number in range(25):
        hobby = testing.make_hobby(provider=provider, location=testing.make_location(), categories=[category_tree["Music"]])
        session_at(hobby, 2, 17)
    with django_assert_max_num_queries(10):
        response = client.get(LIST, params)
    assert len(names(response)) == 20
