"""Query parameters of the hobby, session and promotion lists, parsed into the filter
objects of hobbies.queries. Malformed values raise a 400 keyed by the parameter."""

import math

from rest_framework.exceptions import ErrorDetail, ValidationError

from core.geo import EARTH_RADIUS_M, MAX_LATITUDE, MAX_LONGITUDE, MIN_LATITUDE, MIN_LONGITUDE
from hobbies.models import MAX_AGE, MIN_AGE, Hobby, HobbyCategory
from hobbies.queries import HobbyFilters, Ordering, SessionFilters
from places.queries import Point

from . import errors

NEAREST_PARAMETERS = ("near_latitude", "near_longitude")
METRES_PER_KILOMETRE = 1000
# No two points on Earth are farther apart than half its circumference, so a larger
# max_distance keeps every row with coordinates. Capping it keeps the metres finite.
FARTHEST_DISTANCE_M = math.pi * EARTH_RADIUS_M


def _error(name, code, **params):
    return ValidationError({name: [ErrorDetail(errors.message(code, **params).messages[0], code=code)]})


def parse_ordering(params, allowed):
    value = params.choice("ordering", [ordering.value for ordering in allowed if ordering != Ordering.DEFAULT])
    return Ordering(value) if value else Ordering.DEFAULT


def parse_near(params, ordering):
    """Return (point, max_distance_m) for nearest ordering, or (None, None)."""
    latitude = params.number("near_latitude", minimum=MIN_LATITUDE, maximum=MAX_LATITUDE)
    longitude = params.number("near_longitude", minimum=MIN_LONGITUDE, maximum=MAX_LONGITUDE)
    max_distance = params.number("max_distance", minimum=0)
    if ordering != Ordering.NEAREST:
        if max_distance is not None:
            raise _error("max_distance", "nearest_only")
        return None, None
    for name, value in zip(NEAREST_PARAMETERS, (latitude, longitude), strict=True):
        if value is None:
            raise _error(name, "required_with_nearest")
    max_distance_m = None if max_distance is None else min(max_distance * METRES_PER_KILOMETRE, FARTHEST_DISTANCE_M)
    return Point(latitude, longitude), max_distance_m


def parse_category_ids(params):
    ids = params.identifiers("category")
    if ids:
        found = set(HobbyCategory.objects.filter(pk__in=ids).values_list("pk", flat=True))
        for category_id in ids:
            if category_id not in found:
                raise _error("category", "unknown_category", value=category_id)
    return tuple(ids)


def parse_session_filters(params):
    return SessionFilters(
        weekdays=tuple(params.integers("start_weekday", minimum=1, maximum=7)),
        start_date_from=params.date("start_date_from"),
        start_date_to=params.date("start_date_to"),
        start_time_from=params.time("start_time_from"),
        start_time_to=params.time("start_time_to"),
    )


def parse_hobby_filters(params, user, *, sessions=False):
    search = (params.query_params.get("search") or "").strip()
    return HobbyFilters(
        category_ids=parse_category_ids(params),
        price_types=tuple(params.choices("price_type", Hobby.PriceType.values)),
        age=params.integer("age", minimum=MIN_AGE, maximum=MAX_AGE),
        languages=tuple(code.lower() for code in params.values("language")),
        municipality_ids=tuple(params.identifiers("municipality")),
        organizer_ids=tuple(params.identifiers("organizer")),
        updated_since=params.moment("updated_since"),
        editable_by=user if params.boolean("editable_only") else None,
        search=search,
        sessions=parse_session_filters(params) if sessions else SessionFilters(),
    )
