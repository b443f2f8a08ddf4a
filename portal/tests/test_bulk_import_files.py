"""Bulk import: reading the files that spreadsheets save, their size limits and row numbers."""

import io
import itertools
import re
import zipfile

import pytest
from openpyxl import Workbook

from hobbies import bulk_import

from .test_bulk_import import HEADERS_EN, upload

ROW = ["judo-1", "Judo Åland", "Judo basics", "free", "0", "12", "15", "", "", "", "", "", "", "", "yes"]


def named_file(content, name="harrastukset.csv"):
    file = io.BytesIO(content)
    file.name = name
    return file


def text_of(rows, delimiter=";", line_end="\r\n"):
    return line_end.join(delimiter.join(row) for row in rows) + line_end


def xlsx_of(rows):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def preview_validation(client, uploaded):
    preview = client.get(uploaded["Location"])
    assert preview.status_code == 200
    return preview.context["validation"]


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (text_of([HEADERS_EN, ROW]).encode("utf-8"), "utf-8.csv"),
        (("\ufeff" + text_of([HEADERS_EN, ROW])).encode("utf-8"), "utf-8-bom.csv"),
        (text_of([HEADERS_EN, ROW], delimiter="\t").encode("utf-16"), "unicode-text.txt"),
        (text_of([HEADERS_EN, ROW], delimiter="\t").encode("utf-16-be"), "unicode-text-be.txt"),
        (text_of([HEADERS_EN, ROW]).encode("cp1252"), "windows.csv"),
        (text_of([HEADERS_EN, ROW], line_end="\r").encode("utf-8"), "classic-mac.csv"),
        (text_of([HEADERS_EN, ROW], delimiter=",").encode("utf-8"), "commas.csv"),
        (text_of([HEADERS_EN, ROW], delimiter="\t").encode("utf-8"), "tabs.txt"),
    ],
)
def test_csv_variants_are_read(world, editor_client, content, name):
    if name == "unicode-text-be.txt":
        content = b"\xfe\xff" + content

    response = upload(editor_client, world, named_file(content, name))

    assert response.status_code == 302
    validation = preview_validation(editor_client, response)
    assert validation.errors == []
    assert [plan.hobby_fields["name_fi"] for plan in validation.plans] == ["Judo Åland"]


def test_undecodable_csv_names_the_file(world, editor_client):
    # "Å" in Mac Roman is the byte 0x81, which neither UTF-8 nor cp1252 decodes.
    content = text_of([HEADERS_EN, ROW]).encode("mac_roman")

    response = upload(editor_client, world, named_file(content, "mac-roman.csv"))

    assert response.status_code == 200
    message = response.context["form"].errors["file"][0]
    assert "“mac-roman.csv”" in message
    assert "“CSV UTF-8”" in message


def test_undecodable_csv_message_in_finnish(world, editor_client):
    content = text_of([HEADERS_EN, ROW]).encode("mac_roman")

    response = editor_client.post("/portal/import/", {"provider": world.provider.pk, "file": named_file(content)})

    message = response.context["form"].errors["file"][0]
    assert "”harrastukset.csv”" in message
    assert "Tallenna se taulukkolaskennasta muodossa ”CSV UTF-8”" in message


def test_blank_rows_keep_spreadsheet_row_numbers(world, editor_client):
    bad = list(ROW)
    bad[0], bad[-1] = "judo-2", "maybe"
    content = text_of([HEADERS_EN, ROW, [""] * 15, [], bad]).encode()

    response = upload(editor_client, world, named_file(content))

    errors = preview_validation(editor_client, response).errors
    assert [(error.row, error.column) for error in errors] == [(5, "Publish")]


def test_blank_xlsx_rows_keep_spreadsheet_row_numbers(world, editor_client):
    bad = list(ROW)
    bad[0], bad[4] = "judo-2", "lots"
    content = xlsx_of([[], HEADERS_EN, ROW, [None] * 3, bad])

    response = upload(editor_client, world, named_file(content, "harrastukset.xlsx"))

    errors = preview_validation(editor_client, response).errors
    assert [(error.row, error.column) for error in errors] == [(5, "Price in euros")]


