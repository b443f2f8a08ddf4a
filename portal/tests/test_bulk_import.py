"""Bulk import: templates, the preview with every row's errors, all-or-none, re-upload."""

import csv
import io
from urllib.parse import parse_qs, urlsplit

import pytest
from openpyxl import Workbook, load_workbook

from audit.models import AuditLogEntry
from hobbies import bulk_import
from hobbies.models import Hobby, WeeklySchedule

from .conftest import client_for

HEADERS_EN = ["Your id", "Name in Finnish", "Name in English", "Price type", "Price in euros", "Minimum age",
              "Maximum age", "Weekdays", "Start time", "End time", "First date", "Last date", "Exception dates",
              "Categories", "Publish"]


def csv_file(rows, headers=HEADERS_EN, delimiter=";"):
    output = io.StringIO()
    writer = csv.writer(output, delimiter=delimiter)
    writer.writerow(headers)
    writer.writerows(rows)
    upload = io.BytesIO(output.getvalue().encode("utf-8"))
    upload.name = "harrastukset.csv"
    return upload


def xlsx_file(rows, headers):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    output = io.BytesIO()
    workbook.save(output)
    output.seek(0)
    output.name = "harrastukset.xlsx"
    return output


GOOD_ROWS = [
    ["judo-1", "Judon alkeet", "Judo basics", "free", "0", "12", "15", "1;3", "17:00", "18:30", "2030-01-07",
     "2030-02-28", "2030-02-18 – 2030-02-22", "Football", "yes"],
    ["shakki-1", "Shakkikerho", "", "paid", "25,50", "12", "16", "ti", "16.00", "17.30", "1.2.2030", "31.5.2030",
     "", "", "no"],
]


def upload(client, world, file, provider=None):
    provider = provider or world.provider
    return client.post("/en/portal/import/", {"provider": provider.pk, "file": file})


def token_of(uploaded):
    """Return the preview token from an upload's redirect to its preview page."""
    return parse_qs(urlsplit(uploaded["Location"]).query)["upload"][0]


def commit(client, uploaded):
    """Press Import on the preview page that `uploaded` redirected to."""
    return client.post("/en/portal/import/preview/", {"action": "commit", "upload": token_of(uploaded)})


@pytest.mark.parametrize(("language", "first_header"), [("fi", "Oma tunniste"), ("sv", "Eget id"), ("en", "Your id")])
def test_template_headers_are_in_the_page_language(world, language, first_header):
    prefix = "" if language == "fi" else f"/{language}"
    client = client_for(world.users["editor"])

    csv_text = client.get(f"{prefix}/portal/import/template.csv").content.decode("utf-8-sig")
    workbook = load_workbook(io.BytesIO(client.get(f"{prefix}/portal/import/template.xlsx").content))

    assert csv_text.splitlines()[0].split(";")[0] == first_header
    assert workbook.active["A1"].value == first_header


def test_template_filled_in_imports_cleanly(world, category_tree):
    headers, example = bulk_import.template_rows("fi")
    rows = bulk_import._rows_by_key(enumerate([headers, example], start=1))

    validation = bulk_import.validate_rows(rows, world.provider)

    assert validation.errors == []


def test_preview_then_commit_imports_every_row(world, editor_client):
    response = upload(editor_client, world, csv_file(GOOD_ROWS))
    assert response["Location"].startswith("/en/portal/import/preview/?upload=")

    preview = editor_client.get(response["Location"])
    assert preview.context["validation"].errors == []
    assert Hobby.objects.filter(data_source__startswith="portal-provider").count() == 0

    committed = commit(editor_client, response)

    assert committed.status_code == 302
    judo = Hobby.objects.get(origin_id="judo-1")
    chess = Hobby.objects.get(origin_id="shakki-1")
    assert judo.provider == world.provider
    assert judo.status == Hobby.Status.PUBLISHED
    assert judo.moderation_status == Hobby.Moderation.PENDING
    assert list(judo.categories.values_list("name_en", flat=True)) == ["Football"]
    schedule = WeeklySchedule.objects.get(hobby=judo)
    assert schedule.weekdays == [1, 3]
    assert len(schedule.exception_dates) == 5
    assert chess.status == Hobby.Status.DRAFT
    assert str(chess.price_amount) == "25.50"
    assert WeeklySchedule.objects.get(hobby=chess).weekdays == [2]
    assert AuditLogEntry.objects.filter(action="hobby.created", object_id=str(judo.pk)).exists()


