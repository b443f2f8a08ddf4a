"""Import of the hobbyt listings: Helsinki-region youth hobbies in Finnish (2015-2020).

Files: activities.json (the hobbies), organizers.json (their providers), and
supercategories.json, categories.json and subcategories.json, a three-level taxonomy that
is matched to the ontology's categories by Finnish name. Coordinates in these files are
[latitude, longitude]. Organizers are keyed on their id, activities on theirs, and
locations on their street address and postal code, which many activities share.
"""

import datetime as dt
import json
import logging
from decimal import Decimal
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from hobbies.models import Hobby
from hobbies.timeutils import school_year_start, to_local
from places.models import Location
from providers.models import Provider

from .framework import Importer, SkipRecord, combine, require_audience, save_object
from .hobby_writer import HobbyData, HobbyWriter, RuleData
from .lookups import CategoryIndex, MunicipalityIndex, name_key
from .parsing import (
    Price,
    capitalise_place_name,
    clamp_age_range,
    clean_postal_code,
    clean_text,
    clean_url,
    guess_provider_kind,
    parse_age_range,
    parse_hours,
    parse_languages,
    parse_point,
    parse_price,
)

logger = logging.getLogger(__name__)

DATA_SOURCE = "hobbyt"
# The source marks an unknown first date with 2000-01-01 and an open end with 2100-12-31.
# An unknown start becomes the start of the last date's school year. A hobby that runs all
# year round gets the current school year, so no page shows a century-long range and a
# calendar file of the weekly series does not start in 2000.
ONGOING_FIRST_DATE = dt.date(2000, 1, 1)
ONGOING_LAST_DATE = dt.date(2100, 1, 1)
HOBBYT_DIR = Path("hobbyt")

# hobbyt category names that the ontology spells differently (plural, a synonym or a
# broader term), mapped to the ontology's Finnish name. Names not listed here are matched
# as they are.
CATEGORY_ALIASES = {
    "liikunta": "Urheilu ja liikunta",
    "käsityöt": "Käsityö",
    "tekstiilityöt": "Tekstiilityö",
    "joukkuelajit ja pallopelit": "Palloilu",
    "taide ja käsityöt": "Kuvataide",
    "katutaide": "Graffitit",
    "luonto ja retkeily": "Retkeily",
    "meripartio": "Partio",
    "merenkulku": "Vesiurheilu",
    "sukellus": "Urheilusukellus",
    "laitesukellus": "Urheilusukellus",
    "uppopallo": "Vesiurheilu",
}


def read_list(folder, name):
    path = Path(folder) / name
    if not path.is_file():
        raise FileNotFoundError(f"{path} not found")
    with open(path, encoding="utf-8") as handle:
        items = json.load(handle)
    if not isinstance(items, list):
        raise ValueError(f"{path} does not hold a JSON list")
    return items


def parse_address(parts):
    """Split ["Esport", "Koivu-Mankkaan tie 3", "02200", "Espoo"] into (name, street, postal code, city).

    The postal code is the five-digit part. The parts after it are the city and the part
    before it is the street. Anything before the street is the place's name.
    """
    parts = [str(part).strip() for part in parts or [] if str(part or "").strip()]
    postal_index = next(
        (index for index, part in enumerate(parts) if clean_postal_code(part)), None
    )
    if postal_index is None:
        return "", ", ".join(parts), "", ""
    before = parts[:postal_index]
    street = before[-1] if before else ""
    name = ", ".join(before[:-1])
    city = ", ".join(parts[postal_index + 1 :])
    return name, street, parts[postal_index], city


def parse_local_date(value):
    """Return the Helsinki date of a timestamp such as "2018-08-20T00:00:00.000Z", or None."""
    if not value:
        return None
    moment = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    return to_local(moment).date() if moment.tzinfo else moment.date()


