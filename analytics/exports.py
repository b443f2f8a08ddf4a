"""A report as CSV, XLSX and JSON. Each reads only the report's suppressed figures."""

import csv
import io

from django.utils import formats
from django.utils.translation import gettext, pgettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from core.spreadsheets import csv_text, xlsx_cell
from hobbies.timeutils import format_local_datetime

from .suppression import SUPPRESSED_TEXT, THRESHOLD

# Sections left out of the open data: search texts are typed by pupils and may name someone.
PRIVATE_SECTIONS = {"searches", "zero_result_searches"}


def plain_count(count):
    """Return a PublicCount for CSV and XLSX: the number, or "< 5" when suppressed."""
    return SUPPRESSED_TEXT if count.is_suppressed else count.value


def export_headings():
    return [
        pgettext("report export", "Section"),
        pgettext("report export", "Item"),
        pgettext("report export", "Measure"),
        pgettext("report export", "This month"),
        pgettext("report export", "Previous month"),
        pgettext("report export", "Change"),
        pgettext("report export", "Change (%)"),
    ]


def figure_cells(fig):
    return [
        plain_count(fig.current),
        plain_count(fig.previous),
        "" if fig.change is None else fig.change,
        "" if fig.change_percent is None else fig.change_percent,
    ]


def report_lines(report, *, private_sections=True):
    """Yield one list per (section, item, measure) in the order of export_headings()."""
    for section in report.sections:
        if not private_sections and section.key in PRIVATE_SECTIONS:
            continue
        for row in section.rows:
            for column, heading in section.columns:
                yield [str(section.title), str(row.label), str(heading), *figure_cells(row.figures[column])]


def report_title(report):
    month = formats.date_format(report.month.first_day, "YEAR_MONTH_FORMAT")
    if report.is_national:
        return gettext("Harrastuspassi national report, %(month)s") % {"month": month}
    return gettext("Harrastuspassi report for %(municipality)s, %(month)s") % {
        "municipality": report.scope_name,
        "month": month,
    }


def report_csv(report, *, private_sections=True):
    """Return the report as CSV text in long form, one line per section, item and measure.

    Starts with a byte order mark, so that spreadsheets open it as UTF-8. Without
    `private_sections` the sections of pupils' search texts are left out.
    """
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(export_headings())
    for line in report_lines(report, private_sections=private_sections):
        writer.writerow([csv_text(value) for value in line])
    return buffer.getvalue()


def report_xlsx(report):
    """Return the report as an XLSX workbook: a cover sheet and one sheet per section.

    Written in openpyxl's write-only mode, which streams rows and takes a fraction of the
    time of the default mode for the long promotion and hobby sheets.
    """
    workbook = Workbook(write_only=True)
    cover = workbook.create_sheet(pgettext("report export", "Report")[:31])
    cover.column_dimensions["A"].width = 40
    cover.append([styled_cell(cover, report_title(report), Font(bold=True, size=14))])
    cover.append([pgettext("report export", "Month"), str(report.month)])
    cover.append([pgettext("report export", "Built at"), format_local_datetime(report.generated_at)])
    if report.is_partial:
        cover.append([gettext("The month is not over: the figures are incomplete.")])
    cover.append([suppression_note()])

    used_titles = set()
    for section in report.sections:
        title = str(section.title)[:31]
        while title in used_titles:
            title = title[:29] + "_" + str(len(used_titles))
        used_titles.add(title)
        sheet = workbook.create_sheet(title)
        sheet.column_dimensions["A"].width = 45
        heading = [str(section.label_heading)]
        for _column, column_heading in section.columns:
            heading += [
                str(column_heading),
                gettext("%(measure)s, previous month") % {"measure": column_heading},
                pgettext("report export", "Change"),
                pgettext("report export", "Change (%)"),
            ]
        sheet.append([styled_cell(sheet, text, Font(bold=True)) for text in heading])
        for row in section.rows:
            values = [str(row.label)]
            for column, _heading in section.columns:
                values += figure_cells(row.figures[column])
            sheet.append([xlsx_cell(sheet, value) for value in values])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def styled_cell(sheet, value, font):
    cell = WriteOnlyCell(sheet, value=value)
    cell.font = font
    return cell


def suppression_note():
    return gettext("Counts below %(threshold)s are shown as “%(text)s” to protect the pupils' privacy.") % {
        "threshold": THRESHOLD,
        "text": SUPPRESSED_TEXT,
    }


def json_figure(fig):
    return {
        "count": fig.current.value,
        "previous": fig.previous.value,
        "change": fig.change,
        "change_percent": fig.change_percent,
    }


def report_json(report, *, private_sections=False):
    """Return the report as a JSON-ready dict; a suppressed count is null.

    Without `private_sections` the sections of pupils' search texts are left out, as the
    open data publishes them.
    """
    return {
        "format_version": 1,
        "month": str(report.month),
        "scope": "national" if report.is_national else report.municipality_code,
        "partial": report.is_partial,
        "generated_at": report.generated_at.isoformat(),
        "suppression": {"threshold": THRESHOLD, "note": suppression_note()},
        "sections": [
            {
                "key": section.key,
                "title": str(section.title),
                "columns": {key: str(heading) for key, heading in section.columns},
                "rows": [
                    {
                        "key": row.key,
                        "label": str(row.label),
                        "values": {column: json_figure(row.figures[column]) for column, _heading in section.columns},
                    }
                    for row in section.rows
                ],
            }
            for section in report.sections
            if private_sections or section.key not in PRIVATE_SECTIONS
        ],
    }
