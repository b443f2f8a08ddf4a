"""Readers for the free-text values of the sources: prices, ages, times, weekdays, languages.

The sources are written by people: "216€ Yksi lapsi perheestä", "Suomi & tarvittaessa
Ruotsi ja Englanti", "Sävyryhmä – 13–18 v klo 14.00–15.45". Each reader returns None (or an
empty result) for text it cannot read, so the importers decide what an unreadable value
means. The exception is parse_point, which raises ValueError because a record with broken
coordinates is skipped.
"""

import datetime as dt
import difflib
import math
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from core.geo import FINLAND_LATITUDE, FINLAND_LONGITUDE
from core.text import html_to_text, tidy_text
from hobbies.models import MAX_AGE, MIN_AGE, Hobby
from providers.models import Provider

DASHES = "-‐‑‒–—"
DASH = f"[{DASHES}]"


# --- Prices -------------------------------------------------------------------------------

FREE_WORDS = {
    "ilmainen",
    "ilmaiseksi",
    "maksuton",
    "maksutonta",
    "maksuttomasti",
    "gratis",
    "avgiftsfri",
    "free",
}
ANNUAL_MARKERS = ("vuosimaksu", "/vuosi", "vuodessa", "lukuvuosi", "årsavgift", "per year", "/year")
SEASONAL_MARKERS = ("kausi", "lukukausi", "termin", "säsong", "per term", "season")
ONE_TIME_MARKERS = ("kertamaksu", "engångsavgift", "one-time")

_AMOUNT = r"\d{1,5}(?:[.,]\d{1,2})?"
_EURO = r"(?:€|eur\b|euro\b|euroa\b|e\b)"
_PRICE_RANGE_RE = re.compile(
    rf"(?<![\d.,])({_AMOUNT})\s*{DASH}\s*({_AMOUNT})\s*{_EURO}", re.IGNORECASE
)
_PRICE_RE = re.compile(rf"(?<![\d.,])({_AMOUNT})\s*{_EURO}", re.IGNORECASE)
_EURO_FIRST_RE = re.compile(rf"€\s*({_AMOUNT})(?![\d])")


@dataclass(frozen=True)
class Price:
    price_type: str
    amount: Decimal | None
    details: str = ""


def parse_amount(text):
    """Return the first euro amount in `text` as a Decimal, or None.

    The first amount is the headline price in these sources ("216€ Yksi lapsi … 402€ Kaksi
    lasta"). A range such as "5-15€" gives its lower end, the least a pupil pays.
    """
    if not text:
        return None
    candidates = []
    for pattern in (_PRICE_RANGE_RE, _PRICE_RE, _EURO_FIRST_RE):
        match = pattern.search(text)
        if match:
            candidates.append((match.start(), match.group(1)))
    if not candidates:
        return None
    _position, value = min(candidates)
    try:
        return Decimal(value.replace(",", ".")).quantize(Decimal("0.01"))
    except InvalidOperation:
        return None


def price_type_from_text(text):
    """Return the paid price type that the wording of `text` implies (annual, seasonal, ...)."""
    folded = text.casefold()
    if any(marker in folded for marker in ANNUAL_MARKERS):
        return Hobby.PriceType.ANNUAL
    if any(marker in folded for marker in SEASONAL_MARKERS):
        return Hobby.PriceType.SEASONAL
    if any(marker in folded for marker in ONE_TIME_MARKERS):
        return Hobby.PriceType.ONE_TIME
    return Hobby.PriceType.PAID


def says_free(text):
    words = re.findall(r"\w+", text.casefold())
    return any(word in FREE_WORDS for word in words)


def only_free_words(text):
    """Return True when `text` contains nothing but words for free (and a zero amount)."""
    words = [
        word
        for word in re.findall(r"[^\W\d]+", text.casefold())
        if word not in {"e", "eur", "euroa"}
    ]
    return all(word in FREE_WORDS for word in words)


