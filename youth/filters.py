"""Query parameters of the hobby list and map, parsed into the filters of hobbies.queries.

Every filter lives in the URL, so a filtered list can be shared and reloaded. A malformed
value is left out of the query, and the page shows a translated error that names the
filter and the value. The chosen place arrives only as `lat`, `lon` and a display label
`place`; nothing here stores it.
"""

import datetime as dt
import enum
import math
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.utils import dateformat
from django.utils.dates import WEEKDAYS
from django.utils.formats import number_format
from django.utils.translation import get_language, gettext_lazy, pgettext, pgettext_lazy
from django.utils.translation import gettext as _

from core.geo import MAX_LATITUDE, MAX_LONGITUDE, MIN_LATITUDE, MIN_LONGITUDE
from core.i18n import value_language
from hobbies.models import MAX_AGE, MIN_AGE, Hobby, HobbyCategory
from hobbies.queries import HobbyFilters, Ordering, SessionFilters
from places.queries import Point

MAX_SEARCH_LENGTH = 200
MAX_PLACE_LABEL_LENGTH = 80
MAX_DISTANCE_KM = 1000
DISTANCE_CHOICES_KM = (1, 2, 5, 10, 25, 50)
METRES_PER_KILOMETRE = 1000
# Coordinates are rounded to 3 decimals (about 110 m) before they go into a URL, so a
# shared link never carries a device's exact position.
COORDINATE_DECIMALS = 3

FIELD_LABELS = {
    "q": gettext_lazy("Search"),
    "category": gettext_lazy("Category"),
    "day": gettext_lazy("Weekday"),
    "time_from": gettext_lazy("Starts at the earliest"),
    "time_to": gettext_lazy("Starts at the latest"),
    "age": gettext_lazy("Age"),
    "max_km": gettext_lazy("Maximum distance"),
    "lat": gettext_lazy("Latitude of the place"),
    "lon": gettext_lazy("Longitude of the place"),
    "sort": pgettext_lazy("list order", "Order"),
}


class Sort(enum.StrEnum):
    SOONEST = "soonest"
    NEAREST = "nearest"
    RELEVANCE = "relevance"


SORT_LABELS = {
    Sort.SOONEST: gettext_lazy("Starting soonest"),
    Sort.NEAREST: gettext_lazy("Nearest first"),
    Sort.RELEVANCE: gettext_lazy("Best match"),
}


@dataclass
class Chip:
    """One active filter: its label and the list URL without it."""

    label: str
    remove_url: str
    # The language of a label that is content in a fallback language, such as a category
    # name that has no text in the page's language; None when it is the page's language.
    language: str | None = None