def test_quoted_line_breaks_count_as_one_row(world, editor_client):
    first = list(ROW)
    first[1] = '"Judo\nkurssi"'
    bad = list(ROW)
    bad[0], bad[-1] = "judo-2", "maybe"
    content = text_of([HEADERS_EN, first, bad], line_end="\n").encode()

    response = upload(editor_client, world, named_file(content))

    assert [error.row for error in preview_validation(editor_client, response).errors] == [3]


def test_duplicate_header_column_is_named(world, editor_client):
    headers = ["Your id", "Name in Finnish", "Oma tunniste"]

    response = upload(editor_client, world, named_file(text_of([headers, ["a", "b", "c"]]).encode()))

    assert response.context["form"].errors["file"] == [
        "The column “Your id” is in the header twice, as “Your id” and “Oma tunniste”: keep only one."
    ]


def test_too_large_file_gives_its_real_size(world, editor_client):
    content = text_of([HEADERS_EN]).encode() + b" " * (6 * 1024 * 1024)

    response = upload(editor_client, world, named_file(content, "iso.csv"))

    message = response.context["form"].errors["file"][0]
    assert message == "The file “iso.csv” is too large: 6.0\xa0MB, the maximum is 5.0\xa0MB."


def test_row_limit_counts_rows_with_content(world, editor_client):
    rows = [[f"id-{number}", "Kerho"] for number in range(bulk_import.MAX_ROWS)]
    at_limit = text_of([["Your id", "Name in Finnish"], *rows, [";"], []]).encode()
    over_limit = text_of([["Your id", "Name in Finnish"], *rows, ["one-more", "Kerho"]]).encode()

    accepted = upload(editor_client, world, named_file(at_limit))
    rejected = upload(editor_client, world, named_file(over_limit))

    assert accepted.status_code == 302
    assert rejected.context["form"].errors["file"] == [
        "The file has more than 2000 rows; import at most 2000 at a time."
    ]


def test_reading_stops_after_the_row_limit():
    header = [(1, ["Your id"])]
    rows = ((number, [f"id-{number}"]) for number in itertools.count(2))
    source = itertools.chain(header, rows)

    with pytest.raises(bulk_import.ImportFileError):
        bulk_import._rows_by_key(source)

    # The header, MAX_ROWS rows and the one row that broke the limit were read, no more.
    assert next(source)[0] == bulk_import.MAX_ROWS + 3


def test_reading_stops_after_many_blank_rows():
    header = [(1, ["Your id"])]
    blank_rows = ((number, ["", " "]) for number in itertools.count(2))
    source = itertools.chain(header, blank_rows)

    with pytest.raises(bulk_import.ImportFileError):
        bulk_import._rows_by_key(source)

    assert next(source)[0] == bulk_import.MAX_SHEET_ROWS + 2


def test_xlsx_dimension_over_limit_rejected(world, editor_client):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Your id", "Name in Finnish"])
    sheet.cell(row=bulk_import.MAX_SHEET_ROWS + 1, column=1, value="last")
    output = io.BytesIO()
    workbook.save(output)

    response = upload(editor_client, world, named_file(output.getvalue(), "iso.xlsx"))

    # Only the stored dimension (A1:B10001) gives this count: the sheet has three <row> elements.
    assert response.context["form"].errors["file"] == [
        f"The file has {bulk_import.MAX_SHEET_ROWS} rows; import at most 2000 at a time."
    ]


def without_dimension(content):
    """Return an XLSX file like `content` whose sheets store no dimension."""
    source = zipfile.ZipFile(io.BytesIO(content))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            part = source.read(info.filename)
            if info.filename.startswith("xl/worksheets/"):
                part = re.sub(rb"<dimension [^>]*/>", b"", part)
            target.writestr(info.filename, part)
    return output.getvalue()


def test_xlsx_without_dimension_over_limit_rejected(world, editor_client):
    rows = [["Your id", "Name in Finnish"]] + [["id", "Kerho"]] * bulk_import.MAX_SHEET_ROWS
    content = without_dimension(xlsx_of(rows))
    assert b"<dimension" not in zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml")

    response = upload(editor_client, world, named_file(content, "iso.xlsx"))

    assert response.context["form"].errors["file"] == [
        "The file has more than 2000 rows; import at most 2000 at a time."
    ]