def test_reupload_updates_instead_of_duplicating(world, editor_client):
    commit(editor_client, upload(editor_client, world, csv_file(GOOD_ROWS)))
    changed = [list(GOOD_ROWS[0]), GOOD_ROWS[1]]
    changed[0][1] = "Judon alkeet, kevät"

    commit(editor_client, upload(editor_client, world, csv_file(changed)))

    assert Hobby.objects.filter(origin_id="judo-1").count() == 1
    assert Hobby.objects.get(origin_id="judo-1").name_fi == "Judon alkeet, kevät"
    assert WeeklySchedule.objects.filter(hobby__origin_id="judo-1").count() == 1


def test_bad_rows_block_the_whole_import(world, editor_client):
    rows = [
        GOOD_ROWS[0],
        ["", "", "", "free", "5", "17", "12", "8", "18:00", "17:00", "2030-01-01", "2029-01-01", "huomenna", "Curling", "ehkä"],
        ["judo-1", "Toinen judo", "", "maksullinen", "", "", "", "", "", "", "", "", "", "", ""],
    ]

    uploaded = upload(editor_client, world, csv_file(rows))
    preview = editor_client.get(uploaded["Location"])
    errors = {(error.row, error.column) for error in preview.context["validation"].errors}
    committed = commit(editor_client, uploaded)

    assert errors >= {
        (3, "Your id"),
        (3, "Name in Finnish"),
        (3, "Price in euros"),
        (3, "Minimum age"),
        (3, "Weekdays"),
        (3, "Exception dates"),
        (3, "Categories"),
        (3, "Publish"),
        (4, "Your id"),
        (4, "Price in euros"),
    }
    assert committed.status_code == 200
    assert not Hobby.objects.filter(data_source__startswith="portal-provider").exists()
    content = committed.content.decode()
    assert "Unknown category “Curling”." in content
    assert "The id “judo-1” is also on row 2" in content


def test_xlsx_with_finnish_headers_and_date_cells(world, editor_client):
    import datetime as dt

    headers = ["Oma tunniste", "Nimi suomeksi", "Viikonpäivät", "Alkamisaika", "Päättymisaika", "Ensimmäinen päivä", "Viimeinen päivä"]
    rows = [["x-1", "Kuoro", "ke", dt.time(18, 0), dt.time(19, 30), dt.date(2030, 1, 9), dt.date(2030, 5, 29)]]

    commit(editor_client, upload(editor_client, world, xlsx_file(rows, headers)))

    schedule = WeeklySchedule.objects.get(hobby__origin_id="x-1")
    assert (schedule.weekdays, schedule.start_time.hour, schedule.first_date) == ([3], 18, dt.date(2030, 1, 9))


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("hobbies.pdf", b"%PDF-1.4", "Upload a .csv or .xlsx file"),
        ("hobbies.xlsx", b"not a zip", "not a readable XLSX workbook"),
        ("hobbies.csv", "Väri;Koko\nsininen;iso\n".encode(), "Unknown columns: Väri, Koko"),
        ("hobbies.csv", b"\n;;\n", "The file is empty"),
    ],
)
def test_unreadable_files_are_rejected_with_a_reason(world, editor_client, name, content, message):
    file = io.BytesIO(content)
    file.name = name

    response = upload(editor_client, world, file)

    assert response.status_code == 200
    assert message in response.context["form"].errors["file"][0]


def test_import_for_another_provider_is_refused(world, editor_client):
    response = editor_client.post("/en/portal/import/", {"provider": world.other_provider.pk, "file": csv_file(GOOD_ROWS)})

    assert response.status_code == 200
    assert response.context["form"].errors["provider"] == [
        f"Select a valid choice. {world.other_provider.pk} is not one of the available choices."
    ]
