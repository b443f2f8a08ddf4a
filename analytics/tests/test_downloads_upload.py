"""App store downloads: the CSV upload by national administrators and the figures in reports."""

import datetime as dt
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.utils import translation

from analytics.appstores import InvalidUpload, import_downloads, read_downloads_csv
from analytics.models import AppStoreDownloads
from analytics.months import Month
from analytics.reports import build_report
from hobbies.timeutils import HELSINKI

TODAY = dt.date(2027, 3, 2)
NOW = dt.datetime(2027, 3, 2, 12, 0, tzinfo=HELSINKI)


def problems_of(content):
    with pytest.raises(InvalidUpload) as caught:
        read_downloads_csv(content.encode(), today=TODAY)
    return [(problem.row, problem.column) for problem in caught.value.problems]


def test_template_rows_read():
    rows = read_downloads_csv(b"month,store,downloads\n2027-01,app_store,1520\n2027-01,google_play,2 310\n", today=TODAY)
    assert rows == [(Month(2027, 1), "app_store", 1520), (Month(2027, 1), "google_play", 2310)]


def test_semicolons_bom_and_store_labels_accepted():
    content = "\ufeffMonth;Store;Downloads\r\n2027-02;Google Play;15\r\n\r\n".encode()
    assert read_downloads_csv(content, today=TODAY) == [(Month(2027, 2), "google_play", 15)]


def test_every_bad_cell_reported_by_row_and_column():
    content = (
        "month,store,downloads\n"
        "2027-1,app_store,5\n"
        "2027-01,huawei,-3\n"
        "2027-05,google_play,7\n"
        "2027-01,app_store,\n"
        "2027-02,app_store,9\n"
        "2027-02,app_store,10\n"
    )
    assert problems_of(content) == [
        (2, "month"),
        (3, "store"),
        (3, "downloads"),
        (4, "month"),
        (5, "downloads"),
        (7, "month"),
    ]


def test_bad_header_rejected():
    assert problems_of("kuukausi,kauppa,lataukset\n2027-01,app_store,1\n") == [(1, "")]


def test_undecodable_file_rejected():
    # "Å" in Mac Roman is the byte 0x81, which neither UTF-8 nor cp1252 decodes.
    content = "month,store,downloads\n2027-01,App Store Å,5\n".encode("mac_roman")

    with pytest.raises(InvalidUpload) as caught, translation.override("en"):
        read_downloads_csv(content, today=TODAY)

    assert caught.value.problems[0].message.startswith("The file is not UTF-8")


@pytest.mark.parametrize(
    "content",
    [
        "month\tstore\tdownloads\r\n2027-01\tapp_store\t5\r\n".encode("utf-16"),
        b"month,store,downloads\r2027-01,app_store,5\r",
        "month;store;downloads\n2027-01;app_store;5\n".encode("cp1252"),
    ],
    ids=["utf-16 tab-separated", "carriage returns only", "cp1252"],
)
def test_spreadsheet_csv_variants_read(content):
    assert read_downloads_csv(content, today=TODAY) == [(Month(2027, 1), "app_store", 5)]


@pytest.mark.django_db
def test_upload_page_reads_carriage_return_lines(client, administrator):
    client.force_login(administrator)
    upload = SimpleUploadedFile("downloads.csv", b"month,store,downloads\r2026-01,app_store,5\r")

    response = client.post("/portal/analytics/downloads/", {"file": upload})

    assert response.status_code == 200
    assert list(AppStoreDownloads.objects.values_list("store", "downloads")) == [("app_store", 5)]


@pytest.mark.django_db
def test_reupload_replaces_month(administrator):
    import_downloads(b"month,store,downloads\n2027-01,app_store,100\n2027-01,google_play,200\n", uploaded_by=administrator, now=NOW)
    import_downloads(b"month,store,downloads\n2027-01,app_store,150\n", uploaded_by=administrator, now=NOW)
    assert list(AppStoreDownloads.objects.values_list("store", "downloads")) == [("app_store", 150)]