class CategoryResolver:
    """Ontology categories for hobbyt subcategories: the subcategory, then its category, then its supercategory."""

    def __init__(self, folder, categories):
        self.categories = categories
        self.subcategories = {
            item.get("id"): item for item in read_list(folder, "subcategories.json")
        }
        self.middle = {item.get("id"): item for item in read_list(folder, "categories.json")}
        self.top = {item.get("id"): item for item in read_list(folder, "supercategories.json")}
        self.unmatched = set()

    def names_for(self, subcategory_id):
        subcategory = self.subcategories.get(subcategory_id) or {}
        category = self.middle.get(subcategory.get("category")) or {}
        supercategory = self.top.get(category.get("supercategory")) or {}
        return [
            item.get("name") for item in (subcategory, category, supercategory) if item.get("name")
        ]

    def resolve(self, subcategory_id):
        """Return [category id] for the most specific name that matches, or [] (logged once)."""
        names = self.names_for(subcategory_id)
        for name in names:
            for candidate in (name, CATEGORY_ALIASES.get(name.casefold())):
                category_id = (
                    self.categories.by_name.get(name_key(candidate)) if candidate else None
                )
                if category_id:
                    return [category_id]
        if subcategory_id not in self.unmatched:
            self.unmatched.add(subcategory_id)
            logger.info(
                "No category matches hobbyt subcategory %s (%s)", subcategory_id, " / ".join(names)
            )
        return []


class OrganizerImporter(Importer):
    data_source = DATA_SOURCE
    label = _("Providers (hobbyt)")

    def __init__(self, **options):
        super().__init__(**options)
        self.municipalities = MunicipalityIndex()
        self.provider_ids = {}

    def record_id(self, organizer):
        return organizer.get("id")

    def save_record(self, organizer):
        if organizer.get("id") in (None, ""):
            raise SkipRecord("missing id")
        name = clean_text(organizer.get("name"), 256)
        if not name:
            raise SkipRecord("missing name")
        _place_name, street, postal_code, city = parse_address(organizer.get("address"))
        values = {
            "name_fi": name,
            "kind": guess_provider_kind(name),
            "description_fi": clean_text(organizer.get("description")),
            "website": clean_url(organizer.get("url")),
            "street_address": street[:255],
            "postal_code": postal_code,
            "city": capitalise_place_name(city)[:100],
            "municipality_id": self.municipalities.resolve(postal_code=postal_code, name=city),
        }
        provider, outcome = save_object(
            Provider, {"data_source": DATA_SOURCE, "origin_id": str(organizer["id"])}, values
        )
        self.provider_ids[str(organizer["id"])] = provider.pk
        return outcome