def test_xlsx_row_count_spans_read_chunks():
    padding = "x" * 500
    rows = "".join(f'<x:row r="{number}"><x:c><x:v>{padding}</x:v></x:c></x:row>' for number in range(1, 5001))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", f"<x:worksheet><x:sheetData>{rows}<x:rowBreaks/></x:sheetData></x:worksheet>")

    with zipfile.ZipFile(output) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
        assert info.file_size > 2 * 1024 * 1024
        assert bulk_import._count_xml_rows(archive, info) == 5000


def test_xlsx_without_dimension_under_limit_is_read(world, editor_client):
    content = without_dimension(xlsx_of([HEADERS_EN, ROW]))

    response = upload(editor_client, world, named_file(content, "pieni.xlsx"))

    assert response.status_code == 302
    assert [plan.external_id for plan in preview_validation(editor_client, response).plans] == ["judo-1"]


def test_xlsx_with_too_much_unpacked_data_rejected(world, editor_client):
    output = io.BytesIO(xlsx_of([HEADERS_EN, ROW]))
    with zipfile.ZipFile(output, "a", zipfile.ZIP_DEFLATED) as archive, archive.open("xl/filler.bin", "w") as filler:
        for _ in range(bulk_import.MAX_XLSX_UNPACKED_BYTES // (1024 * 1024) + 1):
            filler.write(bytes(1024 * 1024))

    response = upload(editor_client, world, named_file(output.getvalue(), "iso.xlsx"))

    assert response.context["form"].errors["file"] == ["The file is not a readable XLSX workbook."]


def test_xlsx_over_the_row_limit_is_rejected(world, editor_client):
    rows = [["Your id", "Name in Finnish"]] + [[f"id-{number}", "Kerho"] for number in range(bulk_import.MAX_ROWS + 1)]

    response = upload(editor_client, world, named_file(xlsx_of(rows), "iso.xlsx"))

    assert response.context["form"].errors["file"] == [
        "The file has more than 2000 rows; import at most 2000 at a time."
    ]


def with_sheet_xml(content, pattern, replacement):
    """Return the workbook `content` with `pattern` replaced in its first sheet's XML."""
    source = zipfile.ZipFile(io.BytesIO(content))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(pattern, replacement, data)
            target.writestr(info, data)
    return output.getvalue()


def test_formula_without_value_names_its_cell(world, editor_client):
    row = ["judo-1", '=CONCAT("Judo", " Åland")', *ROW[2:]]

    response = upload(editor_client, world, named_file(xlsx_of([HEADERS_EN, row]), "hobbies.xlsx"))

    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [
        "Row 2, column “Name in Finnish”: the formula “=CONCAT(\"Judo\", \" Åland\")” has no computed "
        "value in the file. Open the file in a spreadsheet program and save it, or type the value, "
        "then upload it again."
    ]


def test_formula_with_error_value_names_its_cell(world, editor_client):
    row = [*ROW[:5], "=1/0", *ROW[6:]]
    # A spreadsheet program stores the error of a failed formula as its value.
    content = with_sheet_xml(
        xlsx_of([HEADERS_EN, row]), rb'<c r="F2"><f>1/0</f><v */>', rb'<c r="F2" t="e"><f>1/0</f><v>#DIV/0!</v>'
    )

    response = upload(editor_client, world, named_file(content, "hobbies.xlsx"))

    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [
        "Row 2, column “Minimum age”: the formula “=1/0” gives the error “#DIV/0!”. "
        "Correct the formula or type the value, then upload the file again."
    ]


def test_formula_with_empty_text_value_is_empty_cell(world, editor_client):
    row = [*ROW[:2], '=IF(TRUE, "", "x")', *ROW[3:]]
    # A spreadsheet program stores the empty text that a formula gives like this.
    content = with_sheet_xml(
        xlsx_of([HEADERS_EN, row]), rb'<c r="C2"><f>(.*?)</f><v */>', rb'<c r="C2" t="str"><f>\1</f><v></v>'
    )

    validation = preview_validation(editor_client, upload(editor_client, world, named_file(content, "hobbies.xlsx")))

    assert validation.errors == []