def wait_until_blocked(seconds=10):
    """Wait until another connection waits for a lock held here (PostgreSQL), or a moment (SQLite)."""
    if connection.vendor != "postgresql":
        time.sleep(0.5)
        return
    deadline = time.monotonic() + seconds
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            # Within a transaction the statistics views keep their first snapshot unless cleared.
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                return
            time.sleep(0.05)
    raise AssertionError("the second upload never waited for the first one's lock")


@pytest.mark.django_db(transaction=True)
def test_overlapping_uploads_both_succeed(administrator):
    first = b"month,store,downloads\n2027-01,app_store,100\n2027-01,google_play,200\n"
    second = b"month,store,downloads\n2027-01,app_store,150\n"

    def upload_second():
        try:
            return import_downloads(second, uploaded_by=administrator, now=NOW)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=1) as pool:
        with transaction.atomic():
            import_downloads(first, uploaded_by=administrator, now=NOW)
            later = pool.submit(upload_second)
            wait_until_blocked()
        rows = later.result(timeout=30)

    assert rows == [(Month(2027, 1), "app_store", 150)]
    assert list(AppStoreDownloads.objects.values_list("store", "downloads")) == [("app_store", 150)]


@pytest.mark.django_db
def test_invalid_file_stores_nothing(administrator):
    import_downloads(b"month,store,downloads\n2027-01,app_store,100\n", uploaded_by=administrator, now=NOW)
    with pytest.raises(InvalidUpload):
        import_downloads(b"month,store,downloads\n2027-01,app_store,120\n2027-02,app_store,x\n", uploaded_by=administrator, now=NOW)
    assert list(AppStoreDownloads.objects.values_list("store", "downloads")) == [("app_store", 100)]


@pytest.mark.django_db
def test_upload_page_shows_problems(client, administrator):
    client.force_login(administrator)
    upload = SimpleUploadedFile("downloads.csv", b"month,store,downloads\n2027-01,app_store,lots\n", content_type="text/csv")
    response = client.post("/portal/analytics/downloads/", {"file": upload})
    page = response.content.decode()
    assert response.status_code == 400
    assert "<td>2</td><td>downloads</td>" in page
    assert AppStoreDownloads.objects.count() == 0


@pytest.mark.django_db
def test_downloaded_template_is_accepted_as_it_is(client, administrator):
    client.force_login(administrator)
    template = client.get("/portal/analytics/downloads/template.csv").content

    upload = SimpleUploadedFile("app-store-downloads.csv", template, content_type="text/csv")
    client.post("/portal/analytics/downloads/", {"file": upload})

    assert AppStoreDownloads.objects.count() == 2


@pytest.mark.django_db
def test_upload_page_stores_file(client, administrator):
    client.force_login(administrator)
    upload = SimpleUploadedFile("downloads.csv", b"month,store,downloads\n2026-01,app_store,40\n", content_type="text/csv")
    response = client.post("/portal/analytics/downloads/", {"file": upload})
    assert response.status_code == 200
    assert AppStoreDownloads.objects.get().uploaded_by == administrator


@pytest.mark.django_db
def test_moderator_cannot_upload(client, helsinki):
    from core import testing

    client.force_login(testing.make_moderator(helsinki))
    upload = SimpleUploadedFile("downloads.csv", b"month,store,downloads\n2026-01,app_store,40\n", content_type="text/csv")
    assert client.post("/portal/analytics/downloads/", {"file": upload}).status_code == 404
    assert AppStoreDownloads.objects.count() == 0


@pytest.mark.django_db
def test_national_report_shows_downloads_month_and_total(administrator, helsinki):
    content = (
        b"month,store,downloads\n2027-01,app_store,100\n2027-01,google_play,3\n"
        b"2027-02,app_store,120\n2027-02,google_play,60\n"
    )
    import_downloads(content, uploaded_by=administrator, now=NOW)
    national = {row.key: row.figures["count"] for row in build_report(Month(2027, 2), now=NOW).section("key_figures").rows}
    municipal = {row.key for row in build_report(Month(2027, 2), "091", now=NOW).section("key_figures").rows}
    assert national["downloads_app_store"].current.value == 120
    assert national["downloads_google_play"].previous.value is None
    assert (national["downloads"].current.value, national["downloads"].previous.value) == (180, 103)
    assert (national["downloads_total"].current.value, national["downloads_total"].previous.value) == (283, 103)
    assert "downloads" not in municipal
