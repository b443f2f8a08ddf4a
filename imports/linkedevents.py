"""Import of Linked Events and Linked Courses events as hobbies.

Mapping, per event:
- name, short_description and description per language, HTML turned into plain text;
- keywords: a YSO keyword ("yso:p1278") gives the categories with that YSO id. Any other
  keyword ("kulke:53") gives the broad category of the Helsinki hobby-search list that
  contains it;
- offers: is_free gives free 0.00; otherwise the first readable euro amount of the price
  text gives a paid price, and a price without an amount gives paid with the amount None;
  the price texts go into price_details;
- audience_min_age and audience_max_age, or, when both are missing, an age range read from
  the name ("13–18 v", "11–18 år", "(3 kk–4 v)");
- location: the embedded place or, for a reference such as "tprek:7254", the place with
  that id in the place files; an unknown place leaves the hobby without a location;
- provider: a Provider keyed on the publisher id and named by the `provider` text;
- times, see `schedule_for`;
- sub-events: an event whose super event was imported becomes a session of that hobby.
"""

import datetime as dt
import logging
import re

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from core.text import html_to_text
from hobbies.models import Hobby, HobbyEvent
from hobbies.services import refresh_next_event
from hobbies.timeutils import local_datetime, to_local
from places.models import Location
from providers.models import Provider

from .framework import (
    Importer,
    Outcome,
    SkipRecord,
    combine,
    require_audience,
    save_object,
    strongest,
)
from .hobby_writer import HobbyData, HobbyWriter, RuleData, SessionData
from .linkedevents_sources import reference_id
from .lookups import CategoryIndex, MunicipalityIndex
from .parsing import (
    clamp_age,
    clean_postal_code,
    clean_text,
    clean_url,
    guess_provider_kind,
    parse_age_range,
    parse_point,
    parse_price,
    parse_time_range,
)

logger = logging.getLogger(__name__)

LANGUAGES = ("fi", "sv", "en")
NAME_MAX_LENGTH = 1024

# Broad ontology categories (by Finnish name) for the course-category keyword lists of
# Helsinki's hobby search, used for keywords that have no YSO id of their own.
KEYWORD_LIST_CATEGORIES = {
    "MOVIES_AND_MEDIA_COURSES_KEYWORDS": "Media",
    "LITERATURE_COURSES_KEYWORDS": "Kirjallisuus",
    "VISUAL_ARTS_COURSES_KEYWORDS": "Kuvataide",
    "HANDICRAFTS_COURSES_KEYWORDS": "Käsityö",
    "SPORT_COURSES_KEYWORDS": "Urheilu ja liikunta",
    "MUSIC_COURSES_KEYWORDS": "Musiikki",
    "GAMES_COURSES_KEYWORDS": "Pelit, leikit ja huvit",
    "FOOD_COURSES_KEYWORDS": "Ruoanvalmistus",
    "DANCE_COURSES_KEYWORDS": "Tanssi",
    "THEATRE_COURSES_KEYWORDS": "Teatteri",
    "ANIMAL_KEYWORDS": "Luonto ja eläimet",
    "CAMP_KEYWORDS": "Leirintä",
}
SUPER_EVENT_TYPES = {"recurring", "umbrella"}


def localized(value):
    """Return {language: text} for a Linked Events text, which is a dict by language or a string."""
    if isinstance(value, dict):
        return {
            language: value[language]
            for language in LANGUAGES
            if isinstance(value.get(language), str)
        }
    if isinstance(value, str):
        return {"fi": value}
    return {}


def text_columns(field, value, *, max_length=None):
    """Return {field_fi: …, field_sv: …, field_en: …} with HTML turned into plain text."""
    texts = localized(value)
    return {
        f"{field}_{language}": clean_text(html_to_text(texts.get(language, "")), max_length)
        for language in LANGUAGES
    }


def first_text(value):
    texts = localized(value)
    return next((texts[language] for language in LANGUAGES if texts.get(language)), "")


def parse_moment(value):
    """Return a date for "2020-02-29", an aware datetime for a timestamp, or None for no value.

    A timestamp without an offset is taken as Helsinki wall time. Raises ValueError for text
    that is neither.
    """
    if value in (None, ""):
        return None
    text = str(value).strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return dt.date.fromisoformat(text)
    moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = local_datetime(moment.date(), moment.time())
    return moment


def local_date(value):
    return to_local(value).date() if isinstance(value, dt.datetime) else value


def super_event_id(record):
    if not isinstance(record, dict):
        return None
    return reference_id(record.get("super_event"), "event")


def is_super_event(record):
    return bool(record.get("sub_events")) or record.get("super_event_type") in SUPER_EVENT_TYPES