def parse_price(text):
    """Read a free-text price such as "150€ Kevätkausi", "0€ maksuton" or "Materiaalimaksu".

    A zero amount or a word for free ("ilmainen", "maksuton") gives free 0.00. A positive
    amount gives a paid price of the type that the wording implies. Anything else gives paid
    with the amount None, which means "costs money, amount unknown". The details keep the
    text unless it contains only words for free.
    """
    text = tidy_text(" ".join(html_to_text(text or "").split()))
    if not text:
        return Price(Hobby.PriceType.PAID, None, "")
    amount = parse_amount(text)
    if amount is not None and amount > 0:
        return Price(price_type_from_text(text), amount, text)
    if amount is not None or says_free(text):
        return Price(Hobby.PriceType.FREE, Decimal("0.00"), "" if only_free_words(text) else text)
    return Price(Hobby.PriceType.PAID, None, text)


# --- Ages ---------------------------------------------------------------------------------

_AGE_RANGE_RE = re.compile(
    rf"(?<![\d.,:])(\d{{1,2}})\s*(kk|mån|months?)?\s*{DASH}\s*(\d{{1,2}})\s*(?:{DASH}\s*)?"
    r"(v\b|v\.|vuotia\w*|vuoti\w*|vuod\w*|år\b|years?\b|yrs?\b|y\b)",
    re.IGNORECASE,
)


def parse_age_range(text):
    """Return (min_age, max_age) from text such as "13–18 v", "11–18 år", "9-12-vuotiaille".

    An age in months ("3 kk–4 v") counts as the whole years it has reached, so 3 months is 0.
    Returns (None, None) when the text names no age range.
    """
    if not text or not isinstance(text, str):
        return None, None
    match = _AGE_RANGE_RE.search(text)
    if not match:
        return None, None
    low, low_unit, high = int(match.group(1)), match.group(2), int(match.group(3))
    if low_unit:
        low = low // 12
    if low > high:
        return None, None
    return low, high


def clamp_age(value):
    """Return an age as an int within the model's 0-99, or None for a missing or unreadable value."""
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    if math.isnan(number):
        return None
    return int(min(max(number, MIN_AGE), MAX_AGE))


def clamp_age_range(values):
    """Read an [min, max] age list such as [6, 17], [null] or [5, 110] into clamped ages."""
    if not isinstance(values, list | tuple):
        return None, None
    values = list(values) + [None, None]
    min_age, max_age = clamp_age(values[0]), clamp_age(values[1])
    if min_age is not None and max_age is not None and min_age > max_age:
        min_age, max_age = max_age, min_age
    return min_age, max_age


# --- Times and weekdays -------------------------------------------------------------------

_TIME_RANGE_IN_NAME_RE = re.compile(
    rf"\b(?:klo|kl)\.?\s*(\d{{1,2}})(?:[.:](\d{{2}}))?\s*{DASH}\s*(\d{{1,2}})(?:[.:](\d{{2}}))?(?!\d)",
    re.IGNORECASE,
)


def make_time(hour, minute):
    hour, minute = int(hour), int(minute or 0)
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    return dt.time(hour, minute)


def parse_time_range(text):
    """Return (start, end) times from "klo 17.30–19", "klo 13-15" or "kl 17.15–19.30", or None."""
    if not text or not isinstance(text, str):
        return None
    match = _TIME_RANGE_IN_NAME_RE.search(text)
    if not match:
        return None
    start = make_time(match.group(1), match.group(2))
    end = make_time(match.group(3), match.group(4))
    if start is None or end is None or end <= start:
        return None
    return start, end


WEEKDAY_ABBREVIATIONS = {"ma": 1, "ti": 2, "ke": 3, "to": 4, "pe": 5, "la": 6, "su": 7}
WEEKDAY_STEMS = {
    "maanantai": 1,
    "tiistai": 2,
    "keskiviiko": 3,
    "keskiviikko": 3,
    "torstai": 4,
    "perjantai": 5,
    "lauantai": 6,
    "sunnuntai": 7,
}

_HOURS_LINE_RE = re.compile(
    rf"^(?P<days>[^\d]+?)\s*(?:klo\.?\s*)?(?P<start>\d{{1,2}}[:.]\d{{2}})\s*{DASH}\s*(?P<end>\d{{1,2}}[:.]\d{{2}})",
    re.IGNORECASE,
)


