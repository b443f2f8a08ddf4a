"""Pages of the youth app. Views parse the request, call the query functions of
hobbies.queries (through youth.listing) and render; nothing here stores a pupil's data."""

import math
import re
import unicodedata
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.middleware.http import ConditionalGetMiddleware
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.decorators import decorator_from_middleware
from django.utils.text import slugify
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control

from core.text import repeats_start
from hobbies.models import Hobby, HobbyCategory, HobbyEvent, WeeklySchedule
from hobbies.queries import HobbyFilters, Ordering
from hobbies.services import refresh_stale_next_events
from hobbies.timeutils import local_today
from places.models import Municipality, PostalCode

from . import calendar
from .filters import DISTANCE_CHOICES_KM, parse_list_query
from .listing import (
    category_tree,
    current_promotions,
    hobbies_by_ids,
    list_hobbies,
    soonest_hobbies,
)

PAGE_SIZE = 20
MAP_LIMIT = 500
HOME_HOBBIES = 6
HOME_PROMOTIONS = 4
UPCOMING_SESSIONS_SHOWN = 12
MAX_FAVOURITES = 100
PLACE_RESULTS = 20
# Browsers and proxies may reuse a page for this long. The service worker still fetches
# pages from the network first whenever the device is online.
PAGE_MAX_AGE = 300
STATIC_PAGE_MAX_AGE = 3600

conditional_get = decorator_from_middleware(ConditionalGetMiddleware)


def cacheable(max_age=PAGE_MAX_AGE):
    """Mark a page cacheable by browsers and proxies, with an ETag for revalidation."""

    def decorate(view):
        return cache_control(public=True, max_age=max_age)(conditional_get(view))

    return decorate


def _weekday_choices():
    return [(day, WEEKDAYS[day - 1]) for day in range(1, 8)]


@cacheable()
def home(request):
    refresh_stale_next_events()
    return render(
        request,
        "youth/home.html",
        {
            "soonest": soonest_hobbies(HOME_HOBBIES),
            "promotions": list(current_promotions()[:HOME_PROMOTIONS]),
            "category_roots": category_tree(),
        },
    )


@cacheable()
def nearby(request):
    """Return the home page's "near you" section for the place in the query string."""
    query = parse_list_query(request.GET)
    if query.near is None:
        message = query.errors[0] if query.errors else _("Choose a place to see hobbies near it.")
        return render(request, "youth/_nearby.html", {"error": message}, status=400)
    refresh_stale_next_events()
    items, count = list_hobbies(HobbyFilters(), ordering=Ordering.NEAREST, near=query.near, limit=HOME_HOBBIES)
    return render(
        request,
        "youth/_nearby.html",
        {"items": items, "count": count, "query": query, "list_url": reverse("youth:hobby-list") + query.query_string()},
    )


# Far beyond any real list, and small enough that the offset fits a database integer. A
# larger page number shows the last page, like any number past the end.
MAX_PAGE = 1_000_000
# The largest id of a 64-bit primary key. A larger number cannot name a hobby.
MAX_ID = 2**63 - 1


def _is_number(text):
    """Return True for ASCII digits only: int() also reads other scripts' digits ("١٢")."""
    return text.isascii() and text.isdigit()


def _page_number(value):
    value = (value or "").strip()
    if not _is_number(value):
        return 1
    return min(max(1, int(value)), MAX_PAGE)


@cacheable()
def hobby_list(request):
    refresh_stale_next_events()
    query = parse_list_query(request.GET)
    page = _page_number(request.GET.get("page"))
    items, count = list_hobbies(
        query.filters, ordering=query.ordering, near=query.near, offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE
    )
    page_count = max(1, math.ceil(count / PAGE_SIZE))
    if page > page_count:
        page = page_count
        items, count = list_hobbies(
            query.filters, ordering=query.ordering, near=query.near, offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE
        )
    base_url = reverse("youth:hobby-list")
    context = {
        "query": query,
        "items": items,
        "count": count,
        "page": page,
        "page_count": page_count,
        "previous_url": base_url + query.query_string(page=page - 1) if page > 1 else "",
        "next_url": base_url + query.query_string(page=page + 1) if page < page_count else "",
        "chips": query.chips(base_url),
        "clear_url": base_url + ("?" + urlencode(query.place_params()) if query.near else ""),
        "map_url": reverse("youth:hobby-map") + query.query_string(),
        "category_roots": category_tree(query.category_ids),
        "weekdays": _weekday_choices(),
        "distance_choices": DISTANCE_CHOICES_KM,
        "first_index": (page - 1) * PAGE_SIZE + 1,
    }
    return render(request, "youth/hobby_list.html", context, status=400 if query.errors else 200)


