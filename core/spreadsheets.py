"""Text cells that spreadsheets show as text, never run as formulas.

Hobby names and other texts come from providers, and a spreadsheet program reads a CSV
field or an XLSX string that starts with "=", "+", "-" or "@" as a formula (CSV
injection). Exports pass such texts through these functions.
"""

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_text(value):
    """Return `value` for a CSV field; text that could start a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def xlsx_cell(sheet, value):
    """Return a write-only cell for `value` in which text is always stored as a string.

    Control characters other than tab, line feed and carriage return are removed, because
    XLSX cannot hold them and openpyxl raises IllegalCharacterError on them.
    """
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    return cell