def weekday_number(token):
    """Return the ISO weekday of "Ma", "ti", "Lauantaisin" or "keskiviikkoisin", or None."""
    token = token.casefold().strip(" .,:")
    if token in WEEKDAY_ABBREVIATIONS:
        return WEEKDAY_ABBREVIATIONS[token]
    for stem, number in WEEKDAY_STEMS.items():
        if token.startswith(stem):
            return number
    return None


def parse_weekdays(text):
    """Return the ISO weekdays named in "Ma", "Ma, Ke", "Ma-Pe" or "Lauantaisin", or [] if any word is not a day."""
    days = []
    for part in re.split(r"[,&/]|\s+ja\s+|\s+", text.strip()):
        if not part.strip():
            continue
        bounds = re.split(DASH, part)
        if len(bounds) == 2:
            first, last = weekday_number(bounds[0]), weekday_number(bounds[1])
            if first is None or last is None or last < first:
                return []
            days.extend(range(first, last + 1))
            continue
        number = weekday_number(part)
        if number is None:
            return []
        days.append(number)
    return sorted(set(days))


@dataclass(frozen=True)
class WeeklyHours:
    weekdays: tuple
    start: dt.time
    end: dt.time


def parse_hours(text):
    """Read "Joka viikko: Ma 17:30 - 19:00" lines into weekly hours, merging equal times.

    Returns (hours, unreadable_lines). Every line is taken as weekly, with or without the
    "Joka viikko:" prefix. Lines with the same start and end time become one entry with
    several weekdays. A line without an end time, or whose end is not after its start
    ("Ma 00:00 - 00:00"), is returned as unreadable.
    """
    by_times = {}
    unreadable = []
    for raw_line in (text or "").splitlines():
        line = re.sub(r"^\s*joka\s+viikko\s*:?", "", raw_line, flags=re.IGNORECASE).strip()
        if not line:
            continue
        match = _HOURS_LINE_RE.match(line)
        weekdays = parse_weekdays(match.group("days")) if match else []
        start = make_time(*re.split(r"[:.]", match.group("start"))) if match else None
        end = make_time(*re.split(r"[:.]", match.group("end"))) if match else None
        if not weekdays or start is None or end is None or end <= start:
            unreadable.append(raw_line.strip())
            continue
        by_times.setdefault((start, end), set()).update(weekdays)
    hours = [
        WeeklyHours(tuple(sorted(days)), start, end)
        for (start, end), days in sorted(by_times.items())
    ]
    return hours, unreadable


# --- Languages of instruction -------------------------------------------------------------

# Finnish names of languages (as written in the hobbyt data) and their ISO 639-1 codes. A word
# matches when it starts with the stem ("suomeksi", "Ruotsinkieli") or is a near miss of the
# full name ("engalnti").
LANGUAGE_NAMES = {
    "suomi": ("fi", "suom"),
    "ruotsi": ("sv", "ruots"),
    "englanti": ("en", "engl"),
    "saksa": ("de", "saks"),
    "kreikka": ("el", "kreik"),
    "venäjä": ("ru", "venäj"),
    "ranska": ("fr", "ransk"),
    "espanja": ("es", "espanj"),
    "viro": ("et", "viro"),
    "eesti": ("et", "eesti"),
    "arabia": ("ar", "arabi"),
    "somali": ("so", "somal"),
    "kiina": ("zh", "kiina"),
    "japani": ("ja", "japan"),
    "italia": ("it", "itali"),
    "finnish": ("fi", "finnish"),
    "swedish": ("sv", "swedish"),
    "english": ("en", "english"),
    "finska": ("fi", "finska"),
    "svenska": ("sv", "svenska"),
    "engelska": ("en", "engelska"),
}
LANGUAGE_MATCH_CUTOFF = 0.8


def parse_languages(values):
    """Return the ISO 639-1 codes named in a list of language names or sentences, in order."""
    if isinstance(values, str):
        values = [values]
    codes = []
    for value in values or []:
        for word in re.findall(r"[^\W\d_]+", str(value).casefold()):
            code = _language_code(word)
            if code and code not in codes:
                codes.append(code)
    return codes


