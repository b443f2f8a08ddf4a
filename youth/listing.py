"""What the youth pages read: hobby lists through hobbies.queries, the category tree of the
filter, and the promotions shown to pupils."""

from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import F, Prefetch, Q
from django.utils import timezone

from core.geo import haversine_m
from hobbies.models import Hobby, HobbyCategory, HobbyEvent
from hobbies.queries import HobbyFilters, Ordering, hobby_page, session_page
from promotions.models import Promotion

CATEGORY_CACHE_KEY = "youth:listed-category-ids"
CATEGORY_CACHE_SECONDS = 600


@dataclass
class ListedHobby:
    """A hobby in a list: its next (matching) session, if any, and its distance in metres
    from the chosen place, if one was given and the hobby's location has coordinates."""

    hobby: Hobby
    session: HobbyEvent | None
    distance_m: float | None


def with_card_data(queryset):
    """Add what a hobby card shows to a Hobby queryset."""
    return queryset.select_related("provider", "location", "next_event").prefetch_related(
        Prefetch("categories", queryset=HobbyCategory.objects.order_by("sort_key"))
    )


def _distance(near, hobby, known=None):
    if known is not None:
        return known
    location = hobby.location
    if near is None or location is None or not location.has_coordinates:
        return None
    return haversine_m(near.latitude, near.longitude, location.latitude, location.longitude)


def list_hobbies(filters, *, ordering, near=None, offset=0, limit=20):
    """Return (ListedHobby items, total count) of published hobbies matching `filters`.

    With session filters (weekday, start time) each hobby comes with its next session that
    matches them, and hobbies without one are left out. Otherwise every matching hobby is
    listed with its next session, or None.
    """
    published = Hobby.objects.published()
    max_distance_m = filters.max_distance_m if ordering == Ordering.NEAREST else None
    if filters.sessions:
        page = session_page(
            published, filters, offset=offset, limit=limit, ordering=ordering, near=near, max_distance_m=max_distance_m
        )
        sessions = {
            session.pk: session
            for session in HobbyEvent.objects.filter(pk__in=page.ids)
        }
        hobbies = {
            hobby.pk: hobby
            for hobby in with_card_data(Hobby.objects.filter(pk__in=[s.hobby_id for s in sessions.values()]))
        }
        items = [
            ListedHobby(
                hobby=hobbies[sessions[pk].hobby_id],
                session=sessions[pk],
                distance_m=_distance(near, hobbies[sessions[pk].hobby_id], page.distances.get(pk)),
            )
            for pk in page.ids
            if pk in sessions
        ]
        return items, page.count

    page = hobby_page(
        published, filters, offset=offset, limit=limit, ordering=ordering, near=near, max_distance_m=max_distance_m
    )
    hobbies = {hobby.pk: hobby for hobby in with_card_data(Hobby.objects.filter(pk__in=page.ids))}
    items = [
        ListedHobby(hobby=hobbies[pk], session=hobbies[pk].next_event, distance_m=_distance(near, hobbies[pk], page.distances.get(pk)))
        for pk in page.ids
        if pk in hobbies
    ]
    return items, page.count


def hobbies_by_ids(ids):
    """Return the published hobbies among `ids`, in the order of `ids`."""
    found = {hobby.pk: hobby for hobby in with_card_data(Hobby.objects.published().filter(pk__in=ids))}
    return [ListedHobby(hobby=found[pk], session=found[pk].next_event, distance_m=None) for pk in ids if pk in found]


def soonest_hobbies(limit):
    items, _count = list_hobbies(HobbyFilters(), ordering=Ordering.START, limit=limit)
    return items


def listed_category_ids():
    """Return the ids of categories with a published hobby in their subtree.

    A category's ancestors are the prefixes of its sort_key, so the set is every prefix of
    the sort keys of the categories that published hobbies link to. Cached for ten minutes.
    """
    ids = cache.get(CATEGORY_CACHE_KEY)
    if ids is not None:
        return ids
    linked_keys = set(
        Hobby.categories.through.objects.filter(hobby__status=Hobby.Status.PUBLISHED).values_list(
            "hobbycategory__sort_key", flat=True
        )
    )
    keys = set()
    for key in linked_keys:
        parts = key.split(".")
        keys.update(".".join(parts[: length + 1]) for length in range(len(parts)))
    ids = set(HobbyCategory.objects.filter(sort_key__in=keys).values_list("pk", flat=True)) if keys else set()
    cache.set(CATEGORY_CACHE_KEY, ids, CATEGORY_CACHE_SECONDS)
    return ids


@dataclass
class CategoryNode:
    category: HobbyCategory
    children: list
    contains_selected: bool = False


def category_tree(selected_ids=()):
    """Return the root CategoryNodes of the categories that have published hobbies.

    A single root above everything (the ontology's "hobby" concept) is skipped, because a
    picker with one top-level choice adds a step and no information.
    """
    ids = listed_category_ids() | set(selected_ids)
    categories = list(HobbyCategory.objects.filter(pk__in=ids).order_by("sort_key", "id"))
    nodes = {category.pk: CategoryNode(category, []) for category in categories}
    roots = []
    for category in categories:
        parent = nodes.get(category.parent_id)
        if parent is None:
            roots.append(nodes[category.pk])
        else:
            parent.children.append(nodes[category.pk])
    while len(roots) == 1 and roots[0].children:
        roots = roots[0].children
    selected_keys = [category.sort_key for category in categories if category.pk in set(selected_ids)]
    for root in roots:
        prefix = root.category.sort_key
        root.contains_selected = any(key == prefix or key.startswith(prefix + ".") for key in selected_keys)
    return roots


def current_promotions(*, municipality_code=None, now=None):
    """Return the promotions a pupil can use now: valid, with uses left, and aimed at
    everyone or at the municipality of the pupil's chosen place."""
    now = now or timezone.now()
    targeting = Q(target_municipalities__isnull=True)
    if municipality_code:
        targeting |= Q(target_municipalities__code=municipality_code)
    return (
        Promotion.objects.filter(valid_from__lte=now, valid_until__gt=now, used_count__lt=F("total_quantity"))
        .filter(targeting)
        .select_related("provider", "location", "hobby")
        .distinct()
        .order_by("valid_until", "id")
    )
