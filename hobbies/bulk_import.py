"""Bulk import of one provider's hobbies from a CSV or XLSX file.

The file has one hobby a row, with headers in Finnish, Swedish or English (any mix). Each
row is keyed on the provider's own id for the hobby (the first column). That id becomes the
hobby's origin id under a data source of the provider's own, so uploading the same ids
again updates those hobbies instead of adding copies.

A column that the file leaves out keeps the stored value of an existing hobby, while an
empty cell in a column that the file has clears the value. So a file with only the id and
one other column changes only that field.

`validate_rows` checks every row with the model's clean functions and the database's
limits, and returns every error by row and column; `commit_rows` writes all rows in one
transaction, or none.
"""

import csv
import datetime as dt
import io
import logging
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache

from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, transaction
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from core.i18n import CONTENT_LANGUAGES
from core.textfiles import csv_reader, decode_text, sniff_delimiter

from .models import (
    MAX_DESCRIPTION_LENGTH,
    Hobby,
    HobbyCategory,
    WeeklySchedule,
    clean_age_range,
    clean_price,
    clean_weekly_rule,
    clean_year,
)

logger = logging.getLogger(__name__)

MAX_ROWS = 2000
# Rows read at most, empty ones included, so that a sheet of mostly empty rows is rejected
# as fast as one of too many hobbies.
MAX_SHEET_ROWS = 5 * MAX_ROWS
MAX_FILE_BYTES = 5 * 1024 * 1024
# Uncompressed size of an XLSX file's parts at most. A filled template of MAX_ROWS rows stays
# far below it, so a larger file is compressed filler.
MAX_XLSX_UNPACKED_BYTES = 20 * MAX_FILE_BYTES
# The start of a <row> element in worksheet XML, with or without a namespace prefix.
XLSX_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s/>]")
LIST_SEPARATOR = ";"

YES_WORD = pgettext_lazy("bulk import value", "yes")
NO_WORD = pgettext_lazy("bulk import value", "no")


@dataclass(frozen=True)
class Column:
    key: str
    label: object  # a lazy translation: the header in each language
    example: object = ""  # a string, or a lazy translation when the example differs by language