@dataclass
class ListQuery:
    """The parsed list request: filters for hobbies.queries, the values to show in the
    form, the canonical parameters for links, and the errors of dropped values."""

    text: str = ""
    category_ids: tuple = ()
    days: tuple = ()
    time_from: dt.time | None = None
    time_to: dt.time | None = None
    free_only: bool = False
    age: int | None = None
    max_km: float | None = None
    near: Point | None = None
    place_label: str = ""
    sort: Sort = Sort.SOONEST
    errors: list = field(default_factory=list)
    categories: list = field(default_factory=list)

    @property
    def filters(self):
        return HobbyFilters(
            category_ids=self.category_ids,
            price_types=(Hobby.PriceType.FREE,) if self.free_only else (),
            age=self.age,
            search=self.text,
            sessions=SessionFilters(weekdays=self.days, start_time_from=self.time_from, start_time_to=self.time_to),
            near=self.near,
            max_distance_m=None if self.max_km is None else self.max_km * METRES_PER_KILOMETRE,
        )

    @property
    def ordering(self):
        if self.sort == Sort.NEAREST:
            return Ordering.NEAREST
        if self.sort == Sort.RELEVANCE:
            return Ordering.DEFAULT
        return Ordering.START

    @property
    def has_filters(self):
        return bool(self.text or self.filter_names)

    @property
    def filter_names(self):
        """Return the analytics names (docs/analytics-events.md) of the active filters."""
        names = []
        for name, active in (
            ("age", self.age is not None),
            ("category", self.category_ids),
            ("distance", self.max_km is not None),
            ("price_type", self.free_only),
            ("time_of_day", self.time_from is not None or self.time_to is not None),
            ("weekday", self.days),
        ):
            if active:
                names.append(name)
        return names

    def params(self, *, without=None, page=None, sort=True):
        """Return the canonical query parameters as (name, value) pairs.

        `without` is a (name, value) pair to leave out; value None leaves out every value
        of that name.
        """
        pairs = []
        if self.text:
            pairs.append(("q", self.text))
        pairs += [("category", str(pk)) for pk in self.category_ids]
        pairs += [("day", str(day)) for day in self.days]
        if self.time_from is not None:
            pairs.append(("time_from", self.time_from.strftime("%H:%M")))
        if self.time_to is not None:
            pairs.append(("time_to", self.time_to.strftime("%H:%M")))
        if self.free_only:
            pairs.append(("free", "1"))
        if self.age is not None:
            pairs.append(("age", str(self.age)))
        if self.max_km is not None:
            pairs.append(("max_km", f"{self.max_km:g}"))
        pairs += self.place_params()
        if sort and self.sort != self.default_sort:
            pairs.append(("sort", self.sort.value))
        if page and page > 1:
            pairs.append(("page", str(page)))
        if without is not None:
            name, value = without
            pairs = [pair for pair in pairs if pair[0] != name or (value is not None and pair[1] != value)]
        return pairs

    def place_params(self):
        if self.near is None:
            return []
        pairs = [("lat", f"{self.near.latitude:.{COORDINATE_DECIMALS}f}"), ("lon", f"{self.near.longitude:.{COORDINATE_DECIMALS}f}")]
        if self.place_label:
            pairs.append(("place", self.place_label))
        return pairs

    def query_string(self, **options):
        pairs = self.params(**options)
        return "?" + urlencode(pairs) if pairs else ""

    @property
    def default_sort(self):
        if self.near is not None:
            return Sort.NEAREST
        if self.text:
            return Sort.RELEVANCE
        return Sort.SOONEST

    @property
    def sort_choices(self):
        choices = [Sort.SOONEST]
        if self.near is not None:
            choices.append(Sort.NEAREST)
        if self.text:
            choices.append(Sort.RELEVANCE)
        return [(choice.value, SORT_LABELS[choice]) for choice in choices]

    def chips(self, base_url):
        """Return a Chip for each active filter; the place itself is not a chip."""
        chips = []

        def add(label, name, value=None, language=None):
            remove_url = base_url + self.query_string(without=(name, value))
            chips.append(Chip(label=label, remove_url=remove_url, language=language))

        page_language = (get_language() or settings.LANGUAGE_CODE)[:2]

        if self.text:
            add(_("Search: %(text)s") % {"text": self.text}, "q")
        for category in self.categories:
            language = value_language(category, "name", page_language)
            add(category.name, "category", str(category.pk), language if language != page_language else None)
        for day in self.days:
            add(str(WEEKDAYS[day - 1]), "day", str(day))
        if self.time_from is not None and self.time_to is not None:
            label = _("Starts %(start)s–%(end)s") % {"start": _time(self.time_from), "end": _time(self.time_to)}
            chips.append(Chip(label, base_url + _without_times(self)))
        elif self.time_from is not None:
            add(_("Starts at %(start)s or later") % {"start": _time(self.time_from)}, "time_from")
        elif self.time_to is not None:
            add(_("Starts by %(end)s") % {"end": _time(self.time_to)}, "time_to")
        if self.free_only:
            add(_("Free only"), "free")
        if self.age is not None:
            add(_("For age %(age)s") % {"age": self.age}, "age")
        if self.max_km is not None:
            add(_("Within %(distance)s km") % {"distance": format_km(self.max_km)}, "max_km")
        return chips


def _time(value):
    """Format a start time as the session times on the pages are written ("17.30" in Finnish)."""
    return dateformat.format(value, pgettext("time format", "H:i"))


def _without_times(query):
    pairs = [pair for pair in query.params() if pair[0] not in ("time_from", "time_to")]
    return "?" + urlencode(pairs) if pairs else ""


def format_km(value):
    return number_format(value, decimal_pos=None if value == int(value) else 1)


def _error(name, message, **params):
    return message % {"field": FIELD_LABELS[name], **params}


def _integers(query_dict, name, minimum, maximum, errors):
    values = []
    for raw in query_dict.getlist(name):
        raw = raw.strip()
        if not raw:
            continue
        try:
            value = int(raw)
        except ValueError:
            errors.append(_error(name, _("%(field)s: “%(value)s” is not a whole number."), value=raw))
            continue
        if not minimum <= value <= maximum:
            errors.append(
                _error(name, _("%(field)s: %(value)s is not between %(min)s and %(max)s."), value=value, min=minimum, max=maximum)
            )
            continue
        if value not in values:
            values.append(value)
    return values


