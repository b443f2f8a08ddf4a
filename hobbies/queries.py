"""Filters and orderings of the hobby catalogue, shared by the open API and the youth app.

Callers parse their own input into HobbyFilters and request one page at a time. The
functions here return ids in order, the total count and, for nearest ordering, distances.
Every ordering ends with the id, so consecutive pages never repeat or skip a row.

"One session per hobby" (session_page): the list holds each matching hobby once, with its
earliest session that has not ended, is not cancelled and matches the session filters.
A pupil who filters for Tuesdays gets each hobby's next Tuesday session, not its next
session on any day.
"""

import datetime as dt
import enum
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Case, Count, Exists, F, OuterRef, Q, Subquery, When, Window
from django.utils import timezone

from accounts.access import can_edit, editable_q
from core.geo import haversine_m
from places.models import Location
from places.queries import Point, box_q, nearest_page

from .categories import subtree_q
from .models import Hobby, HobbyCategory, HobbyEvent
from .search import (
    CANDIDATE_LIMIT,
    filter_candidates,
    rank_expression,
    ranked_candidates,
    search_hobbies,
)
from .services import age_overlap_q, weekday_mask

LOCATION_LATITUDE = "location__latitude"
LOCATION_LONGITUDE = "location__longitude"


class Ordering(enum.StrEnum):
    DEFAULT = "default"
    NEAREST = "nearest"
    START = "start_date"


@dataclass(frozen=True)
class SessionFilters:
    """Conditions on sessions; dates and times are Europe/Helsinki wall-clock values."""

    weekdays: tuple = ()
    start_date_from: dt.date | None = None
    start_date_to: dt.date | None = None
    start_time_from: dt.time | None = None
    start_time_to: dt.time | None = None

    def __bool__(self):
        return bool(self.weekdays) or any(
            value is not None
            for value in (self.start_date_from, self.start_date_to, self.start_time_from, self.start_time_to)
        )


@dataclass(frozen=True)
class HobbyFilters:
    """Conditions on hobbies. Empty tuples and None mean "no condition".

    `age` keeps hobbies whose age range contains the age; a missing bound is open, so hobbies
    without age data are kept (callers flag them). `editable_by` keeps only hobbies that user
    may change. `search` keeps hobbies that match every word (hobbies.search).
    `max_distance_m` keeps hobbies whose location lies within that great-circle distance
    of `near`; it needs `near` and drops hobbies without coordinates. Unlike the
    max_distance_m argument of the page functions, it works with every ordering.
    """

    category_ids: tuple = ()
    price_types: tuple = ()
    age: int | None = None
    languages: tuple = ()
    municipality_ids: tuple = ()
    organizer_ids: tuple = ()
    updated_since: dt.datetime | None = None
    editable_by: object = None
    search: str = ""
    sessions: SessionFilters = field(default_factory=SessionFilters)
    near: Point | None = None
    max_distance_m: float | None = None


@dataclass
class Page:
    """One page: `ids` in order, the total `count`, and distances in metres by id."""

    ids: list
    count: int
    distances: dict = field(default_factory=dict)


def visible_hobbies(user):
    """Return the hobbies `user` may see: every published one and those the user may change."""
    return Hobby.objects.filter(Q(status=Hobby.Status.PUBLISHED) | editable_q(user))


def is_visible(user, hobby):
    """Return True when `user` may see `hobby` (the rule of visible_hobbies, for one object)."""
    return hobby.status == Hobby.Status.PUBLISHED or can_edit(user, hobby)


def location_ids_within(point, radius_m):
    """Return the ids of locations within `radius_m` metres (great-circle) of `point`.

    The bounding box runs on the indexed coordinates; the exact distance is checked here.
    """
    rows = Location.objects.filter(box_q(point, radius_m, "latitude", "longitude")).values_list(
        "pk", "latitude", "longitude"
    )
    return [
        pk
        for pk, latitude, longitude in rows
        if haversine_m(point.latitude, point.longitude, latitude, longitude) <= radius_m
    ]