@cacheable()
def hobby_map(request):
    refresh_stale_next_events()
    query = parse_list_query(request.GET)
    items, count = list_hobbies(query.filters, ordering=query.ordering, near=query.near, limit=MAP_LIMIT)
    markers = [
        {
            "id": item.hobby.pk,
            "name": item.hobby.name,
            "lat": item.hobby.location.latitude,
            "lon": item.hobby.location.longitude,
            "url": reverse("youth:hobby-detail", args=[item.hobby.pk]),
        }
        for item in items
        if item.hobby.location is not None and item.hobby.location.has_coordinates
    ]
    context = {
        "query": query,
        "items": items,
        "count": count,
        "shown": len(items),
        "markers": markers,
        "chips": query.chips(reverse("youth:hobby-map")),
        "list_url": reverse("youth:hobby-list") + query.query_string(),
        "place": {"lat": query.near.latitude, "lon": query.near.longitude} if query.near else None,
    }
    return render(request, "youth/hobby_map.html", context, status=400 if query.errors else 200)


def _published_hobby(pk):
    return get_object_or_404(
        Hobby.objects.published()
        .select_related("provider", "location", "municipality")
        .prefetch_related("languages", Prefetch("categories", queryset=HobbyCategory.objects.order_by("sort_key"))),
        pk=pk,
    )


@cacheable()
def hobby_detail(request, pk):
    hobby = _published_hobby(pk)
    now = timezone.now()
    upcoming = list(HobbyEvent.objects.filter(hobby=hobby, end_at__gt=now).order_by("start_at", "id")[: UPCOMING_SESSIONS_SHOWN + 1])
    more_sessions = HobbyEvent.objects.filter(hobby=hobby, end_at__gt=now).count() - UPCOMING_SESSIONS_SHOWN
    schedules = list(WeeklySchedule.objects.filter(hobby=hobby, last_date__gte=local_today(now)).order_by("first_date", "start_time", "id"))
    location = hobby.location
    # Linked Events often repeats the short description as the first paragraph of the
    # description, so show only the longer text when one starts with the other.
    short_description, description = hobby.short_description, hobby.description
    lead_repeated = repeats_start(description, short_description)
    description_repeated = not lead_repeated and repeats_start(short_description, description)
    return render(
        request,
        "youth/hobby_detail.html",
        {
            "hobby": hobby,
            "show_short_description": bool(short_description) and not lead_repeated,
            "show_description": bool(description) and not description_repeated,
            "sessions": upcoming[:UPCOMING_SESSIONS_SHOWN],
            "more_sessions": max(0, more_sessions),
            "schedules": schedules,
            "page_title": hobby.name or _("Hobby"),
            "has_point": location is not None and location.has_coordinates,
            "absolute_url": request.build_absolute_uri(),
        },
    )


def _calendar_response(text, name):
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    filename = (slugify(name)[:60] or "harrastus") + ".ics"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@cache_control(public=True, max_age=PAGE_MAX_AGE)
def session_calendar(request, pk):
    session = get_object_or_404(
        HobbyEvent.objects.select_related("hobby__location").filter(hobby__status=Hobby.Status.PUBLISHED), pk=pk
    )
    language = get_language()
    url = request.build_absolute_uri(reverse("youth:hobby-detail", args=[session.hobby_id]))
    text = calendar.session_calendar(session, language=language, url=url)
    return _calendar_response(text, calendar.hobby_name(session.hobby, language))


@cache_control(public=True, max_age=PAGE_MAX_AGE)
def schedule_calendar(request, pk):
    schedule = get_object_or_404(
        WeeklySchedule.objects.select_related("hobby__location").filter(hobby__status=Hobby.Status.PUBLISHED), pk=pk
    )
    language = get_language()
    url = request.build_absolute_uri(reverse("youth:hobby-detail", args=[schedule.hobby_id]))
    cancelled = schedule.sessions.filter(is_cancelled=True).values_list("start_date", flat=True)
    text = calendar.schedule_calendar(schedule, language=language, url=url, cancelled_dates=set(cancelled))
    if text is None:
        raise Http404
    return _calendar_response(text, calendar.hobby_name(schedule.hobby, language))


