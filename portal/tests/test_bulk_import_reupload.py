"""Bulk import re-upload: columns that a file leaves out keep the stored values, empty cells
in the file's columns clear them, and the preview lists every change before it is made."""

from decimal import Decimal

from hobbies.models import Hobby, WeeklySchedule

from .test_bulk_import import commit, csv_file, upload

FULL_HEADERS = ["Your id", "Name in Finnish", "Name in Swedish", "Name in English", "Description in Finnish",
                "Categories", "Price type", "Price in euros", "Minimum age", "Maximum age", "Web page",
                "Weekdays", "Start time", "End time", "First date", "Last date", "Publish"]
FULL_ROW = ["k1", "Tuonti yksi", "Import ett", "Import one", "Pitkä kuvaus " + "sanoja " * 20, "Football", "paid",
            "25", "12", "16", "https://example.org/k1", "2", "17:00", "18:00", "2030-01-08", "2030-05-28", "yes"]


def import_full_row(client, world):
    response = commit(client, upload(client, world, csv_file([FULL_ROW], headers=FULL_HEADERS)))
    assert response.status_code == 302
    return Hobby.objects.get(origin_id="k1")


def test_absent_columns_keep_stored_values(world, editor_client):
    before = import_full_row(editor_client, world)

    uploaded = upload(
        editor_client, world, csv_file([["k1", "Tuonti yksi korjattu"]], headers=["Your id", "Name in Finnish"])
    )
    response = commit(editor_client, uploaded)

    assert response.status_code == 302
    hobby = Hobby.objects.get(pk=before.pk)
    assert hobby.name_fi == "Tuonti yksi korjattu"
    assert hobby.name_sv == "Import ett"
    assert hobby.name_en == "Import one"
    assert hobby.description_fi == before.description_fi
    assert (hobby.min_age, hobby.max_age) == (12, 16)
    assert (hobby.price_type, hobby.price_amount) == ("paid", Decimal("25.00"))
    assert hobby.info_url == "https://example.org/k1"
    assert list(hobby.categories.values_list("name_en", flat=True)) == ["Football"]
    assert hobby.status == Hobby.Status.PUBLISHED
    assert WeeklySchedule.objects.get(hobby=hobby).weekdays == [2]


def test_empty_cells_clear_present_columns(world, editor_client):
    before = import_full_row(editor_client, world)
    headers = ["Your id", "Name in English", "Minimum age", "Maximum age", "Web page", "Categories", "Publish"]

    response = commit(editor_client, upload(editor_client, world, csv_file([["k1", "", "", "", "", "", ""]], headers)))

    assert response.status_code == 302
    hobby = Hobby.objects.get(pk=before.pk)
    assert hobby.name_en == ""
    assert (hobby.min_age, hobby.max_age) == (None, None)
    assert hobby.info_url == ""
    assert not hobby.categories.exists()
    assert hobby.status == Hobby.Status.DRAFT
    assert hobby.name_sv == "Import ett"


def test_price_type_free_alone_sets_price_zero(world, editor_client):
    before = import_full_row(editor_client, world)

    response = commit(editor_client, upload(editor_client, world, csv_file([["k1", "free"]], ["Your id", "Price type"])))

    assert response.status_code == 302
    hobby = Hobby.objects.get(pk=before.pk)
    assert (hobby.price_type, hobby.price_amount) == ("free", Decimal("0"))


def test_new_hobby_still_needs_name(world, editor_client):
    uploaded = upload(editor_client, world, csv_file([["uusi-1", "12"]], ["Your id", "Minimum age"]))

    preview = editor_client.get(uploaded["Location"])
    response = commit(editor_client, uploaded)

    errors = [(error.row, error.column, error.message) for error in preview.context["validation"].errors]
    assert errors == [(2, "Name in Finnish", "The name is missing: give it in at least one language.")]
    assert response.status_code == 200
    assert not Hobby.objects.filter(origin_id="uusi-1").exists()