def _number(query_dict, name, minimum, maximum, errors):
    raw = (query_dict.get(name) or "").strip()
    if not raw:
        return None
    try:
        value = float(raw.replace(",", "."))
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        errors.append(_error(name, _("%(field)s: “%(value)s” is not a number."), value=raw))
        return None
    if not minimum <= value <= maximum:
        errors.append(
            _error(name, _("%(field)s: %(value)s is not between %(min)s and %(max)s."), value=raw, min=minimum, max=maximum)
        )
        return None
    return value


def _time_value(query_dict, name, errors):
    raw = (query_dict.get(name) or "").strip()
    if not raw:
        return None
    try:
        if len(raw) != 5:
            raise ValueError(raw)
        return dt.time.fromisoformat(raw)
    except ValueError:
        errors.append(_error(name, _("%(field)s: “%(value)s” is not a time such as 17:30."), value=raw))
        return None


def parse_list_query(query_dict):
    """Return the ListQuery of a list or map request's GET parameters."""
    errors = []
    query = ListQuery(errors=errors)
    query.text = " ".join((query_dict.get("q") or "").split())[:MAX_SEARCH_LENGTH]

    category_ids = _integers(query_dict, "category", 1, 2**63 - 1, errors)
    if category_ids:
        found = {category.pk: category for category in HobbyCategory.objects.filter(pk__in=category_ids)}
        for pk in category_ids:
            if pk not in found:
                errors.append(_error("category", _("%(field)s: no category has the id %(value)s."), value=pk))
        query.categories = [found[pk] for pk in category_ids if pk in found]
        query.category_ids = tuple(category.pk for category in query.categories)

    query.days = tuple(sorted(_integers(query_dict, "day", 1, 7, errors)))
    query.time_from = _time_value(query_dict, "time_from", errors)
    query.time_to = _time_value(query_dict, "time_to", errors)
    if query.time_from is not None and query.time_to is not None and query.time_from > query.time_to:
        errors.append(
            _("Start time: the earliest start %(start)s is after the latest start %(end)s.")
            % {"start": _time(query.time_from), "end": _time(query.time_to)}
        )
        query.time_from = query.time_to = None
    query.free_only = (query_dict.get("free") or "").strip().lower() in ("1", "true", "on", "yes")
    ages = _integers(query_dict, "age", MIN_AGE, MAX_AGE, errors)
    query.age = ages[0] if ages else None

    query.near, query.place_label = _parse_place(query_dict, errors)
    query.max_km = _number(query_dict, "max_km", 0.1, MAX_DISTANCE_KM, errors)
    if query.max_km is not None and query.near is None:
        errors.append(_("Maximum distance: choose a place first, so that distances can be measured from it."))
        query.max_km = None

    query.sort = query.default_sort
    raw_sort = (query_dict.get("sort") or "").strip()
    if raw_sort:
        allowed = [value for value, _label in query.sort_choices]
        if raw_sort in allowed:
            query.sort = Sort(raw_sort)
        else:
            errors.append(
                _error("sort", _("%(field)s: “%(value)s” is not available here; choose one of: %(choices)s."),
                       value=raw_sort, choices=", ".join(str(SORT_LABELS[Sort(value)]) for value in allowed))
            )
    return query


def _parse_place(query_dict, errors):
    latitude = _number(query_dict, "lat", MIN_LATITUDE, MAX_LATITUDE, errors)
    longitude = _number(query_dict, "lon", MIN_LONGITUDE, MAX_LONGITUDE, errors)
    raw_values = {"lat": query_dict.get("lat", "").strip(), "lon": query_dict.get("lon", "").strip()}
    if latitude is None or longitude is None:
        if bool(raw_values["lat"]) != bool(raw_values["lon"]) and (latitude is not None or longitude is not None):
            missing = "lon" if latitude is not None else "lat"
            errors.append(_error(missing, _("%(field)s is missing: a place needs both a latitude and a longitude.")))
        return None, ""
    point = Point(round(latitude, COORDINATE_DECIMALS), round(longitude, COORDINATE_DECIMALS))
    label = " ".join((query_dict.get("place") or "").split())[:MAX_PLACE_LABEL_LENGTH]
    return point, label
