"""Decoding of uploaded CSV files, whichever encoding and delimiter a spreadsheet saved them with.

Excel saves "CSV UTF-8" with a byte order mark, "Unicode text" as tab-separated UTF-16 with
a byte order mark, and plain "CSV" in the Windows code page (cp1252 in Finland). Older Mac
programs end lines with a bare carriage return, which `csv_reader` accepts as well.
"""

import codecs
import csv
import io

DELIMITERS = (";", "\t", ",")


def decode_text(data):
    """Return `data` decoded as UTF-8 (with or without BOM), UTF-16 by its BOM, or cp1252.

    Raises UnicodeDecodeError when none of them decodes the bytes.
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # The "utf-16" codec reads the byte order from the BOM and drops it.
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252")


def sniff_delimiter(line, delimiters=DELIMITERS):
    """Return the delimiter among `delimiters` that occurs most often in the header `line`.

    A tie goes to the earlier delimiter, so a one-column header gives the first one.
    """
    return max(delimiters, key=line.count)


def csv_reader(text, delimiter):
    """Return a csv.reader over `text` that accepts \\n, \\r\\n and bare \\r line endings."""
    # newline="" hands every line ending to the csv module untranslated, as its docs require.
    return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