def _language_code(word):
    for code, stem in LANGUAGE_NAMES.values():
        if word.startswith(stem):
            return code
    close = difflib.get_close_matches(word, LANGUAGE_NAMES, n=1, cutoff=LANGUAGE_MATCH_CUTOFF)
    return LANGUAGE_NAMES[close[0]][0] if close else None


# --- Providers, addresses, coordinates and URLs -------------------------------------------

MUNICIPAL_WORDS = (
    "kaupunki",
    "kaupungin",
    "kunta",
    "kunnan",
    "nuorisotalo",
    "nuorisopalvelu",
    "nuortenpalvelu",
)


def guess_provider_kind(name, publisher_id=""):
    """Guess a provider's kind from its name: legal-form words first, then municipal words.

    "ry" marks a registered association, "Oy"/"Ab" a company and "säätiö" a foundation. Names
    of cities, municipalities and their youth services mark a municipality, as do Helsinki's
    organisation ids ("ahjo:…"). Everything else is other.
    """
    folded = (name or "").casefold()
    words = set(re.findall(r"\w+", folded))
    if "ry" in words or "r.y" in folded:
        return Provider.Kind.ASSOCIATION
    if words & {"oy", "oyj", "ab", "abp"}:
        return Provider.Kind.COMPANY
    if "säätiö" in folded or "stiftelse" in folded:
        return Provider.Kind.FOUNDATION
    if any(word in folded for word in MUNICIPAL_WORDS) or "nuorten palvelu" in folded:
        return Provider.Kind.MUNICIPALITY
    if (publisher_id or "").startswith("ahjo:"):
        return Provider.Kind.MUNICIPALITY
    return Provider.Kind.OTHER


def parse_point(latitude, longitude):
    """Return (latitude, longitude) as floats inside Finland, or raise ValueError naming the values."""
    try:
        lat, lon = float(latitude), float(longitude)
    except (TypeError, ValueError):
        raise ValueError(f"coordinates {latitude!r}, {longitude!r} are not numbers") from None
    if math.isnan(lat) or math.isnan(lon):
        raise ValueError(f"coordinates {latitude!r}, {longitude!r} are not numbers")
    # A point outside the rectangle around Finland is a swapped or broken coordinate pair in
    # these Finnish sources.
    if not (
        FINLAND_LATITUDE[0] <= lat <= FINLAND_LATITUDE[1]
        and FINLAND_LONGITUDE[0] <= lon <= FINLAND_LONGITUDE[1]
    ):
        raise ValueError(f"coordinates {lat}, {lon} are outside Finland")
    return lat, lon


_url_validator = URLValidator(schemes=["http", "https"])
URL_MAX_LENGTH = 1000


def clean_url(value):
    """Return a valid http(s) URL for `value`, adding "http://" to "www.example.fi"; "" if invalid."""
    value = (value or "").strip() if isinstance(value, str) else ""
    if not value:
        return ""
    if "://" not in value and re.match(r"^[\w.-]+\.[a-z]{2,}(/\S*)?$", value, re.IGNORECASE):
        value = "http://" + value
    if len(value) > URL_MAX_LENGTH:
        return ""
    try:
        _url_validator(value)
    except ValidationError:
        return ""
    return value


def clean_postal_code(value):
    value = str(value or "").strip()
    return value if re.fullmatch(r"\d{5}", value) else ""


def capitalise_place_name(value):
    """Turn an all-capitals place name ("HELSINGFORS", "JYVÄSKYLÄ") into "Helsingfors"; keep others."""
    value = (value or "").strip()
    if value and value.isupper():
        return "-".join(
            " ".join(word.capitalize() for word in part.split(" ")) for part in value.split("-")
        )
    return value


def clean_text(value, max_length=None):
    """Return tidy plain text without zero-width characters, cut to `max_length` characters."""
    text = tidy_text(str(value or "").replace("\u200b", "").replace("\ufeff", ""))
    if max_length is not None and len(text) > max_length:
        text = text[: max_length - 1].rstrip() + "…"
    return text