def filter_hobbies(queryset, filters):
    """Apply every condition of `filters` except search and the session conditions."""
    if filters.category_ids:
        # A correlated EXISTS reads the candidate's one to three category links. SQLite
        # compares their sort_key prefixes, because "category IN (subtree ids)" makes it seek
        # once per id. PostgreSQL turns the EXISTS into a hash join over every link of the
        # subtree, which it builds in about half the time from the subtree's ids (measured
        # with EXPLAIN ANALYZE on the national-scale data set) as without the category join.
        roots = list(HobbyCategory.objects.filter(pk__in=filters.category_ids).only("pk", "sort_key"))
        links = Hobby.categories.through.objects.filter(hobby_id=OuterRef("pk"))
        if connection.vendor == "postgresql":
            subtree = HobbyCategory.objects.filter(subtree_q(roots)).values_list("pk", flat=True)
            links = links.filter(hobbycategory_id__in=list(subtree))
        else:
            links = links.filter(subtree_q(roots, field="hobbycategory__sort_key"))
        queryset = queryset.filter(Exists(links))
    if filters.price_types:
        queryset = queryset.filter(price_type__in=filters.price_types)
    if filters.age is not None:
        queryset = queryset.filter(age_overlap_q(filters.age, filters.age))
    if filters.languages:
        queryset = queryset.filter(
            pk__in=Hobby.languages.through.objects.filter(language_id__in=filters.languages).values("hobby_id")
        )
    if filters.municipality_ids:
        queryset = queryset.filter(municipality_id__in=filters.municipality_ids)
    if filters.organizer_ids:
        queryset = queryset.filter(provider_id__in=filters.organizer_ids)
    if filters.updated_since is not None:
        queryset = queryset.filter(updated_at__gte=filters.updated_since)
    if filters.editable_by is not None:
        queryset = queryset.filter(editable_q(filters.editable_by))
    if filters.max_distance_m is not None and filters.near is not None:
        queryset = queryset.filter(location_id__in=location_ids_within(filters.near, filters.max_distance_m))
    return queryset


def session_q(sessions, *, now=None, upcoming=True):
    """Return a Q over HobbyEvent for `sessions`; with `upcoming`, only sessions that have
    not ended and are not cancelled."""
    condition = Q()
    if upcoming:
        condition &= Q(is_cancelled=False, end_at__gt=now or timezone.now())
    if sessions.weekdays:
        condition &= Q(start_weekday__in=sessions.weekdays)
    if sessions.start_date_from is not None:
        condition &= Q(start_date__gte=sessions.start_date_from)
    if sessions.start_date_to is not None:
        condition &= Q(start_date__lte=sessions.start_date_to)
    if sessions.start_time_from is not None:
        condition &= Q(start_time__gte=sessions.start_time_from)
    if sessions.start_time_to is not None:
        condition &= Q(start_time__lte=sessions.start_time_to)
    return condition


def _counted_page(queryset, order, offset, limit):
    """Return one page of `queryset` and its count from one query.

    COUNT(*) OVER () counts every row before LIMIT applies, so the database finds the
    matching rows once instead of once for the count and once for the page. A page past
    the end has no row to carry the count, so it is counted separately.
    """
    rows = list(
        queryset.annotate(total=Window(Count("*"))).order_by(*order).values_list("pk", "total")[offset : offset + limit]
    )
    if rows:
        return Page(ids=[pk for pk, _total in rows], count=rows[0][1])
    return Page(ids=[], count=queryset.count() if offset else 0)


def _sql_page(queryset, order, offset, limit):
    count = queryset.count()
    ids = list(queryset.order_by(*order).values_list("pk", flat=True)[offset : offset + limit])
    return Page(ids=ids, count=count)


def hobby_page(
    queryset,
    filters,
    *,
    offset,
    limit,
    ordering=Ordering.DEFAULT,
    near=None,
    max_distance_m=None,
    search_candidate_limit=CANDIDATE_LIMIT,
):
    """Return one page of hobbies from `queryset` (see visible_hobbies).

    Default order: best search rank first when searching, then id. Nearest order: distance
    from `near` to the hobby's location. Ordering.START: the start of the hobby's next
    session (Hobby.next_event_start_at), with hobbies without one last. Call
    refresh_stale_next_events first, so that no session that has ended counts as next.
    Searches matching more than `search_candidate_limit` hobbies are ranked in SQL instead
    of in Python; both give the same order.
    """
    queryset = filter_hobbies(queryset, filters)
    ranks = ranked_candidates(filters.search, limit=search_candidate_limit) if filters.search else None
    if ranks is not None:
        queryset = filter_candidates(queryset, ranks)
    if ordering == Ordering.NEAREST:
        if filters.search and ranks is None:
            queryset = search_hobbies(queryset, filters.search, rank=False)
        nearest = nearest_page(
            queryset,
            near,
            offset=offset,
            limit=limit,
            max_distance_m=max_distance_m,
            latitude_field=LOCATION_LATITUDE,
            longitude_field=LOCATION_LONGITUDE,
        )
        return Page(ids=nearest.ids, count=nearest.count, distances=nearest.distances)
    if ordering == Ordering.START:
        if filters.search and ranks is None:
            queryset = search_hobbies(queryset, filters.search, rank=False)
        return _sql_page(queryset, [F("next_event_start_at").asc(nulls_last=True), "pk"], offset, limit)
    if ranks is not None:
        ordered = sorted(queryset.values_list("pk", flat=True), key=lambda pk: (-ranks[pk], pk))
        return Page(ids=ordered[offset : offset + limit], count=len(ordered))
    if filters.search:
        return _sql_page(search_hobbies(queryset, filters.search), ["-search_rank", "pk"], offset, limit)
    return _sql_page(queryset, ["pk"], offset, limit)


