"""Nearest-first ordering without GIS extensions (places.queries)."""

import random

import pytest

from core import testing
from core.geo import haversine_m
from places.models import Location
from places.queries import Point, box_q, nearest_page

HELSINKI = Point(60.1699, 24.9384)


def brute_force(point, max_distance_m=None):
    rows = []
    for location in Location.objects.all():
        if location.latitude is None:
            continue
        distance = haversine_m(point.latitude, point.longitude, location.latitude, location.longitude)
        if max_distance_m is None or distance <= max_distance_m:
            rows.append((distance, location.pk))
    rows.sort()
    return [pk for _distance, pk in rows]


@pytest.fixture
def scattered(db):
    """Locations from 0 to about 600 km around Helsinki, some sharing a point, some without one."""
    rng = random.Random(7)
    for _ in range(120):
        testing.make_location(
            latitude=HELSINKI.latitude + rng.uniform(-3, 5), longitude=HELSINKI.longitude + rng.uniform(-4, 6)
        )
    for _ in range(5):
        testing.make_location(latitude=60.2, longitude=25.0)
    for _ in range(4):
        testing.make_location(latitude=None, longitude=None)


# 0 forces the growing bounding box, 30 one box sized from a sample of 31 rows, and the
# default fetches small sets at once.
STRATEGIES = [0, 30, 2000]


def collect_pages(point, size, max_distance_m=None, fetch_all_limit=0):
    ids, offset = [], 0
    while True:
        page = nearest_page(
            Location.objects.all(),
            point,
            offset=offset,
            limit=size,
            max_distance_m=max_distance_m,
            fetch_all_limit=fetch_all_limit,
        )
        ids += page.ids
        offset += size
        if offset >= page.count:
            return ids, page.count


@pytest.mark.parametrize("fetch_all_limit", STRATEGIES)
@pytest.mark.parametrize("size", [1, 7, 20, 500])
def test_pages_follow_great_circle_order(scattered, size, fetch_all_limit):
    ids, count = collect_pages(HELSINKI, size, fetch_all_limit=fetch_all_limit)

    with_coordinates = brute_force(HELSINKI)
    without = list(Location.objects.filter(latitude__isnull=True).order_by("pk").values_list("pk", flat=True))
    assert count == Location.objects.count()
    assert ids == with_coordinates + without


@pytest.mark.parametrize("fetch_all_limit", STRATEGIES)
def test_pages_never_repeat_or_skip(scattered, fetch_all_limit):
    ids, count = collect_pages(HELSINKI, 3, fetch_all_limit=fetch_all_limit)

    assert len(ids) == len(set(ids)) == count


@pytest.mark.parametrize("fetch_all_limit", STRATEGIES)
def test_equal_distances_break_ties_by_id(scattered, fetch_all_limit):
    same_point = list(Location.objects.filter(latitude=60.2, longitude=25.0).order_by("pk").values_list("pk", flat=True))

    page = nearest_page(
        Location.objects.all(), Point(60.2, 25.0), offset=0, limit=5, fetch_all_limit=fetch_all_limit
    )

    assert page.ids == same_point
    assert all(page.distances[pk] == 0 for pk in same_point)


@pytest.mark.parametrize("max_km", [0, 10, 100, 400])
def test_max_distance_drops_far_rows(scattered, max_km):
    ids, count = collect_pages(HELSINKI, 10, max_distance_m=max_km * 1000)

    assert ids == brute_force(HELSINKI, max_km * 1000)
    assert count == len(ids)


@pytest.mark.parametrize("fetch_all_limit", STRATEGIES)
def test_east_is_nearer_than_farther_north(db, fetch_all_limit):
    """8 km east is nearer than 11 km north, which flat degree differences get wrong."""
    east = testing.make_location(latitude=60.1699, longitude=24.9384 + 8 / (111.32 * 0.4977))
    north = testing.make_location(latitude=60.1699 + 11 / 111.32, longitude=24.9384)

    page = nearest_page(Location.objects.all(), HELSINKI, offset=0, limit=2, fetch_all_limit=fetch_all_limit)

    assert page.ids == [east.pk, north.pk]
    assert 7_900 < page.distances[east.pk] < 8_100


def test_box_across_antimeridian_has_both_sides(db):
    west = testing.make_location(latitude=0.0, longitude=179.9)
    east = testing.make_location(latitude=0.0, longitude=-179.9)
    testing.make_location(latitude=0.0, longitude=0.0)

    inside = set(Location.objects.filter(box_q(Point(0.0, 179.95), 50_000, "latitude", "longitude")).values_list("pk", flat=True))

    assert inside == {west.pk, east.pk}


def test_rows_reached_through_location_use_its_index(db):
    """A queryset of hobbies is ordered by the location of each hobby, both strategies alike."""
    from hobbies.models import Hobby

    near = testing.make_hobby(location=testing.make_location(latitude=60.17, longitude=24.95))
    far = testing.make_hobby(location=testing.make_location(latitude=62.0, longitude=25.0))
    nowhere = testing.make_hobby(location=None)

    for fetch_all_limit in STRATEGIES:
        page = nearest_page(
            Hobby.objects.all(),
            HELSINKI,
            offset=0,
            limit=10,
            latitude_field="location__latitude",
            longitude_field="location__longitude",
            fetch_all_limit=fetch_all_limit,
        )
        assert page.ids == [near.pk, far.pk, nowhere.pk]
        assert page.count == 3