class ActivityImporter(Importer):
    data_source = DATA_SOURCE
    label = _("Hobbies (hobbyt)")

    def __init__(self, *, category_resolver, provider_ids, **options):
        super().__init__(**options)
        self.category_resolver = category_resolver
        self.provider_ids = provider_ids
        self.municipalities = MunicipalityIndex()
        self.writer = HobbyWriter(shift_dates=self.shift_dates, today=self.today, now=self.now)
        self.part_outcomes = []
        self.municipal_provider_ids = set(
            Provider.objects.filter(
                data_source=DATA_SOURCE, kind=Provider.Kind.MUNICIPALITY
            ).values_list("pk", flat=True)
        )

    def record_id(self, activity):
        return activity.get("id")

    def is_unpriced_municipal_activity(self, activity, provider_id):
        """Return True when a municipal provider's listing leaves the price out."""
        return not (activity.get("price") or "").strip() and provider_id in self.municipal_provider_ids

    def save_record(self, activity):
        if not isinstance(activity, dict):
            raise SkipRecord("the record is not a JSON object")
        activity_id = str(activity.get("id") or "").strip()
        if not activity_id:
            raise SkipRecord("missing id")
        name = clean_text(activity.get("name"), 1024)
        if not name:
            raise SkipRecord("missing name")
        min_age, max_age = clamp_age_range(activity.get("age"))
        if min_age is None and max_age is None:
            # Some records leave the ages out but give them in words ("7–10 -vuotiaat").
            min_age, max_age = next(
                (
                    ages
                    for ages in map(parse_age_range, (activity.get("whoFor"), name))
                    if ages != (None, None)
                ),
                (None, None),
            )
        require_audience(min_age, max_age)

        self.part_outcomes = []
        location = self.location_for(activity)
        organizer_id = str(activity.get("organizer") or "")
        provider_id = self.provider_ids.get(organizer_id)
        if organizer_id and provider_id is None:
            logger.info(
                "hobbyt %s: organizer %s not found; the hobby gets no provider",
                activity_id,
                organizer_id,
            )
        price = parse_price(activity.get("price"))
        if self.is_unpriced_municipal_activity(activity, provider_id):
            # Municipal youth services (youth centres' open activities, courses) are free
            # of charge in Finland, and their listings leave the price empty.
            price = Price(Hobby.PriceType.FREE, Decimal("0.00"), "")
        values = {
            "name_fi": name,
            "description_fi": clean_text(activity.get("description")),
            "min_age": min_age,
            "max_age": max_age,
            "price_type": price.price_type,
            "price_amount": price.amount,
            "price_details_fi": price.details,
            "location_id": location.pk if location else None,
            "municipality_id": location.municipality_id if location else None,
            "provider_id": provider_id,
            "info_url": clean_url(activity.get("url")),
            "status": Hobby.Status.PUBLISHED,
        }
        data = HobbyData(
            data_source=DATA_SOURCE,
            origin_id=activity_id,
            values=values,
            category_ids=self.category_resolver.resolve(activity.get("subcategory")),
            language_codes=parse_languages(activity.get("languages")),
            rules=self.rules_for(activity_id, activity),
        )
        return combine(self.writer.save(data), *self.part_outcomes)

    def rules_for(self, activity_id, activity):
        """Return one weekly rule per distinct time in `hours`, between the `dates` range."""
        hours, unreadable = parse_hours(activity.get("hours"))
        for line in unreadable:
            logger.info("hobbyt %s: ignoring the hours line %r", activity_id, line)
        if not hours:
            return []
        dates = activity.get("dates") or []
        first_date = parse_local_date(dates[0]) if len(dates) > 0 else None
        last_date = parse_local_date(dates[1]) if len(dates) > 1 else None
        if first_date is None or last_date is None:
            raise SkipRecord("weekly hours without a first and last date")
        if first_date == ONGOING_FIRST_DATE and last_date >= ONGOING_LAST_DATE:
            first_date = school_year_start(self.today)
            last_date = first_date.replace(year=first_date.year + 1) - dt.timedelta(days=1)
        elif first_date == ONGOING_FIRST_DATE:
            first_date = school_year_start(last_date)
        return [
            RuleData(
                origin_id=f"{activity_id}/{entry.start:%H:%M}-{entry.end:%H:%M}",
                weekdays=entry.weekdays,
                start_time=entry.start,
                end_time=entry.end,
                first_date=first_date,
                last_date=last_date,
            )
            for entry in hours
        ]

    def location_for(self, activity):
        """Return the Location at the activity's address, shared by activities at the same address."""
        place_name, street, postal_code, city = parse_address(activity.get("address"))
        coordinates = activity.get("coordinates")
        if not street and not postal_code and not coordinates:
            return None

        latitude = longitude = None
        if coordinates:
            try:
                latitude, longitude = parse_point(coordinates[0], coordinates[1])
            except (ValueError, IndexError, TypeError, KeyError) as error:
                raise SkipRecord("invalid coordinates %r: %s", coordinates, error) from None

        origin_id = f"{name_key(place_name)}|{name_key(street)}|{postal_code}"
        key = ("location", origin_id)
        if self.is_remembered(key):
            return self.recall(key)

        values = {
            "name_fi": place_name[:255],
            "street_address_fi": street[:255],
            "postal_code": postal_code,
            "city_fi": capitalise_place_name(city)[:100],
            "latitude": latitude,
            "longitude": longitude,
            "municipality_id": self.municipalities.resolve(postal_code=postal_code, name=city),
        }
        location, outcome = save_object(
            Location, {"data_source": DATA_SOURCE, "origin_id": origin_id}, values
        )
        self.part_outcomes.append(outcome)
        self.remember(key, location)
        return location


def import_hobbyt(folder, **options):
    """Import the organizers, then the activities, of a hobbyt folder; return both steps' stats."""
    folder = Path(folder)
    organizers = OrganizerImporter(**options)
    organizers.import_records(read_list(folder, "organizers.json"))
    resolver = CategoryResolver(folder, CategoryIndex())
    activities = ActivityImporter(
        category_resolver=resolver, provider_ids=organizers.provider_ids, **options
    )
    activities.import_records(read_list(folder, "activities.json"))
    return [organizers.finish(), activities.finish()]
