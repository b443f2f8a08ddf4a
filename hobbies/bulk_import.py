"""Bulk import of one provider's hobbies from a CSV or XLSX file.

The file has one hobby a row, with headers in Finnish, Swedish or English (any mix). Each
row is keyed on the provider's own id for the hobby (the first column). That id becomes the
hobby's origin id under a data source of the provider's own, so uploading the same ids
again updates those hobbies instead of adding copies.

`validate_rows` checks every row with the model's clean functions and returns every error
by row and column; `commit_rows` writes all rows in one transaction, or none.
"""

import csv
import datetime as dt
import io
import logging
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.i18n import CONTENT_LANGUAGES

from .models import (
    Hobby,
    HobbyCategory,
    WeeklySchedule,
    clean_age_range,
    clean_price,
    clean_weekly_rule,
)

logger = logging.getLogger(__name__)

MAX_ROWS = 2000
MAX_FILE_BYTES = 5 * 1024 * 1024
LIST_SEPARATOR = ";"


@dataclass(frozen=True)
class Column:
    key: str
    label: object  # a lazy translation: the header in each language
    example: str = ""


COLUMNS = [
    Column("external_id", _("Your id"), "judo-2027-1"),
    Column("name_fi", _("Name in Finnish"), "Judon alkeiskurssi"),
    Column("name_sv", _("Name in Swedish"), "Nybörjarkurs i judo"),
    Column("name_en", _("Name in English"), "Judo for beginners"),
    Column("description_fi", _("Description in Finnish"), "Opit judon perusteet turvallisesti."),
    Column("description_sv", _("Description in Swedish"), ""),
    Column("description_en", _("Description in English"), ""),
    Column("categories", _("Categories"), "Jalkapallo"),
    Column("price_type", _("Price type"), "free"),
    Column("price_amount", _("Price in euros"), "0"),
    Column("min_age", _("Minimum age"), "12"),
    Column("max_age", _("Maximum age"), "16"),
    Column("location_name", _("Location name"), "Urheilutalo"),
    Column("street_address", _("Street address"), "Urheilutie 1"),
    Column("postal_code", _("Postal code"), "00100"),
    Column("city", _("City"), "Helsinki"),
    Column("weekdays", _("Weekdays"), "1;3"),
    Column("start_time", _("Start time"), "17:00"),
    Column("end_time", _("End time"), "18:30"),
    Column("first_date", _("First date"), "2027-01-11"),
    Column("last_date", _("Last date"), "2027-05-20"),
    Column("exception_dates", _("Exception dates"), "2027-02-22 – 2027-02-26"),
    Column("info_url", _("Web page"), "https://example.org/judo"),
    Column("publish", _("Publish"), "yes"),
]
COLUMNS_BY_KEY = {column.key: column for column in COLUMNS}
SCHEDULE_KEYS = ("weekdays", "start_time", "end_time", "first_date", "last_date")
# Model field names in clean_* errors → the column that contains the value.
FIELD_COLUMNS = {
    "price_amount": "price_amount",
    "price_type": "price_type",
    "min_age": "min_age",
    "max_age": "max_age",
    "weekdays": "weekdays",
    "start_time": "start_time",
    "end_time": "end_time",
    "first_date": "first_date",
    "last_date": "last_date",
    "exception_dates": "exception_dates",
}
YES = {"yes", "y", "true", "1", "kyllä", "k", "ja", "x"}
NO = {"no", "n", "false", "0", "ei", "nej", ""}
WEEKDAY_NAMES = {
    1: ("ma", "maanantai", "mån", "måndag", "mon", "monday"),
    2: ("ti", "tiistai", "tis", "tisdag", "tue", "tuesday"),
    3: ("ke", "keskiviikko", "ons", "onsdag", "wed", "wednesday"),
    4: ("to", "torstai", "tor", "torsdag", "thu", "thursday"),
    5: ("pe", "perjantai", "fre", "fredag", "fri", "friday"),
    6: ("la", "lauantai", "lör", "lördag", "sat", "saturday"),
    7: ("su", "sunnuntai", "sön", "söndag", "sun", "sunday"),
}


