"""Monthly download counts of the native app, uploaded as CSV from the app stores' exports.

The template has one row per month and store:

    month,store,downloads
    2027-01,app_store,1520
    2027-01,google_play,2310

A file is stored whole or not at all, and each month in it replaces that month's earlier
figures, so that a corrected export can simply be uploaded again.
"""

import logging
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from core.textfiles import csv_reader, decode_text, sniff_delimiter
from hobbies.timeutils import local_today

from . import errors
from .models import AppStore, AppStoreDownloads
from .months import Month

logger = logging.getLogger(__name__)

COLUMNS = ("month", "store", "downloads")
MAX_ROWS = 2000


def template_csv(now=None):
    """Return the upload template, with example rows for the last finished month, which the
    upload accepts as it is."""
    month = Month.current(now).previous()
    return f"month,store,downloads\n{month},app_store,1520\n{month},google_play,2310\n"


@dataclass(frozen=True)
class UploadProblem:
    """One problem in an uploaded file: the line number (1 is the header) and the column."""

    row: int
    column: str
    message: str


class InvalidUpload(Exception):
    def __init__(self, problems):
        super().__init__(f"{len(problems)} problems")
        self.problems = problems


def _problem(line_number, column_name, code, **params):
    return UploadProblem(line_number, column_name, errors.message(errors.UPLOAD_MESSAGES, code, **params))


def read_downloads_csv(content, *, today=None):
    """Return [(Month, store, downloads)] from an uploaded file, or raise InvalidUpload.

    Accepts UTF-8, UTF-16 with a byte order mark or cp1252, any line ending, and a comma,
    semicolon or tab as the delimiter, because spreadsheets save CSV differently by locale
    and program. Every problem in the file is reported, not only the first.
    """
    today = today or local_today()
    try:
        text = decode_text(content)
    except UnicodeDecodeError:
        raise InvalidUpload([_problem(0, "", "not_utf8")]) from None
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise InvalidUpload([_problem(0, "", "empty_file")])
    delimiter = sniff_delimiter(lines[0], ",;\t")
    reader = csv_reader(text, delimiter)
    header = [name.strip().lower() for name in next(reader)]
    if tuple(header) != COLUMNS:
        found = delimiter.join(header)
        raise InvalidUpload([_problem(1, "", "bad_header", expected=",".join(COLUMNS), found=found)])

    problems, rows, seen = [], [], {}
    stores = {code: code for code in AppStore.values}
    stores.update({str(label).lower(): code for code, label in AppStore.choices})
    for line_number, values in enumerate(reader, start=2):
        if not any(value.strip() for value in values):
            continue
        if len(rows) + len(problems) >= MAX_ROWS:
            raise InvalidUpload([_problem(line_number, "", "too_many_rows", max=MAX_ROWS)])
        cells = dict(zip(COLUMNS, (value.strip() for value in values), strict=False))
        row_problems = [
            _problem(line_number, column, "missing_value", column=column) for column in COLUMNS if not cells.get(column)
        ]
        month = store = downloads = None
        if cells.get("month"):
            try:
                month = Month.parse(cells["month"])
            except ValueError:
                row_problems.append(_problem(line_number, "month", "bad_month", value=cells["month"]))
            else:
                if month > Month.of(today):
                    row_problems.append(_problem(line_number, "month", "future_month", value=str(month)))
        if cells.get("store"):
            store = stores.get(cells["store"].lower())
            if store is None:
                allowed = ", ".join(AppStore.values)
                row_problems.append(_problem(line_number, "store", "bad_store", value=cells["store"], allowed=allowed))
        if cells.get("downloads"):
            digits = cells["downloads"].replace(" ", "").replace("\xa0", "")
            if digits.isascii() and digits.isdigit() and len(digits) <= 9:
                downloads = int(digits)
            else:
                row_problems.append(_problem(line_number, "downloads", "bad_downloads", value=cells["downloads"]))
        if not row_problems and (month, store) in seen:
            row_problems.append(
                _problem(line_number, "month", "duplicate_row", month=str(month), store=store, row=seen[month, store])
            )
        if row_problems:
            problems += row_problems
        else:
            seen[month, store] = line_number
            rows.append((month, store, downloads))
    if problems:
        raise InvalidUpload(problems)
    if not rows:
        raise InvalidUpload([_problem(0, "", "empty_file")])
    return rows


@transaction.atomic
def import_downloads(content, *, uploaded_by, now=None):
    """Replace the figures of every month in the file with the file's rows; return the rows.

    A store missing from the file for one of its months is removed for that month, because
    the file is the whole export of those months. The rows are written as upserts before
    the removal, so two uploads of the same month at once leave the later upload's figures
    instead of failing on the unique month and store.
    """
    now = now or timezone.now()
    rows = read_downloads_csv(content, today=local_today(now))
    AppStoreDownloads.objects.bulk_create(
        [
            AppStoreDownloads(
                month=month.first_day, store=store, downloads=downloads, uploaded_at=now, uploaded_by=uploaded_by
            )
            for month, store, downloads in rows
        ],
        update_conflicts=True,
        unique_fields=["month", "store"],
        update_fields=["downloads", "uploaded_at", "uploaded_by"],
    )
    stores_by_month = {}
    for month, store, _downloads in rows:
        stores_by_month.setdefault(month.first_day, set()).add(store)
    for first_day, stores in stores_by_month.items():
        AppStoreDownloads.objects.filter(month=first_day).exclude(store__in=stores).delete()
    months = stores_by_month.keys()
    logger.info("User %s uploaded app store downloads for %s months", uploaded_by.pk, len(months))
    return rows