@cacheable(STATIC_PAGE_MAX_AGE)
def favourites(request):
    return render(request, "youth/favourites.html", {"page_title": _("Favourites")})


def _parse_ids(raw):
    ids = []
    for part in (raw or "").split(","):
        part = part.strip()
        if not part:
            continue
        if not _is_number(part) or not 1 <= int(part) <= MAX_ID:
            raise ValidationError(_("Favourites: “%(value)s” is not a hobby id.") % {"value": part[:20]})
        if int(part) not in ids:
            ids.append(int(part))
    if len(ids) > MAX_FAVOURITES:
        raise ValidationError(
            _("Favourites: %(count)s ids were given; at most %(max)s fit in one request.")
            % {"count": len(ids), "max": MAX_FAVOURITES}
        )
    return ids


@cacheable()
def favourite_cards(request):
    """Return the cards of the favourite hobbies in `ids` (from the device), in that order."""
    try:
        ids = _parse_ids(request.GET.get("ids"))
    except ValidationError as error:
        return render(request, "youth/_favourite_cards.html", {"error": error.messages[0]}, status=400)
    return render(request, "youth/_favourite_cards.html", {"items": hobbies_by_ids(ids)})


POSTAL_CODE_PREFIX = re.compile(r"^\d{1,5}$")


def search_places(text):
    """Return (municipalities, postal codes) matching `text` by code or name, for the place
    picker without JavaScript."""
    text = " ".join(text.split())[:50]
    if len(text) < 2 and not text.isdigit():
        return [], []
    if POSTAL_CODE_PREFIX.match(text):
        municipalities = Municipality.objects.filter(is_active=True, code=text.zfill(3)) if len(text) <= 3 else []
        postal_codes = PostalCode.objects.filter(code__startswith=text).select_related("municipality")
    else:
        # Names are compared in Python with accents folded, so that "jyvaskyla" finds
        # Jyväskylä; the lists are small (about 300 and 3,600 rows).
        query = fold(text)
        municipalities = [
            municipality
            for municipality in Municipality.objects.filter(is_active=True).order_by("name_fi")
            if any(query in fold(name) for name in (municipality.name_fi, municipality.name_sv, municipality.name_en))
        ]
        postal_codes = [
            postal_code
            for postal_code in PostalCode.objects.select_related("municipality").order_by("code")
            if any(query in fold(name) for name in (postal_code.name_fi, postal_code.name_sv))
        ]
        municipalities = [m for m in municipalities if m.centre_latitude is not None][:PLACE_RESULTS]
        return municipalities, postal_codes[:PLACE_RESULTS]
    municipalities = [m for m in municipalities[:PLACE_RESULTS] if m.centre_latitude is not None]
    return municipalities, list(postal_codes.order_by("code")[:PLACE_RESULTS])


def fold(text):
    """Return `text` in lower case without accents ("Jyväskylä" becomes "jyvaskyla")."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(character for character in decomposed if not unicodedata.combining(character)).casefold()


@cacheable()
def place_picker(request):
    text = (request.GET.get("q") or "").strip()
    municipalities, postal_codes = search_places(text) if text else ([], [])
    return render(
        request,
        "youth/place.html",
        {
            "page_title": _("Choose your place"),
            "search_text": text,
            "municipalities": municipalities,
            "postal_codes": postal_codes,
            "searched": bool(text),
            "list_url": reverse("youth:hobby-list"),
        },
    )


MUNICIPALITY_CODE = re.compile(r"^\d{3}$")


@cacheable()
def promotion_list(request):
    code = (request.GET.get("municipality") or "").strip()
    error = ""
    if code and not MUNICIPALITY_CODE.match(code):
        error = _("Municipality: “%(value)s” is not a three-digit municipality code.") % {"value": code[:20]}
        code = ""
    promotions = list(current_promotions(municipality_code=code or None))
    return render(
        request,
        "youth/promotion_list.html",
        {"promotions": promotions, "error": error, "page_title": pgettext("youth page", "Promotions")},
        status=400 if error else 200,
    )


@cacheable(STATIC_PAGE_MAX_AGE)
def accessibility(request):
    return render(request, "youth/accessibility.html", {"page_title": _("Accessibility statement")})


@cacheable(STATIC_PAGE_MAX_AGE)
def privacy(request):
    return render(request, "youth/privacy.html", {"page_title": _("Privacy notice")})


@cacheable(STATIC_PAGE_MAX_AGE)
def offline(request):
    return render(request, "youth/offline.html", {"page_title": _("You are offline")})