class ImportFileError(Exception):
    """The file cannot be read as a table: wrong format, no header, too many rows."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class RowPlan:
    """One valid row, ready to write."""

    row: int
    external_id: str
    hobby_fields: dict
    categories: list
    location_fields: dict | None
    schedule_fields: dict | None
    publish: bool
    existing_id: int | None = None


@dataclass
class Validation:
    plans: list = field(default_factory=list)
    errors: list = field(default_factory=list)

    @property
    def is_valid(self):
        return not self.errors


def data_source_of(provider):
    return f"portal-provider-{provider.pk}"


def header_text(column, language):
    with translation.override(language):
        return str(column.label)


def header_map():
    """Return {normalised header: column key} for the headers in every language."""
    headers = {}
    for column in COLUMNS:
        headers[_normalise(column.key)] = column.key
        for language in CONTENT_LANGUAGES:
            headers[_normalise(header_text(column, language))] = column.key
    return headers


def _normalise(text):
    return re.sub(r"\s+", " ", str(text or "").strip().lower())


# --- Reading files -------------------------------------------------------------------------


def read_table(name, data):
    """Return the rows of a CSV or XLSX file as dicts keyed by column key, all strings.

    Raises ImportFileError when the file cannot be read.
    """
    if len(data) > MAX_FILE_BYTES:
        raise ImportFileError(
            gettext("The file is too large: %(size)s bytes, the maximum is %(max)s bytes.")
            % {"size": len(data), "max": MAX_FILE_BYTES}
        )
    lower = (name or "").lower()
    if lower.endswith(".xlsx"):
        table = _read_xlsx(data)
    elif lower.endswith(".csv") or lower.endswith(".txt"):
        table = _read_csv(data)
    else:
        raise ImportFileError(gettext("Upload a .csv or .xlsx file, not “%(name)s”.") % {"name": name})
    return _rows_by_key(table)


def _read_csv(data):
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    return [row for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def _read_xlsx(data):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types (zipfile, KeyError, XML errors)
        logger.info("Rejected an unreadable XLSX upload: %s", type(error).__name__)
        raise ImportFileError(gettext("The file is not a readable XLSX workbook.")) from None
    sheet = workbook.worksheets[0]
    rows = [[_cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    workbook.close()
    return rows


def _cell_text(value):
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _rows_by_key(table):
    table = [row for row in table if any(str(cell).strip() for cell in row)]
    if not table:
        raise ImportFileError(gettext("The file is empty: it needs a header row and one row per hobby."))

    headers = header_map()
    keys = []
    unknown = []
    for cell in table[0]:
        key = headers.get(_normalise(cell))
        if cell and key is None:
            unknown.append(str(cell))
        keys.append(key)
    if unknown:
        raise ImportFileError(
            gettext("Unknown columns: %(columns)s. Use the headers of the template.") % {"columns": ", ".join(unknown)}
        )
    if "external_id" not in keys:
        raise ImportFileError(
            gettext("The column “%(column)s” is missing: each row needs your own id for the hobby.")
            % {"column": COLUMNS_BY_KEY["external_id"].label}
        )

    if len(table) - 1 > MAX_ROWS:
        raise ImportFileError(
            gettext("The file has %(count)s rows; import at most %(max)s at a time.")
            % {"count": len(table) - 1, "max": MAX_ROWS}
        )

    rows = []
    for line in table[1:]:
        values = {key: "" for key in COLUMNS_BY_KEY}
        for key, cell in zip(keys, line, strict=False):
            if key:
                values[key] = str(cell).strip()
        rows.append(values)
    return rows


# --- Validation ----------------------------------------------------------------------------


def validate_rows(rows, provider):
    """Check every row; return a Validation with a plan per valid row and every error.

    Row numbers are the spreadsheet's: the header is row 1, the first hobby row 2.
    """
    result = Validation()
    categories = _category_lookup()
    seen = {}
    existing = dict(
        Hobby.objects.filter(data_source=data_source_of(provider)).values_list("origin_id", "pk")
    )
    for index, values in enumerate(rows, start=2):
        errors = []
        plan = _validate_row(index, values, categories, errors)
        external_id = values.get("external_id", "")
        if external_id and external_id in seen:
            errors.append(
                RowError(
                    index,
                    str(COLUMNS_BY_KEY["external_id"].label),
                    gettext("The id “%(value)s” is also on row %(row)s: each hobby needs its own id.")
                    % {"value": external_id, "row": seen[external_id]},
                )
            )
        seen.setdefault(external_id, index)
        if errors:
            result.errors.extend(errors)
        else:
            plan.existing_id = existing.get(plan.external_id)
            result.plans.append(plan)
    return result


def _error(errors, row, key, message):
    errors.append(RowError(row, str(COLUMNS_BY_KEY[key].label), str(message)))


def _validation_errors(errors, row, error, default_key):
    for field_name, messages in error.message_dict.items():
        key = FIELD_COLUMNS.get(field_name, default_key)
        for message in messages:
            _error(errors, row, key, message)


def _validate_row(row, values, categories, errors):
    external_id = values["external_id"]
    if not external_id:
        _error(errors, row, "external_id", gettext("The id is missing."))
    elif len(external_id) > 200:
        _error(errors, row, "external_id", gettext("The id is too long: at most 200 characters."))

    hobby_fields = {}
    for key in ("name_fi", "name_sv", "name_en", "description_fi", "description_sv", "description_en"):
        hobby_fields[key] = values[key]
    if not any(values[f"name_{code}"] for code in CONTENT_LANGUAGES):
        _error(errors, row, "name_fi", gettext("The name is missing: give it in at least one language."))
    for key in ("name_fi", "name_sv", "name_en"):
        if len(values[key]) > 1024:
            _error(errors, row, key, gettext("The name is too long: at most 1024 characters."))

    price_type = _price_type(values["price_type"])
    if price_type is None:
        _error(
            errors, row, "price_type",
            gettext("“%(value)s” is not a price type: use free, paid, annual, seasonal or one_time.")
            % {"value": values["price_type"]},
        )
    errors_before = len(errors)
    price_amount = _decimal(values["price_amount"], row, "price_amount", errors)
    if price_type is not None and len(errors) == errors_before:
        try:
            clean_price(price_type, price_amount)
        except ValidationError as error:
            _validation_errors(errors, row, error, "price_amount")
    hobby_fields["price_type"] = price_type
    hobby_fields["price_amount"] = price_amount if price_amount is not None else Decimal("0")

    min_age = _integer(values["min_age"], row, "min_age", errors)
    max_age = _integer(values["max_age"], row, "max_age", errors)
    try:
        clean_age_range(min_age, max_age)
    except ValidationError as error:
        _validation_errors(errors, row, error, "min_age")
    hobby_fields["min_age"], hobby_fields["max_age"] = min_age, max_age

    hobby_fields["info_url"] = values["info_url"]
    if values["info_url"]:
        from django.core.validators import URLValidator

        try:
            URLValidator()(values["info_url"])
        except ValidationError:
            _error(errors, row, "info_url", gettext("“%(value)s” is not a web address.") % {"value": values["info_url"]})

    chosen_categories = []
    for name in _split_list(values["categories"]):
        category = categories.get(_normalise(name))
        if category is None:
            _error(errors, row, "categories", gettext("Unknown category “%(value)s”.") % {"value": name})
        else:
            chosen_categories.append(category)

    location_fields = _location_fields(values, row, errors)
    schedule_fields = _schedule_fields(values, row, errors)

    publish = _normalise(values["publish"])
    if publish not in YES | NO:
        _error(errors, row, "publish", gettext("Write yes or no, not “%(value)s”.") % {"value": values["publish"]})
    return RowPlan(
        row=row,
        external_id=external_id,
        hobby_fields=hobby_fields,
        categories=chosen_categories,
        location_fields=location_fields,
        schedule_fields=schedule_fields,
        publish=publish in YES,
    )


def _category_lookup():
    """Return {normalised name or YSO id: category} over every language."""
    lookup = {}
    for category in HobbyCategory.objects.order_by("-level", "sort_key"):
        for code in CONTENT_LANGUAGES:
            name = getattr(category, f"name_{code}", "")
            if name:
                lookup[_normalise(name)] = category
        if category.yso_id:
            lookup[_normalise(category.yso_id)] = category
    return lookup


def _price_type(value):
    text = _normalise(value)
    if not text:
        return Hobby.PriceType.FREE
    for choice in Hobby.PriceType:
        if text == choice.value:
            return choice.value
        for language in CONTENT_LANGUAGES:
            with translation.override(language):
                if text == _normalise(str(choice.label)):
                    return choice.value
    return None


def _decimal(text, row, key, errors):
    if not text:
        return None
    try:
        return Decimal(text.replace(",", ".").replace("€", "").replace(" ", ""))
    except InvalidOperation:
        _error(errors, row, key, gettext("“%(value)s” is not a number.") % {"value": text})
        return None


def _integer(text, row, key, errors):
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        _error(errors, row, key, gettext("“%(value)s” is not a whole number.") % {"value": text})
        return None


def _split_list(text):
    return [part.strip() for part in re.split(r"[;\n]", text or "") if part.strip()]


def _location_fields(values, row, errors):
    keys = ("location_name", "street_address", "postal_code", "city")
    if not any(values[key] for key in keys):
        return None
    from places.models import postal_code_validator

    if values["postal_code"]:
        try:
            postal_code_validator(values["postal_code"])
        except ValidationError:
            _error(
                errors, row, "postal_code",
                gettext("“%(value)s” is not a postal code: give five digits.") % {"value": values["postal_code"]},
            )
    return {key: values[key] for key in keys}


def _parse_date(text):
    text = text.strip()
    match = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text)
    if match:
        day, month, year = (int(part) for part in match.groups())
        return dt.date(year, month, day)
    return dt.date.fromisoformat(text)


def _parse_time(text):
    return dt.time.fromisoformat(text.strip().replace(".", ":").zfill(5))


def _weekdays(text, row, errors):
    days = []
    for part in re.split(r"[;,\s]+", text.strip()):
        if not part:
            continue
        if part.isdigit():
            days.append(int(part))
            continue
        for number, names in WEEKDAY_NAMES.items():
            if part.lower().rstrip(".") in names:
                days.append(number)
                break
        else:
            _error(
                errors, row, "weekdays",
                gettext("“%(value)s” is not a weekday: use 1 (Monday) to 7 (Sunday).") % {"value": part},
            )
            return None
    return days


def _schedule_fields(values, row, errors):
    given = [key for key in SCHEDULE_KEYS if values[key]]
    if not given and not values["exception_dates"]:
        return None
    missing = [key for key in SCHEDULE_KEYS if not values[key]]
    for key in missing:
        _error(errors, row, key, gettext("Give the whole weekly schedule: this value is missing."))
    if missing:
        return None

    parsed = {"weekdays": _weekdays(values["weekdays"], row, errors)}
    for key, parse in (("start_time", _parse_time), ("end_time", _parse_time), ("first_date", _parse_date), ("last_date", _parse_date)):
        try:
            parsed[key] = parse(values[key])
        except ValueError:
            _error(
                errors, row, key,
                gettext("“%(value)s” is not valid here: write times as 17:30 and dates as 2027-01-31 or 31.1.2027.")
                % {"value": values[key]},
            )
            parsed[key] = None

    exceptions = []
    for part in _split_list(values["exception_dates"]):
        bounds = [piece.strip() for piece in re.split(r"\s[–—-]\s|\.\.", part)]
        try:
            first, last = _parse_date(bounds[0]), _parse_date(bounds[-1])
        except ValueError:
            _error(errors, row, "exception_dates", gettext("“%(value)s” is not a date or a range of dates.") % {"value": part})
            continue
        day = first
        while day <= last and (day - first).days <= 366:
            exceptions.append(day.isoformat())
            day += dt.timedelta(days=1)
    if any(value is None for value in parsed.values()):
        return None

    try:
        weekdays, exception_dates = clean_weekly_rule(
            parsed["weekdays"], parsed["start_time"], parsed["end_time"], parsed["first_date"], parsed["last_date"], exceptions
        )
    except ValidationError as error:
        _validation_errors(errors, row, error, "weekdays")
        return None
    parsed["weekdays"], parsed["exception_dates"] = weekdays, exception_dates
    return parsed


# --- Writing -------------------------------------------------------------------------------


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0


@transaction.atomic
def commit_rows(rows, provider, *, acting_user):
    """Validate `rows` again and write them all in one transaction; write nothing if any
    row has an error. Returns (ImportResult, Validation)."""
    validation = validate_rows(rows, provider)
    result = ImportResult()
    if not validation.is_valid:
        return result, validation
    for plan in validation.plans:
        _write(plan, provider, acting_user, result)
    logger.info(
        "Imported hobbies for provider %s: %s created, %s updated", provider.pk, result.created, result.updated
    )
    return result, validation


def _write(plan, provider, acting_user, result):
    from .services import publish_hobby, save_hobby, save_schedule, unpublish_hobby

    source = data_source_of(provider)
    hobby = Hobby.objects.filter(data_source=source, origin_id=plan.external_id).first()
    created = hobby is None
    if created:
        hobby = Hobby(data_source=source, origin_id=plan.external_id, provider=provider, status=Hobby.Status.DRAFT)
    for key, value in plan.hobby_fields.items():
        setattr(hobby, key, value)
    if plan.location_fields:
        hobby.location = _location_for(plan.location_fields, provider, acting_user)
    hobby = save_hobby(hobby, acting_user=acting_user, categories=plan.categories)
    if plan.schedule_fields:
        schedule = WeeklySchedule.objects.filter(hobby=hobby, data_source=source, origin_id=plan.external_id).first()
        schedule = schedule or WeeklySchedule(hobby=hobby, data_source=source, origin_id=plan.external_id)
        for key, value in plan.schedule_fields.items():
            setattr(schedule, key, value)
        save_schedule(schedule, acting_user=acting_user)
    if plan.publish:
        publish_hobby(hobby, acting_user=acting_user)
    elif not created:
        unpublish_hobby(hobby, acting_user=acting_user)
    if created:
        result.created += 1
    else:
        result.updated += 1


def _location_for(fields, provider, acting_user):
    """Return the provider's location with this name and address, creating it if needed.

    A new location's point is the centre of its postal-code area, which the provider can
    correct on the location's map later.
    """
    from places.models import Location, PostalCode
    from places.services import save_location

    existing = Location.objects.filter(
        provider=provider,
        name_fi__iexact=fields["location_name"],
        street_address_fi__iexact=fields["street_address"],
        postal_code=fields["postal_code"],
    ).first()
    if existing is not None:
        return existing
    location = Location(
        provider=provider,
        name_fi=fields["location_name"],
        street_address_fi=fields["street_address"],
        postal_code=fields["postal_code"],
        city_fi=fields["city"],
    )
    area = PostalCode.objects.filter(code=fields["postal_code"]).first() if fields["postal_code"] else None
    if area is not None:
        location.latitude, location.longitude = area.latitude, area.longitude
    return save_location(location, acting_user=acting_user)


# --- Templates -----------------------------------------------------------------------------


def template_rows(language):
    """Return the template's header row in `language` and one example row."""
    return [header_text(column, language) for column in COLUMNS], [column.example for column in COLUMNS]


def template_csv(language):
    headers, example = template_rows(language)
    output = io.StringIO()
    writer = csv.writer(output, delimiter=LIST_SEPARATOR)
    writer.writerow(headers)
    writer.writerow(example)
    # A byte order mark makes Excel read the file as UTF-8.
    return ("\ufeff" + output.getvalue()).encode("utf-8")


def template_xlsx(language):
    from openpyxl import Workbook

    headers, example = template_rows(language)
    workbook = Workbook()
    sheet = workbook.active
    with translation.override(language):
        sheet.title = gettext("Hobbies")[:31]
    sheet.append(headers)
    sheet.append(example)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