COLUMNS = [
    Column("external_id", _("Your id"), "judo-2027-1"),
    Column("name_fi", _("Name in Finnish"), "Judon alkeiskurssi"),
    Column("name_sv", _("Name in Swedish"), "Nybörjarkurs i judo"),
    Column("name_en", _("Name in English"), "Judo for beginners"),
    Column("description_fi", _("Description in Finnish"), "Opit judon perusteet turvallisesti."),
    Column("description_sv", _("Description in Swedish"), ""),
    Column("description_en", _("Description in English"), ""),
    Column("categories", _("Categories"), pgettext_lazy("bulk import example", "Martial arts")),
    Column("price_type", _("Price type"), Hobby.PriceType.FREE.label),
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
    Column("publish", _("Publish"), YES_WORD),
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
# The words for yes and no in every language (YES_WORD, NO_WORD) are accepted besides these.
YES = {"yes", "y", "true", "1", "kyllä", "k", "ja", "x"}
NO = {"no", "n", "false", "0", "ei", "nej", ""}
# A price: digits with an optional decimal part, after "," became "." and spaces and "€" went.
# The minus sign is accepted so that clean_price can explain that a price cannot be negative.
PRICE_PATTERN = re.compile(r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
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


class ImportCommitError(Exception):
    """A row that validation passed failed when written, so the whole import was rolled back."""

    def __init__(self, row, message):
        super().__init__(message)
        self.row = row
        self.message = message


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class RowPlan:
    """One valid row, ready to write.

    `hobby_fields` contains only the fields that the file sets. `categories` and `publish`
    are None when the file has no such column, which keeps the stored value.
    """

    row: int
    external_id: str
    hobby_fields: dict
    categories: list | None
    location_fields: dict | None
    schedule_fields: dict | None
    publish: bool | None
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


def _translated(lazy_text, language):
    with translation.override(language):
        return str(lazy_text)


def header_map():
    """Return {normalised header: column key} for the headers in every language."""
    headers = {}
    for column in COLUMNS:
        headers[_normalise(column.key)] = column.key
        for language in CONTENT_LANGUAGES:
            headers[_normalise(_translated(column.label, language))] = column.key
    return headers


def _normalise(text):
    return re.sub(r"\s+", " ", str(text or "").strip().lower())


# --- Reading files -------------------------------------------------------------------------


def read_table(name, data, *, size=None):
    """Return [(row number, {column key: text})] for the hobby rows of a CSV or XLSX file.

    `size` is the uploaded file's size, since `data` may be only its first MAX_FILE_BYTES + 1
    bytes. Row numbers are the spreadsheet's, counting empty rows. Raises ImportFileError
    when the file cannot be read.
    """
    if size is not None and size > MAX_FILE_BYTES:
        raise ImportFileError(
            gettext("The file “%(name)s” is too large: %(size)s, the maximum is %(max)s.")
            % {"name": name, "size": filesizeformat(size), "max": filesizeformat(MAX_FILE_BYTES)}
        )
    if len(data) > MAX_FILE_BYTES:
        raise ImportFileError(
            gettext("The file “%(name)s” is too large: the maximum is %(max)s.")
            % {"name": name, "max": filesizeformat(MAX_FILE_BYTES)}
        )
    lower = (name or "").lower()
    if lower.endswith(".xlsx"):
        numbered_rows = _xlsx_rows(data)
    elif lower.endswith((".csv", ".txt")):
        numbered_rows = _csv_rows(name, data)
    else:
        raise ImportFileError(gettext("Upload a .csv or .xlsx file, not “%(name)s”.") % {"name": name})
    return _rows_by_key(numbered_rows)


def _csv_rows(name, data):
    """Yield (row number, cells) of a CSV file, lazily."""
    try:
        text = decode_text(data)
    except UnicodeDecodeError:
        raise ImportFileError(
            gettext(
                "The file “%(name)s” is not in a text encoding that the import knows. "
                "Save it from your spreadsheet as “CSV UTF-8” and upload it again."
            )
            % {"name": name}
        ) from None
    # The first line with content is the header, and it shows the delimiter.
    header_line = next((line for line in io.StringIO(text, newline="") if line.strip(" \t\r\n;,")), "")
    number = 0
    try:
        for number, cells in enumerate(csv_reader(text, sniff_delimiter(header_line)), start=1):
            yield number, cells
    except csv.Error:
        raise ImportFileError(
            gettext(
                "Row %(row)s of the file “%(name)s” cannot be read as CSV. "
                "Save the file from your spreadsheet as “CSV UTF-8” and upload it again."
            )
            % {"row": number + 1, "name": name}
        ) from None


def _xlsx_rows(data):
    """Yield (row number, cells) of the workbook's first sheet, lazily."""
    from openpyxl import load_workbook

    _check_xlsx_size(data)
    workbooks = []
    try:
        # The file is read twice: once for the values that the spreadsheet program computed,
        # once for the formulas, to find formulas without a value or with an error value.
        for data_only in (True, False):
            workbooks.append(load_workbook(io.BytesIO(data), read_only=True, data_only=data_only))
        sheet, formula_sheet = (workbook.worksheets[0] for workbook in workbooks)
    except Exception as error:  # openpyxl raises many types (zipfile, KeyError, XML errors)
        logger.info("Rejected an unreadable XLSX upload: %s", type(error).__name__)
        for workbook in workbooks:
            workbook.close()
        raise ImportFileError(gettext("The file is not a readable XLSX workbook.")) from None
    try:
        # The dimension that the writing program stored gives the size before any row is read.
        if sheet.max_row is not None and sheet.max_row > MAX_SHEET_ROWS:
            raise ImportFileError(
                gettext("The file has %(count)s rows; import at most %(max)s at a time.")
                % {"count": sheet.max_row - 1, "max": MAX_ROWS}
            )
        # openpyxl stops at the stored dimension, which a program may have written too small.
        sheet.reset_dimensions()
        formula_sheet.reset_dimensions()
        headers = []
        rows = zip(sheet.iter_rows(), formula_sheet.iter_rows(values_only=True), strict=True)
        for number, (row, formula_row) in enumerate(rows, start=1):
            cells = [_cell_text(cell.value) for cell in row]
            _check_formula_cells(number, row, formula_row, headers)
            if number == 1:
                headers = cells
            yield number, cells
    except ImportFileError:
        raise
    except Exception as error:  # openpyxl finds a damaged sheet only while parsing its rows
        logger.info("Rejected an unreadable XLSX sheet: %s", type(error).__name__)
        raise ImportFileError(gettext("The file is not a readable XLSX workbook.")) from None
    finally:
        for workbook in workbooks:
            workbook.close()


# The values that spreadsheet programs store for a formula that failed.
SPREADSHEET_ERRORS = {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA"}


def _check_formula_cells(number, row, formula_row, headers):
    """Raise ImportFileError for a formula cell of row `number` whose computed value is
    missing, as in files written by programs that do not compute formulas, or is an error.
    Either would otherwise be imported as an empty cell or as the error's text.

    `row` has the cells with computed values. A formula whose value is the empty text has
    the type "str" and no value, and is accepted as an empty cell.
    """
    for index, (cell, formula) in enumerate(zip(row, formula_row, strict=False)):
        if not (isinstance(formula, str) and formula.startswith("=")):
            continue
        value = cell.value
        if value is None and cell.data_type == "str":
            continue
        if value is not None and not (isinstance(value, str) and value in SPREADSHEET_ERRORS):
            continue
        column = headers[index] if index < len(headers) and headers[index] else _column_letter(index)
        params = {"row": number, "column": column, "formula": formula, "value": value}
        if value is None:
            message = gettext(
                "Row %(row)s, column “%(column)s”: the formula “%(formula)s” has no computed value in "
                "the file. Open the file in a spreadsheet program and save it, or type the value, "
                "then upload it again."
            )
        else:
            message = gettext(
                "Row %(row)s, column “%(column)s”: the formula “%(formula)s” gives the error "
                "“%(value)s”. Correct the formula or type the value, then upload the file again."
            )
        raise ImportFileError(message % params)


def _column_letter(index):
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def _check_xlsx_size(data):
    """Raise ImportFileError for a workbook with too many rows or too much unpacked data.

    openpyxl 3.1 parses a whole sheet when it opens a workbook in read-only mode if the
    sheet stores no dimension, so such a sheet is counted here first, stopping at the limit.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError):
        return  # openpyxl rejects the file with the usual message
    with archive:
        if sum(info.file_size for info in archive.infolist()) > MAX_XLSX_UNPACKED_BYTES:
            raise ImportFileError(gettext("The file is not a readable XLSX workbook."))
        for info in archive.infolist():
            if info.filename.endswith(".xml") and _count_xml_rows(archive, info) > MAX_SHEET_ROWS:
                raise _too_many_rows()


def _count_xml_rows(archive, info):
    """Return the number of <row> elements in one part, or MAX_SHEET_ROWS + 1 once past it."""
    rows = 0
    carry = b""
    try:
        with archive.open(info) as part:
            while chunk := part.read(1024 * 1024):
                # Cut before the last "<" so that no tag is split between two searches.
                buffer = carry + chunk
                cut = buffer.rfind(b"<")
                if cut <= 0:
                    cut = len(buffer)
                rows += len(XLSX_ROW_TAG.findall(buffer, 0, cut))
                carry = buffer[cut:]
                if rows > MAX_SHEET_ROWS:
                    return rows
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError):
        return 0  # openpyxl rejects the file with the usual message
    return rows + len(XLSX_ROW_TAG.findall(carry))


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


def _is_blank(cells):
    return not any(str(cell).strip() for cell in cells)


def _too_many_rows():
    return ImportFileError(gettext("The file has more than %(max)s rows; import at most %(max)s at a time.") % {"max": MAX_ROWS})


def _rows_by_key(numbered_rows):
    """Return [(row number, {column key: text})] from (row number, cells) pairs.

    Each row's dict has a key for every column in the header and no others, so that a
    missing column differs from an empty cell. The first row with content is the header.
    Reading stops at the first row over the limits, so that a large file is never held in
    memory whole.
    """
    numbered_rows = iter(numbered_rows)
    header = None
    for number, cells in numbered_rows:
        if number > MAX_SHEET_ROWS:
            raise _too_many_rows()
        if not _is_blank(cells):
            header = cells
            break
    if header is None:
        raise ImportFileError(gettext("The file is empty: it needs a header row and one row per hobby."))
    keys = _column_keys(header)

    rows = []
    for number, cells in numbered_rows:
        if number > MAX_SHEET_ROWS:
            raise _too_many_rows()
        if _is_blank(cells):
            continue
        if len(rows) == MAX_ROWS:
            raise _too_many_rows()
        values = {key: "" for key in keys if key}
        for key, cell in zip(keys, cells, strict=False):
            if key:
                values[key] = str(cell).strip()
        rows.append((number, values))
    return rows


def _column_keys(header):
    """Return the column key of each header cell (None for an empty cell)."""
    headers = header_map()
    keys = []
    unknown = []
    seen = {}
    duplicate = None
    for cell in header:
        text = str(cell).strip()
        key = headers.get(_normalise(text))
        if text and key is None:
            unknown.append(text)
        if key in seen and duplicate is None:
            duplicate = (key, seen[key], text)
        if key is not None:
            seen.setdefault(key, text)
        keys.append(key)
    if unknown:
        raise ImportFileError(
            gettext("Unknown columns: %(columns)s. Use the headers of the template.") % {"columns": ", ".join(unknown)}
        )
    if duplicate is not None:
        key, first, second = duplicate
        raise ImportFileError(
            gettext("The column “%(column)s” is in the header twice, as “%(first)s” and “%(second)s”: keep only one.")
            % {"column": COLUMNS_BY_KEY[key].label, "first": first, "second": second}
        )
    if "external_id" not in keys:
        raise ImportFileError(
            gettext("The column “%(column)s” is missing: each row needs your own id for the hobby.")
            % {"column": COLUMNS_BY_KEY["external_id"].label}
        )
    return keys


# --- Validation ----------------------------------------------------------------------------


def validate_rows(rows, provider):
    """Check every (row number, values) pair from read_table; return a Validation with a
    plan per valid row and every error.
    """
    result = Validation()
    categories = _category_lookup()
    seen = {}
    stored = stored_hobbies(rows, provider)
    for index, values in rows:
        errors = []
        external_id = values.get("external_id", "")
        plan = _validate_row(index, values, categories, errors, stored.get(external_id))
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
            plan.existing_id = getattr(stored.get(plan.external_id), "pk", None)
            result.plans.append(plan)
    return result


def stored_hobbies(rows, provider):
    """Return {your id: hobby} for the hobbies that the rows' ids already imported."""
    # An id with a NUL character is a row error already, and PostgreSQL cannot compare it.
    external_ids = {
        external_id for _row, values in rows if (external_id := values.get("external_id", "")) and "\x00" not in external_id
    }
    hobbies = Hobby.objects.filter(data_source=data_source_of(provider), origin_id__in=external_ids)
    return {hobby.origin_id: hobby for hobby in hobbies.select_related("location").prefetch_related("categories")}


def _error(errors, row, key, message):
    errors.append(RowError(row, str(COLUMNS_BY_KEY[key].label), str(message)))


def _validation_errors(errors, row, error, default_key):
    for field_name, messages in error.message_dict.items():
        key = FIELD_COLUMNS.get(field_name, default_key)
        for message in messages:
            _error(errors, row, key, message)


@cache
def _text_limits():
    """Return {column key: maximum length} from the model fields that store the column."""
    from places.models import Location

    fields = {
        "external_id": Hobby._meta.get_field("origin_id"),
        "info_url": Hobby._meta.get_field("info_url"),
        "location_name": Location._meta.get_field("name_fi"),
        "street_address": Location._meta.get_field("street_address_fi"),
        "city": Location._meta.get_field("city_fi"),
    }
    for code in CONTENT_LANGUAGES:
        fields[f"name_{code}"] = Hobby._meta.get_field(f"name_{code}")
        fields[f"description_{code}"] = Hobby._meta.get_field(f"description_{code}")
    # Descriptions are unlimited text in the database, and the API's limit applies here too.
    return {key: model_field.max_length or MAX_DESCRIPTION_LENGTH for key, model_field in fields.items()}


def _shown(value, length=40):
    """Return `value` cut for an error message, with NUL characters made visible."""
    value = value.replace("\x00", "\u2400")
    return value if len(value) <= length else value[: length - 1] + "…"


def _check_texts(values, row, errors):
    """Reject what the database would: NUL characters and text longer than its column."""
    limits = _text_limits()
    for key, value in values.items():
        if "\x00" in value:
            _error(
                errors, row, key,
                gettext("“%(value)s” contains a null character, which is not allowed.") % {"value": _shown(value)},
            )
        elif key in limits and len(value) > limits[key]:
            _error(
                errors, row, key,
                gettext("“%(value)s” is too long: %(length)s characters, the maximum is %(max)s.")
                % {"value": _shown(value), "length": len(value), "max": limits[key]},
            )


def _validate_row(row, values, categories, errors, stored=None):
    """Check one row and return its RowPlan. `stored` is the hobby that the row's id
    imported earlier, whose values stand in for the columns that the file leaves out."""
    _check_texts(values, row, errors)
    external_id = values["external_id"]
    if not external_id:
        _error(errors, row, "external_id", gettext("The id is missing."))

    hobby_fields = {}
    for key in ("name_fi", "name_sv", "name_en", "description_fi", "description_sv", "description_en"):
        if key in values:
            hobby_fields[key] = values[key]
    names = [_value_or_stored(values, f"name_{code}", stored, "") for code in CONTENT_LANGUAGES]
    if not any(names):
        _error(errors, row, "name_fi", gettext("The name is missing: give it in at least one language."))

    if stored is None or "price_type" in values or "price_amount" in values:
        hobby_fields.update(_price_fields(values, row, errors, stored))

    if stored is None or "min_age" in values or "max_age" in values:
        min_age = _integer(values["min_age"], row, "min_age", errors) if "min_age" in values else getattr(stored, "min_age", None)
        max_age = _integer(values["max_age"], row, "max_age", errors) if "max_age" in values else getattr(stored, "max_age", None)
        try:
            clean_age_range(min_age, max_age)
        except ValidationError as error:
            _validation_errors(errors, row, error, "min_age" if "min_age" in values else "max_age")
        hobby_fields["min_age"], hobby_fields["max_age"] = min_age, max_age

    if "info_url" in values:
        hobby_fields["info_url"] = values["info_url"]
    if values.get("info_url"):
        from django.core.validators import URLValidator

        try:
            URLValidator()(values["info_url"])
        except ValidationError:
            _error(errors, row, "info_url", gettext("“%(value)s” is not a web address.") % {"value": values["info_url"]})

    chosen_categories = None
    if "categories" in values:
        chosen_categories = []
        for name in _split_list(values["categories"]):
            category = categories.get(_normalise(name))
            if category is None:
                _error(errors, row, "categories", gettext("Unknown category “%(value)s”.") % {"value": name})
            else:
                chosen_categories.append(category)

    location_fields = _location_fields(values, row, errors)
    schedule_fields = _schedule_fields(values, row, errors)

    publish = None
    if "publish" in values or stored is None:
        word = _normalise(values.get("publish", ""))
        if word not in _yes_words() | _no_words():
            _error(
                errors, row, "publish",
                gettext("“%(value)s” is neither yes nor no. Use one of: %(choices)s.")
                % {"value": values["publish"], "choices": _yes_no_choices()},
            )
        publish = word in _yes_words()
    return RowPlan(
        row=row,
        external_id=external_id,
        hobby_fields=hobby_fields,
        categories=chosen_categories,
        location_fields=location_fields,
        schedule_fields=schedule_fields,
        publish=publish,
    )


def _value_or_stored(values, key, stored, default):
    if key in values:
        return values[key]
    return getattr(stored, key, default)


def _price_fields(values, row, errors, stored):
    """Return the price type and amount, taking a column that the file leaves out from
    `stored` (or the defaults for a new hobby: free, 0)."""
    if "price_type" in values or stored is None:
        price_type = _price_type(values.get("price_type", ""))
        if price_type is None:
            _error(
                errors, row, "price_type",
                gettext("“%(value)s” is not a price type. Use one of: %(choices)s.")
                % {"value": values["price_type"], "choices": _price_type_choices()},
            )
    else:
        price_type = stored.price_type
    errors_before = len(errors)
    if "price_amount" in values:
        price_amount = _decimal(values["price_amount"], row, "price_amount", errors)
    elif stored is not None and price_type != Hobby.PriceType.FREE:
        price_amount = stored.price_amount
    else:
        # A free hobby costs 0, so changing the type to free needs no price column.
        price_amount = None
    if price_type is not None and len(errors) == errors_before:
        try:
            clean_price(price_type, price_amount)
        except ValidationError as error:
            _validation_errors(errors, row, error, "price_amount" if "price_amount" in values else "price_type")
    return {"price_type": price_type, "price_amount": price_amount if price_amount is not None else Decimal("0")}


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


def _price_type_choices():
    """Return the price types for an error message: each label in the user's language, with its code."""
    choices = []
    for choice in Hobby.PriceType:
        label = _normalise(choice.label)
        choices.append(label if label == choice.value else f"{label} ({choice.value})")
    return ", ".join(choices)


def _localised_words(word):
    return {_normalise(_translated(word, language)) for language in CONTENT_LANGUAGES}


def _yes_words():
    return YES | _localised_words(YES_WORD)


def _no_words():
    return NO | _localised_words(NO_WORD)


def _yes_no_choices():
    """Return the words for yes and no in the user's language, then the English codes."""
    words = [_normalise(YES_WORD), _normalise(NO_WORD), "yes", "no"]
    return ", ".join(dict.fromkeys(words))


def _decimal(text, row, key, errors):
    """Return the price in `text` as a Decimal; NaN, infinities and exponents are not prices."""
    if not text:
        return None
    cleaned = text.replace(",", ".").replace("€", "").replace(" ", "").replace("\xa0", "")
    if not PRICE_PATTERN.fullmatch(cleaned):
        _error(errors, row, key, gettext("“%(value)s” is not a number.") % {"value": _shown(text)})
        return None
    if len(cleaned.partition(".")[2].rstrip("0")) > 2:
        _error(
            errors, row, key,
            gettext("“%(value)s” has more than two decimals: give euros and cents, such as 25.50.") % {"value": _shown(text)},
        )
        return None
    return Decimal(cleaned)


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
    if not any(values.get(key) for key in keys):
        return None
    from places.models import postal_code_validator

    if values.get("postal_code"):
        try:
            postal_code_validator(values["postal_code"])
        except ValidationError:
            _error(
                errors, row, "postal_code",
                gettext("“%(value)s” is not a postal code: give five digits.") % {"value": values["postal_code"]},
            )
    return {key: values.get(key, "") for key in keys}


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
        if part.isascii() and part.isdigit() and len(part) <= 2:
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
    given = [key for key in SCHEDULE_KEYS if values.get(key)]
    if not given and not values.get("exception_dates"):
        return None
    missing = [key for key in SCHEDULE_KEYS if not values.get(key)]
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
    for part in _split_list(values.get("exception_dates", "")):
        bounds = [piece.strip() for piece in re.split(r"\s[–—-]\s|\.\.", part)]
        try:
            first, last = _parse_date(bounds[0]), _parse_date(bounds[-1])
        except ValueError:
            _error(errors, row, "exception_dates", gettext("“%(value)s” is not a date or a range of dates.") % {"value": part})
            continue
        try:
            clean_year(first, "exception_dates")
            clean_year(last, "exception_dates")
        except ValidationError as error:
            _validation_errors(errors, row, error, "exception_dates")
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


def commit_rows(rows, provider, *, acting_user):
    """Validate `rows` again and write them all in one transaction; write nothing if any
    row has an error. Returns (ImportResult, Validation).

    Raises ImportCommitError, after the rollback, when the database or a service rejects a
    row that validation passed, such as a row written by someone else in the meantime.
    """
    validation = validate_rows(rows, provider)
    result = ImportResult()
    if not validation.is_valid:
        return result, validation
    plan = None
    try:
        with transaction.atomic():
            for plan in validation.plans:
                _write(plan, provider, acting_user, result)
    except ValidationError as error:
        logger.warning("Bulk import for provider %s failed validation on row %s", provider.pk, plan.row)
        raise ImportCommitError(plan.row, " ".join(error.messages)) from error
    except (IntegrityError, DataError) as error:
        logger.warning(
            "Bulk import for provider %s failed in the database on row %s: %s",
            provider.pk, plan.row, type(error).__name__,
        )
        raise ImportCommitError(
            plan.row, gettext("The database did not accept the row, so nothing was imported.")
        ) from error
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
    # categories=None keeps the stored categories.
    hobby = save_hobby(hobby, acting_user=acting_user, categories=plan.categories)
    if plan.schedule_fields:
        schedule = WeeklySchedule.objects.filter(hobby=hobby, data_source=source, origin_id=plan.external_id).first()
        schedule = schedule or WeeklySchedule(hobby=hobby, data_source=source, origin_id=plan.external_id)
        for key, value in plan.schedule_fields.items():
            setattr(schedule, key, value)
        save_schedule(schedule, acting_user=acting_user)
    if plan.publish:
        publish_hobby(hobby, acting_user=acting_user)
    elif plan.publish is not None and not created:
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
    with translation.override(language):
        return [str(column.label) for column in COLUMNS], [str(column.example) for column in COLUMNS]


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