def test_missing_name_columns_keep_name(world, editor_client):
    import_full_row(editor_client, world)

    uploaded = upload(editor_client, world, csv_file([["k1", "14"]], ["Your id", "Minimum age"]))

    assert editor_client.get(uploaded["Location"]).context["validation"].errors == []


def test_clearing_every_name_is_row_error(world, editor_client):
    import_full_row(editor_client, world)
    headers = ["Your id", "Name in Finnish", "Name in Swedish", "Name in English"]

    uploaded = upload(editor_client, world, csv_file([["k1", "", "", ""]], headers))

    errors = editor_client.get(uploaded["Location"]).context["validation"].errors
    assert [(error.row, error.column) for error in errors] == [(2, "Name in Finnish")]


def test_preview_lists_each_change(world, editor_client):
    import_full_row(editor_client, world)
    headers = ["Your id", "Name in Finnish", "Description in Finnish", "Maximum age", "Web page", "Publish"]
    row = ["k1", "Tuonti yksi korjattu", "Lyhyt", "16", "", "no"]

    preview = editor_client.get(upload(editor_client, world, csv_file([row], headers))["Location"])

    (preview_row,) = preview.context["preview_rows"]
    changes = [(change.column, change.old, change.new) for change in preview_row.changes]
    assert changes == [
        ("Name in Finnish", "Tuonti yksi", "Tuonti yksi korjattu"),
        ("Description in Finnish", "Pitkä kuvaus sanoja sanoja sanoja sanoja sanoja sanoja sano…", "Lyhyt"),
        ("Web page", "https://example.org/k1", "–"),
        ("Status", "Published", "Draft"),
    ]
    content = preview.content.decode()
    assert "Name in Finnish: Tuonti yksi → Tuonti yksi korjattu" in content
    assert "Status: Published → Draft" in content


def test_preview_lists_category_schedule_and_price_changes(world, editor_client):
    import_full_row(editor_client, world)
    headers = ["Your id", "Categories", "Price in euros", "Weekdays", "Start time", "End time", "First date", "Last date"]
    row = ["k1", "", "30", "2;4", "17:00", "18:00", "2030-01-08", "2030-05-28"]

    preview = editor_client.get(upload(editor_client, world, csv_file([row], headers))["Location"])

    (preview_row,) = preview.context["preview_rows"]
    assert [(change.column, change.old, change.new) for change in preview_row.changes] == [
        ("Price in euros", "25.00", "30"),
        ("Categories", "Football", "–"),
        (
            "Weekly schedule",
            "days 2 17:00–18:00, 2030-01-08 – 2030-05-28, 0 exception dates",
            "days 2;4 17:00–18:00, 2030-01-08 – 2030-05-28, 0 exception dates",
        ),
    ]


def test_preview_of_unchanged_row_says_no_changes(world, editor_client):
    import_full_row(editor_client, world)

    preview = editor_client.get(upload(editor_client, world, csv_file([FULL_ROW], headers=FULL_HEADERS))["Location"])

    assert preview.context["preview_rows"][0].changes == []
    assert "No changes" in preview.content.decode()


def test_preview_change_list_is_translated(world, editor_client):
    import_full_row(editor_client, world)

    uploaded = upload(editor_client, world, csv_file([["k1", "no"]], ["Your id", "Publish"]))
    content = editor_client.get(uploaded["Location"].removeprefix("/en")).content.decode()

    assert "Tila: Julkaistu → Luonnos" in content


def test_reupload_keeps_location_when_location_columns_absent(world, editor_client):
    headers = FULL_HEADERS + ["Location name", "Street address", "Postal code", "City"]
    commit(editor_client, upload(editor_client, world, csv_file([FULL_ROW + ["Sali", "Tie 1", "02100", "Espoo"]], headers)))
    location = Hobby.objects.get(origin_id="k1").location

    commit(editor_client, upload(editor_client, world, csv_file([["k1", "Uusi nimi"]], ["Your id", "Name in Finnish"])))

    assert location is not None
    assert Hobby.objects.get(origin_id="k1").location == location

