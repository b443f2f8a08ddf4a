"""Nearest-first ordering of any queryset whose rows have a point, without GIS extensions.

The database only runs bounding-box queries on indexed latitude and longitude columns.
The exact great-circle distance and the order are computed here, in Python, on the rows
inside the box. The box grows until it holds the requested page, so a page near a city
centre reads a few hundred rows, not the whole table, and the result is exact: every row
outside the box is farther than every row counted inside its inscribed circle.
"""

import math
from dataclasses import dataclass, field

from django.db.models import Q

from core.geo import EARTH_RADIUS_M, bounding_box, haversine_m

# Half the Earth's circumference: a circle of this radius covers every point.
WHOLE_EARTH_RADIUS_M = math.pi * EARTH_RADIUS_M
INITIAL_RADIUS_M = 5_000
# The radius grows at least this much per round, so a sparse area needs few rounds.
MIN_GROWTH = 2.0
# Up to this many matching rows are fetched and sorted at once: one query that stops early,
# instead of a count and a series of growing boxes that each re-test the filters.
FETCH_ALL_LIMIT = 2000


@dataclass(frozen=True)
class Point:
    latitude: float
    longitude: float


@dataclass
class NearestPage:
    """One page of a nearest-first ordering: ids in order and the distance of each (metres)."""

    ids: list
    count: int
    distances: dict = field(default_factory=dict)


def box_q(point, radius_m, latitude_field, longitude_field):
    """Return a Q selecting rows inside the bounding box of the circle around `point`.

    A box that crosses the antimeridian becomes two longitude ranges.
    """
    min_lat, max_lat, min_lon, max_lon = bounding_box(point.latitude, point.longitude, radius_m)
    condition = Q(**{f"{latitude_field}__gte": min_lat, f"{latitude_field}__lte": max_lat})
    if min_lon < -180.0 or max_lon > 180.0:
        if max_lon - min_lon >= 360.0:
            return condition & Q(**{f"{longitude_field}__isnull": False})
        if min_lon < -180.0:
            ranges = [(min_lon + 360.0, 180.0), (-180.0, max_lon)]
        else:
            ranges = [(min_lon, 180.0), (-180.0, max_lon - 360.0)]
        longitude = Q(pk__in=[])
        for low, high in ranges:
            longitude |= Q(**{f"{longitude_field}__gte": low, f"{longitude_field}__lte": high})
        return condition & longitude
    return condition & Q(**{f"{longitude_field}__gte": min_lon, f"{longitude_field}__lte": max_lon})


def _within(queryset, point, radius_m, latitude_field, longitude_field):
    """Return sorted (distance, id) pairs of the rows within `radius_m` of `point`."""
    location_field = _location_field(latitude_field, longitude_field)
    if location_field:
        # Let the locations' (latitude, longitude) index drive the query: the box selects a
        # few locations, and the rows are then found through their indexed foreign key.
        from .models import Location

        inside = Location.objects.filter(box_q(point, radius_m, "latitude", "longitude")).values("pk")
        rows = queryset.filter(**{f"{location_field}__in": inside})
    else:
        rows = queryset.filter(box_q(point, radius_m, latitude_field, longitude_field))
    rows = rows.values_list("pk", latitude_field, longitude_field)
    pairs = []
    for pk, latitude, longitude in rows:
        distance = haversine_m(point.latitude, point.longitude, latitude, longitude)
        if distance <= radius_m:
            pairs.append((distance, pk))
    pairs.sort()
    return pairs


def _sorted_page(point, rows, offset, limit):
    """Return a page of all `rows` (id, latitude, longitude), nearest first, those without a point last."""
    with_point, without_point = [], []
    for pk, latitude, longitude in rows:
        if latitude is None or longitude is None:
            without_point.append(pk)
        else:
            with_point.append((haversine_m(point.latitude, point.longitude, latitude, longitude), pk))
    with_point.sort()
    without_point.sort()
    ordered = [pk for _distance, pk in with_point] + without_point
    distances = dict((pk, distance) for distance, pk in with_point[offset : offset + limit])
    return NearestPage(ids=ordered[offset : offset + limit], count=len(rows), distances=distances)


def _location_field(latitude_field, longitude_field):
    """Return "x" when the coordinates are x__latitude and x__longitude of a location, else None."""
    prefix, separator, name = latitude_field.rpartition("__")
    if separator and name == "latitude" and longitude_field == f"{prefix}__longitude":
        return prefix
    return None


def nearest_page(
    queryset,
    point,
    *,
    offset,
    limit,
    max_distance_m=None,
    latitude_field="latitude",
    longitude_field="longitude",
    fetch_all_limit=FETCH_ALL_LIMIT,
):
    """Return the rows [offset, offset + limit) of `queryset`, nearest to `point` first.

    Ties are broken by id, so consecutive pages never repeat or skip a row. Rows without
    coordinates come last, in id order, unless `max_distance_m` is given, which drops them
    together with every row farther than that.
    """
    queryset = queryset.order_by()
    need = offset + limit

    if max_distance_m is not None:
        pairs = _within(queryset, point, max_distance_m, latitude_field, longitude_field)
        page = pairs[offset:need]
        return NearestPage(ids=[pk for _d, pk in page], count=len(pairs), distances={pk: d for d, pk in page})

    rows = list(queryset.values_list("pk", latitude_field, longitude_field)[: fetch_all_limit + 1])
    if len(rows) <= fetch_all_limit:
        return _sorted_page(point, rows, offset, limit)

    count = queryset.count()
    sample = sorted(
        haversine_m(point.latitude, point.longitude, latitude, longitude)
        for _pk, latitude, longitude in rows
        if latitude is not None and longitude is not None
    )
    if count <= need:
        # The page reaches past the rows there are: only the whole Earth can fill it.
        cap = radius = WHOLE_EARTH_RADIUS_M
    else:
        # The fetched rows are a subset of all rows, so at least `need` rows lie within the
        # distance of the need-th nearest of them: the circle never has to grow beyond it.
        cap = sample[need - 1] if len(sample) >= need else WHOLE_EARTH_RADIUS_M
        radius = min(INITIAL_RADIUS_M, cap)
    while True:
        pairs = _within(queryset, point, radius, latitude_field, longitude_field)
        if len(pairs) >= need or radius >= cap:
            break
        # Grow the circle to the area that should hold `need` rows at the density seen so far.
        growth = math.sqrt(need / len(pairs)) * 1.25 if pairs else 4.0
        radius = min(cap, radius * max(MIN_GROWTH, growth))

    page = pairs[offset:need]
    ids = [pk for _d, pk in page]
    distances = {pk: d for d, pk in page}
    if len(ids) < limit and radius >= WHOLE_EARTH_RADIUS_M:
        # Every row with coordinates is in `pairs`; the page continues with those without.
        skip = max(0, offset - len(pairs))
        location_field = _location_field(latitude_field, longitude_field)
        if location_field:
            from .models import Location

            without_point = Location.objects.filter(Q(latitude__isnull=True) | Q(longitude__isnull=True))
            missing = Q(**{f"{location_field}__isnull": True}) | Q(**{f"{location_field}__in": without_point})
        else:
            missing = Q(**{f"{latitude_field}__isnull": True}) | Q(**{f"{longitude_field}__isnull": True})
        without = queryset.filter(missing).order_by("pk")
        ids += list(without.values_list("pk", flat=True)[skip : skip + limit - len(ids)])
    return NearestPage(ids=ids, count=count, distances=distances)