def schedule_for(event_id, record, names):
    """Return (rules, sessions, season) for an event's start_time and end_time.

    - Two timestamps on the same day, or without a time range in the name, give one
      session; UTC timestamps become Helsinki wall time.
    - Dates, or timestamps over several days, with a time range in the name ("klo
      17.30–19") give a weekly rule on the start date's weekday from the start date to the
      end date. Linked Courses writes a course that meets weekly this way, with only its
      first and last day and the meeting time in the name.
    - Dates without a time range give one all-day session from the start date to the end
      date.
    - A missing end time counts as the start date; a missing start time gives no sessions.
    A super event gets no sessions of its own (its sub-events are its sessions), only its
    season, which the date shift needs.
    """
    start = parse_moment(record.get("start_time"))
    end = parse_moment(record.get("end_time"))
    if start is None:
        return [], [], None
    start_date = local_date(start)
    end_date = local_date(end) if end is not None else start_date
    season = (start_date, end_date)
    if is_super_event(record):
        return [], [], season

    times = next(filter(None, (parse_time_range(name) for name in names)), None)
    timed = isinstance(start, dt.datetime) and isinstance(end, dt.datetime)
    if timed and (start_date == end_date or times is None):
        return [], [SessionData(event_id, start, end)], season
    if times is not None:
        rule = RuleData(
            event_id, (start_date.isoweekday(),), times[0], times[1], start_date, end_date
        )
        return [rule], [], season
    all_day = SessionData(
        event_id,
        local_datetime(start_date, dt.time(0, 0)),
        local_datetime(end_date + dt.timedelta(days=1), dt.time(0, 0)),
        is_all_day=True,
    )
    return [], [all_day], season


def price_from_offers(offers):
    """Return (price type, amount, {language: details}) for an event's offers."""
    offers = [offer for offer in offers or [] if isinstance(offer, dict)]
    details = {}
    for language in LANGUAGES:
        parts = []
        for offer in offers:
            for key in ("price", "description"):
                text = clean_text(html_to_text(localized(offer.get(key)).get(language, "")))
                if text and text not in parts:
                    parts.append(text)
        details[language] = "\n".join(parts)
    if any(offer.get("is_free") is True for offer in offers):
        return Hobby.PriceType.FREE, 0, details
    price_text = next(
        (text for offer in offers if (text := first_text(offer.get("price")))),
        "",
    )
    price = parse_price(price_text)
    return price.price_type, price.amount, details