def _earliest_session(sessions, now):
    return HobbyEvent.objects.filter(session_q(sessions, now=now), hobby=OuterRef("pk")).order_by("start_at", "id")


def session_page(
    queryset,
    filters,
    *,
    offset,
    limit,
    ordering=Ordering.DEFAULT,
    near=None,
    max_distance_m=None,
    now=None,
    search_candidate_limit=CANDIDATE_LIMIT,
):
    """Return one page of sessions, one per hobby of `queryset` (see the module docstring).

    Default order: best search rank first when searching, then the session's start.
    Ordering.START: the session's start only. Nearest: distance to the hobby's location.
    Ties are broken by hobby id. `ids` are session ids; `distances` are keyed by them.
    `search_candidate_limit` is as for hobby_page.
    """
    now = now or timezone.now()
    earliest = _earliest_session(filters.sessions, now)

    if filters.sessions:
        if filters.sessions.weekdays:
            # upcoming_weekdays may have extra bits but never misses one (see Hobby), so it
            # only skips hobbies that the exact test below would reject. After the bits the
            # exact test rarely rejects a hobby, so it comes last in the WHERE clause. Its seek
            # into the large sessions table costs more than the hobby conditions, and the
            # category condition drops most candidates. This halved the query on SQLite.
            mask = weekday_mask(filters.sessions.weekdays)
            queryset = filter_hobbies(
                queryset.alias(day_bits=F("upcoming_weekdays").bitand(mask)).filter(day_bits__gt=0), filters
            )
            hobbies = queryset.filter(Exists(earliest))
        else:
            # Without the weekday bits the session condition comes first: with the (hobby,
            # end) index it is one seek, and a date or time range drops many candidates.
            hobbies = filter_hobbies(queryset.filter(Exists(earliest)), filters)
        start_key = Subquery(earliest.values("start_at")[:1])
    else:
        # The write services keep Hobby.next_event and its copied times, so a next session
        # that has not ended is the result. Only hobbies whose next session has ended since
        # the last refresh need the subquery.
        fresh = Q(next_event_end_at__gt=now)
        hobbies = queryset.filter(fresh | Exists(earliest))
        start_key = Case(
            When(fresh, then=F("next_event_start_at")), default=Subquery(earliest.values("start_at")[:1])
        )
        hobbies = filter_hobbies(hobbies, filters)
    ranks = ranked_candidates(filters.search, limit=search_candidate_limit) if filters.search else None
    if ranks is not None:
        hobbies = filter_candidates(hobbies, ranks)
    elif filters.search:
        hobbies = search_hobbies(hobbies, filters.search, rank=ordering == Ordering.DEFAULT)

    if ordering == Ordering.NEAREST:
        nearest = nearest_page(
            hobbies,
            near,
            offset=offset,
            limit=limit,
            max_distance_m=max_distance_m,
            latitude_field=LOCATION_LATITUDE,
            longitude_field=LOCATION_LONGITUDE,
        )
        hobby_page_ = Page(ids=nearest.ids, count=nearest.count, distances=nearest.distances)
    elif ranks is not None:
        # The ranks known from ranked_candidates avoid a rank subquery per row.
        hobbies = hobbies.annotate(first_start=start_key)
        order = ["first_start", "pk"]
        rank = rank_expression(ranks) if ordering == Ordering.DEFAULT else None
        if rank is not None:
            hobbies = hobbies.annotate(search_rank=rank)
            order = ["-search_rank", *order]
        hobby_page_ = _counted_page(hobbies, order, offset, limit)
    else:
        order = ["first_start", "pk"]
        if filters.search and ordering == Ordering.DEFAULT:
            order = ["-search_rank", *order]
        hobby_page_ = _counted_page(hobbies.annotate(first_start=start_key), order, offset, limit)

    session_ids = dict(
        Hobby.objects.filter(pk__in=hobby_page_.ids)
        .annotate(session_id=Subquery(earliest.values("id")[:1]))
        .values_list("pk", "session_id")
    )
    ids = [session_ids[hobby_id] for hobby_id in hobby_page_.ids if session_ids.get(hobby_id)]
    distances = {
        session_ids[hobby_id]: distance
        for hobby_id, distance in hobby_page_.distances.items()
        if session_ids.get(hobby_id)
    }
    return Page(ids=ids, count=hobby_page_.count, distances=distances)


def hobby_sessions(hobby, sessions, *, exclude_past=False, now=None):
    """Return every session of `hobby` that matches `sessions`, in start order.

    Unlike session_page this includes cancelled sessions and, unless `exclude_past`, past ones.
    """
    condition = session_q(sessions, upcoming=False)
    if exclude_past:
        condition &= Q(end_at__gt=now or timezone.now())
    return HobbyEvent.objects.filter(condition, hobby=hobby).order_by("start_at", "id")