class LinkedEventsImporter(Importer):
    label = _("Linked Events")

    def __init__(self, *, data_source="linkedevents", places=None, keyword_lists=None, **options):
        super().__init__(**options)
        self.data_source = data_source
        self.places = places or {}
        self.keyword_lists, self.excluded_keywords = keyword_lists or ({}, set())
        self.municipalities = MunicipalityIndex()
        self.categories = CategoryIndex()
        self.writer = HobbyWriter(shift_dates=self.shift_dates, today=self.today, now=self.now)
        self.skipped_ids = set()
        self.part_outcomes = []

    def record_id(self, record):
        return record.get("id")

    def import_record(self, record):
        if isinstance(record, dict) and record.get("deleted") and record.get("id"):
            return self.remove_deleted(str(record["id"]))
        outcome = super().import_record(record)
        if outcome is None:
            self.skipped_ids.add(self.safe_record_id(record))
        return outcome

    @transaction.atomic
    def remove_deleted(self, event_id):
        """Delete the copies of an event that the source marks deleted; count the event as skipped."""
        hobbies = Hobby.objects.filter(data_source=self.data_source, origin_id=event_id)
        sessions = HobbyEvent.objects.filter(data_source=self.data_source, origin_id=event_id)
        removed = hobbies.delete()[0] + sessions.delete()[0]
        self.skipped_ids.add(event_id)
        self.skip(event_id, f"deleted in the source ({removed} rows of earlier copies removed)")

    def import_pages(self, pages):
        """Import the events page by page; sub-events wait until their super event is in.

        A sub-event whose super event has not been imported yet waits until every page was
        read, and becomes a hobby of its own if the super event never comes. The waiting
        sub-events are imported even when a page fails, and the failure is then re-raised.
        """
        waiting = []
        try:
            for page in pages:
                for record in sorted(page, key=lambda record: super_event_id(record) is not None):
                    parent_id = super_event_id(record)
                    if (
                        parent_id
                        and parent_id not in self.skipped_ids
                        and not self.hobby_exists(parent_id)
                    ):
                        waiting.append(record)
                        continue
                    self.import_record(record)
        finally:
            for record in waiting:
                self.import_record(record)
        return self.stats

    def import_events(self, events):
        """Import the events of files as one page, keeping only the last copy of each event id.

        The recorded API samples list an event once in a list page and again as a detail page
        with its place embedded. The later copy has more detail, so it wins.
        """
        last_index = {}
        for index, event in enumerate(events):
            if isinstance(event, dict) and event.get("id"):
                last_index[str(event["id"])] = index
        unique = []
        for index, event in enumerate(events):
            event_id = str(event["id"]) if isinstance(event, dict) and event.get("id") else None
            if event_id is not None and last_index[event_id] != index:
                self.skip(
                    event_id, "a later copy of the same event in the source is imported instead"
                )
                continue
            unique.append(event)
        return self.import_pages([unique])

    def hobby_exists(self, origin_id):
        return Hobby.objects.filter(data_source=self.data_source, origin_id=origin_id).exists()

    # --- One record ---------------------------------------------------------------------

    def save_record(self, record):
        if not isinstance(record, dict):
            raise SkipRecord("the record is not a JSON object")
        event_id = str(record.get("id") or "").strip()
        if not event_id:
            raise SkipRecord("missing id")
        if len(event_id) > 255:
            raise SkipRecord("the id is longer than 255 characters")
        if record.get("event_status") == "EventCancelled":
            raise SkipRecord("the event is cancelled")
        if record.get("publication_status") not in (None, "public"):
            raise SkipRecord("publication status is %s", record.get("publication_status"))
        keyword_ids = [reference_id(keyword, "keyword") for keyword in record.get("keywords") or []]
        excluded = self.excluded_keywords.intersection(filter(None, keyword_ids))
        if excluded:
            raise SkipRecord("keyword %s marks events that are not hobbies", sorted(excluded)[0])

        parent_id = super_event_id(record)
        if parent_id:
            if parent_id in self.skipped_ids:
                raise SkipRecord("its super event %s was skipped", parent_id)
            parent = Hobby.objects.filter(data_source=self.data_source, origin_id=parent_id).first()
            if parent is not None:
                return self.save_sub_event(record, event_id, parent)

        self.part_outcomes = []
        data = self.hobby_data(record, event_id, keyword_ids)
        return combine(self.writer.save(data), *self.part_outcomes)

    def save_sub_event(self, record, event_id, parent):
        """Save a sub-event as sessions of its super event's hobby.

        NOTE: a sub-event that later vanishes from the source keeps its session; only an
        event marked deleted removes it.
        """
        standalone = Hobby.objects.filter(data_source=self.data_source, origin_id=event_id)
        replaced = standalone.exists()
        if replaced:
            logger.info(
                "Event %s is now a session of %s; removing its own hobby",
                event_id,
                parent.origin_id,
            )
            standalone.delete()
        names = [name for name in localized(record.get("name")).values() if name]
        rules, sessions, _season = schedule_for(event_id, {**record, "sub_events": []}, names)
        if not rules and not sessions:
            raise SkipRecord("the sub-event has no start time")
        weeks = parent.demo_shift_weeks if self.shift_dates else 0
        data = HobbyData(self.data_source, event_id, values={})
        rules_outcome = self.writer.sync_rules(
            parent, data, [rule.shifted(weeks) for rule in rules]
        )
        sessions_outcome = self.writer.sync_sessions(
            parent, data, [session.shifted(weeks) for session in sessions]
        )
        outcome = strongest(
            Outcome.UPDATED if replaced else Outcome.UNCHANGED, rules_outcome, sessions_outcome
        )
        if outcome != Outcome.UNCHANGED:
            refresh_next_event(parent, now=self.now)
        return outcome

    def hobby_data(self, record, event_id, keyword_ids):
        values = text_columns("name", record.get("name"), max_length=NAME_MAX_LENGTH)
        if not any(values.values()):
            raise SkipRecord("missing name")
        values.update(text_columns("short_description", record.get("short_description")))
        values.update(text_columns("description", record.get("description")))

        names = [
            value for value in (values["name_fi"], values["name_sv"], values["name_en"]) if value
        ]
        min_age, max_age = (
            clamp_age(record.get("audience_min_age")),
            clamp_age(record.get("audience_max_age")),
        )
        if min_age is None and max_age is None:
            min_age, max_age = next(
                (ages for ages in map(parse_age_range, names) if ages != (None, None)), (None, None)
            )
        require_audience(min_age, max_age)

        price_type, amount, details = price_from_offers(record.get("offers"))
        location = self.location_for(record.get("location"))
        provider = self.provider_for(record)
        rules, sessions, season = schedule_for(event_id, record, names)
        values.update(
            {
                "min_age": min_age,
                "max_age": max_age,
                "price_type": price_type,
                "price_amount": amount,
                **{f"price_details_{language}": details[language] for language in LANGUAGES},
                "location_id": location.pk if location else None,
                "municipality_id": location.municipality_id if location else None,
                "provider_id": provider.pk if provider else None,
                "info_url": clean_url(first_text(record.get("info_url"))),
                "status": Hobby.Status.PUBLISHED,
            }
        )
        return HobbyData(
            data_source=self.data_source,
            origin_id=event_id,
            values=values,
            category_ids=self.category_ids(filter(None, keyword_ids)),
            language_codes=self.language_codes(record.get("in_language")),
            rules=rules,
            sessions=sessions,
            season=season,
        )

    def category_ids(self, keyword_ids):
        ids = []
        for keyword_id in keyword_ids:
            direct = self.categories.for_yso(keyword_id) if keyword_id.startswith("yso:") else []
            if direct:
                ids.extend(direct)
                continue
            for list_name in self.keyword_lists.get(keyword_id, []):
                category_name = KEYWORD_LIST_CATEGORIES.get(list_name)
                category_id = self.categories.for_name(category_name) if category_name else None
                if category_id:
                    ids.append(category_id)
        return sorted(set(ids))

    def language_codes(self, references):
        codes = []
        for reference in references or []:
            code = (reference_id(reference, "language") or "").lower()
            if re.fullmatch(r"[a-z]{2,3}", code) and code not in codes:
                codes.append(code)
        return codes

    # --- Places and providers -----------------------------------------------------------

    def location_for(self, reference):
        """Return the Location of an event's place, creating or updating it once per run."""
        place_id = reference_id(reference, "place")
        if not place_id:
            return None
        key = ("location", place_id)
        if self.is_remembered(key):
            return self.recall(key)
        embedded = isinstance(reference, dict) and ("position" in reference or "name" in reference)
        place = reference if embedded else self.places.get(place_id)
        if place is None:
            logger.info("Place %s not found; the hobby gets no location", place_id)
            self.remember(key, None)
            return None
        location, outcome = save_object(
            Location,
            {"data_source": self.data_source, "origin_id": place_id},
            self.location_values(place),
        )
        self.part_outcomes.append(outcome)
        self.remember(key, location)
        return location

    def location_values(self, place):
        values = {}
        for field, source_field, max_length in (
            ("name", "name", 255),
            ("street_address", "street_address", 255),
            ("city", "address_locality", 100),
        ):
            values.update(text_columns(field, place.get(source_field), max_length=max_length))
        latitude = longitude = None
        coordinates = (place.get("position") or {}).get("coordinates")
        if coordinates:
            try:
                latitude, longitude = parse_point(coordinates[1], coordinates[0])
            except (ValueError, IndexError, TypeError) as error:
                logger.info("Place %s: ignoring its position: %s", place.get("id"), error)
        postal_code = clean_postal_code(place.get("postal_code"))
        values.update(
            {
                "postal_code": postal_code,
                "latitude": latitude,
                "longitude": longitude,
                "info_url": clean_url(first_text(place.get("info_url"))),
                "municipality_id": self.place_municipality(place, postal_code),
            }
        )
        return values

    def place_municipality(self, place, postal_code):
        for division in place.get("divisions") or []:
            if isinstance(division, dict) and division.get("type") == "muni":
                municipality_id = self.municipalities.for_division(
                    division.get("ocd_id")
                ) or self.municipalities.for_name(localized(division.get("name")).get("fi"))
                if municipality_id:
                    return municipality_id
        return self.municipalities.for_postal_code(postal_code) or self.municipalities.for_name(
            localized(place.get("address_locality")).get("fi")
        )

    def provider_for(self, record):
        """Return the Provider keyed on the event's publisher, named by its `provider` text.

        An event without a provider text reuses a provider that an earlier event named, and
        otherwise gets no provider: the data has no names for publisher ids such as
        "ahjo:u4804001050", and pupils must never see such an id as a provider's name.
        """
        publisher = str(record.get("publisher") or "").strip()[:255]
        names = text_columns("name", record.get("provider"), max_length=256)
        has_name = any(names.values())
        if not publisher:
            return None
        key = ("provider", publisher)
        cached = self.recall(key)
        if cached is not None and not has_name:
            return cached

        existing = (
            cached
            or Provider.objects.filter(data_source=self.data_source, origin_id=publisher).first()
        )
        if not has_name:
            if existing is not None:
                self.remember(key, existing)
            return existing
        values = {
            **names,
            "kind": guess_provider_kind(next(filter(None, names.values())), publisher),
        }
        provider, outcome = save_object(
            Provider,
            {"data_source": self.data_source, "origin_id": publisher},
            values,
            instance=existing,
        )
        self.part_outcomes.append(outcome)
        self.remember(key, provider)
        return provider
